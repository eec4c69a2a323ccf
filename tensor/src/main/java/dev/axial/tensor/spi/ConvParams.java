package dev.axial.tensor.spi;

import java.util.Arrays;

/**
 * The geometry of a convolution as cuDNN's convolution descriptor holds it: per spatial dim (1 to 3) the
 * symmetric zero padding, the stride and the dilation, plus the group count. Asymmetric padding (PyTorch's
 * {@code padding="same"} with even kernels) is applied by the frontend with an explicit pad, as PyTorch does.
 *
 * <pre>{@code
 * ConvParams p = new ConvParams(new int[]{1, 1, 1}, new int[]{2, 2, 2}, new int[]{1, 1, 1}, 1);
 * }</pre>
 */
public record ConvParams(int[] padding, int[] stride, int[] dilation, int groups) {
    public ConvParams {
        if (padding.length != stride.length || stride.length != dilation.length || stride.length < 1 || stride.length > 3)
            throw new IllegalArgumentException("ConvParams: padding, stride and dilation need 1 to 3 entries each, got "
                    + Arrays.toString(padding) + ", " + Arrays.toString(stride) + ", " + Arrays.toString(dilation));
        padding = padding.clone();
        stride = stride.clone();
        dilation = dilation.clone();
    }

    /** Spatial dims (1, 2 or 3). */
    public int rank() { return stride.length; }

    @Override public int[] padding() { return padding.clone(); }

    @Override public int[] stride() { return stride.clone(); }

    @Override public int[] dilation() { return dilation.clone(); }

    @Override public String toString() {
        return "ConvParams[padding=" + Arrays.toString(padding) + ", stride=" + Arrays.toString(stride)
                + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups + "]";
    }
}
