package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.UniqueResult;
import dev.axial.tensor.imaging.Labeling;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The device side of the component transforms (KeepLargestConnectedComponent, RemoveSmallObjects, FillHoles on an
 * image that is not on the CPU): {@link Labeling#label} gives every voxel its component's smallest linear index (the
 * raster order that {@link Components} numbers by), and tensor ops on the image's device do the rest; only small
 * things come back to the host (the distinct labels, one count per component). Call inside a Scope.
 */
final class DeviceComponents {
    private DeviceComponents() {}

    /** {@link PostArrays#uniqueLabels} on the device: non-empty channels (sum > 0 in double), or the distinct values. */
    static TreeSet<Double> uniqueLabels(Tensor a, boolean onehot) {
        TreeSet<Double> out = new TreeSet<>();
        if (onehot) {
            int[] spatial = new int[a.dim() - 1];
            for (int d = 0; d < spatial.length; d++) spatial[d] = d + 1;
            double[] sums = a.to(DType.FLOAT64).sum(spatial).toDoubleArray();
            for (int ch = 0; ch < sums.length; ch++) if (sums[ch] > 0) out.add((double) ch);
        } else {
            for (double x : a.unique().toDoubleArray()) out.add(x);
        }
        out.remove(0.0);
        return out;
    }

    /** Per voxel of {@code fg}: in one of the {@code num} largest components ({@link Components#largest(int)}'s ranking). */
    static Tensor largest(Tensor fg, int conn, int num) {
        Tensor labels = Labeling.label(fg, conn).flatten();
        UniqueResult u = labels.unique(true, false, true);
        long[] roots = u.values().toLongArray(), counts = u.counts().toLongArray();
        int first = roots.length > 0 && roots[0] < 0 ? 1 : 0;  // -1, the background, sorts first
        int[] sizes = new int[roots.length - first + 1];
        for (int k = first; k < roots.length; k++) sizes[k - first + 1] = Math.toIntExact(counts[k]);
        boolean[] keep = Components.largest(sizes, num);
        List<Long> kept = new ArrayList<>();
        for (int k = 1; k < keep.length; k++) if (keep[k]) kept.add(roots[k - 1 + first] + 1);
        return byRoot(labels, kept, fg);
    }

    /** Per voxel of {@code fg}: the size of its component (0 for background voxels). */
    static Tensor sizes(Tensor fg, int conn) {
        Tensor at = Labeling.label(fg, conn).flatten().add(1);
        Tensor counts = at.bincount();
        return counts.gather(0, at).view(fg.shape()).where(fg, 0);
    }

    /** Per voxel of {@code fg} (spatial shape): in a component that touches the array's border. */
    static Tensor touchingBorder(Tensor fg, int conn) {
        Tensor labels = Labeling.label(fg, conn).flatten();
        long[] shape = fg.shape();
        List<Long> border = new ArrayList<>();
        int nd = shape.length;
        long[] coord = new long[nd];
        long n = labels.numel();
        for (long i = 0; i < n; i++) {
            for (int a = 0; a < nd; a++) {
                if (coord[a] == 0 || coord[a] == shape[a] - 1) {
                    border.add(i);
                    break;
                }
            }
            for (int a = nd - 1; a >= 0; a--) {
                if (++coord[a] < shape[a]) break;
                coord[a] = 0;
            }
        }
        Tensor roots = labels.indexSelect(0, Tensor.of(border.stream().mapToLong(Long::longValue).toArray()).to(fg.device()));
        Tensor table = Tensor.zeros(DType.BOOL, fg.device(), n + 1).scatter_(0, roots.add(1), 1);
        return table.gather(0, labels.add(1)).view(shape).logicalAnd(fg);
    }

    /** fg voxels whose label + 1 is in {@code rootsPlusOne}, by a lookup table indexed by label + 1. */
    private static Tensor byRoot(Tensor labels, List<Long> rootsPlusOne, Tensor fg) {
        Tensor table = Tensor.zeros(DType.BOOL, fg.device(), labels.numel() + 1);
        if (!rootsPlusOne.isEmpty())
            table.scatter_(0, Tensor.of(rootsPlusOne.stream().mapToLong(Long::longValue).toArray()).to(fg.device()), 1);
        return table.gather(0, labels.add(1)).view(fg.shape()).logicalAnd(fg);
    }
}
