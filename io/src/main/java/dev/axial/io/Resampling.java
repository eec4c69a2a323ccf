package dev.axial.io;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.AffineResampling;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.Interpolation;
import dev.axial.tensor.imaging.InterpolationMode;

import java.util.Arrays;

/**
 * MONAI's {@code SpatialResample} as {@code ImageWriter.resample_if_needed} uses it: resamples an image from
 * its affine to a target affine and spatial size on the voxel-to-voxel map {@code inv(src) @ dst}, with the
 * shared core {@link AffineResampling} (also transforms' SpatialResample's): this class keeps only SaveImage's
 * checks and its "nothing changes" test.
 */
final class Resampling {
    private Resampling() {}

    /** MONAI's AFFINE_TOL: affines closer than this count as unchanged. */
    static final double AFFINE_TOL = 1e-3;

    /**
     * Resamples {@code img} (channels first, then {@code outSize.length} = 2 or 3 spatial axes) from
     * {@code srcAffine} to {@code dstAffine} and {@code outSize}, computing in {@code dtype} (null: the input's
     * dtype if floating, else float32); the result is float32, as MONAI's. Returns null when nothing changes
     * (MONAI's {@code affine_unchanged}).
     */
    static Tensor resample(Tensor img, double[][] srcAffine, double[][] dstAffine, long[] outSize,
                           String mode, String paddingMode, boolean alignCorners, DType dtype) {
        int r = outSize.length;
        if (img.dim() != r + 1)
            throw new IllegalArgumentException("SaveImage resample: expected (C, " + r + " spatial axes), got " + img.describe());
        long[] inSize = Arrays.copyOfRange(img.shape(), 1, r + 1);
        double[][] src = MetaArrays.toAffineNd(r, srcAffine), dst = MetaArrays.toAffineNd(r, dstAffine);
        double[][] xform = r < 2 ? dev.axial.tensor.MetaTensor.identity(r + 1) : voxelMap(src, dst);
        boolean sameSize = Arrays.equals(inSize, outSize);
        if (sameSize && (MetaArrays.allclose(src, dst, AFFINE_TOL) || MetaArrays.allclose(xform, dev.axial.tensor.MetaTensor.identity(r + 1), AFFINE_TOL)))
            return null;
        if (r != 2 && r != 3)
            throw new IllegalArgumentException("SaveImage resample: only 2-D and 3-D resampling is supported, got " + r + " spatial axes");
        DType ct = dtype != null ? dtype : img.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        return AffineResampling.resample(img, xform, outSize, mode, paddingMode, alignCorners, ct);
    }

    /**
     * MONAI's {@code compute_shape_offset(in_size, src, dst)} shape (scale_extent false), which
     * {@code SpatialResample} uses without a spatial size: the extent, in {@code dst} voxels, of the corner voxel
     * centres of an {@code inSize} image at {@code src}, plus one, rounded half to even. The offset is unused there.
     */
    static long[] outputShape(long[] inSize, double[][] srcAffine, double[][] dstAffine) {
        try {
            return AffineResampling.shapeOffset(inSize, srcAffine, dstAffine, false).shape();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SaveImage resample: the affine is not invertible: " + Arrays.deepToString(dstAffine), e);
        }
    }

    /**
     * MONAI's {@code PILWriter.resample_and_clip}: resizes channel-last 2-D data (W, H[, C]) to {@code size}
     * with torch's interpolate in float32 (MONAI's {@code Resize}: align_corners unset for nearest and area, false
     * otherwise, no anti-aliasing; "linear"/"trilinear" act as bilinear), then clips to the input's [min, max]
     * unless the mode is nearest. Returns float32 (W', H'[, C]), or null when the size is unchanged.
     */
    static Tensor resize2d(Tensor data, long[] size, String mode) {
        if (size.length != 2)
            throw new IllegalArgumentException("SaveImage resample: a 2-D format needs a spatial_shape of 2 values, got " + Arrays.toString(size));
        if (data.dim() != 2 && data.dim() != 3)
            throw new IllegalArgumentException("SaveImage resample: expected (W, H[, C]), got " + data.describe());
        if (data.size(0) == size[0] && data.size(1) == size[1]) return null;
        InterpolationMode m = InterpolationMode.of(mode);
        if (m == InterpolationMode.LINEAR || m == InterpolationMode.TRILINEAR) m = InterpolationMode.BILINEAR;
        Boolean align = m == InterpolationMode.NEAREST || m == InterpolationMode.AREA ? null : Boolean.FALSE;
        try (Scope s = Scope.open()) {
            Tensor cf = data.dim() == 2 ? data.unsqueeze(0) : data.movedim(-1, 0);
            Tensor out = Interpolation.interpolate(cf.to(DType.FLOAT32).unsqueeze(0),
                    InterpolateOptions.of().size(size).mode(m).alignCorners(align)).squeeze(0);
            if (m != InterpolationMode.NEAREST) out = out.clamp(data.min().item(), data.max().item());
            out = data.dim() == 2 ? out.squeeze(0) : out.movedim(0, -1);
            return s.keep(out.contiguous());
        }
    }

    /** MONAI's np.linalg.solve(src, dst); a singular source affine is an error naming SaveImage's resampling. */
    private static double[][] voxelMap(double[][] src, double[][] dst) {
        try {
            return AffineResampling.voxelMap(src, dst);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SaveImage resample: the affine is not invertible: " + Arrays.deepToString(src), e);
        }
    }
}
