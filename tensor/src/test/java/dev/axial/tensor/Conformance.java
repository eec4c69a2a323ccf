package dev.axial.tensor;

import org.junit.jupiter.api.Assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The conformance kit: every op test runs on each backend this machine has (CPU always; CUDA when it
 * loads), creating inputs on the CPU from Java arrays, moving them to the device, and comparing with a
 * plain-Java reference. Use as {@code @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")}.
 * With {@code AXIAL_REQUIRE_GPU=1} a CUDA backend that cannot load fails the run instead of being skipped.
 */
public final class Conformance {
    private Conformance() {}

    /** The devices to test on. */
    public static Stream<Device> devices() {
        List<Device> out = new ArrayList<>();
        out.add(Device.CPU);
        Device cuda = Device.cuda(0);
        if (Backends.isAvailable(cuda)) {
            out.add(cuda);
        } else if ("1".equals(System.getenv("AXIAL_REQUIRE_GPU"))) {
            Backends.get(cuda);   // throws with the reason
        }
        return out.stream();
    }

    /** Float32 tolerance for results computed in different orders. */
    public static double tol(DType t) {
        return switch (t) {
            case FLOAT64 -> 1e-12;
            case FLOAT32 -> 1e-5;
            case FLOAT16 -> 2e-3;
            case BFLOAT16 -> 1.6e-2;
            default -> 0;
        };
    }

    /** Random doubles in [lo, hi), seeded. */
    public static double[] uniform(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextDouble();
        return a;
    }

    /** A tensor of {@code dtype} on {@code dev} holding {@code values} (converted as Axial converts) in {@code shape}. */
    public static Tensor tensor(Device dev, DType dtype, double[] values, long... shape) {
        Tensor t = Tensor.of(values, shape);
        Tensor c = t.to(dtype);
        if (c != t) t.close();
        Tensor d = c.to(dev);
        if (d != c) c.close();
        return d;
    }

    /**
     * The same values as {@code tensor(dev, dtype, values, shape)} but as a non-contiguous view: stored
     * transposed (last two dims swapped) and viewed back, or with a step-2 slice for 1-D.
     */
    public static Tensor nonContiguous(Device dev, DType dtype, double[] values, long... shape) {
        if (shape.length < 2) {
            double[] wide = new double[values.length * 2];
            for (int i = 0; i < values.length; i++) wide[2 * i] = values[i];
            Tensor w = tensor(dev, dtype, wide, wide.length);
            return w.slice(0, 0, wide.length, 2);
        }
        int r = shape.length;
        long[] ts = shape.clone();
        ts[r - 1] = shape[r - 2];
        ts[r - 2] = shape[r - 1];
        // values laid out for the transposed shape
        double[] tv = new double[values.length];
        long rows = shape[r - 2], cols = shape[r - 1];
        long mat = rows * cols;
        for (long b = 0; b < values.length / Math.max(mat, 1); b++)
            for (long i = 0; i < rows; i++)
                for (long j = 0; j < cols; j++)
                    tv[(int) (b * mat + j * rows + i)] = values[(int) (b * mat + i * cols + j)];
        Tensor t = tensor(dev, dtype, tv, ts);
        return t.transpose(r - 2, r - 1);
    }

    /** Asserts elementwise |a-b| <= atol + rtol*|b| (NaN equals NaN, infinities must match). */
    public static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
        Assertions.assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (e == a) continue;
            if (Math.abs(a - e) > atol + rtol * Math.abs(e))
                Assertions.fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
    }

    /** Rounds each value as storing it in {@code dtype} would (so references see the same inputs). */
    public static double[] roundTo(DType dtype, double[] v) {
        try (Scope s = Scope.open()) {
            return Tensor.of(v).to(dtype).toDoubleArray();
        }
    }
}
