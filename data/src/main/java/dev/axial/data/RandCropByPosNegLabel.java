package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MONAI's {@code RandCropByPosNegLabel} (minimal: no lazy mode, no inverse): crops {@code numSamples} regions of
 * {@code spatialSize} from a channel-first image, each centred on a foreground voxel of the label with probability
 * {@code pos / (pos + neg)}, else on a background voxel, centres moved so the region stays inside the image
 * (MONAI's {@code correct_crop_centers}). Draws per sample, as MONAI: {@code rand()} picks the list, then
 * {@code randint(len)} the voxel.
 *
 * <pre>{@code
 * var crop = new RandCropByPosNegLabel(96, 96, 96).numSamples(4).setRandomState(0);
 * List<Tensor> patches = crop.apply(image, label, null);   // four (C, 96, 96, 96) crops
 * }</pre>
 *
 * The random state: {@link #apply(Tensor, Tensor, Tensor)} uses this transform's own {@code R} (MONAI's
 * {@code self.R}); the overloads taking a {@link RandomState} use the one given, so one transform can serve many
 * threads. Crops are new contiguous tensors owned by the current scope.
 */
public final class RandCropByPosNegLabel {
    private static final System.Logger LOG = System.getLogger(RandCropByPosNegLabel.class.getName());

    private final long[] spatialSize;
    private double pos = 1, neg = 1;
    private int numSamples = 1;
    private double imageThreshold = 0;
    private boolean allowSmaller;
    private RandomState R = new RandomState(0);

    /** {@code spatialSize}: the crop size per spatial dim; a non-positive entry takes the image's size. */
    public RandCropByPosNegLabel(long... spatialSize) {
        if (spatialSize.length == 0) throw new IllegalArgumentException("RandCropByPosNegLabel: spatial_size is empty");
        this.spatialSize = spatialSize.clone();
    }

    /** Weight of foreground centres (MONAI's default 1). */
    public RandCropByPosNegLabel pos(double pos) { this.pos = pos; checkRatio(); return this; }

    /** Weight of background centres (MONAI's default 1). */
    public RandCropByPosNegLabel neg(double neg) { this.neg = neg; checkRatio(); return this; }

    /** Crops per call (MONAI's default 1). */
    public RandCropByPosNegLabel numSamples(int n) {
        if (n < 1) throw new IllegalArgumentException("RandCropByPosNegLabel: num_samples must be positive, got " + n);
        this.numSamples = n;
        return this;
    }

    /** With an {@code image}, background centres need {@code image > imageThreshold} (MONAI's default 0). */
    public RandCropByPosNegLabel imageThreshold(double t) { this.imageThreshold = t; return this; }

    /** Allow an image smaller than the crop (that dim is not cropped); MONAI's default false raises. */
    public RandCropByPosNegLabel allowSmaller(boolean b) { this.allowSmaller = b; return this; }

    /** MONAI's {@code set_random_state(seed)}: {@code R = RandomState(seed % 2**32)}. */
    public RandCropByPosNegLabel setRandomState(long seed) { this.R = new RandomState(Math.floorMod(seed, 1L << 32)); return this; }

    /** MONAI's {@code set_random_state(state=...)}: shares {@code state}. */
    public RandCropByPosNegLabel setRandomState(RandomState state) { this.R = state; return this; }

    public long[] spatialSize() { return spatialSize.clone(); }

    public int numSamples() { return numSamples; }

    private void checkRatio() {
        if (pos < 0 || neg < 0) throw new IllegalArgumentException("RandCropByPosNegLabel: pos and neg must be nonnegative, got pos=" + pos + " neg=" + neg);
        if (pos + neg == 0) throw new IllegalArgumentException("RandCropByPosNegLabel: incompatible values pos=0 and neg=0");
    }

    /** Crops of {@code img} by {@code label} (and optional {@code image} for valid background), drawing from {@code R}. */
    public List<Tensor> apply(Tensor img, Tensor label, Tensor image) { return apply(img, label, image, R); }

    /** Same, drawing from {@code rs}. */
    public List<Tensor> apply(Tensor img, Tensor label, Tensor image, RandomState rs) {
        return crop(img, randomize(label, image, rs));
    }

    /** MetaTensor version: the crops carry the moved affine, {@code patch_index} and {@code crop_center}. */
    public List<MetaTensor> apply(MetaTensor img, Tensor label, Tensor image, RandomState rs) {
        return crop(img, randomize(label, image, rs));
    }

    /** The crop centres for one call (MONAI's {@code randomize}), as {@code [numSamples][spatial dims]}. */
    public long[][] randomize(Tensor label, Tensor image, RandomState rs) {
        if (label == null) throw new IllegalArgumentException("RandCropByPosNegLabel: label must be provided");
        long[] shape = Arrays.copyOfRange(label.shape(), 1, label.dim());
        int[][] fgBg = mapBinaryToIndices(label, image, imageThreshold);
        return generatePosNegLabelCropCenters(spatialSize, numSamples, pos / (pos + neg), shape, fgBg[0], fgBg[1], rs, allowSmaller);
    }

    /** The crops of {@code img} at {@code centers} (MONAI's SpatialCrop with roi_center and roi_size). */
    public List<Tensor> crop(Tensor img, long[][] centers) {
        long[] sp = Arrays.copyOfRange(img.shape(), 1, img.dim());
        long[] roi = fallBack(spatialSize, sp);
        List<Tensor> out = new ArrayList<>(centers.length);
        for (long[] c : centers) out.add(spatialCrop(img, cropStart(c, roi), roi));
        return out;
    }

    /** MetaTensor crops: affine {@code A @ translate(start)}, metadata copied, plus patch_index and crop_center. */
    public List<MetaTensor> crop(MetaTensor img, long[][] centers) {
        long[] sp = Arrays.copyOfRange(img.shape(), 1, img.shape().length);
        long[] roi = fallBack(spatialSize, sp);
        List<MetaTensor> out = new ArrayList<>(centers.length);
        for (int i = 0; i < centers.length; i++) {
            long[] start = cropStart(centers[i], roi);
            MetaTensor m = img.withArray(spatialCrop(img.array(), start, roi));
            double[] t = new double[start.length];
            for (int d = 0; d < t.length; d++) t[d] = start[d];
            m.setAffine(AffineMath.compose(img.affine(), AffineMath.translate(t)));
            m.meta().put("patch_index", i);
            m.meta().put("crop_center", centers[i].clone());
            out.add(m);
        }
        return out;
    }

    private static long[] cropStart(long[] center, long[] roi) {
        long[] start = new long[roi.length];
        for (int d = 0; d < roi.length; d++) start[d] = Math.max(center[d] - Math.floorDiv(roi[d], 2), 0);
        return start;
    }

    /** A contiguous copy of {@code img[:, start:start+roi]} (the end clipped to the image, as Python slicing). */
    static Tensor spatialCrop(Tensor img, long[] start, long[] roi) {
        Tensor v = img;
        for (int d = 0; d < roi.length; d++) {
            long n = img.size(d + 1), s = Math.min(start[d], n), e = Math.min(start[d] + roi[d], n);
            v = v.slice(d + 1, s, e);
        }
        return v.copy();
    }

    /** MONAI's fall_back_tuple: non-positive entries take the default. */
    static long[] fallBack(long[] user, long[] dflt) {
        if (user.length != dflt.length)
            throw new IllegalArgumentException("spatial_size " + Arrays.toString(user) + " does not match the " + dflt.length + " spatial dims of " + Arrays.toString(dflt));
        long[] out = new long[user.length];
        for (int i = 0; i < out.length; i++) out[i] = user[i] > 0 ? user[i] : dflt[i];
        return out;
    }

    /**
     * MONAI's {@code map_binary_to_indices}: flat spatial indices of foreground (non-zero label in any channel,
     * channel 0 ignored when there are several) and background (zero label, and {@code image > threshold} in any
     * channel when an image is given). Returns {fg, bg}.
     */
    public static int[][] mapBinaryToIndices(Tensor label, Tensor image, double imageThreshold) {
        long[] ls = label.shape();
        int c = (int) ls[0], n = Math.toIntExact(label.numel() / ls[0]);
        double[] lab = label.toDoubleArray();
        boolean[] fg = new boolean[n];
        for (int ch = c > 1 ? 1 : 0; ch < c; ch++)
            for (int i = 0; i < n; i++) if (lab[ch * n + i] != 0) fg[i] = true;
        boolean[] valid = null;
        if (image != null) {
            if (image.numel() % n != 0 || image.numel() / image.size(0) != n)
                throw new IllegalArgumentException("map_binary_to_indices: image " + image.describe() + " does not match label " + label.describe());
            double[] img = image.toDoubleArray();
            valid = new boolean[n];
            for (int k = 0; k < img.length; k++) if (img[k] > imageThreshold) valid[k % n] = true;
        }
        int nf = 0, nb = 0;
        for (int i = 0; i < n; i++) if (fg[i]) nf++; else if (valid == null || valid[i]) nb++;
        int[] f = new int[nf], b = new int[nb];
        nf = nb = 0;
        for (int i = 0; i < n; i++) if (fg[i]) f[nf++] = i; else if (valid == null || valid[i]) b[nb++] = i;
        return new int[][]{f, b};
    }

    /**
     * MONAI's {@code generate_pos_neg_label_crop_centers}: per sample {@code rand() < posRatio} chooses the
     * foreground list, {@code randint(len)} a voxel, then {@link #correctCropCenters} keeps the crop inside.
     */
    public static long[][] generatePosNegLabelCropCenters(long[] spatialSize, int numSamples, double posRatio, long[] labelShape,
                                                          int[] fg, int[] bg, RandomState rs, boolean allowSmaller) {
        if (fg.length == 0 && bg.length == 0) throw new IllegalArgumentException("RandCropByPosNegLabel: no sampling location available (no foreground and no background voxels)");
        if (fg.length == 0 || bg.length == 0) {
            posRatio = fg.length == 0 ? 0 : 1;
            LOG.log(System.Logger.Level.WARNING, "Num foregrounds " + fg.length + ", Num backgrounds " + bg.length
                    + ", unable to generate class balanced samples, setting pos_ratio to " + posRatio);
        }
        long[][] centers = new long[numSamples][];
        for (int s = 0; s < numSamples; s++) {
            int[] use = rs.rand() < posRatio ? fg : bg;
            long idx = use[(int) rs.randint(use.length)];
            long[] c = new long[labelShape.length];
            for (int d = labelShape.length - 1; d >= 0; d--) {
                c[d] = idx % labelShape[d];
                idx /= labelShape[d];
            }
            centers[s] = correctCropCenters(c, spatialSize, labelShape, allowSmaller);
        }
        return centers;
    }

    /**
     * MONAI's {@code correct_crop_centers}: each centre clamped to {@code [size // 2, uint16(shape + 1 - size / 2) - 1]}
     * (the upper end bumped by one when the range is empty).
     */
    public static long[] correctCropCenters(long[] center, long[] spatialSize, long[] labelShape, boolean allowSmaller) {
        long[] size = fallBack(spatialSize, labelShape);
        for (int i = 0; i < size.length; i++)
            if (labelShape[i] < size[i]) {
                if (!allowSmaller)
                    throw new IllegalArgumentException("RandCropByPosNegLabel: the size of the proposed random crop ROI is larger than the image size, got ROI size "
                            + Arrays.toString(size) + " and label image size " + Arrays.toString(labelShape) + " respectively");
                size[i] = labelShape[i];
            }
        long[] out = new long[center.length];
        for (int i = 0; i < center.length; i++) {
            long start = size[i] / 2;
            long end = (long) Math.floor(labelShape[i] + 1 - size[i] / 2.0);
            if (start == end) end++;
            out[i] = Math.min(Math.max(center[i], start), end - 1);
        }
        return out;
    }
}
