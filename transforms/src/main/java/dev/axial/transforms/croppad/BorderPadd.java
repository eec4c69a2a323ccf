package dev.axial.transforms.croppad;

import java.util.List;

/**
 * MONAI's {@code BorderPadd}: {@link BorderPad} on every key. Configure the array transform through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new BorderPadd(List.of("image", "label"), 8, 8, 8);
 * Map<String, Object> out = t.apply(item);
 * Map<String, Object> back = t.inverse(out);
 * }</pre>
 */
public class BorderPadd extends InvertibleDict<BorderPad> {
    public BorderPadd(List<String> keys, long... spatialBorder) { super(new BorderPad(spatialBorder), keys.toArray(String[]::new)); }

    public BorderPadd(BorderPad transform, String... keys) { super(transform, keys); }
}
