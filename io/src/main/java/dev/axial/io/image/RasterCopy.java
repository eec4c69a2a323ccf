package dev.axial.io.image;

import dev.axial.tensor.DType;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferDouble;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntUnaryOperator;

/**
 * Copies a decoded {@link Raster}'s samples into tensor storage in MONAI's PILReader order: PIL's (H, W, C)
 * array with the first two axes swapped, i.e. (W, H[, pages][, C]) row-major. Component rasters (the
 * common case: 8/16-bit, float, RGB(A), interleaved or banded) are read straight from the DataBuffer's arrays;
 * packed ones (1/2/4-bit, packed RGB ints) one source row at a time through a reused buffer. Never through
 * getRGB, which converts colour and drops 16-bit precision.
 *
 * <pre>{@code
 * RasterCopy.copy(image.getRaster(), tensor.hostSegment(), DType.UINT8, null, 1, 0, true);
 * }</pre>
 */
final class RasterCopy {
    private RasterCopy() {}

    /** Source rows per block: the transposed writes of a block of rows land in one stretch of output. */
    private static final int BLOCK = 32;

    /**
     * Copies {@code r} into {@code dst}, laid out (W, H, pages, C) with this raster as page {@code page};
     * {@code lut}, when not null, maps each integer sample (PIL's bilevel, 2/4-bit scaling, 16-bit high bytes).
     * Without {@code reverseIndexing} the layout is PIL's own (H, W, pages, C).
     */
    static void copy(Raster r, MemorySegment dst, DType out, int[] lut, int pages, int page, boolean reverseIndexing) {
        int w = r.getWidth(), h = r.getHeight(), c = r.getNumBands();
        Target t = new Target(dst, out, w, h, pages, page, c, reverseIndexing);
        DataBuffer db = r.getDataBuffer();
        if (r.getSampleModel() instanceof ComponentSampleModel sm) {
            int dx = r.getMinX() - r.getSampleModelTranslateX(), dy = r.getMinY() - r.getSampleModelTranslateY();
            int[] banks = sm.getBankIndices(), bandOff = sm.getBandOffsets();
            int pixel = sm.getPixelStride(), scan = sm.getScanlineStride();
            int[] base = new int[c];
            for (int b = 0; b < c; b++) base[b] = db.getOffsets()[banks[b]] + dy * scan + dx * pixel + bandOff[b];
            switch (db) {
                case DataBufferFloat f -> {
                    float[][] a = bankArrays(c, banks, f.getBankData());
                    for (int y0 = 0; y0 < h; y0 += BLOCK)
                        for (int x = 0; x < w; x++)
                            for (int y = y0, y1 = Math.min(h, y0 + BLOCK); y < y1; y++)
                                for (int b = 0; b < c; b++) t.put(x, y, b, a[b][base[b] + y * scan + x * pixel]);
                    return;
                }
                case DataBufferDouble d -> {
                    double[][] a = bankArrays(c, banks, d.getBankData());
                    for (int y0 = 0; y0 < h; y0 += BLOCK)
                        for (int x = 0; x < w; x++)
                            for (int y = y0, y1 = Math.min(h, y0 + BLOCK); y < y1; y++)
                                for (int b = 0; b < c; b++) t.put(x, y, b, a[b][base[b] + y * scan + x * pixel]);
                    return;
                }
                default -> {
                    IntUnaryOperator[] get = new IntUnaryOperator[c];
                    for (int b = 0; b < c; b++) get[b] = intSamples(db, banks[b], lut);
                    for (int y0 = 0; y0 < h; y0 += BLOCK)
                        for (int x = 0; x < w; x++)
                            for (int y = y0, y1 = Math.min(h, y0 + BLOCK); y < y1; y++)
                                for (int b = 0; b < c; b++) t.put(x, y, b, get[b].applyAsInt(base[b] + y * scan + x * pixel));
                    return;
                }
            }
        }
        // Packed sample models (MultiPixelPacked 1/2/4-bit, SinglePixelPacked ints): row by row, unpacked by AWT.
        int x0 = r.getMinX(), yMin = r.getMinY();
        if (db.getDataType() == DataBuffer.TYPE_FLOAT || db.getDataType() == DataBuffer.TYPE_DOUBLE) {
            double[] row = new double[w * c];
            for (int y = 0; y < h; y++) {
                r.getPixels(x0, yMin + y, w, 1, row);
                for (int x = 0; x < w; x++) for (int b = 0; b < c; b++) t.put(x, y, b, row[x * c + b]);
            }
        } else {
            int[] row = new int[w * c];
            for (int y = 0; y < h; y++) {
                r.getPixels(x0, yMin + y, w, 1, row);
                for (int x = 0; x < w; x++)
                    for (int b = 0; b < c; b++) {
                        int v = row[x * c + b];
                        t.put(x, y, b, lut == null ? v : lut[v]);
                    }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> A[] bankArrays(int c, int[] banks, A[] bankData) {
        A[] out = (A[]) java.lang.reflect.Array.newInstance(bankData.getClass().getComponentType(), c);
        for (int b = 0; b < c; b++) out[b] = bankData[banks[b]];
        return out;
    }

    /** Integer samples of one bank, unsigned for byte/ushort (as the file stores them), through {@code lut}. */
    private static IntUnaryOperator intSamples(DataBuffer db, int bank, int[] lut) {
        return switch (db) {
            case DataBufferByte d -> {
                byte[] a = d.getData(bank);
                yield lut == null ? i -> a[i] & 0xFF : i -> lut[a[i] & 0xFF];
            }
            case DataBufferUShort d -> {
                short[] a = d.getData(bank);
                yield lut == null ? i -> a[i] & 0xFFFF : i -> lut[a[i] & 0xFFFF];
            }
            case DataBufferShort d -> {
                short[] a = d.getData(bank);
                yield i -> a[i];
            }
            case DataBufferInt d -> {
                int[] a = d.getData(bank);
                yield i -> a[i];
            }
            default -> i -> db.getElem(bank, i);
        };
    }

    /** Where sample (x, y, band) of the current page goes, and how it is stored. */
    private static final class Target {
        private final MemorySegment dst;
        private final DType out;
        private final long w, h, pc, pageOff, c;
        private final boolean reverse;

        Target(MemorySegment dst, DType out, int w, int h, int pages, int page, int c, boolean reverse) {
            this.dst = dst;
            this.out = out;
            this.w = w;
            this.h = h;
            this.reverse = reverse;
            this.c = c;
            this.pc = (long) pages * c;
            this.pageOff = (long) page * c;
        }

        private long index(int x, int y, int b) { return (reverse ? x * h + y : y * w + x) * pc + pageOff + b; }

        void put(int x, int y, int b, int v) {
            long i = index(x, y, b);
            switch (out) {
                case BOOL, UINT8, INT8 -> dst.set(ValueLayout.JAVA_BYTE, i, (byte) v);
                case INT16 -> dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2 * i, (short) v);
                case INT32 -> dst.set(ValueLayout.JAVA_INT_UNALIGNED, 4 * i, v);
                case INT64 -> dst.set(ValueLayout.JAVA_LONG_UNALIGNED, 8 * i, v & 0xFFFFFFFFL);
                case FLOAT32 -> dst.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4 * i, v);
                default -> dst.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 8 * i, v);
            }
        }

        void put(int x, int y, int b, double v) {
            long i = index(x, y, b);
            if (out == DType.FLOAT32) dst.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4 * i, (float) v);
            else dst.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 8 * i, v);
        }
    }
}
