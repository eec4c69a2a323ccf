package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.axial.autograd.Graph.grads;
import static dev.axial.autograd.ops.ShapeOps.scatterBack;

/**
 * The backward table of the indexing ops: gather, index_select, scatter, masked ops, index_put (see
 * {@link MathOps} for the conventions; where(cond, a, b) is MathOps.where). Index and mask tensors are plain
 * tensors, never differentiated. Gradients of inputs read at duplicate indices accumulate (a scatter-add). Scatter
 * without a reduction and index_put without accumulate give the gradient to every duplicate, as PyTorch does (only
 * the last write wins the value).
 *
 * <pre>{@code
 * Variable picked = IndexOps.gather(logits, 1, labels);      // usually written logits.gather(1, labels)
 * }</pre>
 */
public final class IndexOps {
    private IndexOps() {}

    // ---- reads ------------------------------------------------------------------------------------

    /** indexSelect(dim, index): d/da = zeros with g added at the selected entries (duplicates accumulate). */
    public static Variable indexSelect(Variable a, int dim, Tensor index) {
        long[] in = a.shape();
        Tensor out = a.data().indexSelect(dim, index);
        return Graph.record("index_select", out, (g, need) -> {
            if (in.length == 0) return grads(g);
            int d = Shapes.dim("index_select", dim, in.length);
            long[] s = new long[in.length];
            Arrays.fill(s, 1);
            s[d] = index.numel();
            // the index laid along dim and broadcast over the others: one scatter-add back
            Tensor ix = index.to(DType.INT64).reshape(s).expand(g.shape());
            return grads(Tensor.zeros(g.dtype(), g.device(), in).scatterAdd_(d, ix, g));
        }, a);
    }

    /** gather(dim, index): d/da = zeros scatter-added with g at index. */
    public static Variable gather(Variable a, int dim, Tensor index) {
        long[] in = a.shape();
        return Graph.record("gather", a.data().gather(dim, index),
                (g, need) -> grads(Tensor.zeros(g.dtype(), g.device(), in).scatterAdd_(dim, index, g)), a);
    }

    /** takeAlongDim(indices, dim) (dim null: the flattened input): d/da = g summed into the entries read. */
    public static Variable takeAlongDim(Variable a, Tensor indices, Integer dim) {
        long[] in = a.shape();
        Tensor out = dim == null ? a.data().takeAlongDim(indices) : a.data().takeAlongDim(indices, dim);
        return Graph.record("take_along_dim", out,
                (g, need) -> grads(scatterBack(in, g, p -> dim == null ? p.takeAlongDim(indices) : p.takeAlongDim(indices, dim))), a);
    }

    /** maskedSelect(mask) (mask broadcast with a): d/da = g summed back into the selected elements. */
    public static Variable maskedSelect(Variable a, Tensor mask) {
        long[] in = a.shape();
        return Graph.record("masked_select", a.data().maskedSelect(mask), (g, need) -> grads(scatterBack(in, g, p -> p.maskedSelect(mask))), a);
    }

    // ---- writes -----------------------------------------------------------------------------------

    /** scatter(dim, index, src): d/da = g with the written entries zeroed; d/dsrc = g gathered at index. */
    public static Variable scatter(Variable a, int dim, Tensor index, Variable src) {
        long[] srcShape = src.shape();
        return Graph.record("scatter", a.data().scatter(dim, index, src.data()),
                (g, need) -> grads(need[0] ? g.scatter(dim, index, 0) : null, need[1] ? gatherInto(g, dim, index, srcShape) : null), a, src);
    }

    /** scatter(dim, index, value): d/da = g with the written entries zeroed. */
    public static Variable scatter(Variable a, int dim, Tensor index, Number value) {
        return Graph.record("scatter", a.data().scatter(dim, index, value), (g, need) -> grads(g.scatter(dim, index, 0)), a);
    }

    /** scatterAdd(dim, index, src): d/da = g; d/dsrc = g gathered at index. */
    public static Variable scatterAdd(Variable a, int dim, Tensor index, Variable src) {
        long[] srcShape = src.shape();
        return Graph.record("scatter_add", a.data().scatterAdd(dim, index, src.data()),
                (g, need) -> grads(need[0] ? g : null, need[1] ? gatherInto(g, dim, index, srcShape) : null), a, src);
    }

    /**
     * scatterReduce(dim, index, src, reduce, includeSelf) for reduce "sum", "mean", "amax", "amin" ("prod" is not
     * differentiable here). sum: as scatter_add, with the targets' own gradient dropped when !includeSelf. mean: g
     * divided by the count combined at each target. amax/amin: g shared evenly by every value equal to the result
     * (PyTorch's rule for ties).
     */
    public static Variable scatterReduce(Variable a, int dim, Tensor index, Variable src, String reduce, boolean includeSelf) {
        if (reduce.equals("prod"))
            throw new UnsupportedOperationException("scatter_reduce: reduce 'prod' has no backward here (use sum, mean, amax or amin)");
        Tensor x = a.data(), s = src.data();
        Tensor out = x.scatterReduce(dim, index, s, reduce, includeSelf);
        long[] srcShape = src.shape();
        return Graph.record("scatter_reduce", out, (g, need) -> {
            // 1 where self's old value takes part in the result
            Tensor selfIn = includeSelf ? x.onesLike() : x.onesLike().scatter(dim, index, 0);
            Tensor srcPart = prefix(s, index.shape());
            return switch (reduce) {
                case "sum" -> grads(need[0] ? g.mul(selfIn) : null, need[1] ? gatherInto(g, dim, index, srcShape) : null);
                case "mean" -> {
                    Tensor count = selfIn.scatterAdd(dim, index, Tensor.ones(x.dtype(), x.device(), index.shape())).clampMin(1);
                    Tensor gc = g.div(count);
                    yield grads(need[0] ? gc.mul(selfIn) : null, need[1] ? gatherInto(gc, dim, index, srcShape) : null);
                }
                case "amax", "amin" -> {
                    Tensor selfHit = x.eq(out).logicalAnd(selfIn.gt(0)).to(x.dtype());
                    Tensor srcHit = srcPart.eq(out.gather(dim, index)).to(x.dtype());
                    Tensor gc = g.div(selfHit.scatterAdd(dim, index, srcHit).clampMin(1));
                    yield grads(need[0] ? gc.mul(selfHit) : null, need[1] ? embed(gc.gather(dim, index).mul(srcHit), srcShape) : null);
                }
                default -> throw new IllegalArgumentException("scatter_reduce: unknown reduce '" + reduce + "'");
            };
        }, a, src);
    }

    /** maskedFill(mask, value): d/da = g with the filled elements zeroed. */
    public static Variable maskedFill(Variable a, Tensor mask, Number value) {
        return Graph.record("masked_fill", a.data().maskedFill(mask, value), (g, need) -> grads(g.maskedFill(mask, 0)), a);
    }

    /** maskedFill(mask, value) with a 0-dim variable value: d/da = g off the mask, d/dvalue = the sum of g on it. */
    public static Variable maskedFill(Variable a, Tensor mask, Variable value) {
        return Graph.record("masked_fill", a.data().maskedFill(mask, value.data()), (g, need) -> grads(
                need[0] ? g.maskedFill(mask, 0) : null, need[1] ? g.maskedFill(mask.logicalNot(), 0).sum() : null), a, value);
    }

    /**
     * indexPut(indices, values, accumulate) (torch.index_put; indices address the leading dims, bool masks stand
     * for their nonzero()): d/da = g with the written elements zeroed (g itself when accumulating); d/dvalues = g
     * read at the indices.
     */
    public static Variable indexPut(Variable a, Tensor[] indices, Variable values, boolean accumulate) {
        Tensor[] ix = indices.clone();
        return Graph.record("index_put", a.data().indexPut(ix, values.data(), accumulate), (g, need) -> grads(
                need[0] ? (accumulate ? g : g.indexPut(ix, Tensor.scalar(g.dtype(), g.device(), 0), false)) : null,
                need[1] ? indexGet(g, ix) : null), a, values);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** g gathered at index along dim, placed in zeros of the source's shape (the index may cover only part of it). */
    private static Tensor gatherInto(Tensor g, int dim, Tensor index, long[] srcShape) {
        return embed(g.gather(dim, index), srcShape);
    }

    /** The leading part of t of the given shape (the src entries a scatter reads). */
    private static Tensor prefix(Tensor t, long[] shape) {
        for (int i = 0; i < shape.length && i < t.dim(); i++) t = t.narrow(i, 0, shape[i]);
        return t;
    }

    /** t (no larger than shape in any dim) at the start of zeros of shape. */
    private static Tensor embed(Tensor t, long[] shape) {
        if (Arrays.equals(t.shape(), shape)) return t;
        if (t.dim() == 0) return t.reshape(shape);
        long[] pad = new long[2 * shape.length];
        for (int i = 0; i < shape.length; i++) pad[2 * (shape.length - 1 - i) + 1] = shape[i] - t.size(i);
        return t.pad(pad, "constant", 0);
    }

    /** g[indices] for index_put's indices (advanced indexing of the leading dims), shape broadcast(indices) + rest. */
    private static Tensor indexGet(Tensor g, Tensor[] indices) {
        List<Tensor> idx = new ArrayList<>();
        for (Tensor ix : indices) {
            if (ix.dtype() == DType.BOOL) {
                Tensor nz = ix.nonzero();
                for (int j = 0; j < ix.dim(); j++) idx.add(nz.select(1, j));
            } else {
                idx.add(ix.to(DType.INT64));
            }
        }
        long[] sh = g.shape();
        int k = idx.size();
        long[][] shapes = new long[k][];
        for (int i = 0; i < k; i++) shapes[i] = idx.get(i).shape();
        long[] b = Shapes.broadcast("index_put", shapes);
        // the linear index over the leading k dims, negatives wrapped (the forward has checked the range)
        Tensor lin = Tensor.zeros(DType.INT64, g.device(), b);
        long stride = 1, rest = 1;
        for (int i = sh.length - 1; i >= k; i--) rest *= sh[i];
        for (int i = k - 1; i >= 0; i--) {
            Tensor x = idx.get(i);
            lin = lin.add(x.where(x.ge(0), x.add(sh[i])).mul(stride));
            stride *= sh[i];
        }
        long[] full = new long[b.length + sh.length - k];
        System.arraycopy(b, 0, full, 0, b.length);
        System.arraycopy(sh, k, full, b.length, sh.length - k);
        return g.reshape(stride, rest).indexSelect(0, lin.reshape(-1)).reshape(full);
    }
}
