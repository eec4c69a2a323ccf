package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;
import java.util.function.DoublePredicate;

/**
 * MONAI's {@code MaskIntensity(mask_data=None, select_fn=is_positive)}: keeps the voxels where {@code select_fn(mask)}
 * holds and zeroes the others ({@code x * mask}, so NaN stays NaN, as in torch). A one-channel mask applies to every
 * channel; otherwise the channel counts must match. The mask may also be given per call. On a GPU image the
 * selection (select_fn, Java code, on the mask's values) is uploaded and the product taken there.
 *
 * <pre>{@code
 * MetaTensor brain = new MaskIntensity(brainMask).apply(img);
 * MetaTensor out = new MaskIntensity().selectFn(m -> m == 2).apply(img, labels);
 * }</pre>
 */
public class MaskIntensity extends ArrayTransform {
    private final Tensor maskData;
    private DoublePredicate selectFn = m -> m > 0;

    public MaskIntensity() { this(null); }

    public MaskIntensity(Tensor maskData) { this.maskData = maskData; }

    public MaskIntensity selectFn(DoublePredicate selectFn) { this.selectFn = selectFn; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, (Tensor) null); }

    /** With a mask given for this call (null: the constructor's). */
    public MetaTensor apply(MetaTensor img, Tensor mask) {
        Voxels.check(name(), img);
        Tensor m = mask != null ? mask : maskData;
        if (m == null) throw error("needs mask_data, at construction or per call; image shape " + Arrays.toString(img.shape()));
        long[] is = img.shape(), ms = m.shape();
        if (ms.length != is.length || !Arrays.equals(ms, 1, ms.length, is, 1, is.length) || (ms[0] != 1 && ms[0] != is[0]))
            throw error("mask shape " + Arrays.toString(ms) + " does not fit image shape " + Arrays.toString(is)
                    + " (same spatial size; one channel or as many as the image)");
        double[] mv = m.toDoubleArray();
        if (Voxels.onDevice(img)) try (Scope s = Scope.open()) {
            // select_fn is Java code: it runs on the mask's values on the host; the 0/1 selection goes to the image
            float[] sel = new float[mv.length];
            for (int i = 0; i < mv.length; i++) sel[i] = selectFn.test(mv[i]) ? 1f : 0f;
            Tensor x = img.array().to(DType.FLOAT32);
            return Voxels.out(s, img, x.mul(Tensor.of(sel, ms).to(img.device())), null);
        }
        float[] v = Voxels.floats(img);
        int n = Voxels.channelSize(img);
        for (int i = 0; i < v.length; i++) {
            int j = ms[0] == 1 ? i % n : i;
            v[i] = v[i] * (selectFn.test(mv[j]) ? 1f : 0f);
        }
        return Voxels.out(img, v, null);
    }
}
