package dev.axial.io.image;

import dev.axial.tensor.DType;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies a decoded {@link Raster}'s samples into tensor storage in MONAI's PILReader order: PIL's (H, W, C)
 * array with the first two axes swapped, i.e. (W, H[, pages][, C]) row-major. Works a block of rows at a
 * time through one reused buffer: the block is gathered row by row (straight from the DataBuffer's arrays for
 * component rasters, the common 8/16-bit, float, RGB(A) case; through AWT's unpacking for packed 1/2/4-bit
 * and packed-int rasters), then scattered transposed into the segment by a loop per output dtype. Never
 * through getRGB, which converts colour and drops 16-bit precision.
 *
 * <pre>{@code
 * RasterCopy.copy(image.getRaster(), tensor.hostSegment(), DType.UINT8, null, 1, 0, true);
 * }</pre>
 */
final class RasterCopy {
    private RasterCopy() {}

    /** Rows per block: their transposed writes land in one stretch of output per column (64·C samples). */
    private static final int BLOCK = 64;

    /**
     * Copies {@code r} into {@code dst}, laid out (W, H, pages, C) with this raster as page {@code page};
     * {@code lut}, when not null, maps each integer sample (PIL's bilevel, 2/4-bit scaling, 16-bit high bytes).
     * Without {@code reverseIndexing} the layout is PIL's own (H, W, pages, C).
     */
    static void copy(Raster r, MemorySegment dst, DType out, int[] lut, int pages, int page, boolean reverseIndexing) {
        int w = r.getWidth(), h = r.getHeight(), c = r.getNumBands();
        int type = r.getDataBuffer().getDataType();
        boolean floats = type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE;
        int rows = Math.min(BLOCK, h);
        int[] ib = floats ? null : new int[rows * w * c];
        double[] db = floats ? new double[rows * w * c] : null;
        // element strides of x and y in the output, and where (0, 0, page, 0) is
        long pc = (long) pages * c;
        long sx = reverseIndexing ? h * pc : pc, sy = reverseIndexing ? pc : w * pc, base = (long) page * c;
        for (int y0 = 0; y0 < h; y0 += rows) {
            int n = Math.min(rows, h - y0);
            if (floats) {
                r.getPixels(r.getMinX(), r.getMinY() + y0, w, n, db);
                storeDoubles(db, dst, out, w, n, c, base + y0 * sy, sx, sy);
            } else {
                if (!gather(r, y0, n, ib)) r.getPixels(r.getMinX(), r.getMinY() + y0, w, n, ib);
                if (lut != null) for (int i = 0, m = n * w * c; i < m; i++) ib[i] = lut[ib[i]];
                storeInts(ib, dst, out, w, n, c, base + y0 * sy, sx, sy);
            }
        }
    }

    /**
     * Rows {@code y0 .. y0+n} of a component raster into {@code buf} as (row, x, band), byte and ushort
     * unsigned; false if the raster is not one this reads directly (then AWT's getPixels does it).
     */
    private static boolean gather(Raster r, int y0, int n, int[] buf) {
        if (!(r.getSampleModel() instanceof ComponentSampleModel sm)) return false;
        int w = r.getWidth(), c = r.getNumBands();
        int pixel = sm.getPixelStride(), scan = sm.getScanlineStride();
        int[] banks = sm.getBankIndices(), bandOff = sm.getBandOffsets();
        int dx = r.getMinX() - r.getSampleModelTranslateX(), dy = r.getMinY() - r.getSampleModelTranslateY();
        DataBuffer d = r.getDataBuffer();
        for (int b = 0; b < c; b++) {
            int start = d.getOffsets()[banks[b]] + (dy + y0) * scan + dx * pixel + bandOff[b];
            switch (d) {
                case DataBufferByte bb -> {
                    byte[] a = bb.getData(banks[b]);
                    for (int y = 0, o = b; y < n; y++)
                        for (int x = 0, i = start + y * scan; x < w; x++, i += pixel, o += c) buf[o] = a[i] & 0xFF;
                }
                case DataBufferUShort us -> {
                    short[] a = us.getData(banks[b]);
                    for (int y = 0, o = b; y < n; y++)
                        for (int x = 0, i = start + y * scan; x < w; x++, i += pixel, o += c) buf[o] = a[i] & 0xFFFF;
                }
                case DataBufferShort s -> {
                    short[] a = s.getData(banks[b]);
                    for (int y = 0, o = b; y < n; y++)
                        for (int x = 0, i = start + y * scan; x < w; x++, i += pixel, o += c) buf[o] = a[i];
                }
                case DataBufferInt in -> {
                    int[] a = in.getData(banks[b]);
                    for (int y = 0, o = b; y < n; y++)
                        for (int x = 0, i = start + y * scan; x < w; x++, i += pixel, o += c) buf[o] = a[i];
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Scatters (row, x, band) samples to {@code dst[start + x·sx + row·sy + band]}, one loop per dtype. When
     * the rows of one column are adjacent in the output ({@code sy == c}: reverse indexing, one page), each
     * column's run of rows goes through a small array and one bulk copy, not a store per sample.
     */
    private static void storeInts(int[] buf, MemorySegment dst, DType out, int w, int n, int c, long start, long sx, long sy) {
        ValueLayout layout = switch (out) {
            case BOOL, UINT8, INT8 -> ValueLayout.JAVA_BYTE;
            case INT16 -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case INT32 -> ValueLayout.JAVA_INT_UNALIGNED;
            default -> throw new IllegalArgumentException("RasterCopy: integer samples into " + out);
        };
        int run = n * c;
        Object arr = layout == ValueLayout.JAVA_BYTE ? new byte[run] : layout == ValueLayout.JAVA_INT_UNALIGNED ? new int[run] : new short[run];
        for (int x = 0; x < w; x++) {
            if (sy == c) {
                switch (arr) {
                    case byte[] a -> { for (int y = 0, k = 0; y < n; y++) for (int b = 0, i = (y * w + x) * c; b < c; b++) a[k++] = (byte) buf[i + b]; }
                    case short[] a -> { for (int y = 0, k = 0; y < n; y++) for (int b = 0, i = (y * w + x) * c; b < c; b++) a[k++] = (short) buf[i + b]; }
                    case int[] a -> { for (int y = 0, k = 0; y < n; y++) for (int b = 0, i = (y * w + x) * c; b < c; b++) a[k++] = buf[i + b]; }
                    default -> throw new IllegalStateException();
                }
                MemorySegment.copy(arr, 0, dst, layout, (start + x * sx) * layout.byteSize(), run);
                continue;
            }
            for (int y = 0; y < n; y++) {
                long o = start + x * sx + y * sy;
                for (int b = 0, i = (y * w + x) * c; b < c; b++) {
                    switch (arr) {
                        case byte[] ignored -> dst.set(ValueLayout.JAVA_BYTE, o + b, (byte) buf[i + b]);
                        case short[] ignored -> dst.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, o + b, (short) buf[i + b]);
                        default -> dst.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, o + b, buf[i + b]);
                    }
                }
            }
        }
    }

    private static void storeDoubles(double[] buf, MemorySegment dst, DType out, int w, int n, int c, long start, long sx, long sy) {
        boolean f32 = out == DType.FLOAT32;
        for (int x = 0; x < w; x++)
            for (int y = 0; y < n; y++) {
                long o = start + x * sx + y * sy;
                int i = (y * w + x) * c;
                for (int b = 0; b < c; b++) {
                    if (f32) dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, o + b, (float) buf[i + b]);
                    else dst.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, o + b, buf[i + b]);
                }
            }
    }
}
