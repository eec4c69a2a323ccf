package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.ReduceOp;
import dev.axial.tensor.spi.ScanOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Reductions over a set of dims. Each output's reduced elements are cut into blocks of {@link #BLOCK}
 * elements at fixed positions; each block gives a partial state ({@link ReduceAcc}) and the partials are
 * merged left to right. Many outputs run in parallel one per task; few large outputs run their blocks in
 * parallel. Either way the block boundaries and the merge order do not depend on the thread count, so
 * neither do the bits of the result. Sums of float32/float64 runs with unit stride use the Vector API
 * ({@link VecSum}); reducing leading dims of a contiguous tensor accumulates whole rows ({@link VecSum#columns}).
 */
final class CpuReduce {
    private CpuReduce() {}

    /** Elements per block: fixed, part of the definition of the result's rounding. */
    static final int BLOCK = 4096;

    static void reduce(ReduceOp op, Tensor out, Tensor in, int[] dims, double param) {
        out.checkAlive(op.opName());
        in.checkAlive(op.opName());
        if (out.numel() == 0) return;
        ReduceGeom g = ReduceGeom.of(in, dims);
        VecSum.Fold fold = switch (op) {
            case SUM -> VecSum.Fold.SUM;
            case MEAN -> VecSum.Fold.MEAN;
            case AMAX -> VecSum.Fold.MAX;
            case AMIN -> VecSum.Fold.MIN;
            default -> null;
        };
        if (fold != null && VecSum.tryColumns(out, in, dims, fold)) return;
        ReduceAcc proto = ReduceAcc.of(op, in.dtype(), param);
        MemorySegment src = seg(in), dst = seg(out);
        DType it = in.dtype(), ot = out.dtype();
        long outBase = out.offset();
        Runner run = new Runner(g, src, it, g.unitInner() ? vecKind(proto, it) : NONE);
        long nBlocks = (g.inner + BLOCK - 1) / BLOCK;
        if (g.outer >= 4L * Parallel.threads() || nBlocks < 4) {
            long grain = Math.max(1, (1 << 15) / Math.max(1, g.inner));
            Parallel.forRange(g.outer, grain, (a, b) -> {
                ReduceAcc total = proto.fresh(), part = proto.fresh();
                ReduceAcc.Buf buf = new ReduceAcc.Buf((int) Math.min(BLOCK, Math.max(1, g.inner)));
                for (long o = a; o < b; o++) {
                    long base = g.base(o);
                    total.reset();
                    for (long blk = 0; blk < nBlocks; blk++) {
                        run.block(part, base, blk, buf);
                        total.merge(part);
                    }
                    total.write(dst, ot, outBase + o, g.inner);
                }
            });
            return;
        }
        // few outputs, long reductions: the blocks of one output in parallel, merged in order afterwards
        ReduceAcc[] parts = new ReduceAcc[(int) nBlocks];
        for (int i = 0; i < parts.length; i++) parts[i] = proto.fresh();
        ReduceAcc total = proto.fresh();
        for (long o = 0; o < g.outer; o++) {
            long base = g.base(o);
            Parallel.forRange(nBlocks, 4, (a, b) -> {
                ReduceAcc.Buf buf = new ReduceAcc.Buf(BLOCK);
                for (long blk = a; blk < b; blk++) run.block(parts[(int) blk], base, blk, buf);
            });
            total.reset();
            for (ReduceAcc p : parts) total.merge(p);
            total.write(dst, ot, outBase + o, g.inner);
        }
    }

    private static final int NONE = 0, SUM = 1, MAX = 2, MIN = 3, VAR = 4, LSE = 5, NONZERO = 6;

    /** Which Vector API block (if any) folds a unit-stride run of dtype t for this accumulator. */
    private static int vecKind(ReduceAcc proto, DType t) {
        boolean f32 = t == DType.FLOAT32;
        // countNonzero, any, all: a count of the nonzero lanes (ElementwiseBench, 16 Mi BOOL: 84.7 ms before)
        if (proto instanceof ReduceAcc.Simple sp && VecReduce.countsNonzero(t)
                && (sp.kind == ReduceAcc.Simple.COUNT || sp.kind == ReduceAcc.Simple.ANY || sp.kind == ReduceAcc.Simple.ALL))
            return NONZERO;
        if (!f32 && t != DType.FLOAT64) return NONE;
        return switch (proto) {
            case ReduceAcc.Sum ignored -> SUM;
            case ReduceAcc.Simple sp when sp.kind == ReduceAcc.Simple.MAX -> MAX;
            case ReduceAcc.Simple sp when sp.kind == ReduceAcc.Simple.MIN -> MIN;
            case ReduceAcc.Var ignored -> VAR;
            case ReduceAcc.LogSumExp ignored when f32 -> LSE;
            default -> NONE;
        };
    }

    /** Gathers a block and folds it into a reset accumulator. */
    private record Runner(ReduceGeom g, MemorySegment src, DType it, int vec) {
        void block(ReduceAcc acc, long base, long blk, ReduceAcc.Buf buf) {
            long start = blk * BLOCK;
            int n = (int) Math.min(BLOCK, g.inner - start);
            acc.reset();
            if (vec != NONE && n > 0) {
                vecBlock(acc, base + start, n, buf);
                return;
            }
            gather(base, start, n, buf, acc.longs());
            acc.block(buf, n);
        }

        private void vecBlock(ReduceAcc acc, long off, int n, ReduceAcc.Buf buf) {
            boolean f32 = it == DType.FLOAT32;
            switch (vec) {
                case SUM -> ((ReduceAcc.Sum) acc).s = f32 ? VecSum.sumF32(src, off, n) : VecSum.sumF64(src, off, n);
                case NONZERO -> {
                    ReduceAcc.Simple sp = (ReduceAcc.Simple) acc;
                    long c = VecReduce.nonzero(src, it, off, n);
                    sp.s = sp.kind == ReduceAcc.Simple.COUNT ? c : sp.kind == ReduceAcc.Simple.ANY ? (c > 0 ? 1 : 0) : (c == n ? 1 : 0);
                }
                case MAX, MIN -> ((ReduceAcc.Simple) acc).s = f32 ? VecReduce.extremeF32(src, off, n, vec == MAX)
                        : VecReduce.extremeF64(src, off, n, vec == MAX);
                case VAR -> {
                    ReduceAcc.Var v = (ReduceAcc.Var) acc;
                    v.n = n;
                    v.mean = (f32 ? VecSum.sumF32(src, off, n) : VecSum.sumF64(src, off, n)) / n;
                    v.m2 = f32 ? VecReduce.sqDevF32(src, off, n, v.mean) : VecReduce.sqDevF64(src, off, n, v.mean);
                }
                default -> {
                    ReduceAcc.LogSumExp l = (ReduceAcc.LogSumExp) acc;
                    float mx = VecReduce.extremeF32(src, off, n, true);
                    l.m = mx;
                    if (Float.isFinite(mx)) l.s = VecReduce.expSumF32(src, off, n, mx, buf.floats());
                    else l.s = mx == Float.NEGATIVE_INFINITY ? 0 : 1;
                }
            }
        }

        private void gather(long base, long start, int n, ReduceAcc.Buf b, boolean longs) {
            long[] off = b.off;
            g.offsets(base, start, n, off);
            if (longs) {
                for (int i = 0; i < n; i++) b.l[i] = Elem.getLong(src, it, off[i]);
                return;
            }
            double[] d = b.d;
            switch (it) {
                case FLOAT32 -> { for (int i = 0; i < n; i++) d[i] = src.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off[i]); }
                case FLOAT64 -> { for (int i = 0; i < n; i++) d[i] = src.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off[i]); }
                default -> { for (int i = 0; i < n; i++) d[i] = Elem.getDouble(src, it, off[i]); }
            }
        }
    }

    static void argReduce(boolean max, Tensor values, Tensor indices, Tensor in, int dim) { CpuScan.argReduce(max, values, indices, in, dim); }

    static void scan(ScanOp op, Tensor out, Tensor indices, Tensor in, int dim) { CpuScan.scan(op, out, indices, in, dim); }

    static void softmax(Tensor out, Tensor in, int dim, boolean log) { CpuScan.softmax(out, in, dim, log); }
}
