package dev.axial.io.nifti;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 352 bytes (348-byte NIfTI-1 header + 4 zero extension bytes) that {@link NiftiWriter} puts in front of
 * the voxels, little-endian, with the fields nibabel writes for MONAI's {@code NibabelWriter}: sform and
 * qform codes 1, the quaternion from the affine, pixdim from the column norms (1 for non-spatial axes),
 * scl_slope 1, scl_inter 0, vox_offset 352, magic "n+1".
 *
 * <pre>{@code
 * byte[] h = NiftiHeaderWriter.header(new long[] {64, 64, 32}, NiftiDataType.INT16, affine);
 * }</pre>
 */
final class NiftiHeaderWriter {
    private NiftiHeaderWriter() {}

    static byte[] header(long[] shape, NiftiDataType type, double[][] affine) {
        byte[] b = new byte[352];
        MemorySegment h = MemorySegment.ofArray(b);
        ValueLayout.OfShort s16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        ValueLayout.OfInt s32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        ValueLayout.OfFloat f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        h.set(s32, 0, 348);
        h.set(s16, 40, (short) shape.length);
        for (int i = 1; i < 8; i++) h.set(s16, 40 + 2 * i, (short) (i <= shape.length ? shape[i - 1] : 1));
        h.set(s16, 70, (short) type.code);
        h.set(s16, 72, (short) type.bitpix());
        double[] q = NiftiAffine.quaternion(affine);
        float[] pixdim = {(float) q[3], (float) q[4], (float) q[5], (float) q[6], 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) h.set(f32, 76 + 4 * i, pixdim[i]);
        h.set(f32, 108, 352f);
        h.set(f32, 112, 1f);
        h.set(f32, 116, 0f);
        h.set(s16, 252, (short) 1);   // qform_code: scanner, as MONAI's NibabelWriter (after ITK)
        h.set(s16, 254, (short) 1);   // sform_code
        for (int i = 0; i < 3; i++) h.set(f32, 256 + 4 * i, (float) q[i]);
        for (int i = 0; i < 3; i++) h.set(f32, 268 + 4 * i, (float) affine[i][3]);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.set(f32, 280 + 16 * r + 4 * c, (float) affine[r][c]);
        byte[] magic = "n+1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, b, 344, magic.length);
        return b;
    }
}
