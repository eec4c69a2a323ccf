package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Batch, instance, group and layer norm kernels on contiguous float32/float64 tensors. Every norm here is the same
 * three steps over "units" (a batch-norm channel: N runs of S elements; a group-norm or layer-norm row: one run):
 * two-pass statistics (mean, then the sum of deviations and squared deviations from it, all accumulated in double,
 * the first sum refining the mean), then one elementwise pass {@code y = (x - mean) * scale + shift}. Backward is
 * two sums per unit (sum g, sum g (x - mean)) and one elementwise pass {@code dx = k g + a (x - mean) + b}.
 *
 * <p>float64 runs the plain scalar loops (the specification); float32 runs Vector API loops that accumulate in
 * float lanes over tiles of {@link #TILE} elements and fold each tile into a double, so no float sum grows long.
 * Work splits over units only, so results do not depend on the thread count.
 */
final class CpuNorm {
    private CpuNorm() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    /** Elements a float32 lane accumulator sums before it is folded into a double (64 per lane at 16 lanes). */
    private static final int TILE = 1024;
    /** Elements below which a parallel split does not pay. */
    private static final long GRAIN = 1 << 15;

    // ---- batch norm (and instance norm through a (1, N*C, S) view) ---------------------------------------------

    /**
     * Training forward: batch statistics per channel of x (N, C, S...), biased variance for normalizing, unbiased for
     * the running variance; running stats (each may be null) updated in place with {@code momentum}.
     */
    static void batchNormTraining(Tensor y, Tensor x, Tensor w, Tensor b, Tensor rMean, Tensor rVar, double momentum,
                                  double eps, Tensor saveMean, Tensor saveInvstd) {
        Geom g = Geom.of(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = x.offset(), yo = y.offset();
        long m = g.n * g.s;
        Parallel.forRange(g.c, grain(m), (c0, c1) -> {
            for (long c = c0; c < c1; c++) {
                double[] st = stats(xs, f32, xo + c * g.s, g.n, g.c * g.s, g.s);
                double mean = st[0], var = st[1], invstd = 1 / Math.sqrt(var + eps);
                put(saveMean, c, mean);
                put(saveInvstd, c, invstd);
                if (rMean != null) put(rMean, c, (1 - momentum) * get(rMean, c) + momentum * mean);
                if (rVar != null) put(rVar, c, (1 - momentum) * get(rVar, c) + momentum * var * m / (m - 1));
                double scale = invstd * param(w, c, 1);
                double shift = param(b, c, 0);
                for (long n = 0; n < g.n; n++) {
                    long off = n * g.c * g.s + c * g.s;
                    affine(ys, xs, f32, yo + off, xo + off, g.s, mean, scale, shift);
                }
            }
        });
    }

    /** Inference forward: y = (x - runningMean) / sqrt(runningVar + eps) * w + b per channel. */
    static void batchNormInference(Tensor y, Tensor x, Tensor w, Tensor b, Tensor rMean, Tensor rVar, double eps) {
        Geom g = Geom.of(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = x.offset(), yo = y.offset();
        Parallel.forRange(g.c * g.n, grain(g.s), (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                long n = u / g.c, c = u % g.c;
                double mean = get(rMean, c), scale = param(w, c, 1) / Math.sqrt(get(rVar, c) + eps);
                long off = n * g.c * g.s + c * g.s;
                affine(ys, xs, f32, yo + off, xo + off, g.s, mean, scale, param(b, c, 0));
            }
        });
    }

    /**
     * Backward given the mean and invstd that normalized x (batch statistics when {@code training}, else the running
     * ones); each output may be null (not wanted). Training adds the terms through the batch statistics.
     */
    static void batchNormBackward(Tensor gIn, Tensor gW, Tensor gB, Tensor gOut, Tensor x, Tensor w,
                                  Tensor mean, Tensor invstd, boolean training) {
        Geom g = Geom.of(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), gs = seg(gOut), ds = gIn == null ? null : seg(gIn);
        long xo = x.offset(), go = gOut.offset(), dO = gIn == null ? 0 : gIn.offset();
        long m = g.n * g.s;
        Parallel.forRange(g.c, grain(m), (c0, c1) -> {
            for (long c = c0; c < c1; c++) {
                double mu = get(mean, c), r = get(invstd, c);
                double[] acc = new double[2];
                if (gW != null || gB != null || training) {
                    for (long n = 0; n < g.n; n++) {
                        long off = n * g.c * g.s + c * g.s;
                        gradSums(gs, xs, f32, go + off, xo + off, g.s, mu, acc);
                    }
                }
                if (gB != null) put(gB, c, acc[0]);
                if (gW != null) put(gW, c, acc[1] * r);
                if (gIn == null) continue;
                double k = r * param(w, c, 1), a = 0, bb = 0;
                if (training && m > 0) {
                    a = -k * r * r * acc[1] / m;
                    bb = -k * acc[0] / m;
                }
                for (long n = 0; n < g.n; n++) {
                    long off = n * g.c * g.s + c * g.s;
                    gradAffine(ds, gs, xs, f32, dO + off, go + off, xo + off, g.s, k, mu, a, bb);
                }
            }
        });
    }

    // ---- group norm ------------------------------------------------------------------------------------------

    /** Group norm forward over x (N, C, S...) with {@code groups} groups; mean and rstd are (N, groups). */
    static void groupNorm(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor w, Tensor b, int groups, double eps) {
        Geom g = Geom.of(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = x.offset(), yo = y.offset();
        long cpg = g.c / groups, len = cpg * g.s;
        Parallel.forRange(g.n * groups, grain(len), (r0, r1) -> {
            for (long row = r0; row < r1; row++) {
                double[] st = stats(xs, f32, xo + row * len, 1, 0, len);
                double mu = st[0], rs = 1 / Math.sqrt(st[1] + eps);
                put(mean, row, mu);
                put(rstd, row, rs);
                long c0 = (row % groups) * cpg;
                for (long j = 0; j < cpg; j++) {
                    long off = row * len + j * g.s;
                    affine(ys, xs, f32, yo + off, xo + off, g.s, mu, rs * param(w, c0 + j, 1), param(b, c0 + j, 0));
                }
            }
        });
    }

    /** Group norm backward: per (n, c) the sums of g and g (x - mean), combined per group for dx, over n for dw/db. */
    static void groupNormBackward(Tensor gIn, Tensor gW, Tensor gB, Tensor gOut, Tensor x, Tensor mean, Tensor rstd,
                                  Tensor w, int groups) {
        Geom g = Geom.of(x);
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), gs = seg(gOut), ds = gIn == null ? null : seg(gIn);
        long xo = x.offset(), go = gOut.offset(), dO = gIn == null ? 0 : gIn.offset();
        int cpg = (int) (g.c / groups);
        long len = cpg * g.s;
        // sums[(n*C + c)*2 + {0, 1}] = sum g, sum g (x - mean of the group)
        double[] sums = new double[(int) (g.n * g.c * 2)];
        Parallel.forRange(g.n * groups, grain(len), (r0, r1) -> {
            double[] acc = new double[2];
            for (long row = r0; row < r1; row++) {
                double mu = get(mean, row), rs = get(rstd, row);
                long c0 = (row % groups) * cpg, n = row / groups;
                double sh = 0, shx = 0;   // sums over the group of h = g w and h (x - mu)
                for (int j = 0; j < cpg; j++) {
                    long off = row * len + j * g.s;
                    acc[0] = 0;
                    acc[1] = 0;
                    gradSums(gs, xs, f32, go + off, xo + off, g.s, mu, acc);
                    int idx = (int) ((n * g.c + c0 + j) * 2);
                    sums[idx] = acc[0];
                    sums[idx + 1] = acc[1];
                    double wc = param(w, c0 + j, 1);
                    sh += wc * acc[0];
                    shx += wc * acc[1];
                }
                if (gIn == null) continue;
                double a = -rs * rs * rs * shx / len, bb = -rs * sh / len;
                for (int j = 0; j < cpg; j++) {
                    long off = row * len + j * g.s;
                    gradAffine(ds, gs, xs, f32, dO + off, go + off, xo + off, g.s, rs * param(w, c0 + j, 1), mu, a, bb);
                }
            }
        });
        for (long c = 0; c < g.c; c++) {
            double dw = 0, db = 0;
            for (long n = 0; n < g.n; n++) {
                int idx = (int) ((n * g.c + c) * 2);
                db += sums[idx];
                dw += sums[idx + 1] * get(rstd, n * groups + c / cpg);
            }
            if (gW != null) put(gW, c, dw);
            if (gB != null) put(gB, c, db);
        }
    }

    // ---- layer norm ------------------------------------------------------------------------------------------

    /** Layer norm over the last {@code cols} elements of each of {@code rows} rows; w, b have cols elements. */
    static void layerNorm(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor w, Tensor b, long rows, long cols, double eps) {
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = x.offset(), yo = y.offset();
        double[] wv = params(w, cols, 1), bv = params(b, cols, 0);
        float[] wf = toFloat(wv), bf = toFloat(bv);
        Parallel.forRange(rows, grain(cols), (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                double[] st = stats(xs, f32, xo + r * cols, 1, 0, cols);
                double mu = st[0], rs = 1 / Math.sqrt(st[1] + eps);
                put(mean, r, mu);
                put(rstd, r, rs);
                long xb = xo + r * cols, yb = yo + r * cols;
                if (f32) layerRowF32(ys, xs, yb, xb, (int) cols, mu, rs, wf, bf);
                else for (int j = 0; j < cols; j++) ys.setAtIndex(D, yb + j, (xs.getAtIndex(D, xb + j) - mu) * rs * wv[j] + bv[j]);
            }
        });
    }

    /** Layer norm backward: dx per row from the sums of h = g w and h (x - mean); dw, db summed over rows per column. */
    static void layerNormBackward(Tensor gIn, Tensor gW, Tensor gB, Tensor gOut, Tensor x, Tensor mean, Tensor rstd,
                                  Tensor w, long rows, long cols) {
        boolean f32 = x.dtype() == DType.FLOAT32;
        MemorySegment xs = seg(x), gs = seg(gOut);
        long xo = x.offset(), go = gOut.offset();
        double[] wv = params(w, cols, 1);
        float[] wf = toFloat(wv);
        if (gIn != null) {
            MemorySegment ds = seg(gIn);
            long dO = gIn.offset();
            Parallel.forRange(rows, grain(cols), (r0, r1) -> {
                for (long r = r0; r < r1; r++) {
                    double mu = get(mean, r), rs = get(rstd, r);
                    long xb = xo + r * cols, gb = go + r * cols, db = dO + r * cols;
                    if (f32) {
                        layerRowBackwardF32(ds, gs, xs, db, gb, xb, (int) cols, mu, rs, wf);
                        continue;
                    }
                    double sh = 0, shx = 0;
                    for (int j = 0; j < cols; j++) {
                        double h = gs.getAtIndex(D, gb + j) * wv[j];
                        sh += h;
                        shx += h * (xs.getAtIndex(D, xb + j) - mu);
                    }
                    double a = -rs * rs * rs * shx / cols, bb = -rs * sh / cols;
                    for (int j = 0; j < cols; j++) {
                        double xm = xs.getAtIndex(D, xb + j) - mu;
                        ds.setAtIndex(D, db + j, rs * wv[j] * gs.getAtIndex(D, gb + j) + a * xm + bb);
                    }
                }
            });
        }
        if (gW == null && gB == null) return;
        // column sums, rows in order inside each column block: independent of the thread count
        Parallel.forRange(cols, Math.max(64, GRAIN / Math.max(1, rows)), (j0, j1) -> {
            int wdt = (int) (j1 - j0);
            double[] dw = new double[wdt], dbs = new double[wdt];
            for (long r = 0; r < rows; r++) {
                double mu = get(mean, r), rs = get(rstd, r);
                long xb = xo + r * cols + j0, gb = go + r * cols + j0;
                for (int j = 0; j < wdt; j++) {
                    double gv = get(gs, f32, gb + j);
                    dbs[j] += gv;
                    dw[j] += gv * (get(xs, f32, xb + j) - mu) * rs;
                }
            }
            for (int j = 0; j < wdt; j++) {
                if (gW != null) put(gW, j0 + j, dw[j]);
                if (gB != null) put(gB, j0 + j, dbs[j]);
            }
        });
    }

    /** One float32 layer-norm row: y = ((x - mf) rs + (mf - mean) rs) w + b, mf the float mean (exact differences). */
    private static void layerRowF32(MemorySegment ys, MemorySegment xs, long yb, long xb, int cols, double mean, double rs,
                                    float[] wf, float[] bf) {
        float mf = (float) mean, rf = (float) rs, cf = (float) ((mf - mean) * rs);
        FloatVector mv = FloatVector.broadcast(FS, mf), rv = FloatVector.broadcast(FS, rf), cv = FloatVector.broadcast(FS, cf);
        int j = 0;
        for (; j + FL <= cols; j += FL) {
            FloatVector t = FloatVector.fromMemorySegment(FS, xs, (xb + j) * 4, NO).sub(mv).fma(rv, cv);
            t.fma(FloatVector.fromArray(FS, wf, j), FloatVector.fromArray(FS, bf, j)).intoMemorySegment(ys, (yb + j) * 4, NO);
        }
        for (; j < cols; j++) ys.setAtIndex(F, yb + j, Math.fma(Math.fma(xs.getAtIndex(F, xb + j) - mf, rf, cf), wf[j], bf[j]));
    }

    /** One float32 layer-norm row of dx: the sums of h = g w and h (x - mean), then dx = rs w g + a (x - mean) + b. */
    private static void layerRowBackwardF32(MemorySegment ds, MemorySegment gs, MemorySegment xs, long db, long gb, long xb, int cols,
                                            double mean, double rs, float[] wf) {
        float mf = (float) mean;
        FloatVector mv = FloatVector.broadcast(FS, mf);
        double sh = 0, shx = 0;
        int j = 0;
        while (j + FL <= cols) {
            int end = Math.min(cols - FL, j + TILE);
            FloatVector a1 = FloatVector.zero(FS), a2 = a1;
            for (; j <= end; j += FL) {
                FloatVector h = FloatVector.fromMemorySegment(FS, gs, (gb + j) * 4, NO).mul(FloatVector.fromArray(FS, wf, j));
                a1 = a1.add(h);
                a2 = h.fma(FloatVector.fromMemorySegment(FS, xs, (xb + j) * 4, NO).sub(mv), a2);
            }
            sh += Lanes.sum(a1);
            shx += Lanes.sum(a2);
        }
        for (; j < cols; j++) {
            double h = (double) gs.getAtIndex(F, gb + j) * wf[j];
            sh += h;
            shx += h * (xs.getAtIndex(F, xb + j) - mf);
        }
        shx += (mf - mean) * sh;
        double a = -rs * rs * rs * shx / cols, bb = -rs * sh / cols;
        float rf = (float) rs, af = (float) a, bf = (float) (bb + a * (mf - mean));
        FloatVector rv = FloatVector.broadcast(FS, rf), av = FloatVector.broadcast(FS, af), bv = FloatVector.broadcast(FS, bf);
        j = 0;
        for (; j + FL <= cols; j += FL) {
            FloatVector d = FloatVector.fromMemorySegment(FS, xs, (xb + j) * 4, NO).sub(mv);
            FloatVector k = FloatVector.fromArray(FS, wf, j).mul(rv);
            FloatVector.fromMemorySegment(FS, gs, (gb + j) * 4, NO).fma(k, d.fma(av, bv)).intoMemorySegment(ds, (db + j) * 4, NO);
        }
        for (; j < cols; j++) {
            float d = xs.getAtIndex(F, xb + j) - mf;
            ds.setAtIndex(F, db + j, Math.fma(gs.getAtIndex(F, gb + j), wf[j] * rf, Math.fma(d, af, bf)));
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    // ---- per-unit primitives ---------------------------------------------------------------------------------

    /** (N, C, S) of a contiguous (N, C, spatial...) tensor; S = 1 for (N, C). */
    private record Geom(long n, long c, long s) {
        static Geom of(Tensor x) {
            long n = x.size(0), c = x.size(1);
            long s = n * c == 0 ? 0 : x.numel() / (n * c);
            return new Geom(n, c, s);
        }
    }

    private static long grain(long unitSize) { return Math.max(1, GRAIN / Math.max(1, unitSize)); }

    /**
     * {mean, biased variance} of {@code runs} runs of {@code len} elements starting {@code stride} apart from {@code off}.
     * Per run, two passes while the run is warm in cache: the sum, then the sums of d = x - mean and d^2 (the first
     * refining the mean, the second giving sum (x - mean)^2 exactly up to rounding however large the mean); runs are
     * merged with Chan et al.'s pairwise update, so a batch-norm channel costs no third pass over memory.
     */
    static double[] stats(MemorySegment m, boolean f32, long off, long runs, long stride, long len) {
        if (runs * len == 0) return new double[]{0, 0};
        double mean = 0, m2 = 0;
        long seen = 0;
        double[] acc = new double[2];
        for (long r = 0; r < runs; r++) {
            long o = off + r * stride;
            double mr = sum(m, f32, o, len) / len;
            acc[0] = 0;
            acc[1] = 0;
            sumDev(m, f32, o, len, mr, acc);
            double dm = acc[0] / len;
            mr += dm;
            double m2r = Math.max(0, acc[1] - dm * dm * len);
            long tot = seen + len;
            double delta = mr - mean;
            mean += delta * len / tot;
            m2 += m2r + delta * delta * ((double) seen * len / tot);
            seen = tot;
        }
        return new double[]{mean, m2 / seen};
    }

    private static double sum(MemorySegment m, boolean f32, long off, long n) {
        double s = 0;
        if (!f32) {
            for (long i = 0; i < n; i++) s += m.getAtIndex(D, off + i);
            return s;
        }
        for (long done = 0; done < n; done += Integer.MAX_VALUE / 2) {
            s += VecSum.sumF32(m, off + done, (int) Math.min(n - done, Integer.MAX_VALUE / 2));
        }
        return s;
    }

    /** acc[0] += sum (x - mean), acc[1] += sum (x - mean)^2. */
    private static void sumDev(MemorySegment m, boolean f32, long off, long n, double mean, double[] acc) {
        double s1 = 0, s2 = 0;
        long i = 0;
        if (f32) {
            float mf = (float) mean;
            FloatVector mv = FloatVector.broadcast(FS, mf);
            while (i + FL <= n) {
                long end = Math.min(n - FL, i + TILE);
                FloatVector a1 = FloatVector.zero(FS), a2 = a1;
                for (; i <= end; i += FL) {
                    FloatVector d = FloatVector.fromMemorySegment(FS, m, (off + i) * 4, NO).sub(mv);
                    a1 = a1.add(d);
                    a2 = d.fma(d, a2);
                }
                s1 += Lanes.sum(a1);
                s2 += Lanes.sum(a2);
            }
            for (; i < n; i++) {
                double d = m.getAtIndex(F, off + i) - mf;
                s1 += d;
                s2 += d * d;
            }
            // deviations were taken from the float mean: shift them to the double one
            double shift = mf - mean;
            s2 += 2 * shift * s1 + n * shift * shift;
            s1 += n * shift;
        } else {
            for (; i < n; i++) {
                double d = m.getAtIndex(D, off + i) - mean;
                s1 += d;
                s2 += d * d;
            }
        }
        acc[0] += s1;
        acc[1] += s2;
    }

    /** acc[0] += sum g, acc[1] += sum g (x - mean). */
    private static void gradSums(MemorySegment gs, MemorySegment xs, boolean f32, long go, long xo, long n, double mean, double[] acc) {
        double s1 = 0, s2 = 0;
        long i = 0;
        if (f32) {
            float mf = (float) mean;
            FloatVector mv = FloatVector.broadcast(FS, mf);
            while (i + FL <= n) {
                long end = Math.min(n - FL, i + TILE);
                FloatVector a1 = FloatVector.zero(FS), a2 = a1;
                for (; i <= end; i += FL) {
                    FloatVector gv = FloatVector.fromMemorySegment(FS, gs, (go + i) * 4, NO);
                    FloatVector d = FloatVector.fromMemorySegment(FS, xs, (xo + i) * 4, NO).sub(mv);
                    a1 = a1.add(gv);
                    a2 = gv.fma(d, a2);
                }
                s1 += Lanes.sum(a1);
                s2 += Lanes.sum(a2);
            }
            for (; i < n; i++) {
                double gv = gs.getAtIndex(F, go + i);
                s1 += gv;
                s2 += gv * (xs.getAtIndex(F, xo + i) - mf);
            }
            s2 += (mf - mean) * s1;
        } else {
            for (; i < n; i++) {
                double gv = gs.getAtIndex(D, go + i);
                s1 += gv;
                s2 += gv * (xs.getAtIndex(D, xo + i) - mean);
            }
        }
        acc[0] += s1;
        acc[1] += s2;
    }

    /** y = (x - mean) * scale + shift over n elements. */
    private static void affine(MemorySegment ys, MemorySegment xs, boolean f32, long yo, long xo, long n,
                               double mean, double scale, double shift) {
        long i = 0;
        if (f32) {
            float mf = (float) mean, sf = (float) scale, hf = (float) (shift + (mf - mean) * scale);
            FloatVector mv = FloatVector.broadcast(FS, mf), sv = FloatVector.broadcast(FS, sf), hv = FloatVector.broadcast(FS, hf);
            for (; i + FL <= n; i += FL) {
                FloatVector.fromMemorySegment(FS, xs, (xo + i) * 4, NO).sub(mv).fma(sv, hv).intoMemorySegment(ys, (yo + i) * 4, NO);
            }
            for (; i < n; i++) ys.setAtIndex(F, yo + i, Math.fma(xs.getAtIndex(F, xo + i) - mf, sf, hf));
        } else {
            for (; i < n; i++) ys.setAtIndex(D, yo + i, (xs.getAtIndex(D, xo + i) - mean) * scale + shift);
        }
    }

    /** dx = k g + a (x - mean) + b over n elements. */
    private static void gradAffine(MemorySegment ds, MemorySegment gs, MemorySegment xs, boolean f32, long dO, long go, long xo,
                                   long n, double k, double mean, double a, double b) {
        long i = 0;
        if (f32) {
            float mf = (float) mean, kf = (float) k, af = (float) a, bf = (float) (b + a * (mf - mean));
            FloatVector mv = FloatVector.broadcast(FS, mf), kv = FloatVector.broadcast(FS, kf);
            FloatVector av = FloatVector.broadcast(FS, af), bv = FloatVector.broadcast(FS, bf);
            for (; i + FL <= n; i += FL) {
                FloatVector d = FloatVector.fromMemorySegment(FS, xs, (xo + i) * 4, NO).sub(mv);
                FloatVector gv = FloatVector.fromMemorySegment(FS, gs, (go + i) * 4, NO);
                gv.fma(kv, d.fma(av, bv)).intoMemorySegment(ds, (dO + i) * 4, NO);
            }
            for (; i < n; i++) {
                float d = xs.getAtIndex(F, xo + i) - mf;
                ds.setAtIndex(F, dO + i, Math.fma(gs.getAtIndex(F, go + i), kf, Math.fma(d, af, bf)));
            }
        } else {
            for (; i < n; i++) ds.setAtIndex(D, dO + i, k * gs.getAtIndex(D, go + i) + a * (xs.getAtIndex(D, xo + i) - mean) + b);
        }
    }

    // ---- small per-channel tensors (contiguous 1-D or (N, G), the input's dtype) --------------------------------

    static double get(MemorySegment m, boolean f32, long i) { return f32 ? m.getAtIndex(F, i) : m.getAtIndex(D, i); }

    static void set(MemorySegment m, boolean f32, long i, double v) {
        if (f32) m.setAtIndex(F, i, (float) v);
        else m.setAtIndex(D, i, v);
    }

    static double get(Tensor t, long i) { return get(seg(t), t.dtype() == DType.FLOAT32, t.offset() + i); }

    static void put(Tensor t, long i, double v) { set(seg(t), t.dtype() == DType.FLOAT32, t.offset() + i, v); }

    /** t[i], or {@code absent} where t is null (no weight: 1, no bias: 0). */
    private static double param(Tensor t, long i, double absent) { return t == null ? absent : get(t, i); }

    private static double[] params(Tensor t, long n, double absent) {
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) v[i] = param(t, i, absent);
        return v;
    }
}
