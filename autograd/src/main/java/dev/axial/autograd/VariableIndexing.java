package dev.axial.autograd;

import dev.axial.autograd.ops.IndexOps;
import dev.axial.tensor.Tensor;

/**
 * Indexing ops on {@link Variable}s, with the tensor core's names and overloads ({@link IndexOps} holds the
 * formulas). Index and mask tensors are plain tensors.
 *
 * <pre>{@code
 * Variable picked = logits.gather(1, labels);
 * }</pre>
 */
public sealed interface VariableIndexing permits Variable {
    Variable self();

    default Variable gather(int dim, Tensor index) { return IndexOps.gather(self(), dim, index); }
    default Variable indexSelect(int dim, Tensor index) { return IndexOps.indexSelect(self(), dim, index); }
    default Variable takeAlongDim(Tensor indices, int dim) { return IndexOps.takeAlongDim(self(), indices, dim); }
    default Variable takeAlongDim(Tensor indices) { return IndexOps.takeAlongDim(self(), indices, null); }
    default Variable maskedSelect(Tensor mask) { return IndexOps.maskedSelect(self(), mask); }
    default Variable scatter(int dim, Tensor index, Variable src) { return IndexOps.scatter(self(), dim, index, src); }
    default Variable scatter(int dim, Tensor index, Number value) { return IndexOps.scatter(self(), dim, index, value); }
    default Variable scatterAdd(int dim, Tensor index, Variable src) { return IndexOps.scatterAdd(self(), dim, index, src); }
    default Variable scatterReduce(int dim, Tensor index, Variable src, String reduce, boolean includeSelf) {
        return IndexOps.scatterReduce(self(), dim, index, src, reduce, includeSelf);
    }
    default Variable scatterReduce(int dim, Tensor index, Variable src, String reduce) {
        return IndexOps.scatterReduce(self(), dim, index, src, reduce, true);
    }
    default Variable maskedFill(Tensor mask, Number value) { return IndexOps.maskedFill(self(), mask, value); }
    default Variable maskedFill(Tensor mask, Variable value) { return IndexOps.maskedFill(self(), mask, value); }
    default Variable indexPut(Tensor[] indices, Variable values, boolean accumulate) {
        return IndexOps.indexPut(self(), indices, values, accumulate);
    }
}
