package dev.axial.io;

import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.Map;

/**
 * MONAI's {@code EnsureChannelFirst}: moves the channel axis of an image to the front, or adds a leading
 * channel axis of size 1 when the image has none. Which axis is the channel comes from {@link #channelDim}
 * if set, otherwise from the meta's {@code original_channel_dim} ({@code Double.NaN} or "no_channel": add an
 * axis; an integer, e.g. -1 for a channel-last PNG: move it to 0). The meta's {@code original_channel_dim}
 * is set to the value used, as MONAI does.
 *
 * <pre>{@code
 * MetaTensor rgb = new LoadImage().apply("photo.png");            // (W, H, 3), original_channel_dim -1
 * MetaTensor chw = new EnsureChannelFirst().apply(rgb);          // (3, W, H), a view of rgb's array
 * MetaTensor x = new EnsureChannelFirst().channelDim("no_channel").apply(MetaTensor.of(t)); // (1, ...)
 * }</pre>
 *
 * <p>As a transform: the input is never freed or changed; the result is a new MetaTensor over a view of the
 * input's array (unsqueezed, or with the channel axis moved: not contiguous then), with copies of its meta.
 * Closing either frees the shared storage; copy with {@code contiguous()} for an independent array.
 */
public final class EnsureChannelFirst {
    private boolean strictCheck = true;
    private Object channelDim;

    /** MONAI's {@code strict_check} (default true): fail when no channel dim is known; false: return the input unchanged. */
    public EnsureChannelFirst strictCheck(boolean strict) { this.strictCheck = strict; return this; }

    /** The channel axis of the input, overriding the meta's {@code original_channel_dim}; negative counts from the end. */
    public EnsureChannelFirst channelDim(int dim) { this.channelDim = dim; return this; }

    /** "no_channel" (add a leading axis), or null to use the meta (the default). */
    public EnsureChannelFirst channelDim(String noChannel) {
        if (noChannel != null && !noChannel.equals("no_channel"))
            throw new IllegalArgumentException("EnsureChannelFirst.channelDim: expected \"no_channel\" or an integer, got \"" + noChannel + "\"");
        this.channelDim = noChannel == null ? null : Double.NaN;
        return this;
    }

    /** {@code img} channel-first: a view of its array (see the class comment); {@code img} itself when not strict and no channel dim is known. */
    public MetaTensor apply(MetaTensor img) {
        Object cd = channelDim != null ? channelDim : img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM);
        if (cd == null) {
            String msg = "EnsureChannelFirst: unknown original_channel_dim in the meta of " + img.array().describe()
                    + " and no channelDim given";
            if (strictCheck) throw new IllegalArgumentException(msg);
            System.getLogger(EnsureChannelFirst.class.getName()).log(System.Logger.Level.WARNING, msg);
            return img;
        }
        boolean none = isNoChannel(cd);
        int rank = img.array().dim();
        int dim = 0;
        if (!none) {
            dim = switch (cd) {
                case Number n -> n.intValue();
                case String str when str.matches("-?\\d+") -> Integer.parseInt(str);
                default -> throw new IllegalArgumentException("EnsureChannelFirst: original_channel_dim must be an integer, NaN or \"no_channel\", got " + cd);
            };
            if (dim < -rank || dim >= rank)
                throw new IllegalArgumentException("EnsureChannelFirst: channel dim " + dim + " is out of range for " + img.array().describe());
            if (dim < 0) dim += rank;
        }
        Tensor a = img.array();
        MetaTensor out = img.withArray(none ? a.unsqueeze(0) : dim == 0 ? a.view(a.shape()) : a.movedim(dim, 0));
        out.meta().put(MetaKeys.ORIGINAL_CHANNEL_DIM, none ? (Object) Double.NaN : cd);
        return out;
    }

    /** Wraps {@code array} with {@code meta} (its affine, if any) and makes it channel-first: a view of {@code array}, which is not freed. */
    public MetaTensor apply(Tensor array, Map<String, Object> meta) {
        double[][] affine = meta == null ? null : MetaArrays.matrix(meta.get(MetaKeys.AFFINE));
        return apply(new MetaTensor(array, affine, meta));
    }

    /** MONAI's {@code is_no_channel}: NaN, "no_channel" or null. */
    static boolean isNoChannel(Object v) {
        return switch (v) {
            case null -> true;
            case String s -> s.equals("no_channel");
            case Double d -> d.isNaN();
            case Float f -> f.isNaN();
            default -> false;
        };
    }
}
