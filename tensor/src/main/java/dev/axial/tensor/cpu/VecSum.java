package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Vector API sums: float32 widened to float64 lanes (so a float32 sum is exact to the float32 rounding of
 * the true sum for any practical length), four independent accumulators to hide the add latency.
 */
final class VecSum {
    private VecSum() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length(), DL = DS.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int TILE = 1024;

    private static DoubleVector widen(FloatVector f, int part) {
        return (DoubleVector) f.convertShape(VectorOperators.F2D, DS, part);
    }

    /** Sum of n float32 at element offset {@code off}, accumulated in float64. */
    static double sumF32(MemorySegment m, long off, int n) {
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        long b = off * 4;
        int i = 0;
        for (; i + 2 * FL <= n; i += 2 * FL) {
            FloatVector f0 = FloatVector.fromMemorySegment(FS, m, b + i * 4L, LE);
            FloatVector f1 = FloatVector.fromMemorySegment(FS, m, b + (i + FL) * 4L, LE);
            a0 = a0.add(widen(f0, 0));
            a1 = a1.add(widen(f0, 1));
            a2 = a2.add(widen(f1, 0));
            a3 = a3.add(widen(f1, 1));
        }
        double s = Lanes.sum(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s += m.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + i);
        return s;
    }

    /** Sum of n float64 at element offset {@code off}. */
    static double sumF64(MemorySegment m, long off, int n) {
        DoubleVector a0 = DoubleVector.zero(DS), a1 = a0, a2 = a0, a3 = a0;
        long b = off * 8;
        int i = 0;
        for (; i + 4 * DL <= n; i += 4 * DL) {
            a0 = a0.add(DoubleVector.fromMemorySegment(DS, m, b + i * 8L, LE));
            a1 = a1.add(DoubleVector.fromMemorySegment(DS, m, b + (i + DL) * 8L, LE));
            a2 = a2.add(DoubleVector.fromMemorySegment(DS, m, b + (i + 2 * DL) * 8L, LE));
            a3 = a3.add(DoubleVector.fromMemorySegment(DS, m, b + (i + 3 * DL) * 8L, LE));
        }
        double s = Lanes.sum(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) s += m.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i);
        return s;
    }

    /** What {@link #tryColumns} folds: a sum, a mean, a NaN-propagating max or min (exact in any order). */
    enum Fold { SUM, MEAN, MAX, MIN }

    /**
     * Sum (mean, max, min) over {@code dims} of a float32/float64 tensor whose reduced dims, moved to the front,
     * make it dense row-major (a contiguous tensor reduced over leading dims, or its transpose over trailing ones),
     * viewed as [R, C]: each task folds whole rows of a column tile into float64 accumulators, rows in order.
     * Returns false (doing nothing) where the shape does not fit.
     */
    static boolean tryColumns(Tensor out, Tensor in, int[] dims, Fold fold) {
        DType t = in.dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || out.dtype() != t) return false;
        int k = dims.length, rank = in.dim();
        if (k == 0 || k >= rank) return false;
        // reduced dims first, kept dims after in their order: must be a dense row-major layout
        int[] perm = new int[rank];
        boolean[] red = new boolean[rank];
        for (int i = 0; i < k; i++) { perm[i] = dims[i]; red[dims[i]] = true; }
        for (int d = 0, j = k; d < rank; d++) if (!red[d]) perm[j++] = d;
        long[] shape = in.shape(), strides = in.strides(), ps = new long[rank], pst = new long[rank];
        for (int i = 0; i < rank; i++) { ps[i] = shape[perm[i]]; pst[i] = strides[perm[i]]; }
        if (!Shapes.isContiguous(ps, pst)) return false;
        long rows = 1, cols = 1;
        for (int i = 0; i < rank; i++) {
            if (i < k) rows *= ps[i];
            else cols *= ps[i];
        }
        if (cols < 64 || rows < 2) return false;
        MemorySegment src = seg(in), dst = seg(out);
        long ib = in.offset(), ob = out.offset();
        long nRows = rows, nCols = cols;
        Parallel.forRange(cols, Math.max(64, (1 << 15) / rows), (a, b) -> {
            double[] acc = new double[TILE];
            for (long c0 = a; c0 < b; c0 += TILE) {
                int w = (int) Math.min(TILE, b - c0);
                Arrays.fill(acc, 0, w, fold == Fold.MAX ? Double.NEGATIVE_INFINITY : fold == Fold.MIN ? Double.POSITIVE_INFINITY : 0);
                for (long r = 0; r < nRows; r++) {
                    if (t == DType.FLOAT32) addRowF32(src, ib + r * nCols + c0, acc, w, fold);
                    else addRowF64(src, ib + r * nCols + c0, acc, w, fold);
                }
                for (int j = 0; j < w; j++) Elem.putDouble(dst, t, ob + c0 + j, fold == Fold.MEAN ? acc[j] / nRows : acc[j]);
            }
        });
        return true;
    }

    private static double fold(double a, double x, Fold f) {
        return f == Fold.MAX ? Math.max(a, x) : f == Fold.MIN ? Math.min(a, x) : a + x;
    }

    private static void addRowF32(MemorySegment m, long off, double[] acc, int w, Fold fd) {
        int j = 0;
        for (; j + FL <= w; j += FL) {
            FloatVector f = FloatVector.fromMemorySegment(FS, m, (off + j) * 4, LE);
            // vectors stay inside this loop body (a vector passed to a call C2 does not inline is boxed)
            DoubleVector a0 = DoubleVector.fromArray(DS, acc, j), a1 = DoubleVector.fromArray(DS, acc, j + DL);
            DoubleVector x0 = widen(f, 0), x1 = widen(f, 1);
            a0 = fd == Fold.MAX ? a0.max(x0) : fd == Fold.MIN ? a0.min(x0) : a0.add(x0);
            a1 = fd == Fold.MAX ? a1.max(x1) : fd == Fold.MIN ? a1.min(x1) : a1.add(x1);
            a0.intoArray(acc, j);
            a1.intoArray(acc, j + DL);
        }
        for (; j < w; j++) acc[j] = fold(acc[j], m.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + j), fd);
    }

    private static void addRowF64(MemorySegment m, long off, double[] acc, int w, Fold fd) {
        int j = 0;
        for (; j + DL <= w; j += DL) {
            DoubleVector a = DoubleVector.fromArray(DS, acc, j), x = DoubleVector.fromMemorySegment(DS, m, (off + j) * 8, LE);
            (fd == Fold.MAX ? a.max(x) : fd == Fold.MIN ? a.min(x) : a.add(x)).intoArray(acc, j);
        }
        for (; j < w; j++) acc[j] = fold(acc[j], m.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + j), fd);
    }
}
