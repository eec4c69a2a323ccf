package dev.axial.tensor;

import dev.axial.tensor.spi.ScatterReduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The indexing family's frontend: validation, output allocation, and the calls to the backend's
 * indexSelect/gather/scatter/nonzero. As in PyTorch, gather, scatter and index_select take no negative
 * indices (an error, not a wrap); index_put follows Python indexing, so negative indices count from the end.
 */
final class IndexingOps {
    private IndexingOps() {}

    // ---- checks ----------------------------------------------------------------------------------

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device()))
            throw TensorException.of(op, "expected all tensors on the same device, got " + a.device() + " and " + b.device(), a, b);
    }

    /** The index as int64; int32 is accepted (converted) only where PyTorch accepts it. */
    static Tensor longIndex(String op, Tensor index, boolean int32Ok) {
        index.checkAlive(op);
        if (index.dtype() == DType.INT64) return index;
        if (int32Ok && index.dtype() == DType.INT32) return index.to(DType.INT64);
        throw TensorException.of(op, "expected an index of dtype int64" + (int32Ok ? " or int32" : "") + ", got " + index.dtype(), index);
    }

    /** Every index value in [0, size): else an error naming the op, the offending value and the dim's size. */
    static void checkRange(String op, Tensor index, long size, int dim) {
        if (index.numel() == 0) return;
        long[] b = index.backend().indexBounds(index);
        long bad = b[0] < 0 ? b[0] : b[1] >= size ? b[1] : -1;
        if (b[0] < 0 || b[1] >= size)
            throw TensorException.of(op, "index " + bad + " is out of bounds for dim " + dim + " with size " + size, index);
    }

    private static int rank1(Tensor t) { return Math.max(1, t.dim()); }

    private static Tensor atLeast1d(Tensor t) { return t.dim() == 0 ? t.reshape(1) : t; }

    // ---- gather / scatter ------------------------------------------------------------------------

    static Tensor gather(Tensor self, int dim, Tensor index) {
        String op = "gather";
        self.checkAlive(op);
        sameDevice(op, self, index);
        longIndex(op, index, false);
        if (rank1(self) != rank1(index))
            throw TensorException.of(op, "index must have the same number of dims as input", self, index);
        int d = Shapes.dim(op, dim, self.dim());
        Tensor s = atLeast1d(self), ix = atLeast1d(index);
        for (int i = 0; i < s.dim(); i++)
            if (i != d && ix.size(i) > s.size(i))
                throw TensorException.of(op, "index " + Shapes.str(ix.shape()) + " must not be larger than input "
                        + Shapes.str(s.shape()) + " apart from dim " + d, self, index);
        checkRange(op, ix, s.size(d), d);
        Tensor out = Tensor.empty(self.dtype(), self.device(), index.shape());
        self.backend().gather(out.view(ix.shape()), s, d, ix);
        return out;
    }

    /** In place: the common path of scatter, scatter_add and scatter_reduce. {@code src} null means {@code value}. */
    static Tensor scatterInto(String op, Tensor self, int dim, Tensor index, Tensor src, Number value, ScatterReduce r) {
        self.checkAlive(op);
        sameDevice(op, self, index);
        longIndex(op, index, false);
        if (rank1(self) != rank1(index))
            throw TensorException.of(op, "index must have the same number of dims as self", self, index);
        int d = Shapes.dim(op, dim, self.dim());
        Tensor s = atLeast1d(self), ix = atLeast1d(index);
        long[] is = ix.shape();
        Tensor from;
        if (src != null) {
            src.checkAlive(op);
            sameDevice(op, self, src);
            if (src.dtype() != self.dtype())
                throw TensorException.of(op, "expected self and src of the same dtype, got " + self.dtype() + " and " + src.dtype(), self, src);
            if (rank1(src) != rank1(index))
                throw TensorException.of(op, "index must have the same number of dims as src", index, src);
            Tensor sv = atLeast1d(src);
            for (int i = 0; i < is.length; i++)
                if (is[i] > sv.size(i))
                    throw TensorException.of(op, "index " + Shapes.str(is) + " must not be larger than src " + Shapes.str(sv.shape()), index, src);
            from = sv.asStrided(is, sv.strides(), sv.offset());
        } else {
            from = Tensor.scalar(self.dtype(), self.device(), value).expand(is);
        }
        for (int i = 0; i < is.length; i++)
            if (i != d && is[i] > s.size(i))
                throw TensorException.of(op, "index " + Shapes.str(is) + " must not be larger than self "
                        + Shapes.str(s.shape()) + " apart from dim " + d, self, index);
        checkRange(op, ix, s.size(d), d);
        s.checkWritable(op);
        self.backend().scatter(s, d, ix, from, r);
        return self;
    }

    static Tensor scatter(String op, Tensor self, int dim, Tensor index, Tensor src, Number value, ScatterReduce r) {
        self.checkAlive(op);
        Tensor out = self.copy();
        try {
            return scatterInto(op, out, dim, index, src, value, r);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    static ScatterReduce reduceOf(String op, String reduce) {
        return switch (reduce) {
            case "sum" -> ScatterReduce.SUM;
            case "prod" -> ScatterReduce.PROD;
            case "amax" -> ScatterReduce.AMAX;
            case "amin" -> ScatterReduce.AMIN;
            default -> throw new TensorException(op + ": reduce must be one of sum, prod, mean, amax, amin, got '" + reduce + "'");
        };
    }

    /** The value that leaves any other unchanged under {@code r}: what includeSelf=false puts in the targets first. */
    static Number identity(ScatterReduce r, DType t) {
        return switch (r) {
            case SUM, NONE -> 0;
            case PROD -> 1;
            case AMAX -> t.isFloatingPoint() ? Double.NEGATIVE_INFINITY : lowest(t);
            case AMIN -> t.isFloatingPoint() ? Double.POSITIVE_INFINITY : highest(t);
        };
    }

    private static long lowest(DType t) {
        return switch (t) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;   // uint8, bool
        };
    }

    private static long highest(DType t) {
        return switch (t) {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case UINT8 -> 255;
            default -> 1;   // bool
        };
    }

    static Tensor scatterReduceInto(Tensor self, int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        String op = "scatter_reduce";
        if (reduce.equals("mean")) return scatterMeanInto(self, dim, index, src, includeSelf);
        ScatterReduce r = reduceOf(op, reduce);
        if (!includeSelf) {
            // validates everything, then resets the targets so that only src values combine there
            scatterInto(op, self, dim, index, src, null, ScatterReduce.NONE);
            scatterInto(op, self, dim, index, null, identity(r, self.dtype()), ScatterReduce.NONE);
        }
        return scatterInto(op, self, dim, index, src, null, r);
    }

    /**
     * reduce="mean" as PyTorch composes it: the sum, then a division by the count of values combined at each target
     * (the old value counts when includeSelf; untouched targets divide by 1). The count is kept in self's dtype and
     * integral results are floor-divided, both as PyTorch does.
     */
    private static Tensor scatterMeanInto(Tensor self, int dim, Tensor index, Tensor src, boolean includeSelf) {
        String op = "scatter_reduce";
        self.checkAlive(op);
        if (self.dtype().isBool()) throw TensorException.of(op, "reduce 'mean' is not supported for bool tensors", self);
        scatterReduceInto(self, dim, index, src, "sum", includeSelf);
        try (Scope sc = Scope.open()) {
            Tensor count = includeSelf ? Tensor.ones(self.dtype(), self.device(), self.shape()) : Tensor.zeros(self.dtype(), self.device(), self.shape());
            scatterInto(op, count, dim, index, Tensor.ones(self.dtype(), self.device(), index.shape()), null, ScatterReduce.SUM);
            count.maskedFill_(count.eq(0), 1);
            if (self.dtype().isFloatingPoint()) self.div_(count);
            else self.floorDivide_(count);
        }
        return self;
    }

    static Tensor scatterReduce(Tensor self, int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        self.checkAlive("scatter_reduce");
        Tensor out = self.copy();
        try {
            return scatterReduceInto(out, dim, index, src, reduce, includeSelf);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    // ---- index_select, take_along_dim, one_hot ---------------------------------------------------

    static Tensor indexSelect(Tensor self, int dim, Tensor index) {
        String op = "index_select";
        self.checkAlive(op);
        sameDevice(op, self, index);
        if (index.dim() > 1) throw TensorException.of(op, "index must be 0-D or 1-D", self, index);
        int d = Shapes.dim(op, dim, self.dim());
        try (Scope sc = Scope.open()) {
            Tensor ix = longIndex(op, index, true).reshape(-1);
            Tensor s = atLeast1d(self);
            if (self.dim() == 0 && ix.numel() != 1)
                throw TensorException.of(op, "an index into a 0-dim tensor must hold exactly one value", self, index);
            checkRange(op, ix, s.size(d), d);
            long[] os = s.shape();
            os[d] = ix.numel();
            Tensor out = Tensor.empty(self.dtype(), self.device(), os);
            self.backend().indexSelect(out, s, d, ix);
            return sc.keep(self.dim() == 0 ? out.view() : out);
        }
    }

    static Tensor takeAlongDim(Tensor self, Tensor indices, Integer dim) {
        String op = "take_along_dim";
        self.checkAlive(op);
        longIndex(op, indices, false);
        if (dim == null) return gather(self.reshape(-1), 0, indices.reshape(-1));
        if (self.dim() != indices.dim())
            throw TensorException.of(op, "input and indices must have the same number of dims", self, indices);
        int d = Shapes.dim(op, dim, self.dim());
        long[] a = self.shape(), b = indices.shape();
        if (a.length == 0) return gather(self, 0, indices);
        a[d] = 1;
        b[d] = 1;
        long[] common = Shapes.broadcast(op, a, b);
        long[] sa = common.clone(), sb = common.clone();
        sa[d] = self.size(d);
        sb[d] = indices.size(d);
        return gather(self.expand(sa), d, indices.expand(sb));
    }

    static Tensor oneHot(Tensor self, long numClasses) {
        String op = "one_hot";
        self.checkAlive(op);
        if (self.dtype() != DType.INT64) throw TensorException.of(op, "expects an int64 tensor of class indices", self);
        if (numClasses < -1 || numClasses == 0 && self.numel() > 0)
            throw TensorException.of(op, "num_classes must be positive or -1, got " + numClasses, self);
        long[] os = Arrays.copyOf(self.shape(), self.dim() + 1);
        long c = numClasses;
        if (self.numel() == 0) {
            if (c == -1) throw TensorException.of(op, "can not infer the number of classes from an empty tensor", self);
            os[self.dim()] = c;
            return Tensor.zeros(DType.INT64, self.device(), os);
        }
        long[] b = self.backend().indexBounds(self);
        if (b[0] < 0) throw TensorException.of(op, "class values must be non-negative, got " + b[0], self);
        if (c == -1) c = b[1] + 1;
        if (b[1] >= c) throw TensorException.of(op, "class values must be smaller than num_classes " + c + ", got " + b[1], self);
        os[self.dim()] = c;
        Tensor out = Tensor.zeros(DType.INT64, self.device(), os);
        long[] is = os.clone();
        is[self.dim()] = 1;
        Tensor ones = Tensor.scalar(DType.INT64, self.device(), 1);
        self.backend().scatter(out, self.dim(), self.unsqueeze(-1), ones.expand(is), ScatterReduce.NONE);
        ones.close();
        return out;
    }

    // ---- masks and nonzero -----------------------------------------------------------------------

    private static Tensor boolMask(String op, Tensor self, Tensor mask) {
        mask.checkAlive(op);
        sameDevice(op, self, mask);
        if (mask.dtype() != DType.BOOL) throw TensorException.of(op, "expected a bool mask, got " + mask.dtype(), self, mask);
        return mask;
    }

    static Tensor maskedFill(Tensor self, Tensor mask, Tensor value, boolean inPlace) {
        String op = inPlace ? "masked_fill_" : "masked_fill";
        self.checkAlive(op);
        boolMask(op, self, mask);
        value.checkAlive(op);
        if (value.dim() != 0) throw TensorException.of(op, "the fill value must be a 0-dim tensor", value);
        long[] shape = Shapes.broadcast(op, self, mask);
        try (Scope sc = Scope.open()) {
            Tensor v = value.to(self.device(), self.dtype()).expand(shape);
            if (inPlace) {
                if (!Arrays.equals(shape, self.shape()))
                    throw TensorException.of(op, "mask " + Shapes.str(mask.shape()) + " does not broadcast to self's shape", self, mask);
                self.checkWritable(op);
                // NOTE: out aliases the 'else' operand element for element; each is read before it is written
                self.backend().where(self, mask.expand(shape), v, self);
                return self;
            }
            Tensor out = Tensor.empty(self.dtype(), self.device(), shape);
            self.backend().where(out, mask.expand(shape), v, self.expand(shape));
            return sc.keep(out);
        }
    }

    static Tensor maskedFill(Tensor self, Tensor mask, Number value, boolean inPlace) {
        self.checkAlive(inPlace ? "masked_fill_" : "masked_fill");
        try (Tensor v = Tensor.scalar(self.dtype(), self.device(), value)) {
            return maskedFill(self, mask, v, inPlace);
        }
    }

    static Tensor maskedSelect(Tensor self, Tensor mask) {
        String op = "masked_select";
        self.checkAlive(op);
        boolMask(op, self, mask);
        long[] shape = Shapes.broadcast(op, self, mask);
        try (Scope sc = Scope.open()) {
            Tensor pos = self.backend().nonzero(mask.expand(shape).reshape(-1));
            long n = pos.size(0);
            Tensor out = Tensor.empty(self.dtype(), self.device(), n);
            self.backend().indexSelect(out, self.expand(shape).reshape(-1), 0, pos.view(n));
            return sc.keep(out);
        }
    }

    static Tensor nonzero(Tensor self) {
        self.checkAlive("nonzero");
        return self.backend().nonzero(self);
    }

    // ---- index_put -------------------------------------------------------------------------------

    /** Bool masks become their nonzero coordinates (one int64 index per masked dim), as PyTorch does. */
    private static List<Tensor> expandMasks(String op, Tensor self, Tensor[] indices) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor ix : indices) {
            ix.checkAlive(op);
            sameDevice(op, self, ix);
            if (ix.dtype() == DType.BOOL) {
                int at = out.size();
                for (int j = 0; j < ix.dim(); j++)
                    if (at + j >= self.dim() || ix.size(j) != self.size(at + j))
                        throw TensorException.of(op, "the shape of mask " + Shapes.str(ix.shape()) + " does not match self's dims from "
                                + at, self, ix);
                Tensor nz = self.backend().nonzero(ix);
                for (int j = 0; j < ix.dim(); j++) out.add(nz.select(1, j));
            } else {
                out.add(longIndex(op, ix, true));
            }
        }
        if (out.size() > self.dim())
            throw TensorException.of(op, "too many indices (" + out.size() + ") for a tensor of rank " + self.dim(), self);
        return out;
    }

    static Tensor indexPutInto(Tensor self, Tensor[] indices, Tensor values, boolean accumulate) {
        String op = "index_put_";
        self.checkAlive(op);
        values.checkAlive(op);
        sameDevice(op, self, values);
        self.checkWritable(op);
        if (!accumulate && indices.length == 1 && indices[0].dtype() == DType.BOOL && values.numel() == 1
                && indices[0].dim() <= self.dim() && values.dim() <= self.dim())
            return maskFill(op, self, indices[0], values);
        try (Scope sc = Scope.open()) {
            List<Tensor> idx = expandMasks(op, self, indices);
            int k = idx.size();
            long[][] shapes = new long[k][];
            for (int i = 0; i < k; i++) shapes[i] = idx.get(i).shape();
            long[] b = Shapes.broadcast(op, shapes);
            long[] sh = self.shape();
            long n = Shapes.numel(b), p = 1, rest = 1;
            for (int i = 0; i < sh.length; i++) {
                if (i < k) p *= sh[i];
                else rest *= sh[i];
            }
            // NOTE: the linear index over the leading k dims is built on the host (wrapping negatives, checking range)
            long[] lin = new long[Math.toIntExact(n)];
            long stride = 1;
            for (int i = k - 1; i >= 0; i--) {
                long[] v = idx.get(i).expand(b).toLongArray();
                for (int j = 0; j < lin.length; j++) {
                    long x = v[j] < 0 ? v[j] + sh[i] : v[j];
                    if (x < 0 || x >= sh[i])
                        throw TensorException.of(op, "index " + v[j] + " is out of bounds for dim " + i + " with size " + sh[i], self);
                    lin[j] += x * stride;
                }
                stride *= sh[i];
            }
            long[] full = new long[b.length + sh.length - k];
            System.arraycopy(b, 0, full, 0, b.length);
            System.arraycopy(sh, k, full, b.length, sh.length - k);
            Tensor vals;
            try {
                vals = values.to(self.dtype()).expand(full).reshape(n, rest);
            } catch (TensorException e) {
                throw TensorException.of(op, "values " + Shapes.str(values.shape()) + " do not broadcast to the indexed shape "
                        + Shapes.str(full), self, values);
            }
            Tensor work = self.isContiguous() ? self : self.copy();
            Tensor li = Tensor.of(lin).to(self.device()).view(n, 1).expand(n, rest);
            self.backend().scatter(work.view(p, rest), 0, li, vals, accumulate ? ScatterReduce.SUM : ScatterReduce.NONE);
            if (work != self) self.backend().copy(self, work);
        }
        return self;
    }

    /** {@code x[mask] = v} with one value: a where() over the mask, with no host pass and no coordinates. */
    private static Tensor maskFill(String op, Tensor self, Tensor mask, Tensor value) {
        mask.checkAlive(op);
        sameDevice(op, self, mask);
        long[] ms = Arrays.copyOf(mask.shape(), self.dim());
        for (int i = 0; i < ms.length; i++) {
            if (i >= mask.dim()) ms[i] = 1;
            else if (ms[i] != self.size(i))
                throw TensorException.of(op, "the shape of mask " + Shapes.str(mask.shape()) + " does not match self's leading dims", self, mask);
        }
        try (Scope sc = Scope.open()) {
            Tensor v = value.to(self.dtype()).reshape().expand(self.shape());
            self.backend().where(self, mask.view(ms).expand(self.shape()), v, self);
        }
        return self;
    }

    static Tensor indexPut(Tensor self, Tensor[] indices, Tensor values, boolean accumulate) {
        self.checkAlive("index_put");
        Tensor out = self.copy();
        try {
            return indexPutInto(out, indices, values, accumulate);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
