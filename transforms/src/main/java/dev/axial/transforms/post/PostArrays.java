package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * What the voxel-wise post transforms share: values as Java arrays, results back in the input's dtype and device.
 * Used on CPU images; KeepLargestConnectedComponent, RemoveSmallObjects and FillHoles keep a GPU image on its device
 * (dev.axial.tensor.imaging.Labeling and tensor ops, see DeviceComponents), as LabelFilter, LabelToContour and
 * SobelGradients do (tensor ops, device convolutions).
 */
final class PostArrays {
    private PostArrays() {}

    /** The image's values (C order) widened to double. */
    static double[] values(MetaTensor img) { return img.array().toDoubleArray(); }

    /** {@code v} as a tensor of {@code shape} in {@code like}'s dtype and device, carrying {@code like}'s metadata. */
    static MetaTensor result(MetaTensor like, double[] v, long[] shape) {
        Tensor t = Tensor.of(v, shape);
        Tensor out = t.to(like.device(), like.dtype());
        if (out != t) t.close();
        return like.withArray(out);
    }

    /** The spatial shape (channel axis dropped) and its voxel count. */
    static long[] spatial(long[] shape) { return Arrays.copyOfRange(shape, 1, shape.length); }

    static int voxels(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Math.toIntExact(n);
    }

    /** MONAI's get_unique_labels(img, is_onehot, discard=0): non-empty channels, or the distinct values of channel 0. */
    static TreeSet<Double> uniqueLabels(double[] v, long[] shape, boolean onehot) {
        int c = (int) shape[0], s = v.length / Math.max(c, 1);
        TreeSet<Double> out = new TreeSet<>();
        if (onehot) {
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                for (int j = 0; j < s; j++) sum += v[ch * s + j];
                if (sum > 0) out.add((double) ch);
            }
        } else {
            for (double x : v) out.add(x);
        }
        out.remove(0.0);
        return out;
    }

    /** A connectivity in 1..nd (null: nd, full), or -1 when out of range. */
    static int connectivity(Integer connectivity, int nd) {
        if (connectivity == null) return nd;
        return connectivity < 1 || connectivity > nd ? -1 : connectivity;
    }
}
