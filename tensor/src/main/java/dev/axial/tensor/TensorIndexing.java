package dev.axial.tensor;

import dev.axial.tensor.spi.ScatterReduce;

/**
 * Indexing: gather, scatter, index_select, index_put, masked_fill, masked_select, nonzero, take_along_dim,
 * one_hot: methods of {@link Tensor}, declared here to keep Tensor.java about one concern. Index tensors are
 * int64 (index_select and index_put also take int32); gather, scatter and index_select reject negative
 * indices as PyTorch does. Scatter with duplicate indices is deterministic: without a reduction the last
 * write in index order wins; sums and products accumulate in index order.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[]{10, 20, 30});
 * x.indexSelect(0, Tensor.of(new long[]{2, 0}));            // [30, 10]
 * x.maskedFill(Tensor.of(new boolean[]{true, false, true}), 0);   // [0, 20, 0]
 * }</pre>
 */
public sealed interface TensorIndexing permits Tensor {
    private Tensor self() { return (Tensor) this; }

    /** out[i][j] = this[index[i][j]][j] for dim 0 (and so on), as torch.gather; out has index's shape. */
    default Tensor gather(int dim, Tensor index) { return IndexingOps.gather(self(), dim, index); }

    /** A copy with {@code src} values written at {@code index} along {@code dim}, as torch.scatter. */
    default Tensor scatter(int dim, Tensor index, Tensor src) {
        return IndexingOps.scatter("scatter", self(), dim, index, src, null, ScatterReduce.NONE);
    }

    /** A copy with {@code value} written at {@code index} along {@code dim}. */
    default Tensor scatter(int dim, Tensor index, Number value) {
        return IndexingOps.scatter("scatter", self(), dim, index, null, value, ScatterReduce.NONE);
    }

    /** In place: {@link #scatter(int, Tensor, Tensor)}. */
    default Tensor scatter_(int dim, Tensor index, Tensor src) {
        return IndexingOps.scatterInto("scatter_", self(), dim, index, src, null, ScatterReduce.NONE);
    }

    /** In place: {@link #scatter(int, Tensor, Number)}. */
    default Tensor scatter_(int dim, Tensor index, Number value) {
        return IndexingOps.scatterInto("scatter_", self(), dim, index, null, value, ScatterReduce.NONE);
    }

    /** A copy with {@code src} added at {@code index} along {@code dim} (duplicates accumulate), as torch.scatter_add. */
    default Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return IndexingOps.scatter("scatter_add", self(), dim, index, src, null, ScatterReduce.SUM);
    }

    /** In place: {@link #scatterAdd}. */
    default Tensor scatterAdd_(int dim, Tensor index, Tensor src) {
        return IndexingOps.scatterInto("scatter_add_", self(), dim, index, src, null, ScatterReduce.SUM);
    }

    /**
     * torch.scatter_reduce with reduce "sum", "prod", "mean", "amax" or "amin"; includeSelf=false ignores the old values
     * at targets. "mean" divides by the number of values combined (integral dtypes: floor division, as PyTorch).
     */
    default Tensor scatterReduce(int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return IndexingOps.scatterReduce(self(), dim, index, src, reduce, includeSelf);
    }

    /** {@link #scatterReduce(int, Tensor, Tensor, String, boolean)} with includeSelf=true. */
    default Tensor scatterReduce(int dim, Tensor index, Tensor src, String reduce) { return scatterReduce(dim, index, src, reduce, true); }

    /** In place: {@link #scatterReduce(int, Tensor, Tensor, String, boolean)}. */
    default Tensor scatterReduce_(int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return IndexingOps.scatterReduceInto(self(), dim, index, src, reduce, includeSelf);
    }

    /** The entries {@code index} (1-D int64/int32) along {@code dim}, as torch.index_select. */
    default Tensor indexSelect(int dim, Tensor index) { return IndexingOps.indexSelect(self(), dim, index); }

    /**
     * A copy with {@code this[indices[0], indices[1], ...] = values} (accumulate: +=), as torch.index_put. The index
     * tensors address the leading dims, broadcast together; negatives count from the end; bool masks stand for their nonzero().
     */
    default Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
        return IndexingOps.indexPut(self(), indices, values, accumulate);
    }

    /** In place: {@link #indexPut}. Duplicate indices without accumulate: the last in index order wins. */
    default Tensor indexPut_(Tensor[] indices, Tensor values, boolean accumulate) {
        return IndexingOps.indexPutInto(self(), indices, values, accumulate);
    }

    /** A copy with {@code value} where {@code mask} (bool, broadcastable) is true, as torch.masked_fill. */
    default Tensor maskedFill(Tensor mask, Number value) { return IndexingOps.maskedFill(self(), mask, value, false); }

    /** As {@link #maskedFill(Tensor, Number)} with a 0-dim tensor value. */
    default Tensor maskedFill(Tensor mask, Tensor value) { return IndexingOps.maskedFill(self(), mask, value, false); }

    /** In place: {@link #maskedFill(Tensor, Number)}; the mask must broadcast to this shape. */
    default Tensor maskedFill_(Tensor mask, Number value) { return IndexingOps.maskedFill(self(), mask, value, true); }

    /** In place: {@link #maskedFill(Tensor, Tensor)}. */
    default Tensor maskedFill_(Tensor mask, Tensor value) { return IndexingOps.maskedFill(self(), mask, value, true); }

    /** The elements where {@code mask} (bool, broadcastable) is true, row-major, as a 1-D tensor. */
    default Tensor maskedSelect(Tensor mask) { return IndexingOps.maskedSelect(self(), mask); }

    /** The coordinates of the nonzero elements, int64 of shape (n, dim()), row-major order. */
    default Tensor nonzero() { return IndexingOps.nonzero(self()); }

    /** Gathers along {@code dim} with indices broadcast against this tensor on the other dims, as torch.take_along_dim. */
    default Tensor takeAlongDim(Tensor indices, int dim) { return IndexingOps.takeAlongDim(self(), indices, dim); }

    /** take_along_dim without a dim: indexes the flattened tensor. */
    default Tensor takeAlongDim(Tensor indices) { return IndexingOps.takeAlongDim(self(), indices, null); }

    /** One-hot int64 encoding with a new last dim of {@code numClasses} (-1: max + 1), as torch.nn.functional.one_hot. */
    default Tensor oneHot(long numClasses) { return IndexingOps.oneHot(self(), numClasses); }
}
