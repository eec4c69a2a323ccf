package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.TransformException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MONAI's {@code CropForeground}: crops to the bounding box of the voxels where {@code selectFn} holds (default
 * {@code x > 0}) in any of {@code channelIndices} (default all), grown by {@code margin} and then to a multiple
 * of {@code kDivisible} (centred, start moved by {@code (k_size - size) // 2}). With the default
 * {@code allowSmaller=false} the box may leave the image, and that part is padded ({@code mode}, default
 * constant); with true it is clipped first. An image without foreground gives an empty box (size 0), as MONAI.
 * The record holds {@code cropped} and the pad's record under {@code pad_info}; the inverse undoes both.
 *
 * <pre>{@code
 * MetaTensor fg = new CropForeground().margin(2).kDivisible(16).apply(ct);
 * CropForeground.Result r = new CropForeground().applyWithCoords(ct);   // MONAI's return_coords
 * }</pre>
 */
public class CropForeground extends Crop {
    /** The box comes from the values: a lazy Compose applies the pending operations first (MONAI's requires_current_data). */
    @Override public boolean requiresCurrentData() { return true; }

    public static final String PAD_INFO = "pad_info";

    private static final UnaryOperator<Tensor> POSITIVE = x -> x.gt(0);
    private UnaryOperator<Tensor> selectFn = POSITIVE;
    private int[] channelIndices;
    private long[] margin = {0};
    private boolean allowSmaller;
    private long[] kDivisible = {1};
    private final Pad padder = new Pad(new long[0][]);

    /** The crop with MONAI's return_coords: the image and the box it was cut from. */
    public record Result(MetaTensor image, long[] boxStart, long[] boxEnd) {}

    /** MONAI's select_fn: a boolean (or 0/1) tensor of the voxels that count as foreground. */
    public CropForeground selectFn(UnaryOperator<Tensor> fn) { this.selectFn = fn; return this; }

    /** MONAI's channel_indices (default: all channels). */
    public CropForeground channelIndices(int... idx) { this.channelIndices = idx.clone(); return this; }

    /** MONAI's margin: one value or one per spatial dim (default 0). */
    public CropForeground margin(long... m) {
        for (long v : m) if (v < 0) throw new IllegalArgumentException("CropForeground: margin value should not be negative number, got " + Arrays.toString(m));
        this.margin = m.clone();
        return this;
    }

    /** MONAI's allow_smaller (default false: the box may leave the image and is padded). */
    public CropForeground allowSmaller(boolean b) { this.allowSmaller = b; return this; }

    /** MONAI's k_divisible: one value or one per spatial dim (default 1). */
    public CropForeground kDivisible(long... k) { this.kDivisible = k.clone(); return this; }

    /** The pad mode for the part of the box outside the image (default constant). */
    public CropForeground mode(String mode) { padder.mode(mode); return this; }

    public String padMode() { return padder.mode(); }

    /** The constant pad value (default 0). */
    public CropForeground value(double v) { padder.value(v); return this; }

    /** MONAI's generate_spatial_bounding_box: {start, end} per spatial dim, margin applied, clipped when allowSmaller. */
    public long[][] boundingBox(MetaTensor img) {
        long[] sp = spatialShape(img);
        int nd = sp.length;
        long[] m = Regions.rep(margin, nd, "margin");
        long[] lo = new long[nd], hi = new long[nd];
        boolean any;
        try (Scope s = Scope.open()) {
            Tensor data = img.array();
            if (channelIndices != null) {
                long[] idx = new long[channelIndices.length];
                for (int i = 0; i < idx.length; i++) {
                    if (channelIndices[i] < 0 || channelIndices[i] >= img.shape()[0])
                        throw error("channel index " + channelIndices[i] + " is out of range for shape " + Arrays.toString(img.shape()));
                    idx[i] = channelIndices[i];
                }
                data = data.indexSelect(0, Tensor.of(idx).to(data.device()));
            }
            if (selectFn == POSITIVE && data.size(0) == 1 && data.dtype() == dev.axial.tensor.DType.FLOAT32 && data.device() == dev.axial.tensor.Device.CPU) {
                // the default select_fn on one float32 channel: scan the values themselves, no mask tensor
                java.lang.foreign.MemorySegment v = data.contiguous().hostSegment();
                any = scanBox(i -> v.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i) > 0, sp, lo, hi);
            } else {
                // one byte per voxel, scanned row by row (no per-voxel index arithmetic, no double copy)
                Tensor picked = selectFn.apply(data);
                // NOTE: ne(0) on a bool tensor is a slow path in the core (about 20 ms per million voxels): skip it when already bool
                Tensor sel = picked.dtype() == dev.axial.tensor.DType.BOOL ? picked : picked.ne(0);
                // NOTE: any over a leading dim of size 1 is a slow strided reduction in the core (most of this transform's
                // time on a CT); one channel is its own mask
                Tensor fg = (sel.size(0) == 1 ? sel.squeeze(0) : sel.any(0)).to(dev.axial.tensor.DType.BOOL);
                if (!fg.device().isCpu()) {
                    any = profileBox(fg, lo, hi);
                } else {
                    java.lang.foreign.MemorySegment mask = fg.contiguous().hostSegment();
                    any = scanBox(i -> mask.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != 0, sp, lo, hi);
                }
            }
        }
        if (!any) return new long[][]{new long[nd], new long[nd]};
        long[] start = new long[nd], end = new long[nd];
        for (int d = 0; d < nd; d++) {
            start[d] = lo[d] - m[d];
            end[d] = hi[d] + m[d] + 1;
            if (allowSmaller) {
                start[d] = Math.max(start[d], 0);
                end[d] = Math.min(end[d], sp[d]);
            }
        }
        return new long[][]{start, end};
    }

    /**
     * The box of a spatial mask that lives on a device: per dim, "any foreground in this slice" reduced there, so only
     * those few flags (sum of the spatial sizes) come to the host, never the volume.
     */
    private static boolean profileBox(Tensor mask, long[] lo, long[] hi) {
        int nd = mask.dim();
        for (int d = 0; d < nd; d++) {
            int[] others = new int[nd - 1];
            for (int i = 0, j = 0; i < nd; i++) if (i != d) others[j++] = i;
            int[] p = (nd == 1 ? mask : mask.any(others)).toIntArray();
            lo[d] = -1;
            for (int i = 0; i < p.length; i++) if (p[i] != 0) { if (lo[d] < 0) lo[d] = i; hi[d] = i; }
            if (lo[d] < 0) return false;
        }
        return true;
    }

    /** The smallest and largest coordinate per dim of the row-major flat indices of shape sp where mask holds; false when none. */
    private static boolean scanBox(java.util.function.LongPredicate mask, long[] sp, long[] lo, long[] hi) {
        int nd = sp.length;
        Arrays.fill(lo, Long.MAX_VALUE);
        Arrays.fill(hi, -1);
        long row = sp[nd - 1], rows = 1;
        for (int d = 0; d < nd - 1; d++) rows *= sp[d];
        long[] at = new long[nd];   // the coordinates of the current row (last entry unused)
        boolean any = false;
        for (long r = 0, base = 0; r < rows; r++, base += row) {
            long first = -1, last = -1;
            for (long x = 0; x < row; x++)
                if (mask.test(base + x)) { first = x; break; }
            if (first >= 0) {
                for (long x = row - 1; x >= first; x--)
                    if (mask.test(base + x)) { last = x; break; }
                any = true;
                for (int d = 0; d < nd - 1; d++) {
                    lo[d] = Math.min(lo[d], at[d]);
                    hi[d] = Math.max(hi[d], at[d]);
                }
                lo[nd - 1] = Math.min(lo[nd - 1], first);
                hi[nd - 1] = Math.max(hi[nd - 1], last);
            }
            for (int d = nd - 2; d >= 0; d--) {   // next row
                if (++at[d] < sp[d]) break;
                at[d] = 0;
            }
        }
        return any;
    }

    /** MONAI's compute_bounding_box: the margin box grown to a multiple of kDivisible, centred. */
    public long[][] computeBoundingBox(MetaTensor img) {
        long[][] b = boundingBox(img);
        int nd = b[0].length;
        long[] size = new long[nd];
        for (int d = 0; d < nd; d++) size[d] = b[1][d] - b[0][d];
        long[] ks = Regions.divisibleSize(size, kDivisible);
        long[] start = new long[nd], end = new long[nd];
        for (int d = 0; d < nd; d++) {
            start[d] = b[0][d] - Math.floorDiv(ks[d] - size[d], 2);
            end[d] = start[d] + ks[d];
        }
        return new long[][]{start, end};
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[][] b = computeBoundingBox(img);
        return cropPad(img, b[0], b[1], padder.mode());
    }

    /** MONAI's return_coords: the crop with its box. */
    public Result applyWithCoords(MetaTensor img) {
        long[][] b = computeBoundingBox(img);
        return new Result(cropPad(img, b[0], b[1], padder.mode()), b[0], b[1]);
    }

    /** MONAI's crop_pad: crops to the part of {@code [boxStart, boxEnd)} inside the image, pads the rest; one record. */
    public MetaTensor cropPad(MetaTensor img, long[] boxStart, long[] boxEnd, String mode) {
        long[] sp = spatialShape(img);
        checkDims(boxStart, sp, "box start");
        long[][] se = Regions.startEnd(boxStart, boxEnd);
        MetaTensor cropped = Regions.crop(img, se[0], se[1]);
        long[][] w = new long[sp.length][2];
        for (int d = 0; d < sp.length; d++) {
            w[d][0] = Math.max(-boxStart[d], 0);
            w[d][1] = Math.max(boxEnd[d] - sp[d], 0);
        }
        MetaTensor out = padder.apply(cropped, w, mode);
        Map<String, Object> padInfo = out.appliedOperations().removeLast();
        Map<String, Object> extra = new LinkedHashMap<>(Crop.extra(sp, se[0], se[1]));
        extra.put(PAD_INFO, padInfo);
        AppliedOperations.push(out, this, sp, extra);
        return out;
    }

    @Override public MetaTensor inverse(MetaTensor img) {
        Map<String, Object> op = AppliedOperations.last(img, this);
        @SuppressWarnings("unchecked")
        Map<String, Object> padInfo = (Map<String, Object>) AppliedOperations.extraInfo(op).get(PAD_INFO);
        if (padInfo == null) throw new TransformException(name() + ".inverse: the record has no pad_info");
        MetaTensor back = Crop.uncrop(Pad.unpad(img, padInfo), op);
        return Crop.restored(img, back);
    }
}
