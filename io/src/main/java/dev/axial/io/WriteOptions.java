package dev.axial.io;

import dev.axial.tensor.DType;

/**
 * How a writer stores an image; MONAI's writer arguments with MONAI's defaults.
 *
 * <pre>{@code
 * new WriteOptions().outputDtype(DType.UINT8).channelLast(true)
 * }</pre>
 */
public final class WriteOptions {
    private DType outputDtype;
    private boolean channelLast;
    private int scale;

    /**
     * The on-disk dtype; null (the default) keeps the array's dtype. For integer types, floats are truncated toward
     * zero as numpy's astype (what MONAI's writers do) and clipped to the type's range (numpy would wrap around);
     * NaN becomes 0.
     */
    public WriteOptions outputDtype(DType dtype) { this.outputDtype = dtype; return this; }

    public DType outputDtype() { return outputDtype; }

    /** Whether the array's last axis is a channel axis (default false: every axis is spatial). */
    public WriteOptions channelLast(boolean channelLast) { this.channelLast = channelLast; return this; }

    public boolean channelLast() { return channelLast; }

    /**
     * For 8/16-bit image formats (PNG …), MONAI's {@code scale}: 255 or 65535 maps [0, 1] to the full
     * integer range; 0 (default) writes the values as they are.
     */
    public WriteOptions scale(int scale) {
        if (scale != 0 && scale != 255 && scale != 65535)
            throw new IllegalArgumentException("WriteOptions.scale: must be 0, 255 or 65535, got " + scale);
        this.scale = scale;
        return this;
    }

    public int scale() { return scale; }
}
