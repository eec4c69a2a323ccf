package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/** MONAI's {@code EnsureChannelFirstd}: {@link EnsureChannelFirst} on each key. */
public class EnsureChannelFirstd extends ArrayToDict<EnsureChannelFirst> {
    public EnsureChannelFirstd(String... keys) { super(new EnsureChannelFirst(), keys); }

    public EnsureChannelFirstd strictCheck(boolean strict) { transform.strictCheck(strict); return this; }

    public EnsureChannelFirstd channelDim(int dim) { transform.channelDim(dim); return this; }

    public EnsureChannelFirstd channelDim(String noChannel) { transform.channelDim(noChannel); return this; }
}
