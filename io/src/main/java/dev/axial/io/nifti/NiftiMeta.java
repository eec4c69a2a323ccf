package dev.axial.io.nifti;

import dev.axial.tensor.MetaKeys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata MONAI's {@code NibabelReader} reports for a NIfTI/Analyze header, and its
 * {@code correct_nifti_header_if_necessary}: when the voxel sizes in pixdim disagree with the affine's
 * column norms, the sform is replaced by the qform (or the qform by the sform) where that one agrees, else
 * pixdim is overwritten with the affine's spacing.
 *
 * <pre>{@code
 * double[][] affine = NiftiMeta.correct(header);
 * Map<String, Object> meta = NiftiMeta.of(header, affine, shape, channelDim, path);
 * }</pre>
 */
final class NiftiMeta {
    private NiftiMeta() {}

    /** Applies MONAI's header correction to {@code h} (in place) and returns the image's affine. */
    static double[][] correct(NiftiHeader h) {
        double[][] affine = h.affine();
        int d = (int) h.dim[0];
        if (h.kind == NiftiHeader.Kind.ANALYZE || d >= 5) return affine;
        double[] zooms = new double[d];
        System.arraycopy(h.pixdim, 1, zooms, 0, d);
        if (NiftiAffine.allclose(NiftiAffine.spacing(affine, d), zooms)) return affine;
        double[][] sform = h.sform(), qform;
        try {
            qform = h.qform();
        } catch (RuntimeException e) {
            qform = null;
        }
        boolean sMismatch = !NiftiAffine.allclose(NiftiAffine.spacing(sform, d), zooms);
        boolean qMismatch = qform == null || !NiftiAffine.allclose(NiftiAffine.spacing(qform, d), zooms);
        if (h.sformCode != 0) {
            if (!sMismatch) return affine;
            if (!qMismatch) {   // nibabel set_sform(qform): srow stored in the header's float type
                for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.srow[r][c] = store(h, qform[r][c]);
                return h.sform();
            }
        }
        if (h.qformCode != 0) {
            if (!qMismatch) return affine;
            if (!sMismatch) {   // nibabel set_qform(sform): quaternion, qfac and zooms from the sform
                double[] q = NiftiAffine.quaternion(sform);
                h.quatB = store(h, q[0]);
                h.quatC = store(h, q[1]);
                h.quatD = store(h, q[2]);
                h.pixdim[0] = q[3];
                for (int i = 0; i < 3; i++) {
                    h.pixdim[1 + i] = store(h, q[4 + i]);
                    h.qoffset[i] = store(h, sform[i][3]);
                }
                return h.sformCode > 0 ? h.sform() : h.qform();
            }
        }
        double[] norm = NiftiAffine.spacing(affine, d);
        for (int i = 0; i < d; i++) h.pixdim[1 + i] = store(h, norm[i]);
        return affine;
    }

    private static double store(NiftiHeader h, double v) { return h.kind == NiftiHeader.Kind.NIFTI2 ? v : (float) v; }

    /** MONAI's metadata for the image: header fields, then affine, original_affine, spatial_shape, space, channel. */
    static Map<String, Object> of(NiftiHeader h, double[][] affine, long[] dataShape, String filename) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sizeof_hdr", h.headerSize());
        m.putAll(h.extra);
        m.put("dim", h.dim.clone());
        m.put("datatype", h.datatype);
        m.put("bitpix", h.bitpix);
        m.put(MetaKeys.PIXDIM, h.pixdim.clone());
        // NOTE: nibabel zeroes vox_offset and sets scl_slope/scl_inter to NaN in the image's header once the
        // data proxy has taken them, so MONAI's metadata always shows these values.
        m.put("vox_offset", 0.0);
        m.put("scl_slope", Double.NaN);
        m.put("scl_inter", Double.NaN);
        if (h.kind != NiftiHeader.Kind.ANALYZE) {
            m.put("qform_code", h.qformCode);
            m.put("sform_code", h.sformCode);
            m.put("quatern_b", h.quatB);
            m.put("quatern_c", h.quatC);
            m.put("quatern_d", h.quatD);
            m.put("qoffset_x", h.qoffset[0]);
            m.put("qoffset_y", h.qoffset[1]);
            m.put("qoffset_z", h.qoffset[2]);
            m.put("srow_x", h.srow[0].clone());
            m.put("srow_y", h.srow[1].clone());
            m.put("srow_z", h.srow[2].clone());
        } else {
            long[] o = new long[5];
            for (int i = 0; i < 5; i++) o[i] = h.origin[i];
            m.put("origin", o);
        }
        m.put(MetaKeys.AFFINE, affine);
        m.put(MetaKeys.ORIGINAL_AFFINE, dev.axial.tensor.MetaTensor.copy(affine));
        m.put("as_closest_canonical", false);
        int ndim = (int) h.dim[0];
        int spatialRank = Math.max(Math.min(ndim, 3), 1);
        long[] spatial = new long[spatialRank];
        System.arraycopy(h.dim, 1, spatial, 0, spatialRank);
        m.put(MetaKeys.SPATIAL_SHAPE, spatial);
        m.put(MetaKeys.SPACE, MetaKeys.SPACE_RAS);
        m.put(MetaKeys.ORIGINAL_CHANNEL_DIM, dataShape.length == spatialRank ? (Object) Double.NaN : (Object) (-1));
        m.put(MetaKeys.DTYPE, h.type.label);
        m.put(MetaKeys.FILENAME_OR_OBJ, filename);
        return m;
    }
}
