package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

import java.util.ArrayList;
import java.util.List;

/**
 * MONAI's {@code RandSpatialCropSamples}: {@code numSamples} independent {@link RandSpatialCrop}s of one image,
 * drawn one after the other from the same generator (MONAI seeds its inner cropper like itself).
 *
 * <pre>{@code
 * List<MetaTensor> crops = new RandSpatialCropSamples(4, 32, 32, 32).setRandomState(0).apply(img);
 * }</pre>
 */
public class RandSpatialCropSamples extends MultiSampleCrop {
    private final RandSpatialCrop cropper;

    public RandSpatialCropSamples(int numSamples, long... roiSize) {
        setNumSamples(numSamples);
        this.cropper = new RandSpatialCrop(roiSize);
    }

    public RandSpatialCropSamples maxRoiSize(long... max) { cropper.maxRoiSize(max); return this; }

    public RandSpatialCropSamples randomCenter(boolean b) { cropper.randomCenter(b); return this; }

    public RandSpatialCropSamples randomSize(boolean b) { cropper.randomSize(b); return this; }

    /** False: the boxes depend only on the shape, so the crops can be pending (MONAI's RandSpatialCropSamples is lazy). */
    @Override public boolean requiresCurrentData() { return false; }

    @Override public RandSpatialCropSamples setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public List<MetaTensor> apply(MetaTensor img, RandomState rs) {
        long[] sp = spatial(img);
        List<MetaTensor> out = new ArrayList<>(numSamples);
        for (int i = 0; i < numSamples; i++) {
            RandSpatialCrop.Box b = cropper.randomize(sp, rs);
            out.add(cropOne(img, b.start(), b.end(), i));
        }
        return out;
    }
}
