package dev.axial.cli;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;
import dev.axial.tensor.cpu.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code axial selfcheck}: a self-check of the tensor engine. Each step runs one op family on seeded
 * random data, times it (best of a few runs after a warm-up), and checks the result against a plain-Java
 * float64 computation on the same numbers.
 */
final class SelfCheck {
    private SelfCheck() {}

    record Row(String op, String shape, double seconds, String speed, String check, boolean ok) {}

    static int run(String[] args) {
        Device device = Device.CPU;
        int threads = Parallel.threads();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println("""
                            usage: ./axial selfcheck [--device cpu|cuda] [--threads N]

                            A self-check of the tensor engine: matmul, elementwise, reductions, softmax,
                            sort, indexing and random numbers, each checked against a plain float64
                            reference and timed. Exits non-zero if any check fails.

                              --device D   cpu (default), cuda, or auto (cuda when a real GPU works, else cpu)
                              --threads N  CPU worker threads (default: every core)""");
                    return 0;
                }
                case "--device" -> device = Backends.parseDevice(Args.value(args, ++i, "--device"));
                case "--threads" -> threads = Args.integer(args, ++i, "--threads");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see ./axial selfcheck --help)");
            }
        }
        Parallel.setThreads(threads);
        System.out.println("Axial engine self-check on " + device + ": " + Backends.get(device).describe());
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        Generator g = new Generator(2026);
        Device dev = device;
        rows.add(matmul(dev, g, 1024));
        rows.add(axpb(dev, g, 1 << 24));
        rows.add(exp(dev, g, 1 << 24));
        rows.add(sum(dev, g, 1 << 24));
        rows.add(softmax(dev, g, 4096, 1024));
        rows.add(sort(dev, g, 1 << 20));
        rows.add(gather(dev, g, 1 << 20));
        rows.add(randn(dev, g, 1 << 24));
        rows.add(SelfCheckImaging.conv3d(dev, g));
        rows.add(SelfCheckImaging.conv3dBackward(dev, g));
        rows.add(SelfCheckImaging.gridSample3d(dev, g));
        rows.add(SelfCheckImaging.trainConvNet(dev, g));
        print(rows);
        long ok = rows.stream().filter(Row::ok).count();
        System.out.printf(Locale.ROOT, "summary: %d/%d checks passed in %.1f s on %s%n", ok, rows.size(),
                (System.nanoTime() - t0) / 1e9, device);
        return ok == rows.size() ? 0 : 1;
    }


    /**
     * Best wall time of {@code reps} runs, after warming up (at least two runs and 1 s: C2 compiles the Vector API kernels in the background) so the JIT has compiled
     * the kernels. Each run's outputs are freed; with {@code read}, the result is read back (a GPU backend then
     * has to finish the work inside the timing).
     */
    static double time(int reps, boolean read, Supplier<Tensor> op) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int w = 0; w < 2 || System.nanoTime() < warmEnd; w++) {
            try (Scope s = Scope.open()) {
                op.get();
            }
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            try (Scope s = Scope.open()) {
                long t = System.nanoTime();
                Tensor out = op.get();
                if (read) out.toFloatArray();
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
        }
        return best;
    }

    static String check(double err, double tol) {
        return String.format(Locale.ROOT, "max err %.1e (tol %.0e)", err, tol);
    }

    private static Row matmul(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.rand(g, n, n).to(dev), b = Tensor.rand(g, n, n).to(dev);
            double sec = time(5, true, () -> a.matmul(b));
            float[] av = a.toFloatArray(), bv = b.toFloatArray(), cv = a.matmul(b).toFloatArray();
            double err = 0;
            for (int k = 0; k < 64; k++) {   // 64 sampled entries against a float64 dot product
                int i = (k * 131) % n, j = (k * 977) % n;
                double ref = 0;
                for (int p = 0; p < n; p++) ref += (double) av[i * n + p] * bv[p * n + j];
                err = Math.max(err, Math.abs(cv[i * n + j] - ref) / Math.abs(ref));
            }
            return new Row("matmul (SGEMM)", n + "x" + n + "x" + n, sec,
                    String.format(Locale.ROOT, "%.1f GFLOP/s", 2.0 * n * n * n / sec / 1e9), check(err, 1e-5), err < 1e-5);
        }
    }

    private static Row axpb(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(g, n).to(dev);
            double sec = time(5, false, () -> x.mul(1.5).add(0.25));
            float[] xv = x.toFloatArray(), yv = x.mul(1.5).add(0.25).toFloatArray();
            double err = 0;
            for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(yv[i] - (xv[i] * 1.5 + 0.25)));
            return new Row("a*x+b (two ops)", "[" + n + "]", sec, gbps(4.0 * n * 4, sec), check(err, 1e-6), err < 1e-6);
        }
    }

    private static Row exp(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.uniform(g, DType.FLOAT32, dev, -10, 10, n);
            double sec = time(5, false, x::exp);
            float[] xv = x.toFloatArray(), yv = x.exp().toFloatArray();
            double err = 0;
            for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(yv[i] - Math.exp(xv[i])) / Math.exp(xv[i]));
            return new Row("exp", "[" + n + "]", sec, gbps(2.0 * n * 4, sec), check(err, 1e-6), err < 1e-6);
        }
    }

    private static Row sum(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(g, n).to(dev);
            double sec = time(5, true, x::sum);
            float[] xv = x.toFloatArray();
            double ref = 0;
            for (float v : xv) ref += v;
            double err = Math.abs(x.sum().item() - ref) / ref;
            return new Row("sum", "[" + n + "]", sec, gbps(4.0 * n, sec), check(err, 1e-6), err < 1e-6);
        }
    }

    private static Row softmax(Device dev, Generator g, int rows, int cols) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, rows, cols).to(dev);
            double sec = time(5, false, () -> x.softmax(1));
            float[] xv = x.toFloatArray(), yv = x.softmax(1).toFloatArray();
            double err = 0;
            for (int r = 0; r < rows; r += 97) {
                double m = Double.NEGATIVE_INFINITY, z = 0;
                for (int c = 0; c < cols; c++) m = Math.max(m, xv[r * cols + c]);
                for (int c = 0; c < cols; c++) z += Math.exp(xv[r * cols + c] - m);
                for (int c = 0; c < cols; c++) err = Math.max(err, Math.abs(yv[r * cols + c] - Math.exp(xv[r * cols + c] - m) / z));
            }
            return new Row("softmax(dim=1)", "[" + rows + ", " + cols + "]", sec, gbps(2.0 * rows * cols * 4, sec), check(err, 1e-6), err < 1e-6);
        }
    }

    private static Row sort(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(g, n).to(dev);
            double sec = time(3, false, () -> x.sort(0, false).values());
            float[] ref = x.toFloatArray();
            java.util.Arrays.sort(ref);
            ValuesIndices vi = x.sort(0, false);
            float[] got = vi.values().toFloatArray();
            long[] idx = vi.indices().toLongArray();
            float[] xv = x.toFloatArray();
            boolean ok = java.util.Arrays.equals(ref, got);
            for (int i = 0; i < n && ok; i++) ok = xv[(int) idx[i]] == got[i];
            return new Row("sort (values+indices)", "[" + n + "]", sec,
                    String.format(Locale.ROOT, "%.1f M elem/s", n / sec / 1e6), ok ? "equals Arrays.sort" : "MISMATCH", ok);
        }
    }

    private static Row gather(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(g, 1024, n / 1024).to(dev);
            Tensor idx = Tensor.randint(g, 0, n / 1024, 1024, n / 1024).to(dev);
            double sec = time(5, false, () -> x.gather(1, idx));
            float[] xv = x.toFloatArray(), yv = x.gather(1, idx).toFloatArray();
            long[] iv = idx.toLongArray();
            int cols = n / 1024;
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) ok = yv[i] == xv[(i / cols) * cols + (int) iv[i]];
            return new Row("gather(dim=1)", "[1024, " + cols + "]", sec, gbps(n * (4.0 + 8 + 4), sec), ok ? "exact" : "MISMATCH", ok);
        }
    }

    private static Row randn(Device dev, Generator g, int n) {
        try (Scope s = Scope.open()) {
            double sec = time(3, false, () -> Tensor.normal(g, DType.FLOAT32, dev, 0, 1, n));
            float[] v = Tensor.normal(new Generator(7), DType.FLOAT32, dev, 0, 1, n).toFloatArray();
            float[] again = Tensor.normal(new Generator(7), DType.FLOAT32, dev, 0, 1, n).toFloatArray();
            double m = 0, q = 0;
            for (float f : v) { m += f; q += (double) f * f; }
            m /= n;
            double var = q / n - m * m;
            double err = Math.max(Math.abs(m), Math.abs(var - 1));
            boolean ok = err < 5.0 / Math.sqrt(n) * 2 && java.util.Arrays.equals(v, again);
            return new Row("randn (Philox)", "[" + n + "]", sec, String.format(Locale.ROOT, "%.0f M/s", n / sec / 1e6),
                    String.format(Locale.ROOT, "|mean|,|var-1| %.1e; seeded repeat equal", err), ok);
        }
    }

    private static String gbps(double bytes, double sec) { return String.format(Locale.ROOT, "%.1f GB/s", bytes / sec / 1e9); }

    private static void print(List<Row> rows) {
        System.out.printf(Locale.ROOT, "  %-24s %-18s %10s  %-14s %s%n", "op", "shape", "time", "speed", "check");
        for (Row r : rows)
            System.out.printf(Locale.ROOT, "  %-24s %-18s %8.2f ms  %-14s %s %s%n", r.op, r.shape, r.seconds * 1e3, r.speed, r.check, r.ok ? "ok" : "FAILED");
    }
}
