package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;

import java.util.List;

/**
 * MONAI's {@code RandCropByPosNegLabel}: crops {@code numSamples} regions of {@code spatialSize} from a
 * channel-first image, each centred on a foreground voxel of the label with probability {@code pos / (pos + neg)},
 * else on a background voxel, centres moved so the region stays inside the image (MONAI's
 * {@code correct_crop_centers}). Draws per sample, as MONAI: {@code rand()} picks the list, then
 * {@code randint(len)} the voxel. A label without foreground logs MONAI's warning and crops around background
 * voxels only. Each crop records this transform (inverse: pads back) and carries {@code patch_index} and
 * {@code crop_center}.
 *
 * <pre>{@code
 * var crop = new RandCropByPosNegLabel(96, 96, 96).numSamples(4).setRandomState(0);
 * List<MetaTensor> patches = crop.apply(image, label, null, crop.randomState());   // four (C, 96, 96, 96) crops
 * }</pre>
 */
public class RandCropByPosNegLabel extends MultiSampleCrop {
    private final long[] spatialSize;
    private double pos = 1, neg = 1;
    private double imageThreshold = 0;
    private boolean allowSmaller;
    private Tensor label, image;

    /** {@code spatialSize}: the crop size per spatial dim (or one for all); a non-positive entry takes the image's size. */
    public RandCropByPosNegLabel(long... spatialSize) {
        if (spatialSize.length == 0) throw new IllegalArgumentException("RandCropByPosNegLabel: spatial_size is empty");
        this.spatialSize = spatialSize.clone();
    }

    /** Weight of foreground centres (MONAI's default 1). */
    public RandCropByPosNegLabel pos(double pos) { this.pos = pos; checkRatio(); return this; }

    /** Weight of background centres (MONAI's default 1). */
    public RandCropByPosNegLabel neg(double neg) { this.neg = neg; checkRatio(); return this; }

    /** Crops per call (MONAI's default 1). */
    public RandCropByPosNegLabel numSamples(int n) { setNumSamples(n); return this; }

    /** With an {@code image}, background centres need {@code image > imageThreshold} (MONAI's default 0). */
    public RandCropByPosNegLabel imageThreshold(double t) { this.imageThreshold = t; return this; }

    /** Allow an image smaller than the crop (that dim is not cropped); MONAI's default false raises. */
    public RandCropByPosNegLabel allowSmaller(boolean b) { this.allowSmaller = b; return this; }

    /** MONAI's label argument: the label used when {@link #apply(MetaTensor, RandomState)} is given none. */
    public RandCropByPosNegLabel label(Tensor label) { this.label = label; return this; }

    /** MONAI's image argument (for image_threshold), used when none is given. */
    public RandCropByPosNegLabel image(Tensor image) { this.image = image; return this; }

    @Override public RandCropByPosNegLabel setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public RandCropByPosNegLabel setRandomState(RandomState state) { super.setRandomState(state); return this; }

    public long[] spatialSize() { return spatialSize.clone(); }

    private void checkRatio() {
        if (pos < 0 || neg < 0) throw new IllegalArgumentException("RandCropByPosNegLabel: pos and neg must be nonnegative, got pos=" + pos + " neg=" + neg);
        if (pos + neg == 0) throw new IllegalArgumentException("RandCropByPosNegLabel: incompatible values pos=0 and neg=0");
    }

    /** Crops by the label given with {@link #label(Tensor)}. */
    @Override public List<MetaTensor> apply(MetaTensor img, RandomState rs) { return apply(img, label, image, rs); }

    /** Crops of {@code img} by {@code label} (and optional {@code image} for valid background), drawing from {@code rs}. */
    public List<MetaTensor> apply(MetaTensor img, Tensor label, Tensor image, RandomState rs) {
        return crop(img, randomize(label, image == null ? this.image : image, rs));
    }

    /** Plain tensors in, the crops' arrays out, drawing from the transform's own generator. */
    public List<Tensor> apply(Tensor img, Tensor label, Tensor image) {
        return apply(MetaTensor.of(img), label, image, R).stream().map(MetaTensor::array).toList();
    }

    /** The crop centres for one call (MONAI's {@code randomize}), as {@code [numSamples][spatial dims]}. */
    public long[][] randomize(Tensor label, Tensor image, RandomState rs) { return randomize(label, image, null, null, rs); }

    /**
     * Same, with precomputed flat foreground/background indices (MONAI's fg_indices/bg_indices, e.g. from
     * FgBgToIndices); both must be given to be used, and the label then only gives the spatial shape.
     */
    public long[][] randomize(Tensor label, Tensor image, int[] fgIndices, int[] bgIndices, RandomState rs) {
        if (label == null) throw error("label must be provided");
        if (label.dim() < 2) throw error("the label must be channel-first (C, spatial...), got " + label.describe());
        long[] shape = java.util.Arrays.copyOfRange(label.shape(), 1, label.dim());
        int[][] fgBg = fgIndices != null && bgIndices != null ? new int[][]{fgIndices, bgIndices}
                : CropCenters.mapBinaryToIndices(label, image, imageThreshold);
        try {
            return CropCenters.generatePosNegLabelCropCenters(spatialSize, numSamples, pos / (pos + neg), shape, fgBg[0], fgBg[1], rs, allowSmaller);
        } catch (dev.axial.transforms.TransformException e) {
            throw error("label " + label.describe() + ": " + e.getMessage());
        }
    }

    /** The crops of {@code img} at {@code centers} (MONAI's SpatialCrop with roi_center and roi_size), each recorded. */
    public List<MetaTensor> crop(MetaTensor img, long[][] centers) { return cropAtCenters(img, centers, spatialSize); }

    /** Plain-tensor crops at {@code centers}. */
    public List<Tensor> crop(Tensor img, long[][] centers) {
        return crop(MetaTensor.of(img), centers).stream().map(MetaTensor::array).toList();
    }
}
