package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * MONAI's {@code FillHoles(applied_labels=None, connectivity=None)}: for each label (ascending), every voxel not
 * reachable from the border through voxels of other values becomes that label; MONAI's definition, so an island of
 * another label enclosed by this one is filled too. One channel holds labels; more channels are one-hot (channel
 * index = label, the filled voxels set to 1). {@code appliedLabels} null or empty: every label present;
 * connectivity 1..ndim (null: full). An image that is not on the CPU stays on its device (Labeling.label and tensor
 * ops).
 *
 * <pre>{@code
 * MetaTensor filled = new FillHoles().connectivity(1).apply(seg);
 * }</pre>
 */
public final class FillHoles extends ArrayTransform {
    private double[] appliedLabels;
    private Integer connectivity;

    public FillHoles appliedLabels(double... labels) { this.appliedLabels = labels == null || labels.length == 0 ? null : labels.clone(); return this; }

    public FillHoles connectivity(Integer connectivity) { this.connectivity = connectivity; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] shape = img.shape();
        if (shape.length < 2) throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(shape));
        long[] sp = PostArrays.spatial(shape);
        int conn = PostArrays.connectivity(connectivity, sp.length);
        if (conn < 0) throw error("connectivity " + connectivity + " must be in 1.." + sp.length + " for shape " + Arrays.toString(shape));
        boolean onehot = shape[0] > 1;
        boolean host = img.device().isCpu();
        double[] v = host ? PostArrays.values(img) : null;
        TreeSet<Double> labels;
        if (appliedLabels != null) {
            labels = new TreeSet<>();
            for (double l : appliedLabels) labels.add(l);
            labels.remove(0.0);
        } else labels = host ? PostArrays.uniqueLabels(v, shape, onehot) : DeviceComponents.uniqueLabels(img.array(), onehot);
        if (!host) return img.withArray(onDevice(img.array(), labels, onehot, conn));
        int s = PostArrays.voxels(sp);
        for (double l : labels) {
            if (onehot && (l != Math.rint(l) || l < 0 || l >= shape[0]))
                throw error("label " + l + " is not a channel of the one-hot image of shape " + Arrays.toString(shape));
            int base = onehot ? (int) l * s : 0;
            boolean[] other = new boolean[s];
            for (int j = 0; j < s; j++) other[j] = onehot ? v[base + j] == 0 : v[j] != l;
            Components c = Components.label(other, sp, conn);
            boolean[] open = c.mask(c.touchingBorder(sp));
            for (int j = 0; j < s; j++) {
                if (onehot) v[base + j] = open[j] ? 0 : 1;
                else if (!open[j]) v[j] = l;
            }
        }
        return PostArrays.result(img, v, shape);
    }

    /** The same steps with tensor ops on the image's device (Labeling.label via DeviceComponents): a filled copy. */
    private Tensor onDevice(Tensor a, TreeSet<Double> labels, boolean onehot, int conn) {
        Tensor out = a.copy();
        try (Scope scope = Scope.open()) {
            for (double l : labels) {
                if (onehot && (l != Math.rint(l) || l < 0 || l >= a.shape()[0]))
                    throw error("label " + l + " is not a channel of the one-hot image of shape " + Arrays.toString(a.shape()));
                Tensor ch = out.select(0, onehot ? (long) l : 0);
                Tensor closed = DeviceComponents.touchingBorder(onehot ? ch.eq(0) : ch.ne(l), conn).logicalNot();
                if (onehot) ch.copy_(closed);
                else ch.maskedFill_(closed, l);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }
}
