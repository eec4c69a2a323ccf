package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

/**
 * Group norm, layer norm and local response norm on CUDA (kernels/norm.cu), the norms cuDNN does not cover, with
 * the CPU backend's formulas (cpu/CpuNorm, cpu/CpuNormLrn): two-pass statistics and every sum in double, one block
 * per normalized row. Parameter gradients are reduced in a fixed order (per channel over the batch; per column
 * over fixed chunks of rows), so results do not depend on the launch geometry. Inputs are contiguous float32 or
 * float64; weight, bias, mean and rstd contiguous of x's dtype; a null weight means 1, a null bias 0, a null
 * gradient output "not wanted".
 */
final class CudaNorm {
    private CudaNorm() {}

    private static final String FAMILY = "norm";
    /** Threads per block; at most NORM_BLOCK for the row kernels, whose shared-memory reduction needs a power of two. */
    private static final int BLOCK = 256;
    /** Rows longer than this are split over blocks (chunks of about this many elements, at most MAX_PIECES per row). */
    static final long SPLIT = 1 << 15;
    private static final long MAX_PIECES = 64;
    /** Layer-norm parameter gradients: about this many (chunk, column) partial sums run at once. */
    private static final long PARTIALS = 1 << 16;

    // ---- group norm ----------------------------------------------------------------------------------------------

    static void groupNormForward(CudaContext ctx, Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor w, Tensor b, int groups,
                                 double eps) {
        check("group_norm", x);
        long n = x.size(0), c = x.size(1), s = spatial(x);
        if (groups <= 0 || c % groups != 0)
            throw new TensorException("group_norm: " + c + " channels of " + x.describe() + " do not split into " + groups + " groups");
        rows(ctx, y, mean, rstd, x, w, b, n * groups, (c / groups) * s, groups, s, eps);
    }

    static void groupNormBackward(CudaContext ctx, Tensor gIn, Tensor gW, Tensor gB, Tensor gOut, Tensor x, Tensor mean, Tensor rstd,
                                  Tensor w, int groups) {
        check("group_norm_backward", x);
        long n = x.size(0), c = x.size(1), s = spatial(x);
        if (groups <= 0 || c % groups != 0)
            throw new TensorException("group_norm_backward: " + c + " channels of " + x.describe() + " do not split into " + groups + " groups");
        boolean params = gW != null || gB != null;
        String sfx = CudaDTypes.suffix(x.dtype());
        long rows = n * groups, len = (c / groups) * s;
        try (Scope sc = Scope.open()) {
            if (len > SPLIT && (gIn != null || params)) {
                // long rows: (n, c, chunk of S) blocks, then per-row coefficients, then one thread per element
                long pieces = Math.min(MAX_PIECES, (s + SPLIT - 1) / SPLIT), chunk = (s + pieces - 1) / pieces;
                pieces = (s + chunk - 1) / chunk;
                Tensor sums = Tensor.empty(DType.FLOAT64, x.device(), n * c * 2), part = Tensor.empty(DType.FLOAT64, x.device(), n * c * pieces * 2);
                Tensor coef = Tensor.empty(DType.FLOAT64, x.device(), rows * 2);
                KernelArgs a = new KernelArgs().ptr(address(gIn)).ptr(address(sums)).ptr(address(part)).ptr(address(coef))
                        .ptr(address(gOut)).ptr(address(x)).ptr(address(mean)).ptr(address(rstd)).ptr(address(w))
                        .i64(n).i64(c).i64(s).i64(groups).i64(chunk).i64(pieces);
                ctx.launch(FAMILY, "group_norm_split_sums_" + sfx, blocks(ctx, n * c * pieces), rowBlock(chunk), 0, a);
                ctx.launch(FAMILY, "group_norm_split_coef_" + sfx, ctx.gridFor(rows, BLOCK), BLOCK, 0, a);
                if (gIn != null) ctx.launch(FAMILY, "group_norm_split_dx_" + sfx, ctx.gridFor(n * c * s, BLOCK), BLOCK, 0, a);
                if (params) paramGrads(ctx, sfx, gW, gB, sums, rstd, n, c, groups);
                return;
            }
            Tensor sums = params && n * c > 0 ? Tensor.empty(DType.FLOAT64, x.device(), n * c * 2) : null;
            if ((gIn != null || sums != null) && rows > 0) {
                KernelArgs a = new KernelArgs().ptr(address(gIn)).ptr(address(sums)).ptr(address(gOut)).ptr(address(x))
                        .ptr(address(mean)).ptr(address(rstd)).ptr(address(w)).i64(n).i64(c).i64(s).i64(groups);
                ctx.launch(FAMILY, "group_norm_backward_rows_" + sfx, blocks(ctx, rows), rowBlock(s), 0, a);
            }
            if (params) paramGrads(ctx, sfx, gW, gB, sums, rstd, n, c, groups);
        }
    }

    /** gradWeight, gradBias per channel from the (N, C, 2) sums, the batch added in order. */
    private static void paramGrads(CudaContext ctx, String sfx, Tensor gW, Tensor gB, Tensor sums, Tensor rstd, long n, long c, int groups) {
        if (c == 0) return;
        KernelArgs a = new KernelArgs().ptr(address(gW)).ptr(address(gB)).ptr(address(sums)).ptr(address(rstd))
                .i64(n).i64(c).i64(groups);
        ctx.launch(FAMILY, "group_norm_param_grads_" + sfx, ctx.gridFor(c, BLOCK), BLOCK, 0, a);
    }

    // ---- layer norm ----------------------------------------------------------------------------------------------

    static void layerNormForward(CudaContext ctx, Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor w, Tensor b, long rows, long cols,
                                 double eps) {
        checkDType("layer_norm", x);
        rows(ctx, y, mean, rstd, x, w, b, rows, cols, 1, 1, eps);
    }

    static void layerNormBackward(CudaContext ctx, Tensor gIn, Tensor gW, Tensor gB, Tensor gOut, Tensor x, Tensor mean, Tensor rstd,
                                  Tensor w, long rows, long cols) {
        checkDType("layer_norm_backward", x);
        String sfx = CudaDTypes.suffix(x.dtype());
        boolean params = (gW != null || gB != null) && cols > 0;
        // fixed by size only: chunks of rows whose per-column partial sums are then added in chunk order
        long chunks = rows == 0 ? 0 : Math.min(rows, Math.max(1, PARTIALS / Math.max(1, cols)));
        long chunkRows = chunks == 0 ? 1 : (rows + chunks - 1) / chunks;
        if (chunks > 0) chunks = (rows + chunkRows - 1) / chunkRows;
        try (Scope sc = Scope.open()) {
            Tensor partial = params && chunks > 0 ? Tensor.empty(DType.FLOAT64, x.device(), chunks * cols * 2) : null;
            KernelArgs a = new KernelArgs().ptr(address(gIn)).ptr(address(partial)).ptr(address(gOut)).ptr(address(x))
                    .ptr(address(mean)).ptr(address(rstd)).ptr(address(w)).ptr(address(gW)).ptr(address(gB))
                    .i64(rows).i64(cols).i64(chunkRows).i64(params ? chunks : 0);
            if (gIn != null && rows > 0 && cols > 0)
                ctx.launch(FAMILY, "layer_norm_backward_rows_" + sfx, blocks(ctx, rows), rowBlock(cols), 0, a);
            if (!params) return;
            if (partial != null) ctx.launch(FAMILY, "layer_norm_param_partial_" + sfx, ctx.gridFor(chunks * cols, BLOCK), BLOCK, 0, a);
            ctx.launch(FAMILY, "layer_norm_param_grads_" + sfx, ctx.gridFor(cols, BLOCK), BLOCK, 0, a);
        }
    }

    // ---- local response norm -------------------------------------------------------------------------------------

    static void localResponseNorm(CudaContext ctx, Tensor y, Tensor x, int size, double alpha, double beta, double k) {
        check("local_response_norm", x);
        long n = x.size(0), s = spatial(x);
        if (x.numel() == 0) return;
        ctx.launch(FAMILY, "lrn_forward_" + CudaDTypes.suffix(x.dtype()), ctx.gridFor(n * s, BLOCK), BLOCK, 0,
                lrnArgs(y, null, x, null, size, alpha, beta, k));
    }

    static void localResponseNormBackward(CudaContext ctx, Tensor gIn, Tensor gOut, Tensor x, int size, double alpha, double beta,
                                          double k) {
        check("local_response_norm_backward", x);
        long n = x.size(0), s = spatial(x);
        if (x.numel() == 0) return;
        try (Scope sc = Scope.open()) {
            Tensor scratch = Tensor.empty(DType.FLOAT64, x.device(), x.numel());
            ctx.launch(FAMILY, "lrn_backward_" + CudaDTypes.suffix(x.dtype()), ctx.gridFor(n * s, BLOCK), BLOCK, 0,
                    lrnArgs(gIn, scratch, x, gOut, size, alpha, beta, k));
        }
    }

    /** LrnArgs: out, scratch, x, gradOut, n, c, s, alpha, beta, k, size. */
    private static KernelArgs lrnArgs(Tensor out, Tensor scratch, Tensor x, Tensor gOut, int size, double alpha, double beta, double k) {
        return new KernelArgs().ptr(address(out)).ptr(address(scratch)).ptr(address(x)).ptr(address(gOut))
                .i64(x.size(0)).i64(x.size(1)).i64(spatial(x)).f64(alpha).f64(beta).f64(k).i64(size);
    }

    // ---- shared ----------------------------------------------------------------------------------------------------

    /**
     * The row-normalizing forward: rows of len elements, parameter (r % pmod) * (len / pdiv) + i / pdiv. One block per
     * row (NormRowsArgs), or for rows longer than {@link #SPLIT} elements, chunks of a row on blocks of their own
     * (NormSplitArgs: the same two-pass statistics with the chunks' partial sums added in order).
     */
    private static void rows(CudaContext ctx, Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor w, Tensor b, long rows, long len,
                             long pmod, long pdiv, double eps) {
        if (rows == 0) return;
        String sfx = CudaDTypes.suffix(x.dtype());
        long pieces = Math.min(MAX_PIECES, (len + SPLIT - 1) / SPLIT);
        if (pieces <= 1) {
            KernelArgs a = new KernelArgs().ptr(address(y)).ptr(address(mean)).ptr(address(rstd)).ptr(address(x)).ptr(address(w))
                    .ptr(address(b)).i64(rows).i64(len).i64(pmod).i64(pdiv).f64(eps);
            ctx.launch(FAMILY, "norm_rows_forward_" + sfx, blocks(ctx, rows), rowBlock(len), 0, a);
            return;
        }
        long chunk = (len + pieces - 1) / pieces;
        pieces = (len + chunk - 1) / chunk;
        try (Scope sc = Scope.open()) {
            Tensor part = Tensor.empty(DType.FLOAT64, x.device(), rows * pieces * 3 + rows * 2);
            KernelArgs a = new KernelArgs().ptr(address(y)).ptr(address(mean)).ptr(address(rstd)).ptr(address(x)).ptr(address(w))
                    .ptr(address(b)).ptr(address(part)).i64(rows).i64(len).i64(pmod).i64(pdiv).i64(chunk).i64(pieces).f64(eps);
            ctx.launch(FAMILY, "norm_split_sum_" + sfx, blocks(ctx, rows * pieces), BLOCK, 0, a);
            ctx.launch(FAMILY, "norm_split_dev_" + sfx, blocks(ctx, rows * pieces), BLOCK, 0, a);
            ctx.launch(FAMILY, "norm_split_stats_" + sfx, ctx.gridFor(rows, BLOCK), BLOCK, 0, a);
            ctx.launch(FAMILY, "norm_split_affine_" + sfx, ctx.gridFor(rows * len, BLOCK), BLOCK, 0, a);
        }
    }

    /** One block per row (capped: the kernels loop over rows by the grid's stride). */
    private static long blocks(CudaContext ctx, long rows) { return ctx.gridFor(rows, 1); }

    /** The row kernels' block for reductions over n elements: a power of two in [32, BLOCK], no larger than n needs. */
    static int rowBlock(long n) {
        int b = 32;
        while (b < BLOCK && b < n) b <<= 1;
        return b;
    }

    private static long spatial(Tensor x) {
        long nc = x.size(0) * x.size(1);
        return nc == 0 ? 0 : x.numel() / nc;
    }

    private static long address(Tensor t) { return t == null || t.numel() == 0 ? 0 : CudaStorage.address(t); }

    private static void checkDType(String op, Tensor x) {
        if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64)
            throw new TensorException(op + ": the CUDA backend normalizes float32 or float64, got " + x.describe());
    }

    /** (N, C, spatial...) of float32 or float64. */
    private static void check(String op, Tensor x) {
        checkDType(op, x);
        if (x.dim() < 2) throw new TensorException(op + ": expected (N, C, ...), got " + x.describe());
    }
}
