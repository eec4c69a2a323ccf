package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.ScanOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Ops along one dim, line by line: max/min with index, inclusive scans, softmax. Lines run in parallel;
 * each line is computed by one thread in index order, so results do not depend on the thread count.
 * Floating values are carried as double (PyTorch's CPU accumulation type for float), integers as long.
 */
final class CpuScan {
    private CpuScan() {}

    /** Line o of each tensor starts at base(o) and steps by its stride along dim. */
    private record Lines(ReduceGeom[] geoms, long[] strides, long length, long count) {
        static Lines of(int dim, Tensor... ts) {
            ReduceGeom[] g = new ReduceGeom[ts.length];
            long[] st = new long[ts.length];
            for (int k = 0; k < ts.length; k++) {
                g[k] = ReduceGeom.of(ts[k], new int[]{dim});
                st[k] = ts[k].strides()[dim];
            }
            return new Lines(g, st, ts[ts.length - 1].shape()[dim], g[0].outer);
        }

        long base(int k, long o) { return geoms[k].base(o); }

        void forEach(Parallel.Range body) {
            Parallel.forRange(count, Math.max(1, (1 << 14) / Math.max(1, length)), body);
        }
    }

    static void argReduce(boolean max, Tensor values, Tensor indices, Tensor in, int dim) {
        in.checkAlive(max ? "max" : "min");
        Lines L = Lines.of(dim, values, indices, in);
        MemorySegment v = seg(values), ix = seg(indices), x = seg(in);
        DType t = in.dtype();
        long n = L.length(), s = L.strides()[2];
        boolean fp = t.isFloatingPoint();
        boolean vec = t == DType.FLOAT32 && s == 1 && n <= Integer.MAX_VALUE;
        L.forEach((a, b) -> {
            for (long o = a; o < b; o++) {
                long p = L.base(2, o);
                long best = 0;
                if (vec) {
                    best = VecReduce.argF32(x, p, (int) n, max);
                    Elem.putDouble(v, t, L.base(0, o), x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, p + best));
                } else if (fp) {
                    double bv = Elem.getDouble(x, t, p);
                    for (long k = 1; k < n && bv == bv; k++) {
                        double e = Elem.getDouble(x, t, p + k * s);
                        if (e != e || (max ? e > bv : e < bv)) { bv = e; best = k; }
                    }
                    Elem.putDouble(v, t, L.base(0, o), bv);
                } else {
                    long bv = Elem.getLong(x, t, p);
                    for (long k = 1; k < n; k++) {
                        long e = Elem.getLong(x, t, p + k * s);
                        if (max ? e > bv : e < bv) { bv = e; best = k; }
                    }
                    Elem.putLong(v, t, L.base(0, o), bv);
                }
                Elem.putLong(ix, DType.INT64, L.base(1, o), best);
            }
        });
    }

    static void scan(ScanOp op, Tensor out, Tensor indices, Tensor in, int dim) {
        in.checkAlive(op.opName());
        Lines L = indices == null ? Lines.of(dim, out, in) : Lines.of(dim, out, in, indices);
        MemorySegment y = seg(out), x = seg(in), ix = indices == null ? null : seg(indices);
        DType ot = out.dtype(), it = in.dtype();
        long n = L.length(), so = L.strides()[0], si = L.strides()[1], sx = indices == null ? 0 : L.strides()[2];
        boolean asLong = !ot.isFloatingPoint() && !it.isFloatingPoint();
        boolean max = op == ScanOp.CUMMAX;
        L.forEach((a, b) -> {
            for (long o = a; o < b; o++) {
                long po = L.base(0, o), pi = L.base(1, o), px = ix == null ? 0 : L.base(2, o);
                switch (op) {
                    case CUMSUM, CUMPROD -> {
                        boolean sum = op == ScanOp.CUMSUM;
                        if (asLong) {
                            long acc = sum ? 0 : 1;
                            for (long k = 0; k < n; k++) {
                                long e = Elem.getLong(x, it, pi + k * si);
                                acc = sum ? acc + e : acc * e;
                                Elem.putLong(y, ot, po + k * so, acc);
                            }
                        } else {
                            double acc = sum ? 0 : 1;
                            for (long k = 0; k < n; k++) {
                                double e = Elem.getDouble(x, it, pi + k * si);
                                acc = sum ? acc + e : acc * e;
                                Elem.putDouble(y, ot, po + k * so, acc);
                            }
                        }
                    }
                    case CUMMAX, CUMMIN -> {
                        // PyTorch's rule: a NaN always takes over; ties move the index to the latest
                        long idx = 0;
                        if (asLong) {
                            long best = Elem.getLong(x, it, pi);
                            for (long k = 0; k < n; k++) {
                                long e = Elem.getLong(x, it, pi + k * si);
                                if (max ? e >= best : e <= best) { best = e; idx = k; }
                                Elem.putLong(y, ot, po + k * so, best);
                                Elem.putLong(ix, DType.INT64, px + k * sx, idx);
                            }
                        } else {
                            double best = Elem.getDouble(x, it, pi);
                            for (long k = 0; k < n; k++) {
                                double e = Elem.getDouble(x, it, pi + k * si);
                                if (e != e || (best == best && (max ? e >= best : e <= best))) { best = e; idx = k; }
                                Elem.putDouble(y, ot, po + k * so, best);
                                Elem.putLong(ix, DType.INT64, px + k * sx, idx);
                            }
                        }
                    }
                    case LOGCUMSUMEXP -> {
                        double acc = Double.NEGATIVE_INFINITY;
                        for (long k = 0; k < n; k++) {
                            acc = logAddExp(acc, Elem.getDouble(x, it, pi + k * si));
                            Elem.putDouble(y, ot, po + k * so, acc);
                        }
                    }
                }
            }
        });
    }

    /** log(exp(a) + exp(b)) without overflow; -inf is the identity, NaN propagates. */
    static double logAddExp(double a, double b) {
        if (a != a || b != b) return Double.NaN;
        double m = Math.max(a, b);
        if (Double.isInfinite(m)) return m;   // both -inf, or one +inf
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** The scalar definition of softmax on one line, in double; buf caches the line when it fits. */
    private static void softmaxLine(MemorySegment y, DType ot, long po, long so, MemorySegment x, DType it, long pi, long si,
                                    long n, boolean log, double[] buf) {
        boolean cached = n <= buf.length;
        double m = Double.NEGATIVE_INFINITY;
        for (long k = 0; k < n; k++) {
            double e = Elem.getDouble(x, it, pi + k * si);
            if (cached) buf[(int) k] = e;
            m = ReduceAcc.max(m, e);
        }
        double s = 0;
        for (long k = 0; k < n; k++) {
            double e = cached ? buf[(int) k] : Elem.getDouble(x, it, pi + k * si);
            double z = Math.exp(e - m);
            if (cached && !log) buf[(int) k] = z;
            s += z;
        }
        double ls = Math.log(s);
        for (long k = 0; k < n; k++) {
            double e = cached ? buf[(int) k] : Elem.getDouble(x, it, pi + k * si);
            double r = log ? e - m - ls : (cached ? e : Math.exp(e - m)) / s;
            Elem.putDouble(y, ot, po + k * so, r);
        }
    }

    static void softmax(Tensor out, Tensor in, int dim, boolean log) {
        in.checkAlive(log ? "log_softmax" : "softmax");
        Lines L = Lines.of(dim, out, in);
        MemorySegment y = seg(out), x = seg(in);
        DType ot = out.dtype(), it = in.dtype();
        long n = L.length(), so = L.strides()[0], si = L.strides()[1];
        boolean vec = it == DType.FLOAT32 && ot == DType.FLOAT32 && so == 1 && si == 1 && n <= Integer.MAX_VALUE;
        L.forEach((a, b) -> {
            double[] buf = new double[(int) Math.min(n, 1 << 16)];
            float[] fbuf = vec ? new float[VecReduce.padded((int) Math.min(n, 4096))] : null;
            for (long o = a; o < b; o++) {
                long po = L.base(0, o), pi = L.base(1, o);
                if (vec && VecReduce.softmaxRowF32(x, pi, y, po, (int) n, log, fbuf)) continue;
                softmaxLine(y, ot, po, so, x, it, pi, si, n, log, buf);
            }
        });
    }
}
