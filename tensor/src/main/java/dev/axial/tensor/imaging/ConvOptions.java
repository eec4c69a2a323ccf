package dev.axial.tensor.imaging;

import java.util.Arrays;

/**
 * The knobs of torch.nn.functional.conv*d / conv_transpose*d, immutable, with PyTorch's defaults (stride 1,
 * padding 0, dilation 1, groups 1, output padding 0). A single value applies to every spatial dim; otherwise give
 * one per dim. Padding may also be the string "same" (stride 1 only; an even kernel puts the extra zero on the
 * right/bottom, as PyTorch) or "valid" (no padding).
 *
 * <pre>{@code
 * ConvOptions o = ConvOptions.of().stride(2).padding(1);
 * ConvOptions same = ConvOptions.of().padding("same").dilation(2);
 * }</pre>
 */
public final class ConvOptions {
    private static final ConvOptions DEFAULT = new ConvOptions(new int[]{1}, new int[]{0}, null, new int[]{1}, 1, new int[]{0});

    private final int[] stride, padding, dilation, outputPadding;
    private final String paddingMode;
    private final int groups;

    private ConvOptions(int[] stride, int[] padding, String paddingMode, int[] dilation, int groups, int[] outputPadding) {
        this.stride = stride;
        this.padding = padding;
        this.paddingMode = paddingMode;
        this.dilation = dilation;
        this.groups = groups;
        this.outputPadding = outputPadding;
    }

    /** PyTorch's defaults. */
    public static ConvOptions of() { return DEFAULT; }

    public ConvOptions stride(int... s) { return new ConvOptions(nonEmpty("stride", s), padding, paddingMode, dilation, groups, outputPadding); }

    /** Explicit symmetric zero padding per spatial dim. */
    public ConvOptions padding(int... p) { return new ConvOptions(stride, nonEmpty("padding", p), null, dilation, groups, outputPadding); }

    /** "same" or "valid" (conv only). */
    public ConvOptions padding(String mode) {
        if (!"same".equals(mode) && !"valid".equals(mode))
            throw new IllegalArgumentException("padding must be \"same\" or \"valid\", got \"" + mode + "\"");
        return new ConvOptions(stride, new int[]{0}, mode, dilation, groups, outputPadding);
    }

    public ConvOptions dilation(int... d) { return new ConvOptions(stride, padding, paddingMode, nonEmpty("dilation", d), groups, outputPadding); }

    public ConvOptions groups(int g) { return new ConvOptions(stride, padding, paddingMode, dilation, g, outputPadding); }

    /** Transposed conv only: extra size on one side of the output. */
    public ConvOptions outputPadding(int... op) { return new ConvOptions(stride, padding, paddingMode, dilation, groups, nonEmpty("outputPadding", op)); }

    public int groups() { return groups; }

    /** "same", "valid", or null for explicit padding. */
    public String paddingMode() { return paddingMode; }

    /** The stride per spatial dim for {@code rank} dims. */
    public int[] strides(int rank) { return expand(stride, rank, "stride"); }

    /** The padding per spatial dim for {@code rank} dims. */
    public int[] paddings(int rank) { return expand(padding, rank, "padding"); }

    /** The dilation per spatial dim for {@code rank} dims. */
    public int[] dilations(int rank) { return expand(dilation, rank, "dilation"); }

    /** The outputPadding per spatial dim for {@code rank} dims. */
    public int[] outputPaddings(int rank) { return expand(outputPadding, rank, "outputPadding"); }

    private static int[] nonEmpty(String what, int[] v) {
        if (v == null || v.length == 0) throw new IllegalArgumentException(what + " needs at least one value");
        return v.clone();
    }

    /** One value broadcast to every dim, or exactly one per dim. */
    private static int[] expand(int[] v, int rank, String what) {
        if (v.length == rank) return v.clone();
        if (v.length == 1) {
            int[] out = new int[rank];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException(what + " " + Arrays.toString(v) + " must have 1 or " + rank + " values");
    }

    @Override public String toString() {
        return "ConvOptions[stride=" + Arrays.toString(stride) + ", padding="
                + (paddingMode != null ? paddingMode : Arrays.toString(padding)) + ", dilation=" + Arrays.toString(dilation)
                + ", groups=" + groups + ", outputPadding=" + Arrays.toString(outputPadding) + "]";
    }
}
