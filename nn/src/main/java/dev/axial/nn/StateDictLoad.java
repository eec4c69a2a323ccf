package dev.axial.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} did not load: keys the model has but the state lacked, keys the state
 * had but the model lacks, and keys whose shapes differ ("key: checkpoint [..], model [..]"). PyTorch's
 * {@code _IncompatibleKeys}, plus the shape mismatches that MONAI's CheckpointLoader reports.
 */
public record StateDictLoad(List<String> missingKeys, List<String> unexpectedKeys, List<String> mismatchedShapes) {
    public StateDictLoad {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
        mismatchedShapes = List.copyOf(mismatchedShapes);
    }

    /** True when every key matched with the same shape. */
    public boolean isClean() { return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && mismatchedShapes.isEmpty(); }

    @Override public String toString() {
        return "missing keys " + missingKeys + ", unexpected keys " + unexpectedKeys + ", shape mismatches " + mismatchedShapes;
    }
}
