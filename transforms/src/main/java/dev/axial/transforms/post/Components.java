package dev.axial.transforms.post;

import java.util.Arrays;

/**
 * Connected-component labelling of an N-D mask (flat, C order), as {@code skimage.measure.label} and
 * {@code scipy.ndimage.label}: two voxels are neighbours when their index vectors differ by at most one in every axis
 * and in at most {@code connectivity} axes (1 = faces, ndim = full). Labels are 1..n in the raster order of each
 * component's first voxel, 0 is background; deterministic, plain Java (union-find with path halving).
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
        int n = mask.length;
        int nd = shape.length;
        int[] dims = new int[nd];
        long total = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = Math.toIntExact(shape[i]);
            total *= dims[i];
        }
        if (total != n) throw new IllegalArgumentException("Components.label: mask has " + n + " voxels, shape " + Arrays.toString(shape));
        int[][] offsets = backwardOffsets(nd, connectivity);
        int[] strides = new int[nd];
        int s = 1;
        for (int i = nd - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        int[] coord = new int[nd];
        for (int i = 0; i < n; i++) {
            if (mask[i]) {
                parent[i] = i;
                for (int[] off : offsets) {
                    int j = i;
                    boolean inside = true;
                    for (int a = 0; a < nd && inside; a++) {
                        int c = coord[a] + off[a];
                        if (c < 0 || c >= dims[a]) inside = false;
                        else j += off[a] * strides[a];
                    }
                    if (inside && mask[j]) union(parent, i, j);
                }
            }
            for (int a = nd - 1; a >= 0; a--) {  // next raster coordinate
                if (++coord[a] < dims[a]) break;
                coord[a] = 0;
            }
        }
        int[] labels = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (!mask[i]) continue;
            int r = find(parent, i);
            if (r == i) labels[i] = ++next;  // the root is the component's first voxel (unions keep the smaller index)
            else labels[i] = labels[r];
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

    /** Offsets in {-1,0,1}^nd with 1..connectivity non-zero entries whose first non-zero entry is -1 (earlier voxels). */
    static int[][] backwardOffsets(int nd, int connectivity) {
        int total = (int) Math.pow(3, nd);
        int[][] out = new int[total][];
        int m = 0;
        for (int code = 0; code < total; code++) {
            int[] off = new int[nd];
            int c = code, nonzero = 0, first = 0;
            for (int a = nd - 1; a >= 0; a--) {
                off[a] = c % 3 - 1;
                c /= 3;
            }
            for (int a = 0; a < nd; a++) {
                if (off[a] != 0) {
                    nonzero++;
                    if (first == 0) first = off[a];
                }
            }
            if (nonzero >= 1 && nonzero <= connectivity && first == -1) out[m++] = off;
        }
        return Arrays.copyOf(out, m);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra;
        else parent[ra] = rb;
    }
}
