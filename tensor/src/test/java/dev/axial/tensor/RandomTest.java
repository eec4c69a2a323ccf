package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.cpu.Philox;
import dev.axial.tensor.spi.RandomOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class RandomTest {
    private static final int N = 1_000_000;

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double var(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / v.length;
    }

    private static Tensor rand(Device dev, Generator g, long... shape) { return Tensor.uniform(g, DType.FLOAT32, dev, 0, 1, shape); }

    private static Tensor randn(Device dev, Generator g, long... shape) { return Tensor.normal(g, DType.FLOAT32, dev, 0, 1, shape); }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void firstElementFollowsTheDocumentedMapping(Device dev) {
        try (Scope s = Scope.open()) {
            // seed 0, counter 0: word 0 is 0x6627e8d5 (Random123 known answer)
            assertEquals((0x6627e8d5 >>> 8) * 0x1p-24, Tensor.rand(new Generator(0), 1).item(), 0);
            assertEquals((0x6627e8d5 >>> 8) * 0x1p-24, rand(dev, new Generator(0), 1).item(), 0);
            int[] w = new int[4];
            Philox.block(7, 42, w);
            Generator g = new Generator(42);
            g.reserve(7);
            assertEquals((w[0] >>> 8) * 0x1p-24, rand(dev, g, 1).item(), 0);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void uniformMomentsAndRange(Device dev) {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                double[] v = Tensor.uniform(new Generator(1), dt, dev, -2, 3, N).toDoubleArray();
                assertEquals(0.5, mean(v), 5 * Math.sqrt(25.0 / 12 / N), dt + " mean");
                assertEquals(25.0 / 12, var(v), 0.01, dt + " var");
                for (double x : v) assertTrue(x >= -2 && x < 3, dt + " value " + x);
            }
            double[] r = rand(dev, new Generator(2), N).toDoubleArray();
            assertEquals(0.5, mean(r), 5 * Math.sqrt(1.0 / 12 / N));
            assertEquals(1.0 / 12, var(r), 1e-3);
            for (DType dt : new DType[]{DType.FLOAT16, DType.BFLOAT16}) {
                double[] h = Tensor.uniform(new Generator(3), dt, dev, 0, 1, 10_000).toDoubleArray();
                assertEquals(0.5, mean(h), 0.02, dt.toString());
                for (double x : h) assertTrue(x >= 0 && x <= 1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void normalMoments(Device dev) {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                double[] v = Tensor.normal(new Generator(4), dt, dev, 3, 2, N).toDoubleArray();
                assertEquals(3, mean(v), 5 * 2 / Math.sqrt(N), dt + " mean");
                assertEquals(4, var(v), 5 * 4 * Math.sqrt(2.0 / N), dt + " var");
                long within = Arrays.stream(v).filter(x -> Math.abs(x - 3) < 2).count();
                assertEquals(0.682689, within / (double) N, 0.003, dt + " one-sigma mass");
            }
            double[] z = randn(dev, new Generator(5), N).toDoubleArray();
            assertEquals(0, mean(z), 5 / Math.sqrt(N));
            assertEquals(1, var(z), 5 * Math.sqrt(2.0 / N));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void randintIsUniformOverTheRange(Device dev) {
        try (Scope s = Scope.open()) {
            long[] v = Tensor.randint(new Generator(6), DType.INT64, dev, -3, 7, N).toLongArray();
            long[] counts = new long[10];
            for (long x : v) {
                assertTrue(x >= -3 && x < 7, "value " + x);
                counts[(int) (x + 3)]++;
            }
            for (long c : counts) assertEquals(N / 10.0, c, 5 * Math.sqrt(N * 0.1 * 0.9));
            assertThrows(TensorException.class, () -> Tensor.randint(new Generator(0), 5, 5, 3));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void randintAndBernoulliFillEveryDtype(Device dev) {
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                Tensor t = Tensor.empty(dt, dev, 1000);
                long high = dt == DType.BOOL ? 2 : 100;
                t.backend().random(RandomOp.RANDINT, t, 9, 0, 0, high);
                double[] v = t.toDoubleArray();
                for (double x : v) assertTrue(x >= 0 && x < high && x == Math.rint(x), dt + " value " + x);
                assertTrue(Arrays.stream(v).distinct().count() > 1, dt + " not constant");
                t.backend().random(RandomOp.BERNOULLI, t, 9, 0, 0.5, 0);
                double m = mean(t.toDoubleArray());
                assertEquals(0.5, m, 0.08, dt.toString());
                if (!dt.isFloatingPoint()) {
                    assertThrows(TensorException.class, () -> t.backend().random(RandomOp.UNIFORM, t, 1, 0, 0, 1));
                    assertThrows(TensorException.class, () -> t.backend().random(RandomOp.NORMAL, t, 1, 0, 0, 1));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void bernoulliMeansAndEdges(Device dev) {
        try (Scope s = Scope.open()) {
            assertEquals(0.3, mean(Tensor.bernoulli(new Generator(7), DType.FLOAT32, dev, 0.3, N).toDoubleArray()), 5 * Math.sqrt(0.21 / N));
            assertEquals(0, mean(Tensor.bernoulli(new Generator(7), DType.FLOAT32, dev, 0, 1000).toDoubleArray()));
            assertEquals(1, mean(Tensor.bernoulli(new Generator(7), DType.FLOAT32, dev, 1, 1000).toDoubleArray()));
            assertEquals(0.3, mean(Tensor.bernoulli(new Generator(7), 0.3, 10_000).toDoubleArray()), 0.05);
            double[] p = new double[2000];
            for (int i = 0; i < p.length; i++) p[i] = i % 2;
            Tensor pt = Conformance.nonContiguous(dev, DType.FLOAT32, p, 40, 50);
            assertArrayEquals(p, pt.bernoulli(new Generator(1)).toDoubleArray());
            double[] q = new double[N];
            Arrays.fill(q, 0.8);
            assertEquals(0.8, mean(Tensor.of(q).to(dev).bernoulli(new Generator(8)).toDoubleArray()), 5 * Math.sqrt(0.16 / N));
            assertThrows(TensorException.class, () -> Tensor.of(new double[]{0.5, 1.5}).to(dev).bernoulli(new Generator(1)));
            assertThrows(TensorException.class, () -> Tensor.of(new double[]{Double.NaN}).to(dev).bernoulli(new Generator(1)));
            assertThrows(TensorException.class, () -> Tensor.bernoulli(new Generator(1), 1.5, 3));
        }
    }

    @Test
    void sameSeedSameValuesAndIndependentOfThreads() {
        int before = Parallel.threads();
        try (Scope s = Scope.open()) {
            Parallel.setThreads(1);
            float[] a1 = Tensor.randn(new Generator(11), 300_001).toFloatArray();
            long[] i1 = Tensor.randint(new Generator(11), 0, 1000, 300_001).toLongArray();
            double[] u1 = Tensor.uniform(new Generator(11), DType.FLOAT64, Device.CPU, 0, 1, 3, 100_003).toDoubleArray();
            Parallel.setThreads(2);
            float[] a2 = Tensor.randn(new Generator(11), 300_001).toFloatArray();
            long[] i2 = Tensor.randint(new Generator(11), 0, 1000, 300_001).toLongArray();
            double[] u2 = Tensor.uniform(new Generator(11), DType.FLOAT64, Device.CPU, 0, 1, 3, 100_003).toDoubleArray();
            assertArrayEquals(a1, a2);
            assertArrayEquals(i1, i2);
            assertArrayEquals(u1, u2);
            assertFalse(Arrays.equals(a1, Tensor.randn(new Generator(12), 300_001).toFloatArray()));
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void offsetAdvancesSoConsecutiveDrawsContinueTheStream(Device dev) {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(13);
            float[] a = rand(dev, g, 500).toFloatArray();
            float[] b = rand(dev, g, 700).toFloatArray();
            assertEquals(1200, g.offset());
            assertFalse(Arrays.equals(a, Arrays.copyOf(b, 500)));
            float[] all = rand(dev, new Generator(13), 1200).toFloatArray();
            assertArrayEquals(all, concat(a, b));
            g.setSeed(13);
            assertArrayEquals(a, rand(dev, g, 500).toFloatArray());
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void inPlaceFillOfAViewFollowsLogicalOrder(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor base = Tensor.zeros(DType.FLOAT32, dev, 6, 5);
            Tensor view = base.t().slice(1, 0, 6, 2);   // (5, 3), strided
            view.uniform_(new Generator(14), 0, 1);
            float[] expect = rand(dev, new Generator(14), 5, 3).toFloatArray();
            assertArrayEquals(expect, view.contiguous().toFloatArray());
            view.normal_(new Generator(15), 0, 1);
            assertArrayEquals(randn(dev, new Generator(15), 5, 3).toFloatArray(), view.contiguous().toFloatArray());
            assertEquals(0, rand(dev, new Generator(1), 0, 4).numel());
        }
    }

    /** Philox by counter: a seed gives the same numbers on every device, bit for bit. */
    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void sameSeedGivesTheCpuValuesOnEveryDevice(Device dev) {
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                assertSameBits(Tensor.uniform(new Generator(21), dt, Device.CPU, -1, 2, 3, 1001),
                        Tensor.uniform(new Generator(21), dt, dev, -1, 2, 3, 1001), dt + " uniform");
                assertSameBits(Tensor.normal(new Generator(22), dt, Device.CPU, 1, 3, 1001, 3),
                        Tensor.normal(new Generator(22), dt, dev, 1, 3, 1001, 3), dt + " normal");
            }
            for (DType dt : DType.values()) {
                long high = dt == DType.BOOL ? 2 : 100;
                assertSameBits(Tensor.randint(new Generator(23), dt, Device.CPU, 0, high, 2003),
                        Tensor.randint(new Generator(23), dt, dev, 0, high, 2003), dt + " randint");
                assertSameBits(Tensor.bernoulli(new Generator(24), dt, Device.CPU, 0.3, 2003),
                        Tensor.bernoulli(new Generator(24), dt, dev, 0.3, 2003), dt + " bernoulli");
            }
            // the CPU-only factories draw what the device fills draw
            assertSameBits(Tensor.randint(new Generator(23), 0, 100, 2003), Tensor.randint(new Generator(23), DType.INT64, dev, 0, 100, 2003), "randint");
            assertSameBits(Tensor.bernoulli(new Generator(24), 0.3, 2003), Tensor.bernoulli(new Generator(24), DType.FLOAT32, dev, 0.3, 2003), "bernoulli");
            assertSameBits(Tensor.rand(new Generator(28), 3, 7), rand(dev, new Generator(28), 3, 7), "rand");
            assertSameBits(Tensor.randn(new Generator(29), 3, 7), randn(dev, new Generator(29), 3, 7), "randn");
            double[] p = Conformance.uniform(25, 1200, 0, 1);
            assertSameBits(Conformance.nonContiguous(Device.CPU, DType.FLOAT32, p, 30, 40).bernoulli(new Generator(26)),
                    Conformance.nonContiguous(dev, DType.FLOAT32, p, 30, 40).bernoulli(new Generator(26)), "bernoulli(p) of a view");
            Tensor cpuView = Tensor.zeros(DType.FLOAT64, Device.CPU, 6, 5).t().slice(1, 0, 6, 2);
            Tensor devView = Tensor.zeros(DType.FLOAT64, dev, 6, 5).t().slice(1, 0, 6, 2);
            assertSameBits(cpuView.normal_(new Generator(27), 0, 1), devView.normal_(new Generator(27), 0, 1), "normal_ of a view");
        }
    }

    private static void assertSameBits(Tensor cpu, Tensor other, String what) {
        assertEquals(cpu.dtype(), other.dtype(), what);
        assertArrayEquals(cpu.shape(), other.shape(), what);
        double[] a = cpu.toDoubleArray(), b = other.cpu().toDoubleArray();
        for (int i = 0; i < a.length; i++)
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), what + " element " + i);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void randpermIsAReproduciblePermutation(Device dev) {
        try (Scope s = Scope.open()) {
            long[] p = Tensor.randperm(new Generator(16), 10_000, dev).toLongArray();
            long[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
            assertArrayEquals(p, Tensor.randperm(new Generator(16), 10_000).toLongArray(), "same permutation as on the CPU");
            assertFalse(Arrays.equals(p, Tensor.randperm(new Generator(17), 10_000, dev).toLongArray()));
            assertEquals(0, Tensor.randperm(new Generator(1), 0, dev).numel());
            assertThrows(TensorException.class, () -> Tensor.randperm(new Generator(1), -1, dev));
        }
    }
}
