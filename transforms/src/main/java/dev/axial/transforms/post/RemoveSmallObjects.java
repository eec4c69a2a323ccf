package dev.axial.transforms.post;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.DType;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code RemoveSmallObjects(min_size=64, connectivity=1, independent_channels=True, by_measure=False,
 * pixdim=None)}, i.e. skimage's remove_small_objects on the whole {@code (C, spatial...)} array:
 * <ul>
 * <li>values within [.., 1] are a mask: components smaller than {@code minSize} are removed, the rest become 1;
 * the channel axis counts as an axis (a voxel touches the same voxel in the next channel) and
 * {@code connectivity} ranges over 1..ndim+1 (null: full);</li>
 * <li>larger values are truncated to integer labels and each label value is one object (no labelling, as skimage);
 * negative labels are an error;</li>
 * <li>{@code independentChannels=false}: objects of the mask {@code > 0}, and kept voxels keep their value.</li>
 * </ul>
 * {@code byMeasure}: {@code minSize} is a volume in the affine's units, divided by the voxel volume (the product of
 * {@code pixdim}, else of the image's pixdim) and rounded up. NOTE: MONAI ignores {@code pixdim} for a MetaTensor;
 * here every image is one, so a given {@code pixdim} wins over the affine's. An image that is not on the CPU stays
 * on its device (Labeling.label, bincount and other tensor ops); only a few scalars come back to the host.
 *
 * <pre>{@code
 * MetaTensor clean = new RemoveSmallObjects().minSize(10).apply(mask);
 * }</pre>
 */
public final class RemoveSmallObjects extends ArrayTransform {
    private double minSize = 64;
    private Integer connectivity = 1;
    private boolean independentChannels = true;
    private boolean byMeasure;
    private double[] pixdim;

    public RemoveSmallObjects minSize(double minSize) { this.minSize = minSize; return this; }

    public RemoveSmallObjects connectivity(Integer connectivity) { this.connectivity = connectivity; return this; }

    public RemoveSmallObjects independentChannels(boolean independent) { this.independentChannels = independent; return this; }

    public RemoveSmallObjects byMeasure(boolean byMeasure) { this.byMeasure = byMeasure; return this; }

    /** One spacing for all spatial axes, or one per axis. */
    public RemoveSmallObjects pixdim(double... pixdim) { this.pixdim = pixdim == null ? null : pixdim.clone(); return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] shape = img.shape();
        if (shape.length < 2) throw error("needs a channel-first image (C, spatial...), got shape " + Arrays.toString(shape));
        if (!img.device().isCpu()) return img.withArray(onDevice(img, shape));
        double[] v = PostArrays.values(img);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) throw error("the image holds NaN (shape " + Arrays.toString(shape) + ")");
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (v.length == 0 || min == max) return img.withArray(img.array().copy());
        long size = (long) Math.ceil(byMeasure ? minSize / voxelVolume(img, shape.length - 1) : minSize);
        if (size <= 0) return img.withArray(img.array().copy());
        double[] out = new double[v.length];
        if (!independentChannels || max <= 1) {
            int conn = PostArrays.connectivity(connectivity, shape.length);
            if (conn < 0) throw error("connectivity " + connectivity + " must be in 1.." + shape.length + " (the channel axis counts) for shape " + Arrays.toString(shape));
            boolean[] mask = new boolean[v.length];
            for (int i = 0; i < v.length; i++) mask[i] = independentChannels ? v[i] != 0 : v[i] > 0;
            Components c = Components.label(mask, shape, conn);
            int[] sizes = c.sizes();
            for (int i = 0; i < v.length; i++) {
                boolean kept = c.labels[i] != 0 && sizes[c.labels[i]] >= size;
                out[i] = kept ? (independentChannels ? 1 : v[i]) : 0;
            }
        } else {
            int[] lab = new int[v.length];
            int top = 0;
            for (int i = 0; i < v.length; i++) {
                lab[i] = (int) v[i];  // numpy's astype(int32) truncates
                if (lab[i] < 0) throw error("negative labels are not supported (value " + v[i] + ", shape " + Arrays.toString(shape) + ")");
                top = Math.max(top, lab[i]);
            }
            long[] count = new long[top + 1];
            for (int l : lab) count[l]++;
            for (int i = 0; i < v.length; i++) out[i] = count[lab[i]] >= size ? lab[i] : 0;
        }
        return PostArrays.result(img, out, shape);
    }

    /** The same steps with tensor ops on the image's device (Labeling.label, bincount): a new array in the input's dtype. */
    private Tensor onDevice(MetaTensor img, long[] shape) {
        Tensor a = img.array();
        if (a.numel() == 0) return a.copy();
        Tensor out;
        try (Scope scope = Scope.open()) {
            if (a.dtype().isFloatingPoint() && a.isnan().any().item() != 0) throw error("the image holds NaN (shape " + Arrays.toString(shape) + ")");
            Tensor num = a.dtype() == DType.BOOL ? a.to(DType.INT32) : a;
            double min = num.amin().item(), max = num.amax().item();
            if (min == max) return scope.keep(a.copy());
            long size = (long) Math.ceil(byMeasure ? minSize / voxelVolume(img, shape.length - 1) : minSize);
            if (size <= 0) return scope.keep(a.copy());
            if (!independentChannels || max <= 1) {
                int conn = PostArrays.connectivity(connectivity, shape.length);
                if (conn < 0) throw error("connectivity " + connectivity + " must be in 1.." + shape.length + " (the channel axis counts) for shape " + Arrays.toString(shape));
                Tensor mask = independentChannels ? a.ne(0) : a.gt(0);
                Tensor kept = DeviceComponents.sizes(mask, conn).ge(size);
                out = independentChannels ? kept.to(a.dtype()) : a.where(kept, 0);
            } else {
                Tensor lab = a.to(DType.INT64);  // truncates, as numpy's astype
                long low = lab.amin().itemLong();
                if (low < 0) throw error("negative labels are not supported (value " + low + ", shape " + Arrays.toString(shape) + ")");
                Tensor flat = lab.flatten();
                Tensor count = flat.bincount().gather(0, flat).view(shape);
                out = lab.where(count.ge(size), 0).to(a.dtype());
            }
            scope.keep(out);
        }
        return out;
    }

    private double voxelVolume(MetaTensor img, int spatialDims) {
        double[] p;
        if (pixdim == null) p = img.pixdim();
        else if (pixdim.length == 1) {
            p = new double[spatialDims];
            Arrays.fill(p, pixdim[0]);
        } else if (pixdim.length == spatialDims) p = pixdim;
        else throw error("pixdim has " + pixdim.length + " values for " + spatialDims + " spatial axes");
        double vol = 1;
        for (double x : p) vol *= x;
        return vol == 0 ? 1 : vol;
    }
}
