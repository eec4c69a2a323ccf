package dev.axial.transforms.lazy;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.spatial.SpatialResample;

import java.util.Arrays;

/**
 * MONAI's lazy {@code resample(data, matrix, kwargs)}: one resampling of an image by a fused voxel map {@code xform}
 * (output index to input index) to an output spatial shape; the affine becomes {@code affine @ xform}. When the map
 * is a signed axis permutation with an integer shift (MONAI's {@code requires_interp} finds no interpolation, within
 * AFFINE_TOL) and resample_mode is "auto" and align_corners false, the array is permuted, flipped and cropped/padded
 * (padding_mode: none or zeros pad with zeros, border with the edge, reflection reflects): exact, no interpolation.
 * Otherwise {@link SpatialResample} resamples once (mode bilinear, padding border, float64 unless overridden).
 * The output is float32 either way.
 */
final class FusedResample {
    private FusedResample() {}

    static final double ATOL = 1e-3;

    static MetaTensor resample(MetaTensor img, double[][] xform, long[] shape, Overrides o) {
        double[][] dst = AffineMath.compose(img.affine(), xform);
        boolean align = o.alignCorners() != null && o.alignCorners();
        String resampleMode = o.resampleMode() == null ? "auto" : o.resampleMode();
        int[] axisOf = requiresInterp(xform);
        MetaTensor out;
        if (axisOf != null && resampleMode.equals("auto") && !align) out = img.withArray(integerResample(img, xform, axisOf, shape, o.paddingMode()));
        else {
            DType dtype = o.dtypeOfInput() ? null : o.dtype() == null ? DType.FLOAT64 : o.dtype();
            out = SpatialResample.resampleUntracked(img, dst, shape, o.mode() == null ? "bilinear" : o.mode(),
                    o.paddingMode() == null ? "border" : o.paddingMode(), align, dtype, "applyPending");
        }
        out.setAffine(dst);
        return out;
    }

    /**
     * MONAI's {@code requires_interp}: null when {@code m} needs interpolation, else for each input axis x the output
     * axis whose index it follows ({@code m[x][axisOf[x]]} is ±1, the rest of the block 0, the shift integer).
     */
    static int[] requiresInterp(double[][] m) {
        int r = m.length - 1;
        for (int i = 0; i < r; i++) if (!close(m[i][r], Math.rint(m[i][r]))) return null;
        int[] axisOf = new int[r];
        boolean[] used = new boolean[r];
        for (int x = 0; x < r; x++) {
            axisOf[x] = -1;
            for (int y = 0; y < r; y++) {
                double c = m[x][y];
                if (close(c, 1) || close(c, -1)) {
                    if (axisOf[x] >= 0 || used[y]) return null;
                    axisOf[x] = y;
                    used[y] = true;
                } else if (!close(c, 0)) return null;
            }
            if (axisOf[x] < 0) return null;
        }
        return axisOf;
    }

    private static boolean close(double a, double b) { return Math.abs(a - b) <= ATOL + 1e-5 * Math.abs(b); }

    /** Permute, flip, then crop/pad: {@code out[o] = in[m o]} for a signed permutation {@code m} with integer shift. */
    private static Tensor integerResample(MetaTensor img, double[][] m, int[] axisOf, long[] outShape, String paddingMode) {
        int r = axisOf.length;
        long[] in = Arrays.copyOfRange(img.shape(), 1, r + 1);
        if (outShape.length != r)
            throw new TransformException("applyPending: the pending shape " + Arrays.toString(outShape) + " does not match the image's "
                    + r + " spatial dims (shape " + Arrays.toString(img.shape()) + ")");
        int[] perm = new int[r + 1];
        boolean permuted = false;
        for (int x = 0; x < r; x++) {
            perm[axisOf[x] + 1] = x + 1;
            permuted |= axisOf[x] != x;
        }
        Tensor t = permuted ? img.array().permute(perm) : img.array();
        long[] size = new long[r], shift = new long[r];
        int[] flips = new int[r];
        int nf = 0;
        for (int x = 0; x < r; x++) {
            int k = axisOf[x];
            size[k] = in[x];
            shift[k] = Math.round(m[x][r]);
            if (m[x][k] < 0) {
                flips[nf++] = k + 1;
                shift[k] = in[x] - 1 - shift[k];
            }
        }
        if (nf > 0) t = t.flip(Arrays.copyOf(flips, nf));
        long[] pads = new long[2 * r];
        boolean pad = false;
        for (int k = 0; k < r; k++) {
            long before = Math.max(0, -shift[k]), after = Math.max(0, shift[k] + outShape[k] - size[k]);
            pads[2 * (r - 1 - k)] = before;
            pads[2 * (r - 1 - k) + 1] = after;
            pad |= before > 0 || after > 0;
        }
        if (pad) t = t.contiguous().pad(pads, torchPadMode(paddingMode), 0);
        for (int k = 0; k < r; k++) {
            long start = shift[k] + pads[2 * (r - 1 - k)];
            if (start != 0 || t.size(k + 1) != outShape[k]) t = t.narrow(k + 1, start, outShape[k]);
        }
        return t.to(DType.FLOAT32).contiguous();
    }

    /** MONAI's {@code _convert_pt_pad_mode}: grid_sample's padding mode as torch.pad's. */
    private static String torchPadMode(String p) {
        if (p == null) return "constant";
        return switch (p) {
            case "zeros", "constant", "grid-constant" -> "constant";
            case "reflection", "reflect", "mirror", "grid-mirror" -> "reflect";
            case "wrap", "grid-wrap" -> "circular";
            default -> "replicate";
        };
    }
}
