package dev.axial.transforms.croppad;

import java.util.List;

/**
 * MONAI's {@code DivisiblePadd}: {@link DivisiblePad} on every key. Configure the array transform through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new DivisiblePadd(List.of("image", "label"), 8, 8, 8);
 * Map<String, Object> out = t.apply(item);
 * Map<String, Object> back = t.inverse(out);
 * }</pre>
 */
public class DivisiblePadd extends InvertibleDict<DivisiblePad> {
    public DivisiblePadd(List<String> keys, long... k) { super(new DivisiblePad(k), keys.toArray(String[]::new)); }

    public DivisiblePadd(DivisiblePad transform, String... keys) { super(transform, keys); }
}
