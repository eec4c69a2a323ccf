package dev.axial.transforms.croppad;

/**
 * MONAI's {@code SpatialPad}: pads each spatial dim up to {@code spatialSize} (never crops; a non-positive entry
 * keeps the dim). Method "symmetric" (default) puts {@code diff // 2} before and the rest after, "end" all after.
 *
 * <pre>{@code
 * MetaTensor p = new SpatialPad(8, 8, 8).mode("reflect").apply(img);   // (C, 6, 5, 4) -> (C, 8, 8, 8)
 * }</pre>
 */
public class SpatialPad extends Pad {
    private final long[] spatialSize;
    private String method = "symmetric";

    public SpatialPad(long... spatialSize) {
        if (spatialSize.length == 0) throw new IllegalArgumentException("SpatialPad: spatial_size is empty");
        this.spatialSize = spatialSize.clone();
    }

    @Override public SpatialPad mode(String mode) { super.mode(mode); return this; }

    /** MONAI's method: "symmetric" (default) or "end". */
    public SpatialPad method(String method) {
        this.method = checkMethod(name(), method);
        return this;
    }

    static String checkMethod(String who, String method) {
        if (!method.equals("symmetric") && !method.equals("end"))
            throw new IllegalArgumentException(who + ": method must be 'symmetric' or 'end', got '" + method + "'");
        return method;
    }

    @Override public long[][] computePadWidth(long[] spatialShape) { return widths(Regions.fallBack(spatialSize, spatialShape), spatialShape, method); }

    static long[][] widths(long[] size, long[] shape, String method) {
        long[][] w = new long[shape.length][2];
        for (int d = 0; d < shape.length; d++) {
            long diff = Math.max(size[d] - shape[d], 0);
            if (method.equals("symmetric")) {
                w[d][0] = diff / 2;
                w[d][1] = diff - diff / 2;
            } else w[d][1] = diff;
        }
        return w;
    }
}
