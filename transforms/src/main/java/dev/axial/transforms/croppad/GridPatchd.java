package dev.axial.transforms.croppad;

import dev.axial.transforms.ArrayToDict;

import java.util.List;

/**
 * MONAI's {@code GridPatchd}: {@link GridPatch} on every key (each value becomes its {@code (N, C, patch...)} stack).
 * Configure it through {@link #transform()}.
 *
 * <pre>{@code
 * var t = new GridPatchd(List.of("image", "label"), 64, 64);
 * t.transform().overlap(0.5).padMode("constant");
 * Map<String, Object> out = t.apply(item);
 * }</pre>
 */
public class GridPatchd extends ArrayToDict<GridPatch> {
    public GridPatchd(List<String> keys, long... patchSize) { this(new GridPatch(patchSize), keys.toArray(String[]::new)); }

    public GridPatchd(GridPatch transform, String... keys) { super(transform, keys); }
}
