package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;

/**
 * MONAI's {@code KeepLargestConnectedComponent(applied_labels=None, is_onehot=None, independent=True,
 * connectivity=None, num_components=1)}: keeps the {@code numComponents} largest connected components of each
 * applied label (independent) or of their union, setting the rest of that label to 0. {@code isOnehot} null means
 * "more than one channel"; {@code appliedLabels} null means every non-zero label (one-hot: every non-empty channel
 * but 0). Connectivity is skimage's: the most orthogonal hops between neighbours, 1..ndim, null = ndim (full).
 * Equal-sized components are ranked as MONAI ranks them (numpy 1.24's argsort, ported: with up to 15 components
 * the later one in raster order wins). Components are found by {@link Components} on the CPU; an image on another device stays there
 * (Labeling.label and tensor ops: DeviceComponents).
 *
 * <pre>{@code
 * MetaTensor clean = new KeepLargestConnectedComponent().appliedLabels(1, 2).connectivity(1).apply(seg);
 * }</pre>
 */
public final class KeepLargestConnectedComponent extends ArrayTransform {
    private double[] appliedLabels;
    private Boolean isOnehot;
    private boolean independent = true;
    private Integer connectivity;
    private int numComponents = 1;

    public KeepLargestConnectedComponent appliedLabels(double... labels) { this.appliedLabels = labels == null ? null : labels.clone(); return this; }

    public KeepLargestConnectedComponent isOnehot(Boolean isOnehot) { this.isOnehot = isOnehot; return this; }

    public KeepLargestConnectedComponent independent(boolean independent) { this.independent = independent; return this; }

    public KeepLargestConnectedComponent connectivity(Integer connectivity) { this.connectivity = connectivity; return this; }

    public KeepLargestConnectedComponent numComponents(int n) {
        if (n < 1) throw error("numComponents must be at least 1, got " + n);
        this.numComponents = n;
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] shape = img.shape();
        if (shape.length < 2) throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(shape));
        long[] sp = PostArrays.spatial(shape);
        int conn = PostArrays.connectivity(connectivity, sp.length);
        if (conn < 0) throw error("connectivity " + connectivity + " must be in 1.." + sp.length + " for shape " + Arrays.toString(shape));
        boolean onehot = isOnehot == null ? shape[0] > 1 : isOnehot;
        boolean host = img.device().isCpu();
        double[] v = host ? PostArrays.values(img) : null;
        Collection<Double> labels;
        if (appliedLabels != null) {
            labels = new TreeSet<>();
            for (double l : appliedLabels) labels.add(l);
        } else {
            if (!onehot && shape[0] != 1) throw error("an image that is not one-hot must have 1 channel, got shape " + Arrays.toString(shape));
            labels = host ? PostArrays.uniqueLabels(v, shape, onehot) : DeviceComponents.uniqueLabels(img.array(), onehot);
        }
        int s = PostArrays.voxels(sp);
        if (onehot) {
            for (double l : labels)
                if (l != Math.rint(l) || l < 0 || l >= shape[0]) throw error("label " + l + " is not a channel of the one-hot image of shape " + Arrays.toString(shape));
        }
        if (!host) return img.withArray(onDevice(img.array(), labels, onehot, conn));
        if (independent) {
            for (double l : labels) {
                int ch = onehot ? (int) l : 0;
                boolean[] fg = new boolean[s];
                for (int j = 0; j < s; j++) fg[j] = onehot ? v[ch * s + j] > 0 : v[j] == l;
                clear(v, ch * s, fg, largest(fg, sp, conn));
            }
        } else if (!onehot) {
            boolean[] fg = new boolean[s];
            for (int j = 0; j < s; j++) fg[j] = labels.contains(v[j]);
            clear(v, 0, fg, largest(fg, sp, conn));
        } else {
            boolean[] fg = new boolean[s];
            for (double l : labels) for (int j = 0; j < s; j++) fg[j] |= v[(int) l * s + j] == 1;
            boolean[] keep = largest(fg, sp, conn);
            for (double l : labels) clear(v, (int) l * s, fg, keep);
        }
        return PostArrays.result(img, v, shape);
    }

    /** The same steps with tensor ops on the image's device (DeviceComponents): a cleared copy of {@code a}. */
    private Tensor onDevice(Tensor a, Collection<Double> labels, boolean onehot, int conn) {
        Tensor out = a.copy();
        try (Scope scope = Scope.open()) {
            if (independent) {
                for (double l : labels) {
                    Tensor ch = out.select(0, onehot ? (long) l : 0);
                    Tensor fg = onehot ? ch.gt(0) : ch.eq(l);
                    ch.maskedFill_(fg.logicalAnd(DeviceComponents.largest(fg, conn, numComponents).logicalNot()), 0);
                }
            } else {
                Tensor fg = null;
                for (double l : labels) {
                    Tensor f = onehot ? out.select(0, (long) l).eq(1) : out.select(0, 0).eq(l);
                    fg = fg == null ? f : fg.logicalOr(f);
                }
                if (fg == null) return out;
                Tensor drop = fg.logicalAnd(DeviceComponents.largest(fg, conn, numComponents).logicalNot());
                if (onehot) for (double l : labels) out.select(0, (long) l).maskedFill_(drop, 0);
                else out.select(0, 0).maskedFill_(drop, 0);
            }
        }
        return out;
    }

    /** MONAI's get_largest_connected_component_mask. */
    private boolean[] largest(boolean[] fg, long[] sp, int conn) {
        Components c = Components.label(fg, sp, conn);
        return c.mask(c.largest(numComponents));
    }

    private static void clear(double[] v, int base, boolean[] fg, boolean[] keep) {
        for (int j = 0; j < fg.length; j++) if (fg[j] && !keep[j]) v[base + j] = 0;
    }
}
