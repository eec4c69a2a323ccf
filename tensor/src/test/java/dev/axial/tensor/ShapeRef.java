package dev.axial.tensor;

import java.util.Random;

/** Plain-Java helpers for the shaping and indexing tests: row-major index arithmetic and random inputs. */
final class ShapeRef {
    private ShapeRef() {}

    static final DType[] ALL = DType.values();

    static long[] unravel(long i, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = i % shape[d];
            i /= shape[d];
        }
        return idx;
    }

    static int ravel(long[] idx, long[] shape) {
        long off = 0;
        for (int d = 0; d < shape.length; d++) off = off * shape[d] + idx[d];
        return (int) off;
    }

    /** Small integers (exact in every dtype; 0/1 for bool). */
    static double[] ints(Random r, long n, DType t) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = t == DType.BOOL ? r.nextInt(2) : t == DType.UINT8 ? r.nextInt(100) : r.nextInt(100) - 50;
        return v;
    }
}
