package dev.axial.transforms.croppad;

/**
 * MONAI's {@code DivisiblePad}: pads each spatial dim up to a multiple of {@code k} ({@code ceil(d / k) * k}),
 * placed by {@code method} as {@link SpatialPad}.
 *
 * <pre>{@code
 * MetaTensor p = new DivisiblePad(16).apply(img);   // (C, 100, 90, 33) -> (C, 112, 96, 48)
 * }</pre>
 */
public class DivisiblePad extends Pad {
    private final long[] k;
    private String method = "symmetric";

    public DivisiblePad(long... k) {
        if (k.length == 0) throw new IllegalArgumentException("DivisiblePad: k is empty");
        this.k = k.clone();
    }

    @Override public DivisiblePad mode(String mode) { super.mode(mode); return this; }

    /** MONAI's method: "symmetric" (default) or "end". */
    public DivisiblePad method(String method) {
        this.method = SpatialPad.checkMethod(name(), method);
        return this;
    }

    @Override public long[][] computePadWidth(long[] shape) { return SpatialPad.widths(Regions.divisibleSize(shape, k), shape, method); }
}
