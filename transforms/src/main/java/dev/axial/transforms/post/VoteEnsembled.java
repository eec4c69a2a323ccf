package dev.axial.transforms.post;

/**
 * MONAI's {@code VoteEnsembled(keys, output_key=None, num_classes=None)}.
 *
 * <pre>{@code
 * var t = new VoteEnsembled(new VoteEnsemble().numClasses(3), "l0", "l1", "l2").outputKey("label");
 * }</pre>
 */
public final class VoteEnsembled extends Ensembled<VoteEnsemble> {
    public VoteEnsembled(String... keys) { this(new VoteEnsemble(), keys); }

    public VoteEnsembled(VoteEnsemble ensemble, String... keys) { super(ensemble, keys); }
}
