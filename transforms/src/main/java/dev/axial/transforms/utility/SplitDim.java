package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;

import java.util.ArrayList;
import java.util.List;

/**
 * MONAI's {@code SplitDim}: splits an image into its slices along {@code dim} (default -1), keeping that dim with size
 * 1 ({@code keepdim}, default true) or dropping it. With {@code updateMeta} (default true) and a spatial dim, slice i's
 * affine is {@code A · shift}, with shift the identity plus i at row {@code dim - 1} of the last column (a translation
 * of i voxels along that axis). A transform with several outputs: {@link #apply(Object, RandomState)} gives a list.
 *
 * <p>NOTE: as MONAI 1.5, the affine is shifted only with {@code keepdim} (MONAI updates the un-squeezed slice, not
 * the squeezed one it returns), and a negative {@code dim} picks the affine row {@code dim - 1} counted from the end of the affine,
 * which is the matching spatial axis only when the affine has one row per spatial dim plus one (e.g. 4×4 for 3-D).
 *
 * <pre>{@code
 * List<MetaTensor> slices = new SplitDim().dim(3).keepdim(false).split(volume);   // (C, H, W) each
 * }</pre>
 */
public class SplitDim extends TransformBase {
    private int dim = -1;
    private boolean keepdim = true, updateMeta = true;

    /** MONAI's dim (default -1). */
    public SplitDim dim(int dim) { this.dim = dim; return this; }

    /** MONAI's keepdim (default true). */
    public SplitDim keepdim(boolean keep) { keepdim = keep; return this; }

    /** MONAI's update_meta (default true). */
    public SplitDim updateMeta(boolean update) { updateMeta = update; return this; }

    /** The slices of {@code img} along dim, each a view carrying the (shifted) affine and the metadata. */
    public List<MetaTensor> split(MetaTensor img) {
        Tensor a = img.array();
        int rank = a.dim();
        if (dim < -rank || dim >= rank) throw error("dim " + dim + " is out of range for " + a.describe());
        int d = dim < 0 ? dim + rank : dim;
        long n = a.size(d);
        List<MetaTensor> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            Tensor part = a.narrow(d, i, 1);
            MetaTensor item = img.withArray(keepdim ? part : part.squeeze(d));
            if (updateMeta && keepdim && dim != 0) {
                double[][] affine = item.affine();
                int rows = affine.length, row = Math.floorMod(dim - 1, rows);
                if (dim - 1 >= rows || dim - 1 < -rows) throw error("dim " + dim + " has no affine row in a " + rows + "x" + rows + " affine");
                int last = affine[0].length - 1;
                for (double[] r : affine) r[last] += r[row] * i;
                item.setAffine(affine);
            }
            out.add(item);
        }
        return out;
    }

    /** An image to the list of its slices; a list is split item by item. */
    @Override public Object apply(Object data, RandomState rs) {
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        return switch (data) {
            case MetaTensor m -> new ArrayList<Object>(split(m));
            case Tensor t -> new ArrayList<Object>(split(MetaTensor.of(t)));
            case null, default -> throw error("needs a MetaTensor or a Tensor, got " + (data == null ? "null" : data.getClass().getSimpleName()));
        };
    }
}
