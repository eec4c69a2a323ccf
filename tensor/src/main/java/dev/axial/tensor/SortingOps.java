package dev.axial.tensor;

import java.util.Arrays;

/**
 * The frontend of sorting and counting: checks, output shapes and dtypes, and composites (topk, kthvalue,
 * median, unique, quantile) written once from the backend's sort, unique, quantile, searchsorted, histc and
 * bincount primitives.
 */
final class SortingOps {
    private SortingOps() {}

    private static final String[] INTERPOLATIONS = {"linear", "lower", "higher", "midpoint", "nearest"};

    // ---- sort family -----------------------------------------------------------------------------

    static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        x.checkAlive("sort");
        int d = Shapes.dim("sort", dim, x.dim());
        Tensor values = Tensor.empty(x.dtype(), x.device(), x.shape());
        Tensor indices = Tensor.empty(DType.INT64, x.device(), x.shape());
        if (x.dim() == 0) x.backend().sort(values.reshape(1), indices.reshape(1), x.reshape(1), 0, descending);
        else x.backend().sort(values, indices, x, d, descending);
        return new ValuesIndices(values, indices);
    }

    static Tensor argsort(Tensor x, int dim, boolean descending) {
        ValuesIndices r = sort(x, dim, descending);
        r.values().close();
        return r.indices();
    }

    static Tensor msort(Tensor x) {
        ValuesIndices r = sort(x, 0, false);
        r.indices().close();
        return r.values();
    }

    static ValuesIndices topk(Tensor x, long k, int dim, boolean largest, boolean sorted) {
        x.checkAlive("topk");
        int d = Shapes.dim("topk", dim, x.dim());
        long n = x.dim() == 0 ? 1 : x.shape()[d];
        if (k < 0 || k > n)
            throw TensorException.of("topk", "k (" + k + ") out of range for dim " + dim + " of size " + n, x);
        if (k == n) return sort(x, d, largest);
        if (k == 0 && x.dim() == 0)
            return new ValuesIndices(Tensor.empty(x.dtype(), x.device(), 0), Tensor.empty(DType.INT64, x.device(), 0));
        try (Scope s = Scope.open()) {
            ValuesIndices all = sort(x, d, largest);
            Tensor v = all.values().narrow(d, 0, k).contiguous(), i = all.indices().narrow(d, 0, k).contiguous();
            return new ValuesIndices(s.keep(v), s.keep(i));
        }
    }

    static ValuesIndices kthvalue(Tensor x, long k, int dim, boolean keepdim) {
        x.checkAlive("kthvalue");
        int d = Shapes.dim("kthvalue", dim, x.dim());
        long n = x.dim() == 0 ? 1 : x.shape()[d];
        if (k < 1 || k > n)
            throw TensorException.of("kthvalue", "k (" + k + ") out of range for dim " + dim + " of size " + n, x);
        try (Scope s = Scope.open()) {
            ValuesIndices all = sort(x, d, false);
            if (x.dim() == 0) return new ValuesIndices(s.keep(all.values()), s.keep(all.indices()));
            Tensor v = all.values().select(d, k - 1).copy(), i = all.indices().select(d, k - 1).copy();
            if (keepdim) {
                v = v.unsqueeze(d);
                i = i.unsqueeze(d);
            }
            return new ValuesIndices(s.keep(v), s.keep(i));
        }
    }

    /**
     * The lower median of all elements: NaN if any element is NaN (as torch.median), or with {@code ignoreNan} the
     * lower median of the non-NaN elements, NaN when there are none (as torch.nanmedian).
     */
    static Tensor median(Tensor x, boolean ignoreNan) {
        String op = ignoreNan ? "nanmedian" : "median";
        x.checkAlive(op);
        long n = x.numel();
        if (n == 0) {
            if (!x.dtype().isFloatingPoint()) throw TensorException.of(op, "cannot take the median of an empty integer tensor", x);
            return Tensor.full(x.dtype(), x.device(), Double.NaN);
        }
        try (Scope s = Scope.open()) {
            Tensor sorted = sort(x.reshape(-1), 0, false).values();
            long nans = 0;
            if (x.dtype().isFloatingPoint()) while (nans < n && Double.isNaN(sorted.getDouble(n - 1 - nans))) nans++;
            long at = nans > 0 && !ignoreNan ? n - 1 : Math.max(n - nans - 1, 0) / 2;
            return s.keep(sorted.select(0, at).copy());
        }
    }

    /**
     * Median along {@code dim} with its index, as torch.median(dim) / torch.nanmedian(dim). PyTorch partitions with
     * the order (value, index), so the median is the element at position (n - 1) / 2 of a stable sort: among equal
     * values the one that stands at that rank in input order. A slice holding NaN gives its first NaN (median) or,
     * for nanmedian, the lower median of its non-NaN values (all NaN: the first NaN, index of the first NaN).
     */
    static ValuesIndices medianDim(Tensor x, int dim, boolean keepdim, boolean ignoreNan) {
        String op = ignoreNan ? "nanmedian" : "median";
        x.checkAlive(op);
        int d = Shapes.dim(op, dim, x.dim());
        if (x.dtype().isBool()) throw TensorException.of(op, "not implemented for bool tensors", x);
        Tensor xs = x.dim() == 0 ? x.reshape(1) : x;
        long n = xs.shape()[d];
        if (n == 0) throw TensorException.of(op, "expected reduction dim " + d + " to have non-zero size", x);
        try (Scope s = Scope.open()) {
            ValuesIndices sorted = sort(xs, d, false);
            long[] ks = xs.shape();
            ks[d] = 1;
            Tensor pos;
            if (!xs.dtype().isFloatingPoint()) {
                pos = Tensor.full(DType.INT64, x.device(), (n - 1) / 2, ks);
            } else {
                Tensor nans = xs.isnan().sum(new int[]{d}, true);
                // NaNs sort last, so the first NaN stands at n - nans; the non-NaN lower median at (n - nans - 1) / 2
                Tensor lower = nans.rsub(n - 1).clampMin(0).floorDivide(2);
                pos = ignoreNan ? lower : nans.rsub(n).where(nans.gt(0), lower);
            }
            Tensor v = sorted.values().gather(d, pos), i = sorted.indices().gather(d, pos);
            if (x.dim() == 0) {
                v = v.reshape();
                i = i.reshape();
            } else if (!keepdim) {
                v = v.squeeze(d);
                i = i.squeeze(d);
            }
            return new ValuesIndices(s.keep(v), s.keep(i));
        }
    }

    // ---- unique ----------------------------------------------------------------------------------

    static UniqueResult unique(Tensor x, boolean returnInverse, boolean returnCounts) {
        x.checkAlive("unique");
        try (Scope s = Scope.open()) {
            ValuesIndices sorted = sort(x.reshape(-1), 0, false);
            Tensor[] r = x.backend().unique(sorted.values(), returnInverse ? sorted.indices() : null, returnInverse, returnCounts);
            return keepUnique(s, x, r);
        }
    }

    /**
     * torch.unique(dim=d): the distinct slices along d in lexicographic order (elements in sort's order), with the
     * inverse (int64, size(d)) and counts. Slices are equal when all elements are == (a slice holding NaN is never
     * merged). Composed from the backend's row sort, ne/any, cumsum, nonzero, index_select, scatter and bincount.
     */
    static UniqueResult uniqueDim(Tensor x, int dim, boolean returnInverse, boolean returnCounts) {
        String op = "unique";
        x.checkAlive(op);
        if (x.dim() == 0) throw TensorException.of(op, "a 0-dim tensor has no dim to take unique slices along", x);
        int d = Shapes.dim(op, dim, x.dim());
        long[] shape = x.shape();
        long zeroDims = Arrays.stream(shape).filter(v -> v == 0).count();
        long n = shape[d];
        if (n == 0) {
            if (zeroDims != 1) throw TensorException.of(op, "more than one dim has size 0, so unique cannot be applied", x);
            return new UniqueResult(Tensor.empty(x.dtype(), x.device(), shape), returnInverse ? Tensor.empty(DType.INT64, x.device(), 0) : null,
                    returnCounts ? Tensor.empty(DType.INT64, x.device(), 0) : null);
        }
        if (zeroDims != 0) throw TensorException.of(op, "dims other than dim " + d + " have size 0, so unique cannot be applied", x);
        try (Scope s = Scope.open()) {
            Tensor moved = x.movedim(d, 0);
            Tensor rows = moved.reshape(n, -1);
            Tensor perm = Tensor.empty(DType.INT64, x.device(), n);
            x.backend().sortRows(perm, rows);
            Tensor sorted = rows.indexSelect(0, perm);
            Tensor first = Tensor.ones(DType.BOOL, x.device(), 1);
            Tensor starts = n == 1 ? first
                    : Tensor.cat(0, first, sorted.narrow(0, 1, n - 1).ne(sorted.narrow(0, 0, n - 1)).any(new int[]{1}, false));
            Tensor at = starts.nonzero().reshape(-1);
            long[] vs = moved.shape();
            vs[0] = at.numel();
            Tensor values = sorted.indexSelect(0, at).reshape(vs).movedim(0, d).contiguous();
            Tensor group = returnInverse || returnCounts ? starts.cumsum(0).sub(1) : null;
            Tensor inverse = null, counts = null;
            if (returnInverse) inverse = s.keep(Tensor.zeros(DType.INT64, x.device(), n).scatter_(0, perm, group));
            if (returnCounts) counts = s.keep(group.bincount());
            return new UniqueResult(s.keep(values), inverse, counts);
        }
    }

    static UniqueResult uniqueConsecutive(Tensor x, boolean returnInverse, boolean returnCounts) {
        x.checkAlive("uniqueConsecutive");
        try (Scope s = Scope.open()) {
            Tensor[] r = x.backend().unique(x.reshape(-1), null, returnInverse, returnCounts);
            return keepUnique(s, x, r);
        }
    }

    private static UniqueResult keepUnique(Scope s, Tensor x, Tensor[] r) {
        return new UniqueResult(s.keep(r[0]), r[1] == null ? null : s.keep(r[1].reshape(x.shape())), r[2] == null ? null : s.keep(r[2]));
    }

    // ---- counting --------------------------------------------------------------------------------

    static Tensor bincount(Tensor x, Tensor weights, long minlength) {
        x.checkAlive("bincount");
        if (x.dim() != 1 || !x.dtype().isIntegral())
            throw TensorException.of("bincount", "input must be a 1-D tensor of integers", x);
        if (minlength < 0) throw TensorException.of("bincount", "minlength must be non-negative, got " + minlength, x);
        if (weights != null) {
            weights.checkAlive("bincount");
            sameDevice("bincount", x, weights);
            if (weights.dim() != 1 || weights.numel() != x.numel())
                throw TensorException.of("bincount", "weights must be 1-D with the input's length", x, weights);
            if (weights.dtype().isBool()) throw TensorException.of("bincount", "weights must be numbers, not bool", x, weights);
        }
        long n = x.numel(), size = minlength;
        if (n > 0) {
            try (Scope s = Scope.open()) {
                long lo = x.amin().itemLong(), hi = x.amax().itemLong();
                if (lo < 0) throw TensorException.of("bincount", "input must be non-negative, found " + lo, x);
                size = Math.max(size, hi + 1);
            }
        }
        DType dt = weights == null ? DType.INT64 : weights.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor out = Tensor.empty(dt, x.device(), size);
        if (n == 0) out.fill_(0);
        else x.backend().bincount(out, x, weights);
        return out;
    }

    static Tensor histc(Tensor x, long bins, double min, double max) {
        x.checkAlive("histc");
        if (!x.dtype().isFloatingPoint()) throw TensorException.of("histc", "input must be floating point", x);
        if (bins <= 0 || bins > Integer.MAX_VALUE - 8) throw TensorException.of("histc", "bins must be positive, got " + bins, x);
        if (min > max) throw TensorException.of("histc", "max (" + max + ") must be larger than min (" + min + ")", x);
        long n = x.numel();
        if (min == max && n > 0) {
            try (Scope s = Scope.open()) {
                min = x.amin().item();
                max = x.amax().item();
            }
        }
        if (!Double.isFinite(min) || !Double.isFinite(max))
            throw TensorException.of("histc", "range of [" + min + ", " + max + "] is not finite", x);
        if (min == max) {
            min -= 1;
            max += 1;
        }
        Tensor out = Tensor.empty(x.dtype(), x.device(), bins);
        if (n == 0) out.fill_(0);
        else x.backend().histc(out, x, min, max);
        return out;
    }

    // ---- quantile --------------------------------------------------------------------------------

    static Tensor quantile(String op, Tensor x, Tensor q, Integer dim, boolean keepdim, String interpolation, boolean ignoreNan) {
        x.checkAlive(op);
        q.checkAlive(op);
        sameDevice(op, x, q);
        if (q.dim() > 1) throw TensorException.of(op, "q must be a scalar or 1-D tensor", x, q);
        if (q.dtype() != x.dtype()) throw TensorException.of(op, "q must have the input's dtype", x, q);
        return quantile(op, x, q.toDoubleArray(), q.dim() == 0, dim, keepdim, interpolation, ignoreNan);
    }

    static Tensor quantile(String op, Tensor x, double[] q, boolean qScalar, Integer dim, boolean keepdim, String interpolation, boolean ignoreNan) {
        x.checkAlive(op);
        if (!x.dtype().isFloatingPoint()) throw TensorException.of(op, "input must be float32, float64, float16 or bfloat16", x);
        if (!Arrays.asList(INTERPOLATIONS).contains(interpolation))
            throw TensorException.of(op, "interpolation must be one of " + Arrays.toString(INTERPOLATIONS) + ", got '" + interpolation + "'", x);
        for (double v : q) if (!(v >= 0 && v <= 1)) throw TensorException.of(op, "q values must be in [0, 1], got " + v, x);
        if (x.numel() == 0) throw TensorException.of(op, "input tensor must be non-empty", x);
        long[] outShape;
        Tensor src;
        if (dim == null) {
            src = x.reshape(-1);
            outShape = new long[keepdim ? x.dim() : 0];
            Arrays.fill(outShape, 1);
        } else {
            int d = Shapes.dim(op, dim, x.dim());
            src = x.dim() == 0 ? x.reshape(1) : x.movedim(d, -1);
            long[] shape = x.shape();
            if (keepdim) {
                outShape = shape;
                if (shape.length > 0) outShape[d] = 1;
            } else {
                outShape = new long[Math.max(shape.length - 1, 0)];
                for (int i = 0, j = 0; i < shape.length; i++) if (i != d) outShape[j++] = shape[i];
            }
        }
        long n = src.size(-1), rows = x.numel() / n;
        long[] finalShape = outShape;
        if (!qScalar) {
            finalShape = new long[outShape.length + 1];
            finalShape[0] = q.length;
            System.arraycopy(outShape, 0, finalShape, 1, outShape.length);
        }
        try (Scope s = Scope.open()) {
            Tensor sorted = sort(src, -1, false).values().reshape(rows, n);
            Tensor out = Tensor.empty(x.dtype(), x.device(), q.length, rows);
            if (q.length > 0) x.backend().quantile(out, sorted, q, interpolation, ignoreNan);
            return s.keep(out.reshape(finalShape));
        }
    }

    // ---- searchsorted ----------------------------------------------------------------------------

    /** torch.bucketize: searchsorted with the roles swapped; the boundaries must be 1-D. */
    static Tensor bucketize(Tensor x, Tensor boundaries, boolean right) {
        x.checkAlive("bucketize");
        boundaries.checkAlive("bucketize");
        if (boundaries.dim() != 1)
            throw TensorException.of("bucketize", "boundaries must be 1-D, got " + boundaries.dim() + " dims", x, boundaries);
        return searchsorted(boundaries, x, right, null);
    }

    /**
     * torch.searchsorted with {@code sorter} (null: none), int64 indices that sort {@code seq} along its last dim:
     * the search runs on seq gathered through them and the result indexes that sorted order, as PyTorch.
     */
    static Tensor searchsorted(Tensor seq, Tensor values, boolean right, Tensor sorter) {
        if (sorter == null) return searchsorted(seq, values, right);
        String op = "searchsorted";
        seq.checkAlive(op);
        sorter.checkAlive(op);
        sameDevice(op, seq, sorter);
        if (sorter.dtype() != DType.INT64) throw TensorException.of(op, "sorter must be an int64 tensor, got " + sorter.dtype(), seq, sorter);
        if (!Arrays.equals(seq.shape(), sorter.shape()))
            throw TensorException.of(op, "the sorted sequence and sorter must have the same shape", seq, sorter);
        if (seq.dim() == 0) throw TensorException.of(op, "the sorted sequence must have at least one dim", seq, values);
        IndexingOps.checkRange(op, sorter, seq.size(-1), seq.dim() - 1);
        try (Scope s = Scope.open()) {
            return s.keep(searchsorted(seq.gather(-1, sorter), values, right));
        }
    }

    static Tensor searchsorted(Tensor seq, Tensor values, boolean right) {
        seq.checkAlive("searchsorted");
        values.checkAlive("searchsorted");
        sameDevice("searchsorted", seq, values);
        if (seq.dim() == 0) throw TensorException.of("searchsorted", "the sorted sequence must have at least one dim", seq, values);
        if (seq.dtype().isBool() || values.dtype().isBool())
            throw TensorException.of("searchsorted", "bool tensors are not supported", seq, values);
        Tensor out = Tensor.empty(DType.INT64, values.device(), values.shape());
        Tensor v = values.dim() == 0 ? values.reshape(1) : values, o = values.dim() == 0 ? out.reshape(1) : out;
        long[] vs = v.shape();
        long len = seq.size(-1);
        Tensor sq;
        if (seq.dim() == 1) {
            long[] want = vs.clone();
            want[want.length - 1] = len;
            sq = seq.expand(want);
        } else {
            long[] ss = seq.shape();
            boolean ok = values.dim() == ss.length;
            for (int i = 0; ok && i < ss.length - 1; i++) ok = ss[i] == vs[i];
            if (!ok)
                throw TensorException.of("searchsorted", "the sorted sequence must be 1-D or share all but the last dim with the values", seq, values);
            sq = seq;
        }
        if (out.numel() > 0) seq.backend().searchsorted(o, sq, v, right);
        return out;
    }

    private static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device()))
            throw TensorException.of(op, "expected all tensors on one device, got " + a.device() + " and " + b.device(), a, b);
    }
}
