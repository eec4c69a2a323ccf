package dev.axial.io.nifti;

import dev.axial.io.ImageFileException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Element conversions of the reader's slow path, one chunk at a time: unsigned types widened (uint16 → int32,
 * uint32/uint64 → int64) and nibabel's scaling {@code value * scl_slope + scl_inter} into float64.
 *
 * <pre>{@code
 * NiftiConvert.convert(file, NiftiDataType.UINT16, ByteOrder.BIG_ENDIAN, chunk, n, tensorSegment, firstIndex, null);
 * }</pre>
 */
final class NiftiConvert {
    private NiftiConvert() {}

    /** Converts {@code n} disk elements of {@code in} into {@code dst} from element index {@code at}. */
    static void convert(Path file, NiftiDataType t, ByteOrder order, MemorySegment in, long n, MemorySegment dst, long at, double[] scale) {
        if (scale != null) {
            scale(t, order, in, n, dst, at, scale[0], scale[1]);
            return;
        }
        switch (t) {
            case UINT16 -> {
                ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
                for (long i = 0; i < n; i++) dst.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, at + i, in.getAtIndex(l, i) & 0xffff);
            }
            case UINT32 -> {
                ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
                for (long i = 0; i < n; i++) dst.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, at + i, in.getAtIndex(l, i) & 0xffffffffL);
            }
            case UINT64 -> {
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
                for (long i = 0; i < n; i++) {
                    long v = in.getAtIndex(l, i);
                    if (v < 0) throw tooBig(file, v);
                    dst.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, at + i, v);
                }
            }
            default -> throw new IllegalStateException("NiftiConvert: no conversion for " + t);
        }
    }

    /** value * a + b for each element, one loop per disk type so the layout and branch stay out of the loop. */
    private static void scale(NiftiDataType t, ByteOrder order, MemorySegment in, long n, MemorySegment dst, long at, double a, double b) {
        ValueLayout.OfDouble out = ValueLayout.JAVA_DOUBLE_UNALIGNED;
        switch (t) {
            case UINT8 -> { for (long i = 0; i < n; i++) dst.setAtIndex(out, at + i, (in.get(ValueLayout.JAVA_BYTE, i) & 0xff) * a + b); }
            case INT8 -> { for (long i = 0; i < n; i++) dst.setAtIndex(out, at + i, in.get(ValueLayout.JAVA_BYTE, i) * a + b); }
            case INT16, UINT16 -> {
                ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
                int mask = t == NiftiDataType.UINT16 ? 0xffff : -1;
                for (long i = 0; i < n; i++) dst.setAtIndex(out, at + i, (in.getAtIndex(l, i) & mask) * a + b);
            }
            case INT32, UINT32 -> {
                ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
                long mask = t == NiftiDataType.UINT32 ? 0xffffffffL : -1L;
                for (long i = 0; i < n; i++) dst.setAtIndex(out, at + i, (in.getAtIndex(l, i) & mask) * a + b);
            }
            case INT64, UINT64 -> {
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
                boolean unsigned = t == NiftiDataType.UINT64;
                for (long i = 0; i < n; i++) {
                    long v = in.getAtIndex(l, i);
                    // NOTE: unsigned values above 2^63 as their float64 value; the result is float64 anyway
                    double d = unsigned && v < 0 ? (double) (v >>> 1) * 2.0 + (v & 1) : v;
                    dst.setAtIndex(out, at + i, d * a + b);
                }
            }
            case FLOAT32 -> {
                ValueLayout.OfFloat l = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
                for (long i = 0; i < n; i++) dst.setAtIndex(out, at + i, in.getAtIndex(l, i) * a + b);
            }
            case FLOAT64 -> {
                ValueLayout.OfDouble l = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
                for (long i = 0; i < n; i++) dst.setAtIndex(out, at + i, in.getAtIndex(l, i) * a + b);
            }
            default -> throw new IllegalStateException("NiftiConvert: cannot scale " + t);
        }
    }

    private static ImageFileException tooBig(Path file, long v) {
        return new ImageFileException(file, NiftiHeader.FORMAT, "datatype", "is 1280 (uint64) and holds "
                + Long.toUnsignedString(v) + ", beyond int64, Axial's widest integer dtype");
    }
}
