package dev.axial.transforms.post;

import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.Labeling;

import java.util.Arrays;

/**
 * Connected-component labelling of an N-D mask (flat, C order), as {@code skimage.measure.label} and
 * {@code scipy.ndimage.label}: two voxels are neighbours when their index vectors differ by at most one in every axis
 * and in at most {@code connectivity} axes (1 = faces, ndim = full). Labels are 1..n in the raster order of each
 * component's first voxel, 0 is background; deterministic. The labelling itself is the tensor core's
{@link Labeling#label} (one op on every backend); this class numbers and counts the components.
 *
 * <pre>{@code
 * Components c = Components.label(mask, new long[] {6, 7, 5}, 1);
 * int[] sizes = c.sizes();   // sizes[k] voxels carry label k (sizes[0] is the background)
 * }</pre>
 */
public final class Components {
    /** Per-voxel labels (0 = background). */
    public final int[] labels;
    /** The number of components. */
    public final int count;

    private Components(int[] labels, int count) {
        this.labels = labels;
        this.count = count;
    }

    /**
     * Labels {@code mask} of {@code shape}; {@code connectivity} in 1..ndim (larger means full, as scipy's
     * generate_binary_structure).
     */
    public static Components label(boolean[] mask, long[] shape, int connectivity) {
        long total = 1;
        for (long d : shape) total *= d;
        if (total != mask.length)
            throw new IllegalArgumentException("Components.label: mask has " + mask.length + " voxels, shape " + Arrays.toString(shape));
        int n = mask.length;
        int[] labels = new int[n];
        if (n == 0) return new Components(labels, 0);
        long[] first;   // per voxel: the smallest linear index of its component (the tensor core's label op), -1 background
        try (Scope s = Scope.open()) {
            first = Labeling.label(Tensor.of(mask, shape), Math.max(1, Math.min(connectivity, shape.length))).toLongArray();
        }
        int next = 0;
        for (int i = 0; i < n; i++) {   // number components 1..n in the raster order of their first voxel
            long f = first[i];
            if (f < 0) continue;
            labels[i] = f == i ? ++next : labels[(int) f];
        }
        return new Components(labels, next);
    }

    /** {@code sizes[k]}: voxels labelled k (index 0 counts the background). */
    public int[] sizes() {
        int[] sizes = new int[count + 1];
        for (int l : labels) sizes[l]++;
        return sizes;
    }

    /**
     * The {@code num} largest components, flagged by label: MONAI's {@code argsort(bincount)[::-1][:num]}, with
     * numpy's (unstable) quicksort ported so that equal sizes rank as in MONAI (numpy 1.24's argsort).
     */
    public boolean[] largest(int num) { return largest(sizes(), num); }

    /** {@link #largest(int)} from {@code sizes} (index k: voxels of label k, 1..count in raster order); sizes[0] is zeroed. */
    static boolean[] largest(int[] sizes, int num) {
        int count = sizes.length - 1;
        sizes[0] = 0;  // MONAI counts only the non-zero labels
        int[] order = NumpySort.argsort(sizes);
        boolean[] keep = new boolean[count + 1];
        for (int k = 0; k < Math.min(num, count); k++) keep[order[order.length - 1 - k]] = true;
        return keep;
    }

    /** The voxels of the components whose labels are flagged in {@code keep}. */
    public boolean[] mask(boolean[] keep) {
        boolean[] out = new boolean[labels.length];
        for (int i = 0; i < out.length; i++) out[i] = labels[i] != 0 && keep[labels[i]];
        return out;
    }

    /** Flags the labels of components that touch the array's border. */
    public boolean[] touchingBorder(long[] shape) {
        boolean[] touch = new boolean[count + 1];
        int nd = shape.length;
        int[] coord = new int[nd];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && !touch[labels[i]]) {
                for (int a = 0; a < nd; a++) {
                    if (coord[a] == 0 || coord[a] == shape[a] - 1) {
                        touch[labels[i]] = true;
                        break;
                    }
                }
            }
            for (int a = nd - 1; a >= 0; a--) {
                if (++coord[a] < shape[a]) break;
                coord[a] = 0;
            }
        }
        return touch;
    }
}
