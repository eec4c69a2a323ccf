package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code EnsureChannelFirst} as a transform: {@link dev.axial.io.EnsureChannelFirst} (the io module's, which
 * does the work and already follows the transform rules: the input is never freed, the result is a view of it) with
 * errors as TransformExceptions naming the shape.
 *
 * <pre>{@code
 * Compose pre = new Compose(new LoadImaged("image"), new EnsureChannelFirstd("image"));
 * }</pre>
 */
public class EnsureChannelFirst extends ArrayTransform {
    private final dev.axial.io.EnsureChannelFirst io = new dev.axial.io.EnsureChannelFirst();

    /** MONAI's strict_check (default true). */
    public EnsureChannelFirst strictCheck(boolean strict) { io.strictCheck(strict); return this; }

    /** MONAI's channel_dim as an axis (negative counts from the end). */
    public EnsureChannelFirst channelDim(int dim) { io.channelDim(dim); return this; }

    /** MONAI's channel_dim "no_channel" (or null: from the meta). */
    public EnsureChannelFirst channelDim(String noChannel) { io.channelDim(noChannel); return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        try {
            MetaTensor out = io.apply(img);
            return out == img ? img.withArray(img.array().view(img.shape())) : out;   // not strict, no channel dim known
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage() + " (" + img.array().describe() + ")");
        }
    }
}
