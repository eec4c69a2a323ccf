package dev.axial.tensor.cpu;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Accuracy of the float32 vector functions against double-precision references, in ulps of the float result. */
class VectorMathTest {
    private static final int L = VectorMath.SPECIES.length();

    /** A VectorMath kernel as in -> out (scratch arrays supplied here). */
    @FunctionalInterface
    interface Kernel {
        void run(float[] in, float[] out, int n);
    }

    /** A segment kernel (in, scratch1, scratch2, out, n) run on arrays through native copies. */
    @FunctionalInterface
    interface SegmentKernel {
        void run(MemorySegment in, MemorySegment s1, MemorySegment s2, MemorySegment out, long n);
    }

    static Kernel onSegments(SegmentKernel k) {
        return (a, o, n) -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment in = arena.allocate(4L * n, 64), out = arena.allocate(4L * n, 64);
                MemorySegment.copy(a, 0, in, ValueLayout.JAVA_FLOAT, 0, n);
                k.run(in, arena.allocate(4L * n, 64), arena.allocate(4L * n, 64), out, n);
                MemorySegment.copy(out, ValueLayout.JAVA_FLOAT, 0, o, 0, n);
            }
        };
    }

    static final Kernel EXP = onSegments((a, s1, s2, o, n) -> VectorMath.exp(a, o, n)), EXP_ARRAYS = VectorMath::exp, LOG = VectorMath::log;
    static final Kernel TANH = onSegments((a, s1, s2, o, n) -> VectorMath.tanh(a, s1, o, n));
    static final Kernel SIGMOID = onSegments((a, s1, s2, o, n) -> VectorMath.sigmoid(a, s1, o, n));
    static final Kernel ERF = onSegments(VectorMath::erf);

    private static float[] run(Kernel k, float[] xs) {
        float[] ys = new float[xs.length];
        k.run(xs, ys, xs.length);
        return ys;
    }

    /** Max error in float ulps of fn over xs, against ref rounded to float. */
    private static double maxUlp(float[] xs, Kernel fn, DoubleUnaryOperator ref, String what) {
        float[] ys = run(fn, xs);
        double worst = 0;
        float at = Float.NaN;
        for (int i = 0; i < xs.length; i++) {
            double r = ref.applyAsDouble(xs[i]);
            float y = ys[i];
            if (Double.isNaN(r)) {
                assertTrue(Float.isNaN(y), what + "(" + xs[i] + ") should be NaN, was " + y);
                continue;
            }
            if (Double.isInfinite((float) r)) {
                assertEquals((float) r, y, what + "(" + xs[i] + ")");
                continue;
            }
            double ulp = Math.ulp((float) r);
            double e = Math.abs(y - r) / ulp;
            if (e > worst) {
                worst = e;
                at = xs[i];
            }
        }
        System.out.println(what + ": max " + worst + " ulp at " + at);
        return worst;
    }

    private static void assertSpecial(double expected, float actual, String what) {
        float e = (float) expected;
        if (Float.isNaN(e) || Float.isInfinite(e) || e == 0) assertEquals(e, actual, what);
        else assertEquals(e, actual, 2 * Math.ulp(e), what);
    }

    /** n points evenly spread over [lo, hi], padded to a whole number of vectors. */
    private static float[] sweep(double lo, double hi, int n) {
        int m = (n + L - 1) / L * L;
        float[] xs = new float[m];
        for (int i = 0; i < m; i++) xs[i] = (float) (lo + (hi - lo) * i / (m - 1));
        return xs;
    }

    @Test
    void expWithinTwoUlp() {
        assertTrue(maxUlp(sweep(-87, 88.7, 400_000), EXP, Math::exp, "exp") <= 2);
        assertTrue(maxUlp(sweep(-1e-3, 1e-3, 20_000), EXP, Math::exp, "exp") <= 1);
        // the float[] form (staged through native memory in blocks) gives the same bits
        float[] xs = sweep(-110, 110, 10_000);
        assertArrayEquals(run(EXP, xs), run(EXP_ARRAYS, xs));
        float[] edges = new float[L];
        float[] vals = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 89f, -104f, 0f, -0f, 88.72f, -103.9f, 1000f, -1000f};
        System.arraycopy(vals, 0, edges, 0, Math.min(L, vals.length));
        float[] out = run(EXP, edges);
        for (int i = 0; i < Math.min(L, vals.length); i++)
            assertSpecial(Math.exp(edges[i]), out[i], "exp(" + edges[i] + ")");
    }

    @Test
    void logWithinTwoUlpOverEveryBinade() {
        int n = 1 << 19;
        float[] xs = new float[n];
        long step = 0x7f800000L / n;
        for (int i = 0; i < n; i++) xs[i] = Float.intBitsToFloat((int) (1 + i * step));
        assertTrue(maxUlp(xs, LOG, Math::log, "log") <= 2);
        assertTrue(maxUlp(sweep(0.5, 2, 100_000), LOG, Math::log, "log") <= 2);
        float[] vals = new float[L];
        float[] specials = {0f, -0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1f};
        System.arraycopy(specials, 0, vals, 0, Math.min(L, specials.length));
        float[] out = run(LOG, vals);
        for (int i = 0; i < Math.min(L, specials.length); i++)
            assertSpecial(Math.log(vals[i]), out[i], "log(" + vals[i] + ")");
    }

    @Test
    void tanhSigmoidErfWithinTwoUlp() {
        float[] xs = sweep(-12, 12, 400_000);
        assertTrue(maxUlp(xs, TANH, Math::tanh, "tanh") <= 2, "tanh");
        assertTrue(maxUlp(sweep(-1e-3, 1e-3, 4_000), TANH, Math::tanh, "tanh") <= 2, "tanh near 0");
        assertTrue(maxUlp(sweep(-80, 80, 400_000), SIGMOID, ScalarMath::sigmoid, "sigmoid") <= 2.5, "sigmoid");
        assertTrue(maxUlp(sweep(-6, 6, 400_000), ERF, ScalarMath::erf, "erf") <= 2, "erf");
        assertTrue(maxUlp(sweep(-1e-3, 1e-3, 4_000), ERF, ScalarMath::erf, "erf") <= 2, "erf near 0");
    }

    @Test
    void doubleErfMatchesKnownValuesToDoublePrecision() {
        assertEquals(0.5204998778130465, ScalarMath.erf(0.5), 1e-15 * Math.abs(0.5204998778130465));
        assertEquals(0.8427007929497149, ScalarMath.erf(1), 1e-15 * Math.abs(0.8427007929497149));
        assertEquals(0.9953222650189527, ScalarMath.erf(2), 1e-15 * Math.abs(0.9953222650189527));
        assertEquals(-0.9999779095030014, ScalarMath.erf(-3), 1e-15 * Math.abs(-0.9999779095030014));
        assertEquals(2.209049699858544e-05, ScalarMath.erfc(3), 1e-15 * Math.abs(2.209049699858544e-05));
        assertEquals(1.5374597944280349e-12, ScalarMath.erfc(5), 1e-15 * Math.abs(1.5374597944280349e-12));
        assertEquals(0.4795001221869535, ScalarMath.erfc(0.5), 1e-15 * Math.abs(0.4795001221869535));
        assertEquals(0.004677734981047266, ScalarMath.erfc(2), 1e-15 * Math.abs(0.004677734981047266));
        assertEquals(1.8427007929497148, ScalarMath.erfc(-1), 1e-15 * Math.abs(1.8427007929497148));
    }
}
