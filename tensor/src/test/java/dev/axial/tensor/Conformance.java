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

    /**
     * A tensor of {@code dtype} on {@code dev} holding {@code values} (converted as Axial converts) in {@code shape},
     * taken literally: an empty shape gives a 0-dim tensor (one value). Owned by the current scope.
     */
    public static Tensor tensor(Device dev, DType dtype, double[] values, long... shape) {
        Tensor host = Tensor.of(values, values.length);
        Tensor t = host.to(dev, dtype);
        if (t != host) host.close();
        return t.reshape(shape);   // a view of the contiguous buffer, so nothing is left to free
    }

    /** {@link #tensor(Device, DType, double[], long...)} or, when {@code strided}, {@link #nonContiguous}. */
    public static Tensor tensor(Device dev, DType dtype, double[] values, boolean strided, long... shape) {
        return strided ? nonContiguous(dev, dtype, values, shape) : tensor(dev, dtype, values, shape);
    }

    /** A 0-dim tensor of {@code dtype} on {@code dev} holding {@code value}. */
    public static Tensor scalarTensor(Device dev, DType dtype, double value) {
        return tensor(dev, dtype, new double[]{value});
    }

    /**
     * The same values as {@code tensor(dev, dtype, values, shape)} but as a non-contiguous view: stored
     * transposed (last two dims swapped) and viewed back, or every other element of a buffer twice as long for
     * rank 0 and 1.
     */
    public static Tensor nonContiguous(Device dev, DType dtype, double[] values, long... shape) {
        int r = shape.length;
        if (r < 2) {
            double[] wide = new double[values.length * 2];
            for (int i = 0; i < values.length; i++) wide[2 * i] = values[i];
            return tensor(dev, dtype, wide, wide.length).slice(0, 0, wide.length, 2).reshape(shape);
        }
        long rows = shape[r - 2], cols = shape[r - 1], mat = rows * cols;
        long[] ts = shape.clone();
        ts[r - 1] = rows;
        ts[r - 2] = cols;
        // values laid out for the transposed shape
        double[] tv = new double[values.length];
        for (long b = 0; b < values.length / Math.max(mat, 1); b++)
            for (long i = 0; i < rows; i++)
                for (long j = 0; j < cols; j++)
                    tv[(int) (b * mat + j * rows + i)] = values[(int) (b * mat + i * cols + j)];
        Tensor t = tensor(dev, dtype, tv, ts).transpose(r - 2, r - 1);
        if (rows > 1 && cols > 1 && values.length > 0 && t.isContiguous()) Assertions.fail("nonContiguous built a contiguous tensor: " + t.describe());
        return t;
    }

    /** A random shape of rank minRank..maxRank with sizes 1..maxDim. */
    public static long[] randomShape(Random r, int minRank, int maxRank, int maxDim) {
        long[] s = new long[minRank + r.nextInt(maxRank - minRank + 1)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + r.nextInt(maxDim);
        return s;
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
