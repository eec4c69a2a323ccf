package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code StdShiftIntensity(factor, nonzero=False, channel_wise=False, dtype=float32)}:
 * {@code x + factor * std(x)} (population std), over the nonzero voxels only with {@code nonzero}, per channel with
 * {@code channelWise}. An image holding NaN is refused (its std would be NaN). An image on a GPU stays there (tensor
 * ops; the std reduced there).
 *
 * <pre>{@code
 * MetaTensor out = new StdShiftIntensity(0.5).nonzero(true).apply(img);
 * }</pre>
 */
public class StdShiftIntensity extends ArrayTransform {
    private final double factor;
    private boolean nonzero, channelWise;
    private DType dtype = DType.FLOAT32;

    public StdShiftIntensity(double factor) { this.factor = factor; }

    public StdShiftIntensity nonzero(boolean nonzero) { this.nonzero = nonzero; return this; }

    public StdShiftIntensity channelWise(boolean channelWise) { this.channelWise = channelWise; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public StdShiftIntensity dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, factor); }

    /** With the given factor (RandStdShiftIntensity's drawn one). */
    public MetaTensor apply(MetaTensor img, double factor) {
        Voxels.check(name(), img);
        if (Voxels.onDevice(img)) return onDevice(img, factor);
        float[] v = Voxels.floats(img);
        Voxels.noNaN(name(), img, v);
        int n = channelWise ? Voxels.channelSize(img) : v.length;
        for (int from = 0; from < v.length; from += n) {
            float[] sel = v;
            int lo = from, hi = from + n;
            if (nonzero) {
                int k = 0;
                for (int i = from; i < from + n; i++) if (v[i] != 0) k++;
                if (k == 0) continue;
                sel = new float[k];
                k = 0;
                for (int i = from; i < from + n; i++) if (v[i] != 0) sel[k++] = v[i];
                lo = 0;
                hi = k;
            }
            float offset = (float) factor * (float) Voxels.std(sel, lo, hi, false);
            for (int i = from; i < from + n; i++) if (!nonzero || v[i] != 0) v[i] = v[i] + offset;
        }
        return Voxels.out(img, v, dtype);
    }

    /** The loop above as float32 tensor ops where the image lives, the std per part reduced there (float64). */
    private MetaTensor onDevice(MetaTensor img, double factor) {
        int parts = channelWise ? Voxels.channels(img) : 1;
        try (Scope s = Scope.open()) {
            Tensor r = Voxels.rows(img, parts), mask = nonzero ? r.ne(0) : null;
            double[][] st = Voxels.meanStd(r, mask, false);
            float[] offset = new float[parts];
            for (int p = 0; p < parts; p++) {
                if (st[p][2] == 0) continue;   // no non-zero voxel: the part stays as it is
                if (Double.isNaN(st[p][1])) throw Voxels.nan(name(), img);
                offset[p] = (float) factor * (float) st[p][1];
            }
            Tensor x = img.array().to(DType.FLOAT32), y = x.add(Voxels.perPart(img, offset));
            return Voxels.out(s, img, mask == null ? y : Tensor.where(mask.reshape(x.shape()), y, x), dtype);
        }
    }
}
