package dev.axial.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Horizontal sums of a vector's lanes in one fixed order: lane i + lane i + L/2, then + L/4, ..., each step a
 * rotation and an elementwise add.
 *
 * <p>NOTE: not {@code reduceLanes(ADD)}: its order is unspecified, and C2's intrinsic adds in another order than
 * the interpreter's fallback, so a result changed with the JIT state (a training run's loss differed in the
 * 8th digit between two identical runs).
 *
 * <pre>{@code
 * double s = Lanes.sum(acc);   // acc: a FloatVector of partial sums
 * }</pre>
 */
public final class Lanes {
    private Lanes() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FROT = rotations(FS);
    private static final VectorShuffle<Double>[] DROT = rotations(DS);

    /** Rotations by L/2, L/4, ..., 1 for {@code s}. */
    @SuppressWarnings("unchecked")
    private static <E> VectorShuffle<E>[] rotations(VectorSpecies<E> s) {
        int steps = Integer.numberOfTrailingZeros(s.length());
        VectorShuffle<E>[] r = new VectorShuffle[steps];
        for (int i = 0, half = s.length() / 2; i < steps; i++, half /= 2) r[i] = VectorShuffle.iota(s, half, 1, true);
        return r;
    }

    /** The sum of {@code v}'s lanes, in the fixed tree order. */
    public static float sum(FloatVector v) {
        VectorShuffle<Float>[] rot = v.species() == FS ? FROT : rotations(v.species());
        for (VectorShuffle<Float> r : rot) v = v.add(v.rearrange(r));
        return v.lane(0);
    }

    /** The sum of {@code v}'s lanes, in the fixed tree order. */
    public static double sum(DoubleVector v) {
        VectorShuffle<Double>[] rot = v.species() == DS ? DROT : rotations(v.species());
        for (VectorShuffle<Double> r : rot) v = v.add(v.rearrange(r));
        return v.lane(0);
    }
}
