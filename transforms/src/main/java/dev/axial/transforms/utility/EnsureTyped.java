package dev.axial.transforms.utility;

/** MONAI's {@code EnsureTyped}: {@link EnsureType} on each key. */
public class EnsureTyped extends ToTensord {
    public EnsureTyped(String... keys) { super(new EnsureType(), keys); }

    /** MONAI's data_type: "tensor" only (default). */
    public EnsureTyped dataType(String dataType) { ((EnsureType) converter).dataType(dataType); return this; }
}
