package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Float32 accuracy of long sums and variances, the fast paths, and independence from the thread count. */
class ReductionNumericsTest {
    private static float[] randomFloats(long seed, int n, double offset) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (offset + r.nextGaussian());
        return a;
    }

    private static double exactSum(float[] a) {
        double s = 0, c = 0;   // Kahan in float64: far below float32 rounding
        for (float x : a) {
            double y = x - c, t = s + y;
            c = (t - s) - y;
            s = t;
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void float32SumOfMillionIsCorrectlyRounded(Device dev) {
        try (Scope s = Scope.open()) {
            float[] a = randomFloats(1, 1_000_000, 3);
            Tensor x = Tensor.of(a).to(dev);
            double exact = exactSum(a);
            assertEquals((float) exact, (float) x.sum().item(), Math.ulp((float) exact));
            assertEquals((float) (exact / a.length), (float) x.mean().item(), Math.ulp((float) (exact / a.length)));
            // strided and 2-D paths see the same data
            Tensor m = x.reshape(1000, 1000);
            double[] rows = m.sum(1).toDoubleArray(), cols = m.sum(0).toDoubleArray(), colsT = m.t().sum(1).toDoubleArray();
            for (int i = 0; i < 1000; i += 97) {
                double er = 0, ec = 0;
                for (int j = 0; j < 1000; j++) { er += a[i * 1000 + j]; ec += a[j * 1000 + i]; }
                assertEquals((float) er, (float) rows[i], Math.ulp((float) er));
                assertEquals((float) ec, (float) cols[i], Math.ulp((float) ec));
                assertEquals(cols[i], colsT[i], Math.ulp((float) ec));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void naiveFloat32SummationFailsWhereOursDoesNot(Device dev) {
        try (Scope s = Scope.open()) {
            int n = 10_000_000;
            float[] a = new float[n];
            java.util.Arrays.fill(a, 0.1f);
            float naive = 0;
            for (float v : a) naive += v;
            double exact = (double) 0.1f * n;
            assertTrue(Math.abs(naive - exact) > 1e4, "naive float32 sum is far off: " + naive);
            Tensor x = Tensor.of(a).to(dev);
            assertEquals((float) exact, (float) x.sum().item(), Math.ulp((float) exact));
            assertEquals(0.1f, (float) x.mean().item(), Math.ulp(0.1f));
            // a large offset breaks one-pass float32 variance; ours stays at the true value (1 for a N(0,1) sample)
            float[] b = randomFloats(2, 1_000_000, 1e4);
            double mu = 0;
            for (float v : b) mu += v;
            mu /= b.length;
            double q = 0;
            for (float v : b) q += (v - mu) * (v - mu);
            double var = q / (b.length - 1);
            assertEquals(var, Tensor.of(b).to(dev).var().item(), var * 1e-6);
            float fs = 0, fq = 0;
            for (float v : b) { fs += v; fq += v * v; }
            float naiveVar = (fq - fs * fs / b.length) / (b.length - 1);
            assertTrue(Math.abs(naiveVar - var) > 0.1, "naive one-pass variance is far off: " + naiveVar);
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        int saved = Parallel.threads();
        try (Scope s = Scope.open()) {
            float[] a = randomFloats(3, 1 << 20, 0.5);
            Tensor x = Tensor.of(a);
            Tensor m = x.reshape(1024, 1024);
            Tensor[][] runs = new Tensor[2][];
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(k + 1);
                runs[k] = new Tensor[]{x.sum(), x.var(), x.norm(), x.logsumexp(), m.sum(0), m.sum(1), m.t().mean(1),
                        m.softmax(1), m.cumsum(0), m.amax(0), x.reshape(4, -1).sum(1), m.std(new int[]{0}, true)};
            }
            for (int i = 0; i < runs[0].length; i++) {
                float[] p = runs[0][i].toFloatArray(), q = runs[1][i].toFloatArray();
                for (int j = 0; j < p.length; j++)
                    assertEquals(Float.floatToRawIntBits(p[j]), Float.floatToRawIntBits(q[j]), "result " + i + " element " + j);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
