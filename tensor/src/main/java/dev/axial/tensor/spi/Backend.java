package dev.axial.tensor.spi;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Storage;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * The one interface a backend implements: allocation, copies, and one method per op family. Together
 * with the family enums ({@link UnaryOp}, {@link BinaryOp}, {@link ReduceOp}, {@link ScanOp},
 * {@link RandomOp}) this is the op table: every op of the tensor core is either one of these entries or
 * written once, in the frontend, from them.
 *
 * <p>Contract: the frontend has already checked shapes, dtypes and devices, allocated every output on
 * this backend, and broadcast inputs to the output's shape (stride-0 views). Tensors may be
 * non-contiguous and may even have negative strides (flip); outputs are freshly allocated and
 * contiguous unless a method says otherwise. A backend never allocates what it returns except where
 * the result's size depends on the data ({@link #nonzero}).
 */
public interface Backend {
    /** The device this backend drives. */
    Device device();

    /** A one-line description: "cpu (2 threads, AVX-512 / 512-bit vectors)". */
    String describe();

    /**
     * True when this backend stands in for its device without the hardware (the CUDA backend on the CPU emulator
     * that tests use): correct but slow, so never chosen automatically ({@link dev.axial.tensor.Backends#preferredDevice}).
     *
     * <pre>{@code
     * Backends.get(Device.cuda(0)).isEmulated();   // true under -Daxial.cuda.emulator=.../libaxemu.so
     * }</pre>
     */
    default boolean isEmulated() { return false; }

    // ---- memory ----------------------------------------------------------------------------------

    /** A new buffer of {@code numel} elements, contents undefined, owned by the current {@link dev.axial.tensor.Scope}. */
    Storage allocate(DType dtype, long numel);

    /**
     * A new CPU buffer in this device's page-locked (pinned) host memory, which it copies to and from at full speed
     * ({@code Tensor.pinMemory}); only GPU backends have one.
     */
    default Storage allocatePinnedHost(DType dtype, long numel) {
        throw new UnsupportedOperationException(device() + " has no pinned host memory (a CUDA device has)");
    }

    /** Copies {@code dst.numel()} elements of host memory, laid out contiguously as {@code dst.dtype()}, into {@code dst}. */
    void copyFromHost(Tensor dst, MemorySegment src);

    /** Copies {@code src} (any strides) into contiguous host memory, as {@code src.dtype()}. */
    void copyToHost(Tensor src, MemorySegment dst);

    /** dst[i] = (dst.dtype) src[i], both on this backend, same shape, any strides. */
    void copy(Tensor dst, Tensor src);

    /** Every element of {@code dst} (any strides) set to {@code value}, converted to dst's dtype. */
    void fill(Tensor dst, Number value);

    /**
     * dst[i] = start + i*step for i &lt; n/2, else end - (n-1-i)*step (PyTorch's linspace, exact at both ends);
     * with {@code end} NaN, start + i*step throughout (PyTorch's arange). dst is 1-D.
     */
    void fillLinear(Tensor dst, double start, double step, double end);

    // ---- elementwise -----------------------------------------------------------------------------

    /** out = op(in) elementwise; in already converted to the compute dtype unless op is a predicate. */
    void unary(UnaryOp op, Tensor out, Tensor in, double... params);

    /**
     * out = op(a, b) elementwise; a and b have out's shape (broadcast views) and share one dtype;
     * {@code params}: op's scalar arguments ({@link BinaryOp#paramCount()}; ADD_SCALED's alpha).
     */
    void binary(BinaryOp op, Tensor out, Tensor a, Tensor b, double... params);

    /** out = cond ? a : b; all four have out's shape; cond is BOOL; a, b have out's dtype. */
    void where(Tensor out, Tensor cond, Tensor a, Tensor b);

    /**
     * The gradients of {@link BinaryOp#PRELU} in one pass (ATen's _prelu_kernel_backward): gradInput = grad where
     * input &gt; 0, else weight * grad; gradWeight = 0 where input &gt; 0, else input * grad (per element: the caller
     * sums it to the slopes' shape). All five have input's shape (weight a broadcast view) and one floating dtype.
     */
    void preluBackward(Tensor gradInput, Tensor gradWeight, Tensor grad, Tensor input, Tensor weight);

    // ---- reductions ------------------------------------------------------------------------------

    /**
     * out = op over {@code dims} of in. {@code out} has in's rank with the reduced dims of size 1
     * (keepdim form; the frontend squeezes). {@code param}: VAR's correction, NORM's p.
     */
    void reduce(ReduceOp op, Tensor out, Tensor in, int[] dims, double param);

    /**
     * Max or min along {@code dim} with the index of the first occurrence (NaN counts as the extreme, as PyTorch).
     * values and indices (INT64) have in's rank with dim of size 1. {@code max}: true for max, false for min.
     */
    void argReduce(boolean max, Tensor values, Tensor indices, Tensor in, int dim);

    /** Inclusive scan along {@code dim}; out has in's shape. For CUMMAX/CUMMIN, {@code indices} (INT64) gets the argument, else it is null. */
    void scan(ScanOp op, Tensor out, Tensor indices, Tensor in, int dim);

    /** Softmax or log-softmax along {@code dim}, max-subtracted. */
    void softmax(Tensor out, Tensor in, int dim, boolean log);

    // ---- linear algebra --------------------------------------------------------------------------

    /** out[b] = a[b] @ bt[b] for 3-D tensors (B, M, K) x (B, K, N) -> (B, M, N); a and b may be strided (e.g. transposed). */
    void matmul(Tensor out, Tensor a, Tensor b);

    // ---- indexing --------------------------------------------------------------------------------

    /** out = in.index_select(dim, index); index is 1-D INT64, already range-checked and non-negative. */
    void indexSelect(Tensor out, Tensor in, int dim, Tensor index);

    /** out = in.gather(dim, index); index INT64 with out's shape, range-checked, non-negative. */
    void gather(Tensor out, Tensor in, int dim, Tensor index);

    /** In place: out.scatter_(dim, index, src, reduce); index INT64 (range-checked), src has index's shape. */
    void scatter(Tensor out, int dim, Tensor index, Tensor src, ScatterReduce reduce);

    /** The indices (INT64, shape (n, in.dim())) of the nonzero elements of in, in row-major order. */
    Tensor nonzero(Tensor in);

    /** {min, max} of an integral tensor with at least one element: the frontend's index range check (one pass, no host copy). */
    long[] indexBounds(Tensor index);

    // ---- sorting and counting --------------------------------------------------------------------

    /** Stable sort along {@code dim}; values has in's dtype, indices is INT64; NaN sorts last ascending (first descending), as PyTorch. */
    void sort(Tensor values, Tensor indices, Tensor in, int dim, boolean descending);

    /** out[..., j] = insertion index of values[..., j] in the last dim of sorted (left or right side); out INT64. */
    void searchsorted(Tensor out, Tensor sorted, Tensor values, boolean right);

    /** out (FLOAT, bins) = histogram of in's values in [min, max], as torch.histc. */
    void histc(Tensor out, Tensor in, double min, double max);

    /** out[v] += weights[i] (or 1) for each v = in[i]; in is 1-D integral with values in [0, out.numel()). */
    void bincount(Tensor out, Tensor in, Tensor weights);

    /**
     * Runs of equal neighbours ({@code ==}: NaNs never merge) of 1-D {@code in}: returns {values, inverse, counts}
     * (inverse, counts INT64; null unless asked). With {@code perm} (INT64, the permutation that sorted the original
     * into {@code in}) inverse is given in the original order; with null, in in's order. Allocates (data-dependent size).
     */
    Tensor[] unique(Tensor in, Tensor perm, boolean inverse, boolean counts);

    /**
     * out[j, r] = quantile q[j] of row r of {@code sorted} (R, n) (ascending, NaN last), as torch.quantile with
     * {@code interpolation} "linear", "lower", "higher", "midpoint" or "nearest"; out is (q.length, R). A row
     * holding NaN gives NaN, unless {@code ignoreNan} (nanquantile), where NaNs are dropped.
     */
    void quantile(Tensor out, Tensor sorted, double[] q, String interpolation, boolean ignoreNan);

    /**
     * perm (INT64, n) = the stable lexicographic order of the rows of 2-D {@code rows} (n, m), elements compared in
     * {@link #sort}'s order (NaN above every number, -0.0 equal to 0.0): unique(dim)'s sort.
     */
    void sortRows(Tensor perm, Tensor rows);

    // ---- random ----------------------------------------------------------------------------------

    /** Fills out from Philox4x32-10 with key {@code seed} and counters starting at {@code offset}. */
    void random(RandomOp op, Tensor out, long seed, long offset, double a, double b);

    /** out[i] = 1 with probability p[i] (Philox as {@link #random}); p has out's shape. */
    void bernoulli(Tensor out, Tensor p, long seed, long offset);

    // ---- imaging: convolution (frontend dev.axial.tensor.imaging.Convolution) ----------------------

    /**
     * cudnnConvolutionForward (+ cudnnAddTensor for the bias): y = conv(x, w) + bias. x (N, C, spatial...),
     * w (K, C/groups, kernel...), y (N, K, out...), bias (K) or null; all contiguous, one float dtype. y's spatial
     * size is taken as given (it may be smaller than the full output: conv-transpose's backward uses that).
     */
    void convolutionForward(Tensor y, Tensor x, Tensor w, Tensor bias, ConvParams p);

    /** cudnnConvolutionBackwardData: dx (N, C, in...) = the gradient of conv(x, w) wrt x for upstream dy (N, K, out...); overwrites dx. */
    void convolutionBackwardData(Tensor dx, Tensor w, Tensor dy, ConvParams p);

    /** cudnnConvolutionBackwardFilter: dw (K, C/groups, kernel...) = the gradient of conv(x, w) wrt w for upstream dy; overwrites dw. */
    void convolutionBackwardFilter(Tensor dw, Tensor x, Tensor dy, ConvParams p);

    /** cudnnConvolutionBackwardBias: db (K) = dy (N, K, out...) summed over N and every spatial dim. */
    void convolutionBackwardBias(Tensor db, Tensor dy);

    // ---- imaging: pooling (frontend dev.axial.tensor.imaging.Pooling) -------------------------------

    /**
     * Max pooling over the last {@code kernel.length} (1-3) dims of contiguous {@code in} (N, C, spatial...);
     * out and indices (int64: the flat index of each maximum within its (n, c) plane, as PyTorch's
     * return_indices; -1 for a window that covers no input element) have the output shape. A NaN in a window wins, as in PyTorch.
     */
    void maxPool(Tensor out, Tensor indices, Tensor in, int[] kernel, int[] stride, int[] padding, int[] dilation);

    /** gradIn (contiguous, written whole) = the scatter-add of gradOut through {@code indices} (-1: nowhere) into each plane of the last {@code spatialDims} dims. */
    void maxPoolBackward(Tensor gradIn, Tensor gradOut, Tensor indices, int spatialDims);

    /** Average pooling (torch avg_pool semantics); {@code divisorOverride} 0 means none. */
    void avgPool(Tensor out, Tensor in, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, int divisorOverride);

    /** The input gradient of {@link #avgPool}; gradIn contiguous, written whole. */
    void avgPoolBackward(Tensor gradIn, Tensor gradOut, int[] kernel, int[] stride, int[] padding, boolean countIncludePad, int divisorOverride);

    /**
     * Adaptive pooling over the last {@code spatialDims} dims to out's spatial size (windows
     * [floor(i*in/out), ceil((i+1)*in/out))): average when {@code indices} is null, else max with in-plane indices.
     */
    void adaptivePool(Tensor out, Tensor indices, Tensor in, int spatialDims);

    /** The input gradient of adaptive average pooling; gradIn contiguous, written whole. */
    void adaptiveAvgPoolBackward(Tensor gradIn, Tensor gradOut, int spatialDims);

    // ---- imaging: interpolate (frontend dev.axial.tensor.imaging.Interpolation) ---------------------

    /**
     * Resamples the last {@code scales.length} dims of contiguous {@code in} to out's spatial size with
     * {@code mode} (not AREA, which is {@link #adaptivePool}); {@code scales[i]} is the user's scale factor
     * for dim i that PyTorch's source-index formulas use, or NaN to use the size ratio.
     */
    void interpolate(Tensor out, Tensor in, dev.axial.tensor.imaging.InterpolationMode mode, boolean alignCorners, double[] scales);

    /** The input gradient of {@link #interpolate}; gradIn contiguous, written whole. */
    void interpolateBackward(Tensor gradIn, Tensor gradOut, dev.axial.tensor.imaging.InterpolationMode mode, boolean alignCorners, double[] scales);

    // ---- imaging: affine_grid / grid_sample (frontend dev.axial.tensor.imaging.GridSampling) --------

    /**
     * ATen's grid_sampler_2d/3d: out (N, C, spatialOut...) = input (N, C, spatial...) sampled at grid (N, spatialOut..., k),
     * k = 2 or 3, all contiguous, one float dtype. {@code mode}: 0 bilinear (trilinear in 3-D), 1 nearest, 2 bicubic (2-D);
     * {@code padding}: 0 zeros, 1 border, 2 reflection (ATen's GridSamplerInterpolation / GridSamplerPadding codes).
     */
    void gridSample(Tensor out, Tensor input, Tensor grid, int mode, int padding, boolean alignCorners);

    /**
     * ATen's grid_sampler_2d/3d_backward: overwrites gradInput (input's shape) and gradGrid (grid's shape); either may be
     * null when not wanted. gradOut, input and grid are contiguous; codes as {@link #gridSample}.
     */
    void gridSampleBackward(Tensor gradInput, Tensor gradGrid, Tensor gradOut, Tensor input, Tensor grid, int mode, int padding,
                            boolean alignCorners);

    // ---- imaging: normalization (frontend dev.axial.tensor.imaging.Normalization) -------------------

    // Inputs x, gradOut are contiguous (N, C, spatial...) of float32/float64; weight, bias, running and saved statistics
    // are contiguous 1-D (C) tensors of x's dtype (group/layer norm: mean, rstd contiguous (N, G) / (rows)); a null
    // weight means 1, a null bias 0, a null gradient output means "not wanted" (ATen's output_mask).

    /**
     * cudnnBatchNormalizationForwardTraining (spatial mode): y = (x - mean) * invstd * weight + bias with the batch
     * statistics per channel (biased variance); saveMean, saveInvstd (C) receive them; runningMean, runningVar (each may
     * be null) are updated in place: r = (1 - momentum) r + momentum stat, with the unbiased variance. N * S > 1.
     */
    void batchNormForwardTraining(Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                  double momentum, double eps, Tensor saveMean, Tensor saveInvstd);

    /** cudnnBatchNormalizationForwardInference: y = (x - runningMean) / sqrt(runningVar + eps) * weight + bias. */
    void batchNormForwardInference(Tensor y, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double eps);

    /**
     * cudnnBatchNormalizationBackward (training) and ATen's eval-mode batch_norm_backward: mean and invstd are what
     * normalized x (saved batch statistics when {@code training}, else the running mean and 1/sqrt(runningVar + eps)).
     * gradWeight = sum g (x - mean) invstd, gradBias = sum g per channel.
     */
    void batchNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor weight,
                           Tensor mean, Tensor invstd, boolean training);

    /** ATen's GroupNormKernel: y, and mean, rstd (N, groups) per (sample, group); C divisible by groups. */
    void groupNormForward(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight, Tensor bias, int groups, double eps);

    /** ATen's GroupNormBackwardKernel from the saved mean and rstd (N, groups). */
    void groupNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor mean,
                           Tensor rstd, Tensor weight, int groups);

    /**
     * ATen's LayerNormKernel: x viewed as (rows, cols), each row normalized; weight, bias have cols elements (the
     * normalized shape, flattened); mean, rstd have rows elements.
     */
    void layerNormForward(Tensor y, Tensor mean, Tensor rstd, Tensor x, Tensor weight, Tensor bias, long rows, long cols, double eps);

    /** ATen's LayerNormBackwardKernel from the saved mean and rstd. */
    void layerNormBackward(Tensor gradIn, Tensor gradWeight, Tensor gradBias, Tensor gradOut, Tensor x, Tensor mean,
                           Tensor rstd, Tensor weight, long rows, long cols);

    /**
     * cudnnLRNCrossChannelForward in PyTorch's convention: y = x / (k + alpha/size * sum over the channel window
     * [c - size/2, c + (size-1)/2] of x^2)^beta (zero padding, always divided by size).
     */
    void localResponseNorm(Tensor y, Tensor x, int size, double alpha, double beta, double k);

    /** cudnnLRNCrossChannelBackward in PyTorch's convention: gradIn from gradOut and x. */
    void localResponseNormBackward(Tensor gradIn, Tensor gradOut, Tensor x, int size, double alpha, double beta, double k);

    /**
     * Connected-component labelling (dev.axial.tensor.imaging.Labeling.label): {@code mask} a contiguous BOOL tensor
     * of rank 1..8, {@code out} a contiguous INT64 tensor of its shape. Each foreground voxel gets the smallest
     * row-major linear index of its component, background -1. Neighbours differ by at most 1 in every axis and in
     * 1..{@code connectivity} axes (1 = faces, rank = full: scipy's generate_binary_structure).
     */
    void label(Tensor out, Tensor mask, int connectivity);
}
