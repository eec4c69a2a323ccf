package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/**
 * MONAI's {@code SpatialCrop}: a fixed box, given as {@link #ofCenter(long[], long[]) roi_center and roi_size}
 * (start = max(center - size // 2, 0)) or {@link #ofStartEnd(long[], long[]) roi_start and roi_end} (start clamped
 * to 0, end to at least start); the end is clipped to the image. Python's {@code roi_slices} are start/end pairs.
 *
 * <pre>{@code
 * MetaTensor c = SpatialCrop.ofCenter(new long[]{3, 3, 2}, new long[]{4, 4, 4}).apply(img);
 * MetaTensor d = SpatialCrop.ofStartEnd(new long[]{0, 1, 0}, new long[]{2, 5, 3}).apply(img);
 * }</pre>
 */
public class SpatialCrop extends Crop {
    private final long[] start, end;

    private SpatialCrop(long[][] startEnd) {
        this.start = startEnd[0];
        this.end = startEnd[1];
    }

    /** MONAI's roi_center + roi_size. */
    public static SpatialCrop ofCenter(long[] roiCenter, long[] roiSize) {
        if (roiCenter.length != roiSize.length)
            throw new IllegalArgumentException("SpatialCrop: roi_center and roi_size differ in length");
        return new SpatialCrop(Regions.centerSizeToStartEnd(roiCenter, roiSize));
    }

    /** MONAI's roi_start + roi_end (or roi_slices with step 1). */
    public static SpatialCrop ofStartEnd(long[] roiStart, long[] roiEnd) {
        if (roiStart.length != roiEnd.length)
            throw new IllegalArgumentException("SpatialCrop: roi_start and roi_end differ in length");
        return new SpatialCrop(Regions.startEnd(roiStart, roiEnd));
    }

    public long[] roiStart() { return start.clone(); }

    public long[] roiEnd() { return end.clone(); }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] sp = spatialShape(img);
        long[] s = new long[sp.length], e = new long[sp.length];
        // MONAI: fewer slices than spatial dims leave the rest whole; a single value applies to dim 0 only
        if (start.length > sp.length) checkDims(start, sp, "roi");
        for (int d = 0; d < sp.length; d++) {
            s[d] = d < start.length ? start[d] : 0;
            e[d] = d < end.length ? end[d] : sp[d];
        }
        return crop(img, s, e);
    }
}
