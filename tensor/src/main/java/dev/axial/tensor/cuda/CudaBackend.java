package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import dev.axial.tensor.imaging.InterpolationMode;
import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.ConvParams;
import dev.axial.tensor.spi.RandomOp;
import dev.axial.tensor.spi.ReduceOp;
import dev.axial.tensor.spi.ScanOp;
import dev.axial.tensor.spi.ScatterReduce;
import dev.axial.tensor.spi.UnaryOp;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The CUDA backend of one device: memory through the context's caching allocator, host copies through the
 * driver, matmul through cuBLAS, every other op through the kernel families ({@code Cuda<Family>} classes, one
 * line each below). Loaded by {@link CudaBackendProvider} when a tensor first goes to "cuda:N".
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[]{1, 2, 3}, 3).to(Device.cuda(0));
 * Backends.get(Device.cuda(0)).describe();   // "cuda:0 (NVIDIA H100 80GB HBM3, sm_90, 79.1 GiB, driver 13.0, cuBLAS 13.1, cuDNN 9.10, NVRTC 13.0)"
 * }</pre>
 */
public final class CudaBackend implements Backend {
    private final CudaContext ctx;

    public CudaBackend(CudaContext ctx) { this.ctx = ctx; }

    /** The context this backend drives. */
    public CudaContext context() { return ctx; }

    @Override public Device device() { return ctx.device(); }

    /** True on the CPU emulator (system property axial.cuda.emulator), false on a real GPU. */
    @Override public boolean isEmulated() { return ctx.driver().emulated(); }

    @Override public String describe() {
        int v = ctx.driver().driverVersion();
        int[] cc = ctx.computeCapability();
        return ctx.device() + " (" + ctx.name() + ", sm_" + cc[0] + cc[1] + ", "
                + String.format(Locale.ROOT, "%.1f GiB", ctx.totalMemory() / (double) (1L << 30)) + ", driver " + v / 1000 + "." + (v % 1000) / 10
                + (ctx.driver().emulated() ? " (CPU emulator)" : "") + ", " + CudaLibraries.summary(ctx) + ")";
    }

    // ---- memory ----------------------------------------------------------------------------------

    @Override public Storage allocate(DType dtype, long numel) { return new CudaStorage(ctx, dtype, numel); }

    @Override public Storage allocatePinnedHost(DType dtype, long numel) {
        CachingAllocator pool = ctx.pinnedAllocator();
        CachingAllocator.Block b = pool.allocate(Math.max(1, numel * dtype.byteSize()));
        return CpuStorage.pinned(dtype, numel, b.address(), () -> pool.free(b));
    }

    @Override public void copyFromHost(Tensor dst, MemorySegment src) {
        long bytes = dst.numel() * dst.dtype().byteSize();
        if (dst.isContiguous()) {
            ctx.copyFromHost(src, CudaStorage.address(dst), bytes);
        } else {
            try (Tensor tmp = Tensor.empty(dst.dtype(), dst.device(), dst.shape())) {
                ctx.copyFromHost(src, CudaStorage.address(tmp), bytes);
                copy(dst, tmp);
            }
        }
    }

    @Override public void copyToHost(Tensor src, MemorySegment dst) {
        long bytes = src.numel() * src.dtype().byteSize();
        if (src.isContiguous()) {
            ctx.copyToHost(CudaStorage.address(src), dst, bytes);
        } else {
            try (Tensor tmp = Tensor.empty(src.dtype(), src.device(), src.shape())) {
                copy(tmp, src);
                ctx.copyToHost(CudaStorage.address(tmp), dst, bytes);
            }
        }
    }

    // ---- linear algebra --------------------------------------------------------------------------

    @Override public void matmul(Tensor out, Tensor a, Tensor b) { CudaMatmul.matmul(ctx, out, a, b); }

    // ---- every other op: one line each, replaced by the kernel families ----------------------------

    @Override public void copy(Tensor dst, Tensor src) { CudaElementwise.copy(ctx, dst, src); }

    @Override public void fill(Tensor dst, Number value) { CudaElementwise.fill(ctx, dst, value); }

    @Override public void fillLinear(Tensor dst, double start, double step, double end) { CudaElementwise.fillLinear(ctx, dst, start, step, end); }

    @Override public void unary(UnaryOp op, Tensor out, Tensor in, double... params) { CudaElementwise.unary(ctx, op, out, in, params); }

    @Override public void binary(BinaryOp op, Tensor out, Tensor a, Tensor b, double... params) { CudaElementwise.binary(ctx, op, out, a, b, params); }

    @Override public void where(Tensor out, Tensor cond, Tensor a, Tensor b) { CudaElementwise.where(ctx, out, cond, a, b); }

    @Override public void preluBackward(Tensor gradInput, Tensor gradWeight, Tensor grad, Tensor input, Tensor weight) {
        CudaElementwise.preluBackward(ctx, gradInput, gradWeight, grad, input, weight);
    }

    @Override public void reduce(ReduceOp op, Tensor out, Tensor in, int[] dims, double param) { CudaReduce.reduce(ctx, op, out, in, dims, param); }

    @Override public void argReduce(boolean max, Tensor values, Tensor indices, Tensor in, int dim) { CudaReduce.argReduce(ctx, max, values, indices, in, dim); }

    @Override public void scan(ScanOp op, Tensor out, Tensor indices, Tensor in, int dim) { CudaReduce.scan(ctx, op, out, indices, in, dim); }

    @Override public void softmax(Tensor out, Tensor in, int dim, boolean log) { CudaReduce.softmax(ctx, out, in, dim, log); }

    @Override public void indexSelect(Tensor out, Tensor in, int dim, Tensor index) { CudaIndexing.indexSelect(CudaContext.of(out), out, in, dim, index); }

    @Override public void gather(Tensor out, Tensor in, int dim, Tensor index) { CudaIndexing.gather(CudaContext.of(out), out, in, dim, index); }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, ScatterReduce reduce) { CudaIndexing.scatter(CudaContext.of(out), out, dim, index, src, reduce); }

    @Override public Tensor nonzero(Tensor in) { return CudaIndexing.nonzero(CudaContext.of(in), in); }

    @Override public long[] indexBounds(Tensor index) { return CudaIndexing.indexBounds(CudaContext.of(index), index); }

    @Override public void sort(Tensor values, Tensor indices, Tensor in, int dim, boolean descending) { CudaSorting.sort(ctx, values, indices, in, dim, descending); }

    @Override public void searchsorted(Tensor out, Tensor sorted, Tensor values, boolean right) { CudaSorting.searchsorted(ctx, out, sorted, values, right); }

    @Override public void histc(Tensor out, Tensor in, double min, double max) { CudaSorting.histc(ctx, out, in, min, max); }

    @Override public void bincount(Tensor out, Tensor in, Tensor weights) { CudaSorting.bincount(ctx, out, in, weights); }

    @Override public Tensor[] unique(Tensor in, Tensor perm, boolean inverse, boolean counts) { return CudaSorting.unique(ctx, in, perm, inverse, counts); }

    @Override public void quantile(Tensor out, Tensor sorted, double[] q, String interpolation, boolean ignoreNan) { CudaSorting.quantile(ctx, out, sorted, q, interpolation, ignoreNan); }

    @Override public void sortRows(Tensor perm, Tensor rows) { CudaSorting.sortRows(ctx, perm, rows); }

    @Override public void random(RandomOp op, Tensor out, long seed, long offset, double a, double b) { CudaRandom.random(CudaContext.of(out), op, out, seed, offset, a, b); }

    @Override public void bernoulli(Tensor out, Tensor p, long seed, long offset) { CudaRandom.bernoulli(CudaContext.of(out), out, p, seed, offset); }

    @Override public void convolutionForward(Tensor y, Tensor x, Tensor w, Tensor bias, ConvParams p) { CudaConvolution.forward(ctx, y, x, w, bias, p); }

    @Override public void convolutionBackwardData(Tensor dx, Tensor w, Tensor dy, ConvParams p) { CudaConvolution.backwardData(ctx, dx, w, dy, p); }

    @Override public void convolutionBackwardFilter(Tensor dw, Tensor x, Tensor dy, ConvParams p) { CudaConvolution.backwardFilter(ctx, dw, x, dy, p); }

    @Override public void convolutionBackwardBias(Tensor db, Tensor dy) { CudaConvolution.backwardBias(ctx, db, dy); }

    @Override public void maxPool(Tensor out, Tensor indices, Tensor in, int[] kernel, int[] stride, int[] padding, int[] dilation) { CudaPooling.maxPool(ctx, out, indices, in, kernel, stride, padding, dilation); }

    @Override public void maxPoolBackward(Tensor gradIn, Tensor gradOut, Tensor indices, int spatialDims) { CudaPooling.maxPoolBackward(ctx, gradIn, gradOut, indices, spatialDims); }

    @Override public void avgPool(Tensor out, Tensor in, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, int divisorOverride) { CudaPooling.avgPool(ctx, out, in, kernel, stride, padding, countIncludePad, divisorOverride); }

    @Override public void avgPoolBackward(Tensor gradIn, Tensor gradOut, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, int divisorOverride) { CudaPooling.avgPoolBackward(ctx, gradIn, gradOut, kernel, stride, padding, countIncludePad, divisorOverride); }

    @Override public void adaptivePool(Tensor out, Tensor indices, Tensor in, int spatialDims) { CudaPooling.adaptivePool(ctx, out, indices, in, spatialDims); }

    @Override public void adaptiveAvgPoolBackward(Tensor gradIn, Tensor gradOut, int spatialDims) { CudaPooling.adaptiveAvgPoolBackward(ctx, gradIn, gradOut, spatialDims); }

    @Override public void interpolate(Tensor out, Tensor in, InterpolationMode mode, boolean alignCorners, double[] scales) { CudaInterpolation.interpolate(ctx, out, in, mode, alignCorners, scales); }

    @Override public void interpolateBackward(Tensor gradIn, Tensor gradOut, InterpolationMode mode, boolean alignCorners, double[] scales) { CudaInterpolation.interpolateBackward(ctx, gradIn, gradOut, mode, alignCorners, scales); }

    @Override public void gridSample(Tensor out, Tensor input, Tensor grid, int mode, int padding, boolean alignCorners) { CudaGridSample.forward(ctx, out, input, grid, mode, padding, alignCorners); }

    @Override public void gridSampleBackward(Tensor gradInput, Tensor gradGrid, Tensor gradOut, Tensor input, Tensor grid, int mode, int padding, boolean alignCorners) { CudaGridSample.backward(ctx, gradInput, gradGrid, gradOut, input, grid, mode, padding, alignCorners); }

    @Override public void batchNormForwardTraining(Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double momentum, double eps, Tensor saveMean, Tensor saveInvstd) { CudaBatchNorm.forwardTraining(ctx, y, x, weight, bias, runningMean, runningVar, momentum, eps, saveMean, saveInvstd); }

    @Override public void batchNormForwardInference(Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double eps) { CudaBatchNorm.forwardInference(ctx, y, x, weight, bias, runningMean, runningVar, eps); }

    @Override public void batchNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor weight, Tensor mean, Tensor invstd, boolean training) { CudaBatchNorm.backward(ctx, gradIn, gradWeight, gradBias, gradOut, x, weight, mean, invstd, training); }

    @Override public void groupNormForward(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight, Tensor bias, int groups, double eps) { CudaNorm.groupNormForward(ctx, y, mean, rstd, x, weight, bias, groups, eps); }

    @Override public void groupNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor mean, Tensor rstd, Tensor weight, int groups) { CudaNorm.groupNormBackward(ctx, gradIn, gradWeight, gradBias, gradOut, x, mean, rstd, weight, groups); }

    @Override public void layerNormForward(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight, Tensor bias, long rows, long cols, double eps) { CudaNorm.layerNormForward(ctx, y, mean, rstd, x, weight, bias, rows, cols, eps); }

    @Override public void layerNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor mean, Tensor rstd, Tensor weight, long rows, long cols) { CudaNorm.layerNormBackward(ctx, gradIn, gradWeight, gradBias, gradOut, x, mean, rstd, weight, rows, cols); }

    @Override public void localResponseNorm(Tensor y, Tensor x, int size, double alpha, double beta, double k) { CudaNorm.localResponseNorm(ctx, y, x, size, alpha, beta, k); }

    @Override public void localResponseNormBackward(Tensor gradIn, Tensor gradOut, Tensor x, int size, double alpha, double beta, double k) { CudaNorm.localResponseNormBackward(ctx, gradIn, gradOut, x, size, alpha, beta, k); }

    @Override public void label(Tensor out, Tensor mask, int connectivity) { CudaLabeling.label(ctx, out, mask, connectivity); }
}
