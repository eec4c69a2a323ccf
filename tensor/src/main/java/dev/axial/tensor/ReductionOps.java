package dev.axial.tensor;

import dev.axial.tensor.spi.ReduceOp;
import dev.axial.tensor.spi.ScanOp;

/**
 * The frontend of reductions, scans and softmax: dim checks, PyTorch's output dtypes, the empty-input
 * rules, output allocation (keepdim form, squeezed by a view afterwards) and the call into the backend.
 */
final class ReductionOps {
    private ReductionOps() {}

    private static final int[] ALL = new int[0];

    /** Wrapped, sorted, de-duplicated dims; on a 0-dim tensor dim 0 / -1 is accepted and reduces nothing. */
    private static int[] dims(String op, Tensor t, int[] dims) {
        int rank = t.dim();
        int[] ds = Shapes.dims(op, dims, rank);
        return rank == 0 ? ALL : ds;
    }

    private static long[] keepShape(Tensor t, int[] ds) {
        long[] s = t.shape();
        for (int d : ds) s[d] = 1;
        return s;
    }

    private static boolean emptyReduction(Tensor t, int[] ds) {
        for (int d : ds) if (t.size(d) == 0) return true;
        return false;
    }

    private static void requireNonEmpty(String op, Tensor t, int[] ds, boolean dimsGiven) {
        if (t.numel() != 0) return;
        if (!dimsGiven)
            throw TensorException.of(op, "Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument", t);
        for (int d : ds)
            if (t.size(d) == 0) throw TensorException.of(op, "Expected reduction dim " + d + " to have non-zero size", t);
    }

    private static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint())
            throw TensorException.of(op, "expected a floating point input, got " + t.dtype()
                    + " (convert with .to(DType.FLOAT32) first)", t);
    }

    /** The shared path: allocate out in keepdim form, run the backend, squeeze when !keepdim. */
    private static Tensor reduce(ReduceOp op, Tensor t, int[] ds, boolean keepdim, DType outType, double param) {
        Tensor out = Tensor.empty(outType, t.device(), keepShape(t, ds));
        if (out.numel() > 0) t.backend().reduce(op, out, t, ds, param);
        return keepdim ? out : out.squeeze(ds);
    }

    private static DType sumType(Tensor t) {
        return t.dtype().isFloatingPoint() ? t.dtype() : DType.INT64;
    }

    // ---- sum, prod, mean ---------------------------------------------------------------------------

    static Tensor sum(Tensor t, int[] dims, boolean keepdim, DType dtype) {
        t.checkAlive("sum");
        int[] ds = dims("sum", t, dims);
        Tensor in = dtype == null ? t : t.to(dtype);
        try {
            return reduce(ReduceOp.SUM, in, ds, keepdim, dtype == null ? sumType(t) : dtype, 0);
        } finally {
            if (in.storage() != t.storage()) in.close();
        }
    }

    static Tensor prod(Tensor t, int[] dims, boolean keepdim) {
        t.checkAlive("prod");
        int[] ds = dims("prod", t, dims);
        return reduce(ReduceOp.PROD, t, ds, keepdim, sumType(t), 0);
    }

    static Tensor mean(Tensor t, int[] dims, boolean keepdim) {
        t.checkAlive("mean");
        if (!t.dtype().isFloatingPoint())
            throw TensorException.of("mean", "could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: "
                    + t.dtype(), t);
        int[] ds = dims("mean", t, dims);
        return reduce(ReduceOp.MEAN, t, ds, keepdim, t.dtype(), 0);
    }

    /** torch.nansum: NaNs count as zero; integral and bool inputs sum as {@link #sum} (int64). */
    static Tensor nansum(Tensor t, int[] dims, boolean keepdim) {
        t.checkAlive("nansum");
        int[] ds = dims("nansum", t, dims);
        ReduceOp op = t.dtype().isFloatingPoint() ? ReduceOp.NANSUM : ReduceOp.SUM;
        return reduce(op, t, ds, keepdim, sumType(t), 0);
    }

    /** torch.nanmean: the mean of the non-NaN elements, NaN where there are none; floating inputs only. */
    static Tensor nanmean(Tensor t, int[] dims, boolean keepdim) {
        t.checkAlive("nanmean");
        if (!t.dtype().isFloatingPoint())
            throw TensorException.of("nanmean", "expected a floating point input, got " + t.dtype(), t);
        int[] ds = dims("nanmean", t, dims);
        return reduce(ReduceOp.NANMEAN, t, ds, keepdim, t.dtype(), 0);
    }

    static Tensor var(Tensor t, int[] dims, double correction, boolean keepdim, boolean std) {
        String name = std ? "std" : "var";
        t.checkAlive(name);
        if (!t.dtype().isFloatingPoint())
            throw TensorException.of(name, "std and var only support floating point and complex dtypes, got " + t.dtype(), t);
        int[] ds = dims(name, t, dims);
        return reduce(std ? ReduceOp.STD : ReduceOp.VAR, t, ds, keepdim, t.dtype(), correction);
    }

    // ---- extremes ---------------------------------------------------------------------------------

    static Tensor amax(Tensor t, int[] dims, boolean keepdim, boolean max, String name) {
        t.checkAlive(name);
        int[] ds = dims(name, t, dims);
        requireNonEmpty(name, t, ds, dims != null && dims.length > 0);
        return reduce(max ? ReduceOp.AMAX : ReduceOp.AMIN, t, ds, keepdim, t.dtype(), 0);
    }

    /** max/min along one dim with the index of the first occurrence. */
    static ValuesIndices maxDim(Tensor t, int dim, boolean keepdim, boolean max) {
        String name = max ? "max" : "min";
        t.checkAlive(name);
        int d = Shapes.dim(name, dim, t.dim());
        if (t.dim() == 0) {
            Tensor v = t.copy();
            return new ValuesIndices(v, Tensor.zeros(DType.INT64, t.device()));
        }
        requireNonEmpty(name, t, new int[]{d}, true);
        long[] ks = keepShape(t, new int[]{d});
        Tensor values = Tensor.empty(t.dtype(), t.device(), ks);
        Tensor indices = Tensor.empty(DType.INT64, t.device(), ks);
        if (values.numel() > 0) t.backend().argReduce(max, values, indices, t, d);
        if (keepdim) return new ValuesIndices(values, indices);
        return new ValuesIndices(values.squeeze(d), indices.squeeze(d));
    }

    /** argmax/argmin over the flattened tensor (dim null) or along one dim. */
    static Tensor argmax(Tensor t, Integer dim, boolean keepdim, boolean max) {
        String name = max ? "argmax" : "argmin";
        t.checkAlive(name);
        if (dim == null) {
            if (t.numel() == 0)
                throw TensorException.of(name, "Expected reduction dim to be specified for input.numel() == 0", t);
            Tensor flat = t.reshape(-1);
            try {
                Tensor r = argmax(flat, 0, false, max);
                if (!keepdim) return r;
                long[] ones = new long[t.dim()];
                java.util.Arrays.fill(ones, 1);
                return r.reshape(ones);
            } finally {
                if (flat.storage() != t.storage()) flat.close();
            }
        }
        int d = Shapes.dim(name, dim, t.dim());
        if (t.dim() == 0) return Tensor.zeros(DType.INT64, t.device());
        requireNonEmpty(name, t, new int[]{d}, true);
        long[] ks = keepShape(t, new int[]{d});
        Tensor indices = Tensor.empty(DType.INT64, t.device(), ks);
        if (indices.numel() > 0) {
            try (Tensor values = Tensor.empty(t.dtype(), t.device(), ks)) {
                t.backend().argReduce(max, values, indices, t, d);
            }
        }
        return keepdim ? indices : indices.squeeze(d);
    }

    // ---- norms, logic, counting, logsumexp ------------------------------------------------------

    static Tensor norm(Tensor t, double p, int[] dims, boolean keepdim) {
        t.checkAlive("norm");
        requireFloating("norm", t);
        if (Double.isNaN(p)) throw TensorException.of("norm", "p must not be NaN", t);
        int[] ds = dims("norm", t, dims);
        if (Double.isInfinite(p) && emptyReduction(t, ds))
            throw TensorException.of("norm", "cannot compute the " + (p > 0 ? "inf" : "-inf")
                    + " norm on an empty tensor because the operation does not have an identity", t);
        return reduce(ReduceOp.NORM, t, ds, keepdim, t.dtype(), p);
    }

    static Tensor logical(Tensor t, int[] dims, boolean keepdim, boolean all) {
        String name = all ? "all" : "any";
        t.checkAlive(name);
        int[] ds = dims(name, t, dims);
        // NOTE: PyTorch keeps uint8 for uint8 input (a legacy of uint8 masks); every other dtype gives bool
        DType out = t.dtype() == DType.UINT8 ? DType.UINT8 : DType.BOOL;
        return reduce(all ? ReduceOp.ALL : ReduceOp.ANY, t, ds, keepdim, out, 0);
    }

    static Tensor countNonzero(Tensor t, int[] dims) {
        t.checkAlive("count_nonzero");
        int[] ds = dims("count_nonzero", t, dims);
        return reduce(ReduceOp.COUNT_NONZERO, t, ds, false, DType.INT64, 0);
    }

    static Tensor logsumexp(Tensor t, int[] dims, boolean keepdim) {
        t.checkAlive("logsumexp");
        int[] ds = dims("logsumexp", t, dims);
        return reduce(ReduceOp.LOGSUMEXP, t, ds, keepdim, t.dtype().toFloating(), 0);
    }

    // ---- softmax and scans ------------------------------------------------------------------------

    static Tensor softmax(Tensor t, int dim, DType dtype, boolean log) {
        String name = log ? "log_softmax" : "softmax";
        t.checkAlive(name);
        int d = Shapes.dim(name, dim, t.dim());
        Tensor in = dtype == null ? t : t.to(dtype);
        requireFloating(name, in);
        try {
            Tensor out = Tensor.empty(in.dtype(), t.device(), in.shape());
            if (out.numel() == 0) return out;
            if (in.dim() == 0) {
                in.backend().softmax(out.reshape(1), in.reshape(1), 0, log);
            } else {
                in.backend().softmax(out, in, d, log);
            }
            return out;
        } finally {
            if (in.storage() != t.storage()) in.close();
        }
    }

    static Tensor scan(ScanOp op, Tensor t, int dim, DType dtype) {
        String name = op.opName();
        t.checkAlive(name);
        int d = Shapes.dim(name, dim, t.dim());
        Tensor in = dtype == null ? t : t.to(dtype);
        try {
            DType outType = in.dtype();
            if (op == ScanOp.LOGCUMSUMEXP) requireFloating(name, in);
            if ((op == ScanOp.CUMSUM || op == ScanOp.CUMPROD) && dtype == null) outType = sumType(in);
            Tensor out = Tensor.empty(outType, t.device(), in.shape());
            if (out.numel() > 0) {
                if (in.dim() == 0) in.backend().scan(op, out.reshape(1), null, in.reshape(1), 0);
                else in.backend().scan(op, out, null, in, d);
            }
            return out;
        } finally {
            if (in.storage() != t.storage()) in.close();
        }
    }

    static ValuesIndices cumExtreme(Tensor t, int dim, boolean max) {
        ScanOp op = max ? ScanOp.CUMMAX : ScanOp.CUMMIN;
        t.checkAlive(op.opName());
        int d = Shapes.dim(op.opName(), dim, t.dim());
        Tensor values = Tensor.empty(t.dtype(), t.device(), t.shape());
        Tensor indices = Tensor.empty(DType.INT64, t.device(), t.shape());
        if (values.numel() > 0) {
            if (t.dim() == 0) t.backend().scan(op, values.reshape(1), indices.reshape(1), t.reshape(1), 0);
            else t.backend().scan(op, values, indices, t, d);
        }
        return new ValuesIndices(values, indices);
    }
}
