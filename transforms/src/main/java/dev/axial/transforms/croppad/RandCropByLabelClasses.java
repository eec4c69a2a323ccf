package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * MONAI's {@code RandCropByLabelClasses}: {@code numSamples} crops of {@code spatialSize}, each centred on a voxel
 * of a class drawn with probability {@code ratios[c] / sum} (default equal). The label is one-hot (C classes) or
 * one channel of class numbers (then {@code numClasses} is required). Draws as MONAI: {@code choice(n, numSamples,
 * p)} for the classes, then {@code randint(len)} per sample. A class without voxels gets ratio 0 (MONAI's
 * warning when {@code warn}).
 *
 * <pre>{@code
 * var crop = new RandCropByLabelClasses(64, 64, 64).numClasses(3).ratios(0, 1, 2).numSamples(4).setRandomState(0);
 * List<MetaTensor> patches = crop.apply(image, label, null, crop.randomState());
 * }</pre>
 */
public class RandCropByLabelClasses extends MultiSampleCrop {
    private final long[] spatialSize;
    private double[] ratios;
    private Integer numClasses;
    private double imageThreshold;
    private boolean allowSmaller, warn = true;
    private Tensor label, image;

    public RandCropByLabelClasses(long... spatialSize) {
        if (spatialSize.length == 0) throw new IllegalArgumentException("RandCropByLabelClasses: spatial_size is empty");
        this.spatialSize = spatialSize.clone();
    }

    /** MONAI's ratios (default: 1 for every class). */
    public RandCropByLabelClasses ratios(double... r) { this.ratios = r.clone(); return this; }

    /** MONAI's num_classes: required for a one-channel label of class numbers. */
    public RandCropByLabelClasses numClasses(int n) { this.numClasses = n; return this; }

    public RandCropByLabelClasses numSamples(int n) { setNumSamples(n); return this; }

    /** Voxels count only where {@code image > imageThreshold} in some channel (when an image is given). */
    public RandCropByLabelClasses imageThreshold(double t) { this.imageThreshold = t; return this; }

    public RandCropByLabelClasses allowSmaller(boolean b) { this.allowSmaller = b; return this; }

    /** MONAI's warn (default true): log when a class has no voxels. */
    public RandCropByLabelClasses warn(boolean b) { this.warn = b; return this; }

    public RandCropByLabelClasses label(Tensor label) { this.label = label; return this; }

    public RandCropByLabelClasses image(Tensor image) { this.image = image; return this; }

    public long[] spatialSize() { return spatialSize.clone(); }

    @Override public RandCropByLabelClasses setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public List<MetaTensor> apply(MetaTensor img, RandomState rs) { return apply(img, label, image, rs); }

    public List<MetaTensor> apply(MetaTensor img, Tensor label, Tensor image, RandomState rs) {
        return cropAtCenters(img, randomize(label, image == null ? this.image : image, rs), spatialSize);
    }

    /** The crop centres for one call (MONAI's randomize). */
    public long[][] randomize(Tensor label, Tensor image, RandomState rs) {
        if (label == null) throw error("label must not be null");
        if (label.dim() < 2) throw error("the label must be channel-first (C, spatial...), got " + label.describe());
        long[] shape = Arrays.copyOfRange(label.shape(), 1, label.dim());
        int[][] indices = CropCenters.mapClassesToIndices(label, numClasses, image, imageThreshold);
        try {
            return CropCenters.generateLabelClassesCropCenters(spatialSize, numSamples, shape, indices, ratios, rs, allowSmaller, warn);
        } catch (dev.axial.transforms.TransformException e) {
            throw error("label " + label.describe() + ": " + e.getMessage());
        }
    }
}
