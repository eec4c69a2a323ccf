package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;

import static dev.axial.tensor.cpu.CpuBackend.seg;
import static dev.axial.tensor.cpu.CpuNorm.get;
import static dev.axial.tensor.cpu.CpuNorm.set;

/**
 * Local response norm across channels, as PyTorch's composite definition: for x (N, C, S...),
 * {@code d[c] = k + alpha / size * sum(x[c']^2 for c' in [c - size/2, c + (size-1)/2] inside [0, C))} (an average
 * pool of x^2 over channels with zero padding, always divided by size) and {@code y = x / d^beta}.
 * Works on blocks of spatial positions of one sample, all channels at once, with a sliding window sum in double.
 */
final class CpuNormLrn {
    private CpuNormLrn() {}

    /** Spatial positions per task: the per-task buffers hold C x BLOCK doubles. */
    private static final int BLOCK = 256;

    static void forward(Tensor y, Tensor x, int size, double alpha, double beta, double k) {
        long n = x.size(0), c = x.size(1), s = n * c == 0 ? 0 : x.numel() / (n * c);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = x.offset(), yo = y.offset();
        long blocks = (s + BLOCK - 1) / BLOCK;
        Parallel.forRange(n * blocks, Math.max(1, 64 / Math.max(1, c)), (u0, u1) -> {
            double[] win = new double[BLOCK];
            for (long u = u0; u < u1; u++) {
                long b = u / blocks, s0 = (u % blocks) * BLOCK;
                int w = (int) Math.min(BLOCK, s - s0);
                long base = b * c * s + s0;
                windowSums(xs, f32, xo + base, c, s, w, size, win, (ch, acc) -> {
                    for (int j = 0; j < w; j++) {
                        long i = ch * s + j;
                        double d = k + alpha / size * acc[j];
                        set(ys, f32, yo + base + i, get(xs, f32, xo + base + i) * Math.pow(d, -beta));
                    }
                });
            }
        });
    }

    /**
     * dx[j] = g[j] d[j]^-beta - 2 alpha beta / size * x[j] * sum(g[c] x[c] d[c]^(-beta-1) for the c whose window holds j),
     * the c with j - (size-1)/2 <= c <= j + size/2.
     */
    static void backward(Tensor gIn, Tensor gOut, Tensor x, int size, double alpha, double beta, double k) {
        long n = x.size(0), c = x.size(1), s = n * c == 0 ? 0 : x.numel() / (n * c);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), gs = seg(gOut), ds = seg(gIn);
        long xo = x.offset(), go = gOut.offset(), dO = gIn.offset();
        long blocks = (s + BLOCK - 1) / BLOCK;
        int cc = (int) c;
        Parallel.forRange(n * blocks, Math.max(1, 64 / Math.max(1, c)), (u0, u1) -> {
            double[] win = new double[BLOCK];
            double[] t = new double[cc * BLOCK];   // t[c][j] = g x d^(-beta-1)
            double[] first = new double[cc * BLOCK];   // g d^-beta
            for (long u = u0; u < u1; u++) {
                long b = u / blocks, s0 = (u % blocks) * BLOCK;
                int w = (int) Math.min(BLOCK, s - s0);
                long base = b * c * s + s0;
                windowSums(xs, f32, xo + base, c, s, w, size, win, (ch, acc) -> {
                    for (int j = 0; j < w; j++) {
                        long i = ch * s + j;
                        double d = k + alpha / size * acc[j], gv = get(gs, f32, go + base + i);
                        t[(int) ch * BLOCK + j] = gv * get(xs, f32, xo + base + i) * Math.pow(d, -beta - 1);
                        first[(int) ch * BLOCK + j] = gv * Math.pow(d, -beta);
                    }
                });
                // reverse window: channel j collects t[c] for c in [j - (size-1)/2, j + size/2]
                double[] acc = win;
                java.util.Arrays.fill(acc, 0, w, 0);
                int lo = (size - 1) / 2, hi = size / 2;
                for (int ch = 0; ch <= Math.min(hi, cc - 1); ch++) addRow(acc, t, ch, w, 1);
                double f = 2 * alpha * beta / size;
                for (int ch = 0; ch < cc; ch++) {
                    for (int j = 0; j < w; j++) {
                        long i = (long) ch * s + j;
                        double xv = get(xs, f32, xo + base + i);
                        set(ds, f32, dO + base + i, first[ch * BLOCK + j] - f * xv * acc[j]);
                    }
                    int add = ch + 1 + hi, drop = ch - lo;
                    if (add < cc) addRow(acc, t, add, w, 1);
                    if (drop >= 0) addRow(acc, t, drop, w, -1);
                }
            }
        });
    }

    private static void addRow(double[] acc, double[] t, int ch, int w, double sign) {
        for (int j = 0; j < w; j++) acc[j] += sign * t[ch * BLOCK + j];
    }

    @FunctionalInterface
    private interface Channel {
        void run(long ch, double[] windowSum);
    }

    /** Calls body(c, win) for each channel c in order, win[j] = sum of x^2 over c's window at position j of the block. */
    private static void windowSums(MemorySegment xs, boolean f32, long base, long c, long s, int w, int size, double[] win, Channel body) {
        java.util.Arrays.fill(win, 0, w, 0);
        long lo = size / 2, hi = (size - 1) / 2;
        for (long ch = 0; ch <= Math.min(hi, c - 1); ch++) addSquares(xs, f32, base + ch * s, w, win, 1);
        for (long ch = 0; ch < c; ch++) {
            body.run(ch, win);
            long add = ch + 1 + hi, drop = ch - lo;
            if (add < c) addSquares(xs, f32, base + add * s, w, win, 1);
            if (drop >= 0) addSquares(xs, f32, base + drop * s, w, win, -1);
        }
    }

    private static void addSquares(MemorySegment xs, boolean f32, long off, int w, double[] win, double sign) {
        for (int j = 0; j < w; j++) {
            double v = get(xs, f32, off + j);
            win[j] += sign * v * v;
        }
    }
}
