package dev.axial.transforms.croppad;

import java.util.List;

/**
 * MONAI's {@code SpatialPadd}: {@link SpatialPad} on every key. Configure the array transform through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new SpatialPadd(List.of("image", "label"), 8, 8, 8);
 * Map<String, Object> out = t.apply(item);
 * Map<String, Object> back = t.inverse(out);
 * }</pre>
 */
public class SpatialPadd extends InvertibleDict<SpatialPad> {
    public SpatialPadd(List<String> keys, long... spatialSize) { super(new SpatialPad(spatialSize), keys.toArray(String[]::new)); }

    public SpatialPadd(SpatialPad transform, String... keys) { super(transform, keys); }
}
