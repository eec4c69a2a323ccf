package dev.axial.transforms.utility;

import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ToDevice}: moves the image to {@code device} (e.g. "cuda:0"), keeping its affine, metadata and
 * applied operations, so that the transforms after it run there (every transform family returns its result on its
 * input's device). An image already there is returned as it is. MONAI's extra {@code Tensor.to} keyword arguments
 * have no counterpart (use {@link EnsureType#dtype} for a dtype).
 *
 * <pre>{@code
 * Compose pipeline = new Compose(new LoadImaged("image"), new EnsureChannelFirstd("image"),
 *         new ToDeviced("cuda:0", "image"), new Spacingd(new double[]{1.5, 1.5, 2}, "image"));
 * }</pre>
 */
public final class ToDevice extends ArrayTransform {
    private final Device device;

    public ToDevice(Device device) {
        if (device == null) throw new IllegalArgumentException("ToDevice: the device is null");
        this.device = device;
    }

    /** {@code device} as MONAI writes it: "cpu", "cuda", "cuda:1". */
    public ToDevice(String device) { this(Device.parse(device)); }

    public Device device() { return device; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Tensor a = img.array();
        return a.device().equals(device) ? img : img.withArray(a.to(device));
    }
}
