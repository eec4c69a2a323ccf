package dev.axial.transforms.utility;

import dev.axial.tensor.Device;
import dev.axial.transforms.ArrayToDict;

/** MONAI's {@code ToDeviced}: {@link ToDevice} on each key. {@code new ToDeviced("cuda:0", "image", "label")}. */
public final class ToDeviced extends ArrayToDict<ToDevice> {
    public ToDeviced(Device device, String... keys) { super(new ToDevice(device), keys); }

    public ToDeviced(String device, String... keys) { super(new ToDevice(device), keys); }
}
