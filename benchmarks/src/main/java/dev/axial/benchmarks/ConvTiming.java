package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;

import java.util.Arrays;

/**
 * A quick timing of the 3-D convolutions (kernel 3, padding 1, float32) outside JMH: per shape, thread count and
 * pass the best and median of a few calls after warm-up (-Dwarmup calls, default 2), with GFLOP/s = 2 N Cout Cin 27 outVox / time. On one
 * thread it also reports the calling thread's CPU time (all the work runs there), which time slices lost to other
 * jobs on a shared machine do not inflate. For before/after comparisons (benchmarks/README.md); ConvBench is the
 * JMH measurement.
 *
 * <pre>{@code
 * java -cp ... dev.axial.benchmarks.ConvTiming "2,32,32,48,1" "2,16,16,96,1"   # N,Cin,Cout,size,stride
 * }</pre>
 */
public final class ConvTiming {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private ConvTiming() {}

    @FunctionalInterface
    private interface Pass {
        Tensor run();
    }

    public static void main(String[] args) {
        String[] shapes = args.length > 0 ? args : new String[]{
                "2,1,16,96,2", "2,16,32,48,2", "2,32,32,48,1", "2,16,16,96,1", "2,64,64,24,1"};
        int[] threadCounts = Arrays.stream(System.getProperty("threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        int iters = Integer.getInteger("iters", 5);
        for (String sh : shapes) {
            int[] p = Arrays.stream(sh.split(",")).mapToInt(Integer::parseInt).toArray();
            int n = p[0], cin = p[1], cout = p[2], size = p[3], stride = p[4];
            Generator g = new Generator(7);
            ConvOptions o = ConvOptions.of().stride(stride).padding(1);
            int out = (size - 1) / stride + 1;
            try (Tensor x = Tensor.randn(g, n, cin, size, size, size); Tensor w = Tensor.randn(g, cout, cin, 3, 3, 3);
                 Tensor b = Tensor.randn(g, cout); Tensor dy = Tensor.randn(g, n, cout, out, out, out)) {
                double gflop = 2.0 * n * cout * cin * 27 * Math.pow(out, 3) / 1e9;
                String[] names = {"forward", "backwardInput", "backwardWeight"};
                Pass[] passes = {() -> Convolution.conv3d(x, w, b, o),
                        () -> Convolution.convBackwardInput(dy, w, x.shape(), o),
                        () -> Convolution.convBackwardWeight(dy, x, w.shape(), o)};
                for (int t : threadCounts) {
                    Parallel.setThreads(t);
                    for (int i = 0; i < passes.length; i++) {
                        double[] ms = new double[iters], cpu = new double[iters];
                        for (int it = -Integer.getInteger("warmup", 2); it < iters; it++) {
                            long t0 = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
                            passes[i].run().close();
                            if (it >= 0) {
                                ms[it] = (System.nanoTime() - t0) / 1e6;
                                cpu[it] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
                            }
                        }
                        Arrays.sort(ms);
                        Arrays.sort(cpu);
                        String c = t == 1 ? String.format("  cpu best %8.1f ms (%6.1f GFLOP/s)", cpu[0], gflop / cpu[0] * 1e3) : "";
                        System.out.printf("%-15s %s threads=%d  best %8.1f ms (%6.1f GFLOP/s)  median %8.1f ms (%6.1f GFLOP/s)%s%n",
                                names[i], sh, t, ms[0], gflop / ms[0] * 1e3, ms[iters / 2], gflop / ms[iters / 2] * 1e3, c);
                    }
                }
            }
        }
    }
}
