package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;

/**
 * MONAI's synthetic segmentation images ({@code monai.data.synthetic}): random discs (2-D) or balls (3-D) on
 * optional uniform noise, with their label map. The draws come from a {@link RandomState} in exactly MONAI's
 * order (per object x, y[, z], radius, then the class value; then the noise, always drawn), so the same seed
 * gives the same image and label as {@code create_test_image_3d(..., random_state=np.random.RandomState(seed))}.
 *
 * <pre>{@code
 * try (Synthetic.Image s = Synthetic.createTestImage3d(128, 128, 128, 12, 30, 5, 0.0, 1, 0, new RandomState(0))) {
 *     Tensor img = s.image();    // float32 (1, 128, 128, 128), rescaled to [0, 1]
 *     Tensor seg = s.label();    // int32, same shape
 * }
 * }</pre>
 */
public final class Synthetic {
    private Synthetic() {}

    /** An image and its label (int32), both owned by this pair: {@link #close()} frees both. */
    public record Image(Tensor image, Tensor label) implements AutoCloseable {
        @Override public void close() {
            image.close();
            label.close();
        }
    }

    /** {@code create_test_image_2d(height, width)} with MONAI's defaults. */
    public static Image createTestImage2d(int height, int width, RandomState rs) {
        return createTestImage2d(height, width, 12, 30, 5, 0.0, 5, null, rs);
    }

    /**
     * MONAI's {@code create_test_image_2d}: an image of shape (height, width) ({@code channelDim} null), or with a
     * channel of size 1 first ({@code channelDim} 0) or last (-1 or 2).
     */
    public static Image createTestImage2d(int height, int width, int numObjs, int radMax, int radMin, double noiseMax,
                                          int numSegClasses, Integer channelDim, RandomState rs) {
        check("createTestImage2d", radMax, radMin, Math.min(height, width), channelDim, 2);
        int[] dims = {height, width};
        double[] image = new double[height * width];
        for (int o = 0; o < numObjs; o++) {
            int x = (int) rs.randint(radMax, height - radMax);
            int y = (int) rs.randint(radMax, width - radMax);
            int rad = (int) rs.randint(radMin, radMax);
            int[] lo = {Math.max(0, x - rad), Math.max(0, y - rad)};
            int[] hi = {Math.min(height - 1, x + rad), Math.min(width - 1, y + rad)};
            double v = classValue(rs, numSegClasses);
            long r2 = (long) rad * rad;
            for (int i = lo[0]; i <= hi[0]; i++)
                for (int j = lo[1]; j <= hi[1]; j++)
                    if ((long) (i - x) * (i - x) + (long) (j - y) * (j - y) <= r2) image[i * width + j] = v;
        }
        return finish(image, dims, noiseMax, numSegClasses, channelDim, rs);
    }

    /** {@code create_test_image_3d(height, width, depth)} with MONAI's defaults. */
    public static Image createTestImage3d(int height, int width, int depth, RandomState rs) {
        return createTestImage3d(height, width, depth, 12, 30, 5, 0.0, 5, null, rs);
    }

    /**
     * MONAI's {@code create_test_image_3d}: an image of shape (height, width, depth) ({@code channelDim} null), or
     * with a channel of size 1 first ({@code channelDim} 0) or last (-1 or 3).
     */
    public static Image createTestImage3d(int height, int width, int depth, int numObjs, int radMax, int radMin, double noiseMax,
                                          int numSegClasses, Integer channelDim, RandomState rs) {
        check("createTestImage3d", radMax, radMin, Math.min(height, Math.min(width, depth)), channelDim, 3);
        int[] dims = {height, width, depth};
        double[] image = new double[Math.multiplyExact(height, Math.multiplyExact(width, depth))];
        for (int o = 0; o < numObjs; o++) {
            int x = (int) rs.randint(radMax, height - radMax);
            int y = (int) rs.randint(radMax, width - radMax);
            int z = (int) rs.randint(radMax, depth - radMax);
            int rad = (int) rs.randint(radMin, radMax);
            double v = classValue(rs, numSegClasses);
            long r2 = (long) rad * rad;
            // NOTE: only the ball's bounding box is visited; MONAI's ogrid test covers the same voxels
            for (int i = Math.max(0, x - rad); i <= Math.min(height - 1, x + rad); i++)
                for (int j = Math.max(0, y - rad); j <= Math.min(width - 1, y + rad); j++) {
                    long dij = (long) (i - x) * (i - x) + (long) (j - y) * (j - y);
                    int base = (i * width + j) * depth;
                    for (int k = Math.max(0, z - rad); k <= Math.min(depth - 1, z + rad); k++)
                        if (dij + (long) (k - z) * (k - z) <= r2) image[base + k] = v;
                }
        }
        return finish(image, dims, noiseMax, numSegClasses, channelDim, rs);
    }

    private static void check(String op, int radMax, int radMin, int minSize, Integer channelDim, int nd) {
        if (radMax <= radMin) throw new IllegalArgumentException("Synthetic." + op + ": rad_min " + radMin + " should be less than rad_max " + radMax);
        if (radMin < 1) throw new IllegalArgumentException("Synthetic." + op + ": rad_min " + radMin + " should be no less than 1");
        if (minSize <= 2 * radMax)
            throw new IllegalArgumentException("Synthetic." + op + ": the minimal size " + minSize + " of the image should be larger than 2 * rad_max 2x" + radMax);
        if (channelDim != null && channelDim != 0 && channelDim != -1 && channelDim != nd)
            throw new IllegalArgumentException("Synthetic." + op + ": invalid channel dim " + channelDim + " (null, 0, -1 or " + nd + ")");
    }

    private static double classValue(RandomState rs, int numSegClasses) {
        return numSegClasses > 1 ? Math.ceil(rs.random() * numSegClasses) : rs.random() * 0.5 + 0.5;
    }

    /** Labels, the always-drawn noise, then MONAI's rescale_array in float32. */
    private static Image finish(double[] image, int[] dims, double noiseMax, int numSegClasses, Integer channelDim, RandomState rs) {
        int n = image.length;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (int) Math.ceil(image[i]);
        double low = 0, high = numSegClasses * noiseMax, range = high - low;
        float[] out = new float[n];
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double noise = low + range * rs.randomSample();   // = rs.uniform(0, C·noise_max), drawn voxel by voxel
            float v = (float) Math.max(image[i], noise);
            out[i] = v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        // rescale_array(minv=0, maxv=1, dtype=float32): float32 arithmetic throughout, a flat image becomes 0
        if (min == max) {
            java.util.Arrays.fill(out, 0f);
        } else {
            float span = max - min;
            for (int i = 0; i < n; i++) out[i] = (out[i] - min) / span;
        }
        long[] shape = shapeWithChannel(dims, channelDim);
        return new Image(Tensor.of(out, shape), Tensor.of(labels, shape));
    }

    private static long[] shapeWithChannel(int[] dims, Integer channelDim) {
        int nd = dims.length;
        long[] s = new long[channelDim == null ? nd : nd + 1];
        int off = channelDim != null && channelDim == 0 ? 1 : 0;
        for (int i = 0; i < nd; i++) s[i + off] = dims[i];
        if (channelDim != null) s[off == 1 ? 0 : nd] = 1;
        return s;
    }
}
