package dev.axial.tensor;

/**
 * Linear algebra: matmul (with broadcasting), mm, bmm, mv, dot, outer: methods of {@link Tensor}, declared here to keep
 * Tensor.java about one concern. PyTorch's semantics; operands of different dtypes are promoted
 * ({@link DType#promote}); float16/bfloat16 accumulate in float32, integers exactly (wrapping as int64 does).
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(g, 64, 32), x = Tensor.randn(g, 8, 32, 100);
 * Tensor y = w.matmul(x);          // (8, 64, 100): w broadcast over the batch
 * Tensor d = x.select(0, 0).select(1, 0).dot(x.select(0, 1).select(1, 0));   // 0-dim
 * }</pre>
 */
public sealed interface TensorLinalg permits Tensor {
    private Tensor self() { return (Tensor) this; }

    /** torch.matmul: dot for 1-D x 1-D, matrix product for 2-D, 1-D operands promoted to matrices, batch dims broadcast. */
    default Tensor matmul(Tensor other) { return LinalgOps.matmul(self(), other); }

    /** Matrix product of two 2-D tensors (n, m) x (m, p) -> (n, p), no broadcasting (torch.mm). */
    default Tensor mm(Tensor mat2) { return LinalgOps.mm(self(), mat2); }

    /** Batched matrix product of 3-D tensors (b, n, m) x (b, m, p) -> (b, n, p), no broadcasting (torch.bmm). */
    default Tensor bmm(Tensor mat2) { return LinalgOps.bmm(self(), mat2); }

    /** Matrix-vector product (n, m) x (m) -> (n) (torch.mv). */
    default Tensor mv(Tensor vec) { return LinalgOps.mv(self(), vec); }

    /** Inner product of two 1-D tensors of equal length, a 0-dim tensor (torch.dot). */
    default Tensor dot(Tensor other) { return LinalgOps.dot(self(), other); }

    /** Outer product of two 1-D tensors (n) x (m) -> (n, m) (torch.outer). */
    default Tensor outer(Tensor vec2) { return LinalgOps.outer(self(), vec2); }
}
