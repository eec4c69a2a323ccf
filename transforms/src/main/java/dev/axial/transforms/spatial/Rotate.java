package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;
import dev.axial.transforms.lazy.Lazy;
import dev.axial.transforms.lazy.LazyTransform;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MONAI's Rotate: rotation about the image centre by {@code angle} radians (one angle in 2-D; three in 3-D, applied
 * as Rx·Ry·Rz, a single 3-D angle is repeated as MONAI's ensure_tuple_rep). With {@code keepSize} false the output
 * holds the whole rotated image: its size is int(ptp(R·corners) + 0.5) with corners (0 or d) per dim. The voxel map
 * T = translate((in-1)/2)·R·translate(-(out-1)/2) is sampled as MONAI's AffineTransform (normalized=False,
 * reverse_indexing=True); the output affine is {@code A · T}. Defaults as MONAI: keep_size true, bilinear, padding
 * border, align_corners false. The inverse samples T⁻¹ back to the original size.
 *
 * <pre>{@code
 * MetaTensor out = new Rotate(Math.PI / 8).keepSize(false).apply(img);
 * }</pre>
 */
public final class Rotate extends ArrayTransform implements InvertibleTransform, LazyTransform {
    private boolean lazy;

    @Override public boolean lazy() { return lazy; }

    /** MONAI's {@code lazy}: record a pending operation instead of transforming ({@link dev.axial.transforms.lazy.Lazy}). */
    @Override public Rotate lazy(boolean lazy) { this.lazy = lazy; return this; }

    private final double[] angle;
    private boolean keepSize = true;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "border";
    private boolean alignCorners;

    /** {@code angle}: one angle (2-D, or repeated in 3-D) or three (3-D), in radians. */
    public Rotate(double... angle) {
        if (angle.length != 1 && angle.length != 3)
            throw new IllegalArgumentException("Rotate: angle is one value (2-D) or three (3-D), got " + Arrays.toString(angle));
        this.angle = angle.clone();
    }

    public Rotate keepSize(boolean k) { keepSize = k; return this; }

    public Rotate mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public Rotate paddingMode(String p) {
        String s = GridResampling.padding(p);
        if (!s.equals("zeros") && !s.equals("border") && !s.equals("reflection"))
            throw new IllegalArgumentException("Rotate: padding_mode must be zeros, border or reflection, got '" + p + "'");
        paddingMode = s;
        return this;
    }

    public Rotate alignCorners(boolean a) { alignCorners = a; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return apply(img, mode, paddingMode); }

    /** With one key's mode and padding (Rotated). */
    MetaTensor apply(MetaTensor img, GridResampling.Mode m, String padding) {
        return rotate(this, img, angle, keepSize, m, padding, alignCorners, Lazy.isLazy(lazy));
    }

    GridResampling.Mode mode() { return mode; }

    String paddingMode() { return paddingMode; }

    /** MONAI's functional rotate, recording the operation under {@code who}'s name. */
    static MetaTensor rotate(Transform who, MetaTensor img, double[] angle, boolean keepSize, GridResampling.Mode mode,
                             String padding, boolean align, boolean lazy) {
        int r = GridResampling.checkImage(who.name(), img);
        if (r == 2 && angle.length != 1)
            throw new TransformException(who.name() + ": a 2-D image takes one angle, got " + Arrays.toString(angle) + " for shape " + Arrays.toString(img.shape()));
        double[] a = r == 3 && angle.length == 1 ? new double[]{angle[0], angle[0], angle[0]} : angle;
        for (double v : a)
            if (!Double.isFinite(v)) throw new TransformException(who.name() + ": the angle is not finite: " + Arrays.toString(a));
        double[][] rot = GridResampling.rotate(r, a);
        long[] in = lazy ? Lazy.peekPendingShape(img) : GridResampling.spatial(img.shape());
        long[] out = keepSize ? in.clone() : containing(rot, in);
        double[][] t = GridResampling.voxelMap(rot, in, out);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("rot_mat", t);
        extra.put("mode", mode.monaiValue());
        extra.put("padding_mode", padding);
        extra.put("align_corners", align);
        extra.put("dtype", "float32");
        if (lazy) return Lazy.push(img, who, t, out, extra, true);
        Tensor arr = GridResampling.sampleVoxelMap(img.array(), t, out, mode, padding, align, who.name());
        MetaTensor res = img.withArray(arr);
        res.setAffine(AffineMath.compose(img.affine(), t));
        AppliedOperations.push(res, who, in, extra);
        return res;
    }

    /** The output size holding the rotated image: int(ptp(R · corners) + 0.5), corners in {0, d}. */
    static long[] containing(double[][] rot, long[] in) {
        int k = in.length;
        double[] lo = new double[k], hi = new double[k];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < (1 << k); c++) {
            for (int i = 0; i < k; i++) {
                double v = 0;
                for (int j = 0; j < k; j++) v += rot[i][j] * (((c >> (k - 1 - j)) & 1) == 1 ? in[j] : 0);
                lo[i] = Math.min(lo[i], v);
                hi[i] = Math.max(hi[i], v);
            }
        }
        long[] out = new long[k];
        for (int i = 0; i < k; i++) out[i] = (long) (hi[i] - lo[i] + 0.5);
        return out;
    }

    /** Undoes {@link #rotate} from its record. */
    static MetaTensor undo(Transform who, MetaTensor img, Map<String, Object> op) {
        Map<String, Object> extra = AppliedOperations.extraInfo(op);
        long[] orig = (long[]) op.get(AppliedOperations.ORIG_SIZE);
        double[][] inv = GridResampling.invert((double[][]) extra.get("rot_mat"), who.name());
        Tensor arr = GridResampling.sampleVoxelMap(img.array(), inv, orig, GridResampling.modeOf(extra.get("mode")),
                (String) extra.get("padding_mode"), (Boolean) extra.get("align_corners"), who.name());
        MetaTensor out = AppliedOperations.undone(img, arr);
        out.setAffine(AffineMath.compose(img.affine(), inv));
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        return undo(this, img, AppliedOperations.last(img, this));
    }
}
