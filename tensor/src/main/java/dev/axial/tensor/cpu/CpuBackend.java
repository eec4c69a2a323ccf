package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.InterpolationMode;
import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.ConvParams;
import dev.axial.tensor.spi.RandomOp;
import dev.axial.tensor.spi.ReduceOp;
import dev.axial.tensor.spi.ScanOp;
import dev.axial.tensor.spi.ScatterReduce;
import dev.axial.tensor.spi.UnaryOp;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

/**
 * The reference backend: plain Java on off-heap memory, Vector API fast paths for contiguous data, every
 * core through {@link Parallel}. Each op family lives in its own class; this class only routes.
 */
public final class CpuBackend implements Backend {
    @Override public Device device() { return Device.CPU; }

    @Override public String describe() {
        return "cpu (" + Parallel.threads() + " threads, " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
                + "-bit vectors: " + FloatVector.SPECIES_PREFERRED.length() + " float32 lanes)";
    }

    /** The native segment behind a CPU tensor's storage. */
    public static MemorySegment seg(Tensor t) { return ((CpuStorage) t.storage()).segment(); }

    @Override public Storage allocate(DType dtype, long numel) {
        return new CpuStorage(dtype, numel);
    }

    @Override public void copyFromHost(Tensor dst, MemorySegment src) {
        long bytes = dst.numel() * dst.dtype().byteSize();
        if (dst.isContiguous()) {
            MemorySegment.copy(src, 0, seg(dst), dst.offset() * dst.dtype().byteSize(), bytes);
        } else {
            Tensor tmp = Tensor.empty(dst.dtype(), Device.CPU, dst.shape());
            try (tmp) {
                MemorySegment.copy(src, 0, seg(tmp), 0, bytes);
                copy(dst, tmp);
            }
        }
    }

    @Override public void copyToHost(Tensor src, MemorySegment dst) {
        long bytes = src.numel() * src.dtype().byteSize();
        if (src.isContiguous()) {
            MemorySegment.copy(seg(src), src.offset() * src.dtype().byteSize(), dst, 0, bytes);
        } else {
            try (Tensor tmp = Tensor.empty(src.dtype(), Device.CPU, src.shape())) {
                copy(tmp, src);
                MemorySegment.copy(seg(tmp), 0, dst, 0, bytes);
            }
        }
    }

    @Override public void copy(Tensor dst, Tensor src) { CpuCopy.copy(dst, src); }

    @Override public void fill(Tensor dst, Number value) { CpuCopy.fill(dst, value); }

    @Override public void fillLinear(Tensor dst, double start, double step, double end) { CpuCopy.fillLinear(dst, start, step, end); }

    @Override public void unary(UnaryOp op, Tensor out, Tensor in, double... params) { CpuElementwise.unary(op, out, in, params); }

    @Override public void binary(BinaryOp op, Tensor out, Tensor a, Tensor b, double... params) { CpuElementwise.binary(op, out, a, b, params); }

    @Override public void where(Tensor out, Tensor cond, Tensor a, Tensor b) { CpuElementwise.where(out, cond, a, b); }

    @Override public void preluBackward(Tensor gradInput, Tensor gradWeight, Tensor grad, Tensor input, Tensor weight) {
        CpuElementwise.preluBackward(gradInput, gradWeight, grad, input, weight);
    }

    @Override public void reduce(ReduceOp op, Tensor out, Tensor in, int[] dims, double param) { CpuReduce.reduce(op, out, in, dims, param); }

    @Override public void argReduce(boolean max, Tensor values, Tensor indices, Tensor in, int dim) { CpuReduce.argReduce(max, values, indices, in, dim); }

    @Override public void scan(ScanOp op, Tensor out, Tensor indices, Tensor in, int dim) { CpuReduce.scan(op, out, indices, in, dim); }

    @Override public void softmax(Tensor out, Tensor in, int dim, boolean log) { CpuReduce.softmax(out, in, dim, log); }

    @Override public void matmul(Tensor out, Tensor a, Tensor b) { CpuMatmul.matmul(out, a, b); }

    @Override public void indexSelect(Tensor out, Tensor in, int dim, Tensor index) { CpuIndexing.indexSelect(out, in, dim, index); }

    @Override public void gather(Tensor out, Tensor in, int dim, Tensor index) { CpuIndexing.gather(out, in, dim, index); }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, ScatterReduce reduce) { CpuIndexing.scatter(out, dim, index, src, reduce); }

    @Override public Tensor nonzero(Tensor in) { return CpuIndexing.nonzero(in); }

    @Override public long[] indexBounds(Tensor index) { return CpuIndexing.indexBounds(index); }

    @Override public void sort(Tensor values, Tensor indices, Tensor in, int dim, boolean descending) { CpuSorting.sort(values, indices, in, dim, descending); }

    @Override public void searchsorted(Tensor out, Tensor sorted, Tensor values, boolean right) { CpuSorting.searchsorted(out, sorted, values, right); }

    @Override public void histc(Tensor out, Tensor in, double min, double max) { CpuSorting.histc(out, in, min, max); }

    @Override public void bincount(Tensor out, Tensor in, Tensor weights) { CpuSorting.bincount(out, in, weights); }

    @Override public Tensor[] unique(Tensor in, Tensor perm, boolean inverse, boolean counts) { return CpuSorting.unique(in, perm, inverse, counts); }

    @Override public void quantile(Tensor out, Tensor sorted, double[] q, String interpolation, boolean ignoreNan) {
        CpuSorting.quantile(out, sorted, q, interpolation, ignoreNan);
    }

    @Override public void sortRows(Tensor perm, Tensor rows) { CpuSorting.sortRows(perm, rows); }

    @Override public void random(RandomOp op, Tensor out, long seed, long offset, double a, double b) { CpuRandom.random(op, out, seed, offset, a, b); }

    @Override public void bernoulli(Tensor out, Tensor p, long seed, long offset) { CpuRandom.bernoulli(out, p, seed, offset); }

    // ---- imaging: convolution ----

    @Override public void convolutionForward(Tensor y, Tensor x, Tensor w, Tensor bias, ConvParams p) { CpuConv.forward(y, x, w, bias, p); }

    @Override public void convolutionBackwardData(Tensor dx, Tensor w, Tensor dy, ConvParams p) { CpuConv.backwardData(dx, w, dy, p); }

    @Override public void convolutionBackwardFilter(Tensor dw, Tensor x, Tensor dy, ConvParams p) { CpuConv.backwardFilter(dw, x, dy, p); }

    @Override public void convolutionBackwardBias(Tensor db, Tensor dy) { CpuConv.backwardBias(db, dy); }

    // ---- imaging: pooling ----

    @Override public void maxPool(Tensor out, Tensor indices, Tensor in, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        CpuPool.maxPool(out, indices, in, kernel, stride, padding, dilation);
    }

    @Override public void maxPoolBackward(Tensor gradIn, Tensor gradOut, Tensor indices, int spatialDims) {
        CpuPool.maxPoolBackward(gradIn, gradOut, indices, spatialDims);
    }

    @Override public void avgPool(Tensor out, Tensor in, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, int divisorOverride) {
        CpuPool.avgPool(out, in, kernel, stride, padding, countIncludePad, divisorOverride);
    }

    @Override public void avgPoolBackward(Tensor gradIn, Tensor gradOut, int[] kernel, int[] stride, int[] padding,
                                          boolean countIncludePad, int divisorOverride) {
        CpuPool.avgPoolBackward(gradIn, gradOut, kernel, stride, padding, countIncludePad, divisorOverride);
    }

    @Override public void adaptivePool(Tensor out, Tensor indices, Tensor in, int spatialDims) { CpuPool.adaptivePool(out, indices, in, spatialDims); }

    @Override public void adaptiveAvgPoolBackward(Tensor gradIn, Tensor gradOut, int spatialDims) {
        CpuPool.adaptiveAvgPoolBackward(gradIn, gradOut, spatialDims);
    }

    // ---- imaging: interpolate ----

    @Override public void interpolate(Tensor out, Tensor in, InterpolationMode mode, boolean alignCorners, double[] scales) {
        CpuInterpolate.interpolate(out, in, mode, alignCorners, scales);
    }

    @Override public void interpolateBackward(Tensor gradIn, Tensor gradOut, InterpolationMode mode, boolean alignCorners, double[] scales) {
        CpuInterpolate.interpolateBackward(gradIn, gradOut, mode, alignCorners, scales);
    }

    // ---- imaging: affine_grid / grid_sample ----

    @Override public void gridSample(Tensor out, Tensor input, Tensor grid, int mode, int padding, boolean alignCorners) {
        CpuGridSample.forward(out, input, grid, mode, padding, alignCorners);
    }

    @Override public void gridSampleBackward(Tensor gradInput, Tensor gradGrid, Tensor gradOut, Tensor input, Tensor grid, int mode,
                                             int padding, boolean alignCorners) {
        CpuGridSample.backward(gradInput, gradGrid, gradOut, input, grid, mode, padding, alignCorners);
    }

    // ---- imaging: normalization ----

    @Override public void batchNormForwardTraining(Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                                   double momentum, double eps, Tensor saveMean, Tensor saveInvstd) {
        CpuNorm.batchNormTraining(y, x, weight, bias, runningMean, runningVar, momentum, eps, saveMean, saveInvstd);
    }

    @Override public void batchNormForwardInference(Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double eps) {
        CpuNorm.batchNormInference(y, x, weight, bias, runningMean, runningVar, eps);
    }

    @Override public void batchNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor weight,
                                            Tensor mean, Tensor invstd, boolean training) {
        CpuNorm.batchNormBackward(gradIn, gradWeight, gradBias, gradOut, x, weight, mean, invstd, training);
    }

    @Override public void groupNormForward(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight, Tensor bias, int groups, double eps) {
        CpuNorm.groupNorm(y, mean, rstd, x, weight, bias, groups, eps);
    }

    @Override public void groupNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor mean,
                                            Tensor rstd, Tensor weight, int groups) {
        CpuNorm.groupNormBackward(gradIn, gradWeight, gradBias, gradOut, x, mean, rstd, weight, groups);
    }

    @Override public void layerNormForward(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight, Tensor bias, long rows, long cols, double eps) {
        CpuNorm.layerNorm(y, mean, rstd, x, weight, bias, rows, cols, eps);
    }

    @Override public void layerNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor mean,
                                            Tensor rstd, Tensor weight, long rows, long cols) {
        CpuNorm.layerNormBackward(gradIn, gradWeight, gradBias, gradOut, x, mean, rstd, weight, rows, cols);
    }

    @Override public void localResponseNorm(Tensor y, Tensor x, int size, double alpha, double beta, double k) {
        CpuNormLrn.forward(y, x, size, alpha, beta, k);
    }

    @Override public void localResponseNormBackward(Tensor gradIn, Tensor gradOut, Tensor x, int size, double alpha, double beta, double k) {
        CpuNormLrn.backward(gradIn, gradOut, x, size, alpha, beta, k);
    }

    @Override public void label(Tensor out, Tensor mask, int connectivity) { CpuLabeling.label(out, mask, connectivity); }
}
