package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformBase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A random crop that returns {@code numSamples} crops of one image (MONAI's MultiSampleTrait:
 * {@link RandSpatialCropSamples}, {@link RandCropByPosNegLabel}, {@link RandCropByLabelClasses},
 * {@link RandWeightedCrop}). Each crop records this transform (MONAI's {@code push_transform(replace=True)}) with
 * the {@code cropped} widths, carries {@code patch_index} in its metadata, and is inverted by padding back.
 */
public abstract class MultiSampleCrop extends TransformBase implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: the crops are pending operations ({@link dev.axial.transforms.lazy.Lazy}) where the boxes need no values. */
    @Override public MultiSampleCrop lazy(boolean lazy) { this.lazy = lazy; return this; }

    /** True: the boxes come from the values (labels, weights), so a lazy Compose applies the pending operations first. */
    @Override public boolean requiresCurrentData() { return true; }

    public static final String PATCH_INDEX = "patch_index";
    public static final String CROP_CENTER = "crop_center";

    protected int numSamples = 1;

    @Override public boolean isRandom() { return true; }

    public int numSamples() { return numSamples; }

    protected final void setNumSamples(int n) {
        if (n < 1) throw new IllegalArgumentException(name() + ": num_samples must be positive, got " + n);
        this.numSamples = n;
    }

    /** The crops of {@code img}, drawing from {@code rs}. */
    public abstract List<MetaTensor> apply(MetaTensor img, RandomState rs);

    /** With the transform's own generator. */
    public final List<MetaTensor> apply(MetaTensor img) { return apply(img, R); }

    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        if (data instanceof MetaTensor m) return apply(m, rs);
        if (data instanceof Tensor t) return apply(MetaTensor.of(t), rs);
        throw error("needs a MetaTensor, a Tensor or a list of them, got " + (data == null ? "null" : data.getClass().getSimpleName())
                + (data instanceof java.util.Map ? " (use the dictionary form, " + name() + "d)" : ""));
    }

    /** Crops of {@code img} centred at {@code centers} (MONAI's SpatialCrop(roi_center, roi_size)), with crop_center in the metadata. */
    public List<MetaTensor> cropAtCenters(MetaTensor img, long[][] centers, long[] spatialSize) {
        long[] roi = Regions.fallBack(spatialSize, spatial(img));
        List<MetaTensor> out = new ArrayList<>(centers.length);
        for (int i = 0; i < centers.length; i++) {
            long[][] se = Regions.centerSizeToStartEnd(centers[i], roi);
            MetaTensor m = cropOne(img, se[0], se[1], i);
            m.meta().put(CROP_CENTER, centers[i].clone());
            out.add(m);
        }
        return out;
    }

    /** One crop recorded as this transform, with {@code patch_index}. */
    protected final MetaTensor cropOne(MetaTensor img, long[] start, long[] end, int index) {
        long[] sp = spatial(img);
        MetaTensor m;
        if (Lazy.isLazy(lazy) && !requiresCurrentData()) m = Crop.pending(img, this, sp, start, end);
        else {
            m = Regions.crop(img, start, end);
            AppliedOperations.push(m, this, sp, Crop.extra(sp, start, end));
        }
        m.meta().put(PATCH_INDEX, index);
        return m;
    }

    /** Pads one crop back to its image (zeros outside) and restores the affine. */
    @Override public MetaTensor inverse(MetaTensor img) { return Crop.uncropLast(img, this); }

    /** The spatial shape of {@code img} once its pending operations are applied. */
    protected final long[] spatial(MetaTensor img) {
        if (img.shape().length < 2)
            throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(img.shape()));
        return Lazy.peekPendingShape(img);
    }
}
