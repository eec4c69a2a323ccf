package dev.axial.tensor;

import java.util.Arrays;

/**
 * The frontend of matmul, mm, bmm, mv, dot and outer: shape rules (torch.matmul's, with 1-D promotion and
 * broadcast batch dims), type promotion, output allocation; the work is one {@code Backend.matmul} call on
 * 3-D operands (B, M, K) x (B, K, N).
 */
final class LinalgOps {
    private LinalgOps() {}

    /** torch.matmul. */
    static Tensor matmul(Tensor a, Tensor b) {
        String op = "matmul";
        check(op, a, b);
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0)
            throw TensorException.of(op, "both arguments to matmul need to be at least 1D, but they are " + ra + "D and " + rb + "D", a, b);
        if (ra == 1 && rb == 1) return dot(a, b, op);
        if (ra == 2 && rb == 1) return mv(a, b, op);
        if (ra == 1 && rb == 2) return mm(a.unsqueeze(0), b, op, a, b).view(b.size(1));
        if (ra == 2 && rb == 2) return mm(a, b, op, a, b);
        // batched: a 1-D operand becomes a matrix, then loses that dim again in the result
        Tensor x = ra == 1 ? a.unsqueeze(0) : a;
        Tensor y = rb == 1 ? b.unsqueeze(1) : b;
        long[] xs = x.shape(), ys = y.shape();
        long m = xs[xs.length - 2], k = xs[xs.length - 1], k2 = ys[ys.length - 2], n = ys[ys.length - 1];
        if (k != k2) throw mismatch(op, x, y, a, b);
        long[] batch;
        try {
            batch = Shapes.broadcast(op, Arrays.copyOf(xs, xs.length - 2), Arrays.copyOf(ys, ys.length - 2));
        } catch (TensorException e) {
            throw TensorException.of(op, "batch dimensions cannot be broadcast: " + e.getMessage(), a, b);
        }
        long[] outShape = concat(batch, m, n);
        Tensor out;
        if (y.dim() == 2) {
            // (batch..., M, K) @ (K, N) is one (batch*M, K) @ (K, N) product, as PyTorch folds it
            out = run(x.expand(concat(batch, m, k)), y, 1, Shapes.numel(batch) * m, k, n, a, b).view(outShape);
        } else {
            out = run(x.expand(concat(batch, m, k)), y.expand(concat(batch, k, n)), Shapes.numel(batch), m, k, n, a, b).view(outShape);
        }
        if (ra == 1) out = out.squeeze(-2);
        if (rb == 1) out = out.squeeze(-1);
        return out;
    }

    /** torch.mm: (n, m) x (m, p). */
    static Tensor mm(Tensor a, Tensor b) {
        check("mm", a, b);
        if (a.dim() != 2) throw TensorException.of("mm", "self must be a matrix", a, b);
        if (b.dim() != 2) throw TensorException.of("mm", "mat2 must be a matrix", a, b);
        return mm(a, b, "mm", a, b);
    }

    /** torch.bmm: (b, n, m) x (b, m, p), no broadcasting. */
    static Tensor bmm(Tensor a, Tensor b) {
        check("bmm", a, b);
        if (a.dim() != 3) throw TensorException.of("bmm", "batch1 must be a 3D tensor", a, b);
        if (b.dim() != 3) throw TensorException.of("bmm", "batch2 must be a 3D tensor", a, b);
        if (a.size(0) != b.size(0))
            throw TensorException.of("bmm", "batch1 and batch2 must have same number of batches, got " + a.size(0) + " and " + b.size(0), a, b);
        if (a.size(2) != b.size(1)) throw mismatch("bmm", a, b, a, b);
        return run(a, b, a.size(0), a.size(1), a.size(2), b.size(2), a, b);
    }

    /** torch.mv: (n, m) x (m). */
    static Tensor mv(Tensor a, Tensor v) {
        check("mv", a, v);
        if (a.dim() != 2 || v.dim() != 1)
            throw TensorException.of("mv", "vector + matrix @ vector expected, got " + a.dim() + "D and " + v.dim() + "D", a, v);
        return mv(a, v, "mv");
    }

    /** torch.dot: 1-D x 1-D, a 0-dim result. */
    static Tensor dot(Tensor a, Tensor b) {
        check("dot", a, b);
        if (a.dim() != 1 || b.dim() != 1)
            throw TensorException.of("dot", "1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors", a, b);
        return dot(a, b, "dot");
    }

    /** torch.outer: (n) x (m) -> (n, m). */
    static Tensor outer(Tensor a, Tensor b) {
        check("outer", a, b);
        if (a.dim() != 1 || b.dim() != 1)
            throw TensorException.of("outer", "1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors", a, b);
        return mm(a.unsqueeze(1), b.unsqueeze(0), "outer", a, b);
    }

    // ---- shared -----------------------------------------------------------------------------------

    private static void check(String op, Tensor a, Tensor b) {
        if (a == null || b == null) throw new TensorException(op + ": operand is null");
        a.checkAlive(op);
        b.checkAlive(op);
        if (!a.device().equals(b.device()))
            throw TensorException.of(op, "expected both tensors on the same device, but found " + a.device() + " and " + b.device(), a, b);
        if (a.dtype().isBool() || b.dtype().isBool())
            throw TensorException.of(op, "not implemented for bool", a, b);
    }

    private static TensorException mismatch(String op, Tensor x, Tensor y, Tensor a, Tensor b) {
        return TensorException.of(op, "mat1 and mat2 shapes cannot be multiplied (" + x.size(-2) + "x" + x.size(-1)
                + " and " + y.size(-2) + "x" + y.size(-1) + ")", a, b);
    }

    private static Tensor mm(Tensor x, Tensor y, String op, Tensor a, Tensor b) {
        if (x.size(1) != y.size(0)) throw mismatch(op, x, y, a, b);
        return run(x, y, 1, x.size(0), x.size(1), y.size(1), a, b).view(x.size(0), y.size(1));
    }

    private static Tensor mv(Tensor m, Tensor v, String op) {
        if (m.size(1) != v.size(0))
            throw TensorException.of(op, "size mismatch, got input (" + m.size(0) + "), mat (" + m.size(0) + "x" + m.size(1)
                    + "), vec (" + v.size(0) + ")", m, v);
        return run(m, v, 1, m.size(0), m.size(1), 1, m, v).view(m.size(0));
    }

    private static Tensor dot(Tensor a, Tensor b, String op) {
        if (a.size(0) != b.size(0))
            throw TensorException.of(op, "inconsistent tensor size, expected tensor [" + a.size(0) + "] and src [" + b.size(0)
                    + "] to have the same number of elements, but got " + a.size(0) + " and " + b.size(0) + " elements respectively", a, b);
        return run(a, b, 1, 1, a.size(0), 1, a, b).view();
    }

    /**
     * x viewed as (bn, m, k) times y viewed as (bn, k, n), in the promoted dtype. Operands whose dims do not
     * merge into that view (expanded batch dims) are copied; temporaries are freed before returning.
     */
    private static Tensor run(Tensor x, Tensor y, long bn, long m, long k, long n, Tensor a, Tensor b) {
        DType dt = DType.promote(a.dtype(), b.dtype());
        Tensor out = Tensor.empty(dt, x.device(), bn, m, n);
        if (out.numel() == 0) return out;
        if (k == 0) return out.fill_(0);
        try (Scope s = Scope.open()) {
            out.backend().matmul(out, x.reshape(bn, m, k).to(dt), y.reshape(bn, k, n).to(dt));
        }
        return out;
    }

    private static long[] concat(long[] batch, long r, long c) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }
}
