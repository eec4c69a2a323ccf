package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Vector API fast paths (contiguous float32 rows of reductions, softmax and argmax; vectorised Philox and
 * float32 Box-Muller) against the general strided path on the same values, and against scalar Philox.
 */
class FastPathTest {
    private static final int[] LENGTHS = {1, 2, 3, 15, 16, 17, 33, 100, 1000, 4097, 9000};

    /** rows x n values spread by 20; row 1 gets a NaN, row 2 -inf entries and tied maxima with signed zeros. */
    private static float[] values(Random r, int rows, int n) {
        float[] v = new float[rows * n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 20);
        if (rows > 1) v[n + r.nextInt(n)] = Float.NaN;
        if (rows > 2) {
            for (int k = 0; k < n; k += 3) v[2 * n + k] = Float.NEGATIVE_INFINITY;
            if (n > 4) { v[2 * n + 1] = 100; v[2 * n + n - 1] = 100; }
        }
        if (rows > 3) {
            for (int k = 0; k < n; k++) v[3 * n + k] = k % 2 == 0 ? -0f : 0f;
        }
        return v;
    }

    /** The same values as a [rows, n] view whose rows are strided (the general path). */
    private static Tensor strided(float[] v, int rows, int n) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) for (int k = 0; k < n; k++) t[k * rows + i] = v[i * n + k];
        return Tensor.of(t, n, rows).t();
    }

    private static void assertSame(Tensor a, Tensor b, String what) {
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) assertEquals(Float.floatToIntBits(y[i]), Float.floatToIntBits(x[i]), what + " element " + i);
    }

    private static void assertNear(Tensor a, Tensor b, double rtol, double atol, String what) {
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(y[i]) || Float.isInfinite(y[i])) {
                assertEquals(y[i], x[i], what + " element " + i);
                continue;
            }
            assertEquals(y[i], x[i], atol + rtol * Math.abs(y[i]), what + " element " + i);
        }
    }

    @Test
    void rowFastPathsAgreeWithTheGeneralPath() {
        Random r = new Random(1);
        try (Scope s = Scope.open()) {
            for (int n : LENGTHS) {
                int rows = 5;
                float[] v = values(r, rows, n);
                Tensor c = Tensor.of(v, rows, n), g = strided(v, rows, n);
                String at = "n=" + n + " ";
                assertSame(c.amax(1), g.amax(1), at + "amax");
                assertSame(c.amin(1), g.amin(1), at + "amin");
                for (boolean max : new boolean[]{true, false}) {
                    ValuesIndices vc = max ? c.max(1) : c.min(1), vg = max ? g.max(1) : g.min(1);
                    assertSame(vc.values(), vg.values(), at + "max/min values");
                    assertArrayEquals(vg.indices().toLongArray(), vc.indices().toLongArray(), at + "max/min indices");
                }
                assertArrayEquals(g.argmax(1).toLongArray(), c.argmax(1).toLongArray(), at + "argmax");
                assertNear(c.var(1), g.var(1), 1e-6, 0, at + "var");
                assertNear(c.std(1), g.std(1), 1e-6, 0, at + "std");
                assertNear(c.logsumexp(1), g.logsumexp(1), 1e-6, 1e-6, at + "logsumexp");
                assertNear(c.softmax(1), g.softmax(1), 4e-6, 1e-9, at + "softmax");
                assertNear(c.logSoftmax(1), g.logSoftmax(1), 2e-6, 2e-5, at + "logSoftmax");
                Tensor d = Tensor.of(toDoubles(v), rows, n);
                assertNear(d.amax(1), strided(v, rows, n).to(DType.FLOAT64).amax(1), 0, 0, at + "float64 amax");
                assertNear(d.var(1), strided(v, rows, n).to(DType.FLOAT64).var(1), 1e-12, 0, at + "float64 var");
            }
        }
    }

    @Test
    void columnMaxAndMinAgreeWithTheGeneralPath() {
        Random r = new Random(3);
        try (Scope s = Scope.open()) {
            for (int n : new int[]{64, 100, 1500}) {
                int rows = 7;
                float[] v = values(r, rows, n);
                v[5 * n + 3] = Float.NaN;
                Tensor c = Tensor.of(v, rows, n), g = strided(v, rows, n);
                assertSame(c.amax(0), g.amax(0), n + " amax(0)");
                assertSame(c.amin(0), g.amin(0), n + " amin(0)");
                Tensor d = Tensor.of(toDoubles(v), rows, n), dg = g.to(DType.FLOAT64);
                assertArrayEquals(dg.amax(0).toDoubleArray(), d.amax(0).toDoubleArray(), n + " float64 amax(0)");
                assertArrayEquals(dg.amin(0).toDoubleArray(), d.amin(0).toDoubleArray(), n + " float64 amin(0)");
            }
        }
    }

    @Test
    void softmaxOfMinusInfinityIsExactlyZero() {
        try (Scope s = Scope.open()) {
            float[] v = new float[40];
            for (int i = 0; i < v.length; i++) v[i] = i % 4 == 0 ? Float.NEGATIVE_INFINITY : i;
            float[] y = Tensor.of(v, 2, 20).softmax(1).toFloatArray();
            for (int i = 0; i < v.length; i++) if (i % 4 == 0) assertEquals(0f, y[i], "element " + i);
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    @Test
    void vectorPhiloxMatchesScalarAcrossTheWordCarry() {
        Random r = new Random(2);
        int n = 37;
        int[] w0 = new int[64], w1 = new int[64], w2 = new int[64], w3 = new int[64], x = new int[4];
        for (long c : new long[]{0, 0xffffffffL - 20, r.nextLong(), -5}) {
            long seed = r.nextLong();
            PhiloxVec.blocks(c, seed, n, w0, w1, w2, w3);
            for (int j = 0; j < n; j++) {
                Philox.block(c + j, seed, x);
                assertArrayEquals(x, new int[]{w0[j], w1[j], w2[j], w3[j]}, "counter " + (c + j));
            }
        }
    }

    @Test
    void float32NormalIsBoxMullerOfTheDocumentedBitsToAFewUlp() {
        try (Scope s = Scope.open()) {
            int n = 200_003;
            float[] z = Tensor.randn(new Generator(21), n).toFloatArray();
            int[] w = new int[4];
            double worst = 0;
            for (int i = 0; i < n; i++) {
                Philox.block(i, 21, w);
                double u1 = ((w[0] >>> 8) + 1) * 0x1p-24, u2 = (w[1] >>> 8) * 0x1p-24;
                double rad = Math.sqrt(-2 * Math.log(u1)), ref = rad * Math.cos(2 * Math.PI * u2);
                // cos is accurate to a few ulp of 1 (not of its value near a zero), so the bound scales with rad
                double err = Math.abs(z[i] - ref) / (Math.ulp((float) Math.max(rad, 1e-3)));
                worst = Math.max(worst, err);
            }
            assertTrue(worst <= 4, "worst error " + worst + " ulp of the radius");
        }
    }
}
