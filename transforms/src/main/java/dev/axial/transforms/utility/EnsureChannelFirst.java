package dev.axial.transforms.utility;

import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code EnsureChannelFirst} as a transform: {@link dev.axial.io.EnsureChannelFirst} (the io module's, which
 * does the work) behind the transform rules: the input is never consumed (io's class frees an input it copies, so it
 * is handed a copy when the channel must move), errors are TransformExceptions naming the shape.
 *
 * <pre>{@code
 * Compose pre = new Compose(new LoadImaged("image"), new EnsureChannelFirstd("image"));
 * }</pre>
 */
public class EnsureChannelFirst extends ArrayTransform {
    private final dev.axial.io.EnsureChannelFirst io = new dev.axial.io.EnsureChannelFirst();
    private Object channelDim;

    /** MONAI's strict_check (default true). */
    public EnsureChannelFirst strictCheck(boolean strict) { io.strictCheck(strict); return this; }

    /** MONAI's channel_dim as an axis (negative counts from the end). */
    public EnsureChannelFirst channelDim(int dim) { io.channelDim(dim); channelDim = dim; return this; }

    /** MONAI's channel_dim "no_channel" (or null: from the meta). */
    public EnsureChannelFirst channelDim(String noChannel) { io.channelDim(noChannel); channelDim = noChannel; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Object cd = channelDim != null ? channelDim : img.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM);
        boolean moves = switch (cd) {
            case Double v when v.isNaN() -> false;
            case Number n -> Math.floorMod(n.intValue(), Math.max(img.array().dim(), 1)) != 0;
            case String s when s.matches("-?\\d+") -> Math.floorMod(Integer.parseInt(s), Math.max(img.array().dim(), 1)) != 0;
            case null, default -> false;
        };
        try {
            return io.apply(img.withArray(moves ? img.array().copy() : img.array()));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage() + " (" + img.array().describe() + ")");
        }
    }
}
