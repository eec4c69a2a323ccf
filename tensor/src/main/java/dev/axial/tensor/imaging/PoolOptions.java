package dev.axial.tensor.imaging;

/**
 * The knobs of max and average pooling, with torch.nn.functional's defaults: stride = kernel size, padding 0,
 * dilation 1 (max pooling only), ceil_mode false, count_include_pad true and no divisor_override (average
 * pooling only). Each per-dim value is one number for every spatial dim or one number per dim.
 *
 * <pre>{@code
 * Tensor y = Pooling.avgPool3d(x, PoolOptions.of(3).stride(2).padding(1).countIncludePad(false));
 * }</pre>
 *
 * @param kernelSize      window size per dim
 * @param stride          step per dim; empty (or null) means the kernel size
 * @param padding         implicit padding on both sides (-inf for max, zeros for average); at most kernel/2
 * @param dilation        spacing of the window's taps (max pooling)
 * @param ceilMode        round the output size up (the last window must still start inside the input or left padding)
 * @param countIncludePad average pooling divides by the padded window size
 * @param divisorOverride average pooling divides by this instead, when non-zero
 */
public record PoolOptions(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode,
                          boolean countIncludePad, long divisorOverride) {
    public PoolOptions {
        if (kernelSize == null) throw new dev.axial.tensor.TensorException("PoolOptions: kernel_size is required");
        kernelSize = kernelSize.clone();
        stride = stride == null ? new long[0] : stride.clone();
        padding = padding == null || padding.length == 0 ? new long[]{0} : padding.clone();
        dilation = dilation == null || dilation.length == 0 ? new long[]{1} : dilation.clone();
    }

    /** A window of {@code kernelSize} (one value for every dim, or one per dim) with the defaults. */
    public static PoolOptions of(long... kernelSize) {
        return new PoolOptions(kernelSize, new long[0], new long[]{0}, new long[]{1}, false, true, 0);
    }

    public PoolOptions stride(long... s) { return new PoolOptions(kernelSize, s, padding, dilation, ceilMode, countIncludePad, divisorOverride); }

    public PoolOptions padding(long... p) { return new PoolOptions(kernelSize, stride, p, dilation, ceilMode, countIncludePad, divisorOverride); }

    public PoolOptions dilation(long... d) { return new PoolOptions(kernelSize, stride, padding, d, ceilMode, countIncludePad, divisorOverride); }

    public PoolOptions ceilMode(boolean c) { return new PoolOptions(kernelSize, stride, padding, dilation, c, countIncludePad, divisorOverride); }

    public PoolOptions countIncludePad(boolean c) { return new PoolOptions(kernelSize, stride, padding, dilation, ceilMode, c, divisorOverride); }

    /** Divide every average by {@code d} (0: no override). */
    public PoolOptions divisorOverride(long d) { return new PoolOptions(kernelSize, stride, padding, dilation, ceilMode, countIncludePad, d); }
}
