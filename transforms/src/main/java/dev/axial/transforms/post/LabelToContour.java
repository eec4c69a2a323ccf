package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code LabelToContour(kernel_type="Laplace")}: per channel of a 2-D or 3-D image, the Laplace filter
 * (centre 8 or 26, neighbours -1, zeros outside the image) clamped to [0, 1]; on a 0/1 mask it marks the boundary
 * voxels (a boundary two voxels thick across an edge, as MONAI's).
 *
 * <pre>{@code
 * MetaTensor edge = new LabelToContour().apply(mask);
 * }</pre>
 */
public final class LabelToContour extends ArrayTransform {
    public LabelToContour() { this("Laplace"); }

    public LabelToContour(String kernelType) {
        if (!"Laplace".equals(kernelType)) throw error("only kernelType \"Laplace\" is supported, got \"" + kernelType + "\"");
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] shape = img.shape();
        int nd = shape.length - 1;
        if (nd != 2 && nd != 3) throw error("needs a 2-D or 3-D channel-first image, got shape " + Arrays.toString(shape));
        int d0 = (int) shape[1], d1 = (int) shape[2], d2 = nd == 3 ? (int) shape[3] : 1;
        int s = d0 * d1 * d2;
        double centre = nd == 3 ? 26 : 8;
        if (!img.device().isCpu()) try (Scope sc = Scope.open()) {
            // (centre+1) x - (the 3^nd box sum, zero padded): in float64 as the loop, the box sum as separable
            // convolutions where the image lives
            Tensor x = img.array().to(DType.FLOAT64), box = x.unsqueeze(1), ones = Tensor.of(new double[] {1, 1, 1}, 3);
            for (int d = 0; d < nd; d++) box = dev.axial.transforms.intensity.GaussianFilter.along(box, d, ones, 1);
            Tensor r = x.mul(centre + 1).sub(box.squeeze(1)).clamp(0, 1);
            return img.withArray(sc.keep(r.to(img.dtype()).contiguous()));
        }
        double[] v = PostArrays.values(img), out = new double[v.length];
        for (int c = 0; c < shape[0]; c++) {
            for (int i = 0; i < d0; i++) for (int j = 0; j < d1; j++) for (int k = 0; k < d2; k++) {
                double sum = 0;
                for (int a = Math.max(i - 1, 0); a <= Math.min(i + 1, d0 - 1); a++)
                    for (int b = Math.max(j - 1, 0); b <= Math.min(j + 1, d1 - 1); b++)
                        for (int e = nd == 3 ? Math.max(k - 1, 0) : k; e <= (nd == 3 ? Math.min(k + 1, d2 - 1) : k); e++)
                            sum += v[c * s + (a * d1 + b) * d2 + e];
                double x = v[c * s + (i * d1 + j) * d2 + k];
                double r = (centre + 1) * x - sum;
                out[c * s + (i * d1 + j) * d2 + k] = Math.min(Math.max(r, 0), 1);
            }
        }
        return PostArrays.result(img, out, shape);
    }
}
