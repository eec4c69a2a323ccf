package dev.axial.transforms.croppad;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's crop-centre helpers (monai.transforms.utils): foreground/background and per-class voxel indices, the
 * random centre draws of the label-driven crops, and {@code correct_crop_centers}. The draws consume the
 * generator exactly as MONAI's, so seeded crops match.
 *
 * <pre>{@code
 * int[][] fgBg = CropCenters.mapBinaryToIndices(label, null, 0);
 * long[][] centers = CropCenters.generatePosNegLabelCropCenters(new long[]{96, 96, 96}, 4, 0.5, shape, fgBg[0], fgBg[1], rs, false);
 * }</pre>
 */
public final class CropCenters {
    private static final System.Logger LOG = System.getLogger(CropCenters.class.getName());

    private CropCenters() {}

    /**
     * MONAI's {@code map_binary_to_indices}: flat spatial indices of foreground (non-zero label in any channel,
     * channel 0 ignored when there are several) and background (zero label, and {@code image > threshold} in any
     * channel when an image is given). Returns {fg, bg}.
     */
    public static int[][] mapBinaryToIndices(Tensor label, Tensor image, double imageThreshold) {
        long[] ls = label.shape();
        int c = (int) ls[0], n = Math.toIntExact(label.numel() / ls[0]);
        boolean[] fg = new boolean[n];
        try (Scope s = Scope.open()) {
            Values lab = Values.of(label);
            for (int ch = c > 1 ? 1 : 0; ch < c; ch++)
                for (int i = 0, o = ch * n; i < n; i++) if (lab.at(o + i) != 0) fg[i] = true;
        }
        boolean[] valid = validImage(image, n, imageThreshold, label);
        int nf = 0, nb = 0;
        for (int i = 0; i < n; i++) if (fg[i]) nf++; else if (valid == null || valid[i]) nb++;
        int[] f = new int[nf], b = new int[nb];
        nf = nb = 0;
        for (int i = 0; i < n; i++) if (fg[i]) f[nf++] = i; else if (valid == null || valid[i]) b[nb++] = i;
        return new int[][]{f, b};
    }

    /** {@code (image > threshold).any(0)} flattened, or null without an image. */
    private static boolean[] validImage(Tensor image, int n, double threshold, Tensor label) {
        if (image == null) return null;
        if (image.dim() != label.dim() || image.numel() / image.size(0) != n)
            throw new TransformException("map_binary_to_indices: image " + image.describe() + " does not match label " + label.describe());
        boolean[] valid = new boolean[n];
        try (Scope s = Scope.open()) {
            Values img = Values.of(image);
            long c = image.size(0);
            for (int ch = 0; ch < c; ch++)
                for (int i = 0, o = ch * n; i < n; i++) if (img.at(o + i) > threshold) valid[i] = true;
        }
        return valid;
    }

    /**
     * Row-major element reader without a double[] copy of the whole volume: float32 read in place (widened
     * exactly, so comparisons are those of the double copy), other dtypes through their float64 copy.
     */
    private interface Values {
        double at(int i);

        static Values of(Tensor t) {
            if (t.dtype() == DType.FLOAT32 && t.device() == Device.CPU) {
                MemorySegment m = t.contiguous().hostSegment();
                return i -> m.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            }
            double[] a = t.toDoubleArray();
            return i -> a[i];
        }
    }

    /**
     * MONAI's {@code map_classes_to_indices}: per class the flat spatial indices of its voxels (one-hot label: channel
     * c non-zero; one channel: label == c, then {@code numClasses} is required), restricted to
     * {@code image > threshold} when an image is given.
     */
    public static int[][] mapClassesToIndices(Tensor label, Integer numClasses, Tensor image, double imageThreshold) {
        long[] ls = label.shape();
        int c = (int) ls[0], n = Math.toIntExact(label.numel() / ls[0]);
        if (c == 1 && numClasses == null)
            throw new TransformException("map_classes_to_indices: channels==1 indicates not using One-Hot format label, must provide num_classes");
        int classes = c == 1 ? numClasses : c;
        double[] lab = label.toDoubleArray();
        boolean[] valid = validImage(image, n, imageThreshold, label);
        int[][] out = new int[classes][];
        for (int k = 0; k < classes; k++) {
            int[] buf = new int[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                boolean in = c > 1 ? lab[k * n + i] != 0 : lab[i] == k;
                if (in && (valid == null || valid[i])) buf[m++] = i;
            }
            out[k] = Arrays.copyOf(buf, m);
        }
        return out;
    }

    /**
     * MONAI's {@code generate_pos_neg_label_crop_centers}: per sample {@code rand() < posRatio} chooses the
     * foreground list, {@code randint(len)} a voxel, then {@link #correctCropCenters} keeps the crop inside. With
     * no foreground (or no background) it logs MONAI's warning and samples from the other list only.
     */
    public static long[][] generatePosNegLabelCropCenters(long[] spatialSize, int numSamples, double posRatio, long[] labelShape,
                                                          int[] fg, int[] bg, RandomState rs, boolean allowSmaller) {
        if (fg.length == 0 && bg.length == 0) throw new TransformException("no sampling location available (no foreground and no background voxels)");
        if (fg.length == 0 || bg.length == 0) {
            posRatio = fg.length == 0 ? 0 : 1;
            LOG.log(System.Logger.Level.WARNING, "Num foregrounds " + fg.length + ", Num backgrounds " + bg.length
                    + ", unable to generate class balanced samples, setting pos_ratio to " + posRatio);
        }
        long[][] centers = new long[numSamples][];
        for (int s = 0; s < numSamples; s++) {
            int[] use = rs.rand() < posRatio ? fg : bg;
            centers[s] = correctCropCenters(unravel(use[(int) rs.randint(use.length)], labelShape), spatialSize, labelShape, allowSmaller);
        }
        return centers;
    }

    /**
     * MONAI's {@code generate_label_classes_crop_centers}: classes without voxels get ratio 0 (with MONAI's warning),
     * {@code choice(n, numSamples, p=ratios/sum)} picks the classes, then per sample {@code randint(len)} a voxel.
     */
    public static long[][] generateLabelClassesCropCenters(long[] spatialSize, int numSamples, long[] labelShape, int[][] indices,
                                                           double[] ratios, RandomState rs, boolean allowSmaller, boolean warn) {
        if (numSamples < 1) throw new TransformException("num_samples must be greater than 0, got " + numSamples);
        double[] r = ratios == null ? filled(indices.length) : ratios.clone();
        if (r.length != indices.length)
            throw new TransformException("random crop ratios must match the number of indices of classes, got "
                    + r.length + " and " + indices.length);
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] < 0) throw new TransformException("ratios should not contain negative number, got " + Arrays.toString(r));
            if (indices[i].length == 0 && r[i] != 0) {
                r[i] = 0;
                if (warn) LOG.log(System.Logger.Level.WARNING, "no available indices of class " + i + " to crop, setting the crop ratio of this class to zero.");
            }
            sum += r[i];
        }
        if (sum == 0) throw new TransformException("no class has voxels to crop around (ratios " + Arrays.toString(r) + ")");
        for (int i = 0; i < r.length; i++) r[i] /= sum;
        long[] classes = rs.choice(r.length, numSamples, true, r);
        long[][] centers = new long[numSamples][];
        for (int s = 0; s < numSamples; s++) {
            int[] use = indices[(int) classes[s]];
            centers[s] = correctCropCenters(unravel(use[(int) rs.randint(use.length)], labelShape), spatialSize, labelShape, allowSmaller);
        }
        return centers;
    }

    private static double[] filled(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }

    /** The C-order multi-index of a flat index. */
    static long[] unravel(long idx, long[] shape) {
        long[] c = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            c[d] = idx % shape[d];
            idx /= shape[d];
        }
        return c;
    }

    /**
     * MONAI's {@code correct_crop_centers}: each centre clamped to {@code [size // 2, uint16(shape + 1 - size / 2) - 1]}
     * (the upper end bumped by one when the range is empty); a crop larger than the label is an error unless
     * {@code allowSmaller}.
     */
    public static long[] correctCropCenters(long[] center, long[] spatialSize, long[] labelShape, boolean allowSmaller) {
        long[] size = Regions.fallBack(spatialSize, labelShape);
        for (int i = 0; i < size.length; i++)
            if (labelShape[i] < size[i]) {
                if (!allowSmaller)
                    throw new TransformException("The size of the proposed random crop ROI is larger than the image size, got ROI size "
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

    /**
     * MONAI's {@code weighted_patch_samples}: centres drawn with probability proportional to {@code w} (one spatial
     * map) inside the region where a window of {@code spatialSize} fits: {@code rand(n)} searched in the cumulative
     * sum, or {@code randint(0, len, n)} when the weights sum to zero or are not finite.
     */
    public static long[][] weightedPatchSamples(long[] spatialSize, double[] w, long[] shape, int n, RandomState rs) {
        int nd = shape.length;
        long[] win = Regions.fallBack(spatialSize, shape);
        long[] lo = new long[nd], vs = new long[nd];
        for (int d = 0; d < nd; d++) {
            if (shape[d] > win[d]) {
                lo[d] = win[d] / 2;
                vs[d] = shape[d] - win[d];
            } else {
                lo[d] = shape[d] / 2;
                vs[d] = 1;
            }
        }
        int len = Math.toIntExact(Arrays.stream(vs).reduce(1, (a, b) -> a * b));
        double[] v = new double[len];
        long[] strides = new long[nd];
        strides[nd - 1] = 1;
        for (int d = nd - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            long[] c = unravel(i, vs);
            long flat = 0;
            for (int d = 0; d < nd; d++) flat += (c[d] + lo[d]) * strides[d];
            v[i] = (float) w[(int) flat];
            min = Math.min(min, v[i]);
        }
        if (min < 0) for (int i = 0; i < len; i++) v[i] = (float) (v[i] - min);
        // NOTE: float32 cumulative sum, as MONAI on a float32 weight map
        float acc = 0;
        for (int i = 0; i < len; i++) v[i] = acc = (float) (acc + v[i]);
        double total = v[len - 1];
        long[] idx = new long[n];
        if (total == 0 || !Double.isFinite(total) || total < 0) idx = rs.randint(0, len, n);
        else {
            double[] r = rs.rand(n);
            for (int i = 0; i < n; i++) {
                double target = r[i] * total;
                int a = 0, b = len;                      // searchsorted(right=True): first v > target
                while (a < b) {
                    int m = (a + b) >>> 1;
                    if (v[m] <= target) a = m + 1; else b = m;
                }
                idx[i] = a;
            }
        }
        long[][] out = new long[n][];
        for (int i = 0; i < n; i++) {
            long[] c = unravel(idx[i], vs);
            for (int d = 0; d < nd; d++) c[d] += Math.min(win[d], shape[d]) / 2;
            out[i] = c;
        }
        return out;
    }
}
