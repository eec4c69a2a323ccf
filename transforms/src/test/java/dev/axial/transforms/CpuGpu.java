package dev.axial.transforms;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 7's "CPU equals GPU": runs a transform on the CPU and on cuda:0 (the CPU emulator in tests) with the same
 * seed and compares everything it returns: values within float32 tolerance (integer and bool dtypes exactly),
 * shapes, dtypes, affines, metadata and applied operations (but their transform ids), and that every output array stays on cuda:0;
 * an invertible transform's inverses are compared the same way. Skips
 * (JUnit assumption) when the CUDA backend does not load.
 *
 * <pre>{@code
 * CpuGpu.same("RandAffine", () -> new RandAffine().prob(1).rotateRange(0.3), img, 7);
 * }</pre>
 */
public final class CpuGpu {
    private CpuGpu() {}

    public static final Device GPU = Device.cuda(0);

    /** Skips the calling test unless cuda:0 loads (on the emulator in tests, a real GPU elsewhere). */
    public static void assumeGpu() {
        Assumptions.assumeTrue(Backends.isAvailable(GPU), "the CUDA backend does not load here");
    }

    /** {@code data} (a MetaTensor, Tensor, or a map/list of them; other values as they are) copied onto {@code dev}. */
    @SuppressWarnings("unchecked")
    public static Object to(Object data, Device dev) {
        return switch (data) {
            case MetaTensor m -> m.withArray(m.array().to(dev));
            case Tensor t -> t.to(dev);
            case Map<?, ?> d -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) d).forEach((k, v) -> out.put(k, to(v, dev)));
                yield out;
            }
            case List<?> l -> l.stream().map(x -> to(x, dev)).toList();
            case null, default -> data;
        };
    }

    /**
     * Applies a fresh {@code transform} seeded with {@code seed} to {@code input} on the CPU and to its copy on cuda:0,
     * asserts the two results equal (see the class comment) and returns the GPU one.
     */
    public static Object same(String name, Supplier<? extends Transform> transform, Object input, long seed) {
        assumeGpu();
        Transform tc = transform.get().setRandomState(seed), tg = transform.get().setRandomState(seed);
        Object cpu = tc.apply(input);
        Object gpu = tg.apply(to(input, GPU));
        assertSame(name, cpu, gpu, true);
        if (tc instanceof InvertibleTransform ic && tg instanceof InvertibleTransform ig && cpu instanceof MetaTensor c && gpu instanceof MetaTensor g)
            assertSame(name + ".inverse", ic.inverse(c), ig.inverse(g), true);
        return gpu;
    }

    /** Asserts {@code gpu} equals {@code cpu}; {@code onDevice}: every tensor of {@code gpu} must live on cuda:0. */
    public static void assertSame(String at, Object cpu, Object gpu, boolean onDevice) {
        switch (cpu) {
            case MetaTensor c -> {
                if (!(gpu instanceof MetaTensor g)) { fail(at + ": GPU result is " + kind(gpu) + ", CPU's a MetaTensor"); return; }
                assertTensor(at, c.array(), g.array(), onDevice);
                assertNumbers(at + ".affine", c.affine(), g.affine(), 1e-6);
                assertSame(at + ".applied_operations", c.appliedOperations(), g.appliedOperations(), false);
                assertSame(at + ".pending_operations", c.pendingOperations(), g.pendingOperations(), false);
                assertSame(at + ".meta", c.meta(), g.meta(), false);
            }
            case Tensor c -> {
                if (!(gpu instanceof Tensor g)) { fail(at + ": GPU result is " + kind(gpu) + ", CPU's a Tensor"); return; }
                assertTensor(at, c, g, onDevice);
            }
            case Map<?, ?> c -> {
                if (!(gpu instanceof Map<?, ?> g)) { fail(at + ": GPU result is " + kind(gpu) + ", CPU's a Map"); return; }
                assertEquals(c.keySet(), g.keySet(), at + ": keys");
                for (Object k : c.keySet())   // the id is the transform instance's, and each device ran its own
                    if (!AppliedOperations.ID.equals(k)) assertSame(at + "." + k, c.get(k), g.get(k), onDevice);
            }
            case List<?> c -> {
                if (!(gpu instanceof List<?> g)) { fail(at + ": GPU result is " + kind(gpu) + ", CPU's a List"); return; }
                assertEquals(c.size(), g.size(), at + ": list size");
                for (int i = 0; i < c.size(); i++) assertSame(at + "[" + i + "]", c.get(i), g.get(i), onDevice);
            }
            case Number c when gpu instanceof Number g -> assertEquals(c.doubleValue(), g.doubleValue(), 1e-5 * Math.max(1, Math.abs(c.doubleValue())), at);
            case null -> assertEquals(null, gpu, at);
            default -> {
                if (cpu.getClass().isArray() && gpu != null && gpu.getClass().isArray()) assertNumbers(at, cpu, gpu, 1e-6);
                else assertEquals(cpu, gpu, at);
            }
        }
    }

    /**
     * Transforms that keep a float64 image float64 but compute in float32 (on both devices): their CPU and GPU
     * results may differ by float32 rounding (AdjustContrast's stats reduce in different orders; seen on the H100).
     */
    private static final java.util.List<String> FLOAT32_MATH = java.util.List.of("AdjustContrast");

    private static void assertTensor(String at, Tensor c, Tensor g, boolean onDevice) {
        assertArrayEquals(c.shape(), g.shape(), at + ": shape");
        assertEquals(c.dtype(), g.dtype(), at + ": dtype");
        if (onDevice) assertEquals(GPU, g.device(), at + ": the result left the GPU");
        double[] a = c.toDoubleArray(), b = g.toDoubleArray();
        boolean float64Math = c.dtype() == DType.FLOAT64 && FLOAT32_MATH.stream().noneMatch(at::startsWith);
        double tol = c.dtype().isFloatingPoint() ? (float64Math ? 1e-9 : 1e-4) : 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(b[i])) continue;
            if (!(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(a[i]))))
                fail(at + ": " + c.describe() + " differs at flat index " + i + ": cpu " + a[i] + ", gpu " + b[i]);
        }
    }

    /** Numeric arrays of any rank (double[][], long[], ...) equal within {@code tol}. */
    private static void assertNumbers(String at, Object a, Object b, double tol) {
        if (a instanceof Object[] x && b instanceof Object[] y) {
            assertEquals(x.length, y.length, at + ": length");
            for (int i = 0; i < x.length; i++) assertSame(at + "[" + i + "]", x[i], y[i], false);
            return;
        }
        double[] x = doubles(a), y = doubles(b);
        if (x == null || y == null) { assertTrue(Arrays.deepEquals(new Object[]{a}, new Object[]{b}), at); return; }
        assertArrayEquals(x, y, tol, at);
    }

    private static double[] doubles(Object a) {
        return switch (a) {
            case double[] v -> v;
            case float[] v -> { double[] d = new double[v.length]; for (int i = 0; i < v.length; i++) d[i] = v[i]; yield d; }
            case long[] v -> Arrays.stream(v).asDoubleStream().toArray();
            case int[] v -> Arrays.stream(v).asDoubleStream().toArray();
            default -> null;
        };
    }

    private static String kind(Object o) { return o == null ? "null" : o.getClass().getSimpleName(); }
}
