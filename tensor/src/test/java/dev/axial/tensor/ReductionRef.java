package dev.axial.tensor;

import java.util.Random;

/** Plain-Java float64 references for the reduction tests: grouping by output, and the ops on one group. */
final class ReductionRef {
    private ReductionRef() {}

    /** For each output (keepdim shape, row-major), the flat input indices it reduces, in row-major order. */
    static int[][] groups(long[] shape, int[] dims) {
        int rank = shape.length;
        boolean[] red = reduced(rank, dims);
        long[] keep = keepShape(shape, dims);
        int outs = (int) Shapes.numel(keep), n = (int) Shapes.numel(shape);
        int inner = outs == 0 ? 0 : n / outs;
        int[][] g = new int[outs][inner];
        int[] fill = new int[outs];
        int[] idx = new int[rank];
        for (int i = 0; i < n; i++) {
            int o = 0;
            for (int d = 0; d < rank; d++) o = (int) (o * keep[d] + (red[d] ? 0 : idx[d]));
            g[o][fill[o]++] = i;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return g;
    }

    static boolean[] reduced(int rank, int[] dims) {
        boolean[] red = new boolean[rank];
        if (dims.length == 0) java.util.Arrays.fill(red, true);
        for (int d : dims) if (rank > 0) red[(d + rank) % rank] = true;
        return red;
    }

    static long[] keepShape(long[] shape, int[] dims) {
        long[] k = shape.clone();
        boolean[] red = reduced(shape.length, dims);
        for (int i = 0; i < k.length; i++) if (red[i]) k[i] = 1;
        return k;
    }

    /** Shape without the reduced dims. */
    static long[] dropShape(long[] shape, int[] dims) {
        long[] k = keepShape(shape, dims);
        boolean[] red = reduced(shape.length, dims);
        int n = 0;
        for (boolean b : red) if (!b) n++;
        long[] s = new long[n];
        for (int i = 0, j = 0; i < shape.length; i++) if (!red[i]) s[j++] = k[i];
        return s;
    }

    static double max(double[] g) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : g) { if (Double.isNaN(x)) return x; m = Math.max(m, x); }
        return m;
    }

    static double min(double[] g) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : g) { if (Double.isNaN(x)) return x; m = Math.min(m, x); }
        return m;
    }

    static double sum(double[] g) {
        double s = 0;
        for (double x : g) s += x;
        return s;
    }

    static double var(double[] g, double correction) {
        double mu = sum(g) / g.length, q = 0;
        for (double x : g) q += (x - mu) * (x - mu);
        return q / Math.max(0, g.length - correction);
    }

    static double norm(double[] g, double p) {
        if (p == Double.POSITIVE_INFINITY) { double m = 0; for (double x : g) m = Double.isNaN(x) ? x : Math.max(m, Math.abs(x)); return m; }
        if (p == Double.NEGATIVE_INFINITY) { double m = Double.POSITIVE_INFINITY; for (double x : g) m = Math.min(m, Math.abs(x)); return m; }
        double s = 0;
        for (double x : g) s += p == 0 ? (x != 0 ? 1 : 0) : Math.pow(Math.abs(x), p);
        return p == 0 ? s : Math.pow(s, 1 / p);
    }

    static double logsumexp(double[] g) {
        double m = max(g);
        if (Double.isInfinite(m) || Double.isNaN(m)) return m;
        double s = 0;
        for (double x : g) s += Math.exp(x - m);
        return m + Math.log(s);
    }

    static double[] pick(double[] v, int[] idx) {
        double[] g = new double[idx.length];
        for (int i = 0; i < idx.length; i++) g[i] = v[idx[i]];
        return g;
    }

    /** Random values that every dtype holds exactly enough: small integers for integral types, [-2, 2) floats. */
    static double[] values(Random r, DType t, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (t) {
                case BOOL -> r.nextInt(3) == 0 ? 0 : 1;
                case UINT8 -> r.nextInt(6);
                case INT8, INT16, INT32, INT64 -> r.nextInt(9) - 4;
                default -> r.nextDouble() * 4 - 2;
            };
        }
        return Conformance.roundTo(t, v);
    }

    /** A random shape of rank 0..4 with sizes 0..4 (a zero size about one time in twelve). */
    static long[] shape(Random r) {
        long[] s = new long[r.nextInt(5)];
        for (int i = 0; i < s.length; i++) s[i] = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(4);
        return s;
    }

    /** A random subset of dims (empty = all), some written negative. */
    static int[] dims(Random r, int rank) {
        if (rank == 0 || r.nextInt(4) == 0) return new int[0];
        int[] pick = new int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++) if (r.nextBoolean()) pick[n++] = r.nextBoolean() ? d : d - rank;
        if (n == 0) pick[n++] = r.nextInt(rank);
        return java.util.Arrays.copyOf(pick, n);
    }

    /** The tensor as a contiguous tensor, a transposed / strided view, or an expanded (stride-0) view. */
    static Tensor view(Random r, Device dev, DType t, double[] v, long[] shape) {
        int kind = r.nextInt(3);
        if (kind == 1 && shape.length > 0) return Conformance.nonContiguous(dev, t, v, shape);
        if (kind == 2 && shape.length > 0 && shape[0] > 0) {
            // expand a size-1 copy of dim 0 when all rows are equal: rebuild values so they are
            int d0 = (int) shape[0];
            int row = d0 == 0 ? 0 : v.length / d0;
            long[] one = shape.clone();
            one[0] = 1;
            double[] first = java.util.Arrays.copyOf(v, row);
            for (int i = 0; i < v.length; i++) v[i] = first[row == 0 ? 0 : i % row];
            return Conformance.tensor(dev, t, first, one).expand(shape);
        }
        return Conformance.tensor(dev, t, v, shape);
    }
}
