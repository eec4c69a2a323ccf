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

    static long[] randomShape(Random r, int minRank, int maxRank, int maxDim) {
        long[] s = new long[minRank + r.nextInt(maxRank - minRank + 1)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + r.nextInt(maxDim);
        return s;
    }

    /** Small integers (exact in every dtype; 0/1 for bool). */
    static double[] ints(Random r, long n, DType t) {
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = t == DType.BOOL ? r.nextInt(2) : t == DType.UINT8 ? r.nextInt(100) : r.nextInt(100) - 50;
        return v;
    }

    /**
     * A tensor holding {@code v}, contiguous or (when {@code strided}) a transposed or step-2 view. NOTE: not
     * Conformance.tensor, which frees its result for float64 (to(FLOAT64) returns the closed source).
     */
    static Tensor make(Device dev, DType t, double[] v, boolean strided, long... shape) {
        Tensor x = Tensor.of(v, shape).to(t).to(dev);
        if (!strided) return x;
        if (shape.length >= 2) return x.transpose(-2, -1).contiguous().transpose(-2, -1);
        Tensor wide = Tensor.zeros(t, dev, 2 * Math.max(1, Shapes.numel(shape))).slice(0, 0, Long.MAX_VALUE, 2);
        return shape.length == 0 ? x : wide.narrow(0, 0, shape[0]).copy_(x);
    }
}
