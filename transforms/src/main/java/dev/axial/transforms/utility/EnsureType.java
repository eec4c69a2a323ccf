package dev.axial.transforms.utility;

/**
 * MONAI's {@code EnsureType}: {@link ToTensor} with MONAI's {@code data_type} option. Only {@code "tensor"} (the
 * default) has a meaning here: Java has no numpy arrays, and a MetaTensor is what every transform takes.
 *
 * <pre>{@code
 * Transform t = new EnsureType().dtype(DType.FLOAT32).trackMeta(false);
 * }</pre>
 */
public class EnsureType extends ToTensor {
    /** MONAI's data_type: "tensor" only (default). */
    public EnsureType dataType(String dataType) {
        if (!"tensor".equalsIgnoreCase(dataType))
            throw new IllegalArgumentException("EnsureType: data_type \"" + dataType + "\" is not supported; Axial has \"tensor\" only (numpy arrays have no Java twin)");
        return this;
    }
}
