package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.spi.ReduceOp;

import java.lang.foreign.MemorySegment;

/**
 * The partial state of one reduction: folded from blocks of gathered values, merged in a fixed order, then
 * written. Every op is defined by these three steps, so a reduction split into fixed blocks gives the same
 * bits however the blocks are spread over threads. Floating inputs are folded as double, integral as long.
 */
abstract class ReduceAcc {
    /** Gathered values of one block: {@code d} for double accumulators, {@code l} for long ones. */
    static final class Buf {
        final double[] d;
        final long[] l;
        final long[] off;
        private float[] f;

        Buf(int n) {
            d = new double[n];
            l = new long[n];
            off = new long[n];
        }

        /** Float32 scratch for the vector blocks: the block length rounded up to whole vectors. */
        float[] floats() {
            if (f == null) f = new float[VecReduce.padded(d.length)];
            return f;
        }
    }

    /** True if this accumulator reads values as long (exact integer sums and products). */
    boolean longs() { return false; }

    /** Back to the identity. */
    abstract void reset();

    /** Folds the first {@code n} gathered values into this (freshly reset) state. */
    abstract void block(Buf b, int n);

    /** this = this (+) p, where p covers the elements after this one's. */
    abstract void merge(ReduceAcc p);

    /** Writes the final value for {@code count} reduced elements. */
    abstract void write(MemorySegment out, DType t, long i, long count);

    abstract ReduceAcc fresh();

    static ReduceAcc of(ReduceOp op, DType in, double param) {
        if (!in.isFloatingPoint()) {
            switch (op) {
                case SUM: return new LongAcc(0, 0);
                case PROD: return new LongAcc(1, 1);
                case AMAX: return new LongAcc(2, Long.MIN_VALUE);
                case AMIN: return new LongAcc(3, Long.MAX_VALUE);
                default: break;
            }
        }
        return switch (op) {
            case SUM -> new Sum(false);
            case MEAN -> new Sum(true);
            case PROD -> new Simple(Simple.PROD, 1);
            case AMAX -> new Simple(Simple.MAX, Double.NEGATIVE_INFINITY);
            case AMIN -> new Simple(Simple.MIN, Double.POSITIVE_INFINITY);
            case ALL -> new Simple(Simple.ALL, 1);
            case ANY -> new Simple(Simple.ANY, 0);
            case COUNT_NONZERO -> new Simple(Simple.COUNT, 0);
            case VAR -> new Var(param, false);
            case STD -> new Var(param, true);
            case NORM -> norm(param);
            case LOGSUMEXP -> new LogSumExp();
            case NANSUM -> new NanSum(false);
            case NANMEAN -> new NanSum(true);
        };
    }

    private static ReduceAcc norm(double p) {
        if (p == Double.POSITIVE_INFINITY) return new Simple(Simple.MAX_ABS, 0);
        if (p == Double.NEGATIVE_INFINITY) return new Simple(Simple.MIN_ABS, Double.POSITIVE_INFINITY);
        if (p == 0) return new Simple(Simple.COUNT, 0);
        return new PowSum(p);
    }

    /** NaN-propagating max (NaN is the max, as PyTorch). */
    static double max(double a, double b) { return a > b || a != a ? a : b != b ? b : Math.max(a, b); }

    static double min(double a, double b) { return a < b || a != a ? a : b != b ? b : Math.min(a, b); }

    /** Sum of b[0..n) with four accumulators (fixed order, so fixed bits). */
    static double sum(double[] b, int n) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a0 += b[i];
            a1 += b[i + 1];
            a2 += b[i + 2];
            a3 += b[i + 3];
        }
        for (; i < n; i++) a0 += b[i];
        return (a0 + a1) + (a2 + a3);
    }

    /** Sum, mean: blocks of 4-way sums merged in order. Float32 blocks may be folded by the vector path. */
    static final class Sum extends ReduceAcc {
        final boolean mean;
        double s;

        Sum(boolean mean) { this.mean = mean; }

        @Override void reset() { s = 0; }
        @Override void block(Buf b, int n) { s = sum(b.d, n); }
        @Override void merge(ReduceAcc p) { s += ((Sum) p).s; }
        @Override void write(MemorySegment out, DType t, long i, long count) { Elem.putDouble(out, t, i, mean ? s / count : s); }
        @Override ReduceAcc fresh() { return new Sum(mean); }
    }

    /** nansum, nanmean: the non-NaN elements' sum (4-way, as {@link Sum}) and count; no non-NaN element: mean NaN. */
    static final class NanSum extends ReduceAcc {
        final boolean mean;
        double s, c;

        NanSum(boolean mean) { this.mean = mean; }

        @Override void reset() { s = 0; c = 0; }

        @Override void block(Buf b, int n) {
            double[] d = b.d;
            int k = 0;
            for (int i = 0; i < n; i++) if (d[i] == d[i]) d[k++] = d[i];
            s = sum(d, k);
            c = k;
        }

        @Override void merge(ReduceAcc p) {
            NanSum o = (NanSum) p;
            s += o.s;
            c += o.c;
        }

        @Override void write(MemorySegment out, DType t, long i, long count) { Elem.putDouble(out, t, i, mean ? s / c : s); }
        @Override ReduceAcc fresh() { return new NanSum(mean); }
    }

    /** One double of state combined by an associative rule. */
    static final class Simple extends ReduceAcc {
        static final int PROD = 0, MAX = 1, MIN = 2, ALL = 3, ANY = 4, COUNT = 5, MAX_ABS = 6, MIN_ABS = 7;
        final int kind;
        final double identity;
        double s;

        Simple(int kind, double identity) {
            this.kind = kind;
            this.identity = identity;
        }

        @Override void reset() { s = identity; }

        @Override void block(Buf b, int n) {
            double[] d = b.d;
            double a = identity;
            switch (kind) {
                case PROD -> { for (int i = 0; i < n; i++) a *= d[i]; }
                case MAX -> { for (int i = 0; i < n; i++) a = max(a, d[i]); }
                case MIN -> { for (int i = 0; i < n; i++) a = min(a, d[i]); }
                case ALL -> { for (int i = 0; i < n && a != 0; i++) if (d[i] == 0) a = 0; }
                case ANY -> { for (int i = 0; i < n && a == 0; i++) if (d[i] != 0) a = 1; }
                case COUNT -> { for (int i = 0; i < n; i++) if (d[i] != 0) a++; }
                case MAX_ABS -> { for (int i = 0; i < n; i++) a = max(a, Math.abs(d[i])); }
                default -> { for (int i = 0; i < n; i++) a = min(a, Math.abs(d[i])); }
            }
            s = a;
        }

        @Override void merge(ReduceAcc p) {
            double o = ((Simple) p).s;
            s = switch (kind) {
                case PROD -> s * o;
                case MAX, MAX_ABS -> max(s, o);
                case MIN, MIN_ABS -> min(s, o);
                case ALL -> s != 0 && o != 0 ? 1 : 0;
                case ANY -> s != 0 || o != 0 ? 1 : 0;
                default -> s + o;
            };
        }

        @Override void write(MemorySegment out, DType t, long i, long count) { Elem.putDouble(out, t, i, s); }
        @Override ReduceAcc fresh() { return new Simple(kind, identity); }
    }

    /** Exact integer sum, product (wrapping as int64, like PyTorch), max and min. */
    static final class LongAcc extends ReduceAcc {
        final int kind;   // 0 sum, 1 prod, 2 max, 3 min
        final long identity;
        long s;

        LongAcc(int kind, long identity) {
            this.kind = kind;
            this.identity = identity;
        }

        @Override boolean longs() { return true; }
        @Override void reset() { s = identity; }

        @Override void block(Buf b, int n) {
            long[] l = b.l;
            long a = identity;
            switch (kind) {
                case 0 -> { for (int i = 0; i < n; i++) a += l[i]; }
                case 1 -> { for (int i = 0; i < n; i++) a *= l[i]; }
                case 2 -> { for (int i = 0; i < n; i++) a = Math.max(a, l[i]); }
                default -> { for (int i = 0; i < n; i++) a = Math.min(a, l[i]); }
            }
            s = a;
        }

        @Override void merge(ReduceAcc p) {
            long o = ((LongAcc) p).s;
            s = switch (kind) {
                case 0 -> s + o;
                case 1 -> s * o;
                case 2 -> Math.max(s, o);
                default -> Math.min(s, o);
            };
        }

        @Override void write(MemorySegment out, DType t, long i, long count) { Elem.putLong(out, t, i, s); }
        @Override ReduceAcc fresh() { return new LongAcc(kind, identity); }
    }

    /** Variance: two passes inside a block, blocks merged with Chan's formula (stable in one read of the data). */
    static final class Var extends ReduceAcc {
        final double correction;
        final boolean std;
        double n, mean, m2;

        Var(double correction, boolean std) {
            this.correction = correction;
            this.std = std;
        }

        @Override void reset() { n = 0; mean = 0; m2 = 0; }

        @Override void block(Buf b, int k) {
            double[] d = b.d;
            double mu = sum(d, k) / k, q = 0;
            for (int i = 0; i < k; i++) {
                double e = d[i] - mu;
                q += e * e;
            }
            n = k;
            mean = mu;
            m2 = q;
        }

        @Override void merge(ReduceAcc p) {
            Var v = (Var) p;
            if (v.n == 0) return;
            if (n == 0) { n = v.n; mean = v.mean; m2 = v.m2; return; }
            double tot = n + v.n, delta = v.mean - mean;
            mean += delta * (v.n / tot);
            m2 += v.m2 + delta * delta * (n * v.n / tot);
            n = tot;
        }

        @Override void write(MemorySegment out, DType t, long i, long count) {
            double var = m2 / Math.max(0, n - correction);
            if (n == 0) var = Double.NaN;
            Elem.putDouble(out, t, i, std ? Math.sqrt(var) : var);
        }

        @Override ReduceAcc fresh() { return new Var(correction, std); }
    }

    /** (sum |x|^p)^(1/p); p = 1 and 2 without pow. */
    static final class PowSum extends ReduceAcc {
        final double p;
        double s;

        PowSum(double p) { this.p = p; }

        @Override void reset() { s = 0; }

        @Override void block(Buf b, int n) {
            double[] d = b.d;
            double a = 0;
            if (p == 1) for (int i = 0; i < n; i++) a += Math.abs(d[i]);
            else if (p == 2) for (int i = 0; i < n; i++) a += d[i] * d[i];
            else for (int i = 0; i < n; i++) a += Math.pow(Math.abs(d[i]), p);
            s = a;
        }

        @Override void merge(ReduceAcc o) { s += ((PowSum) o).s; }

        @Override void write(MemorySegment out, DType t, long i, long count) {
            double v = p == 1 ? s : p == 2 ? Math.sqrt(s) : Math.pow(s, 1 / p);
            Elem.putDouble(out, t, i, v);
        }

        @Override ReduceAcc fresh() { return new PowSum(p); }
    }

    /** log(sum(exp(x))) as (max m, sum exp(x - m)); an infinite or NaN max decides the result alone. */
    static final class LogSumExp extends ReduceAcc {
        double m, s;

        @Override void reset() { m = Double.NEGATIVE_INFINITY; s = 0; }

        @Override void block(Buf b, int n) {
            double[] d = b.d;
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) mx = max(mx, d[i]);
            m = mx;
            if (Double.isInfinite(mx) || Double.isNaN(mx)) {
                s = mx == Double.NEGATIVE_INFINITY ? 0 : 1;
                return;
            }
            double a = 0;
            for (int i = 0; i < n; i++) a += Math.exp(d[i] - mx);
            s = a;
        }

        @Override void merge(ReduceAcc o) {
            LogSumExp p = (LogSumExp) o;
            double mx = max(m, p.m);
            if (Double.isNaN(mx) || mx == Double.POSITIVE_INFINITY) { m = mx; s = 1; return; }
            if (mx == Double.NEGATIVE_INFINITY) return;
            s = s * Math.exp(m - mx) + p.s * Math.exp(p.m - mx);
            m = mx;
        }

        @Override void write(MemorySegment out, DType t, long i, long count) {
            double v = Double.isInfinite(m) || Double.isNaN(m) ? m : m + Math.log(s);
            Elem.putDouble(out, t, i, v);
        }

        @Override ReduceAcc fresh() { return new LogSumExp(); }
    }
}
