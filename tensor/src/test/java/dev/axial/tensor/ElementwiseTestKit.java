package dev.axial.tensor;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared helpers of the elementwise tests: seeded values per dtype, broadcast references, wrapping, comparison. */
final class ElementwiseTestKit {
    private ElementwiseTestKit() {}

    static final DType[] ALL = DType.values();
    static final DType[] FLOATS = {DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64};
    static final DType[] INTS = {DType.UINT8, DType.INT8, DType.INT16, DType.INT32, DType.INT64};

    /** Seeded values that {@code t} holds exactly: integers in [lo, hi] for integer types, rounded floats otherwise. */
    static double[] values(DType t, long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (t == DType.BOOL) v[i] = r.nextBoolean() ? 1 : 0;
            else if (t.isFloatingPoint()) v[i] = lo + (hi - lo) * r.nextDouble();
            else {
                double l = t == DType.UINT8 ? Math.max(lo, 0) : lo;
                v[i] = Math.floor(l + (hi - l + 1) * r.nextDouble());
            }
        }
        return t.isFloatingPoint() ? Conformance.roundTo(t, v) : v;
    }

    /** v (row-major in shape {@code from}) broadcast to {@code to}. */
    static double[] expand(double[] v, long[] from, long[] to) {
        int n = (int) Shapes.numel(to);
        double[] out = new double[n];
        int r = to.length, lead = r - from.length;
        long[] idx = new long[r];
        for (int i = 0; i < n; i++) {
            long rem = i;
            for (int d = r - 1; d >= 0; d--) {
                idx[d] = rem % to[d];
                rem /= to[d];
            }
            long off = 0;
            for (int d = 0; d < from.length; d++) off = off * from[d] + (from[d] == 1 ? 0 : idx[d + lead]);
            out[i] = v[(int) off];
        }
        return out;
    }

    /** An integer result as {@code t} stores it (two's complement wrap; bool is != 0). */
    static double wrap(DType t, long v) {
        return switch (t) {
            case BOOL -> v != 0 ? 1 : 0;
            case UINT8 -> v & 0xff;
            case INT8 -> (byte) v;
            case INT16 -> (short) v;
            case INT32 -> (int) v;
            default -> v;
        };
    }

    /** Compares a result with a double reference, to out's dtype tolerance (exact for integers and bool). */
    static void check(double[] expected, Tensor actual, String what) {
        DType t = actual.dtype();
        double tol = Conformance.tol(t);
        double[] got = actual.toDoubleArray();
        if (!t.isFloatingPoint()) {
            assertArrayEquals(expected, got, 0, what);
            return;
        }
        Conformance.assertClose(expected, got, tol, tol, what);
    }

    static void assertShape(long[] expected, Tensor t) {
        assertArrayEquals(expected, t.shape(), "shape of " + t.describe());
    }

    static void assertDType(DType expected, Tensor t, String what) {
        assertEquals(expected, t.dtype(), what);
    }
}
