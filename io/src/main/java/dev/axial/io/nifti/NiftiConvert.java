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
            double a = scale[0], b = scale[1];
            for (long i = 0; i < n; i++) dst.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, at + i, value(file, t, order, in, i) * a + b);
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

    private static double value(Path file, NiftiDataType t, ByteOrder order, MemorySegment in, long i) {
        return switch (t) {
            case UINT8 -> in.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            case INT8 -> in.get(ValueLayout.JAVA_BYTE, i);
            case INT16 -> in.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), i);
            case UINT16 -> in.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), i) & 0xffff;
            case INT32 -> in.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), i);
            case UINT32 -> in.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), i) & 0xffffffffL;
            case INT64 -> in.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), i);
            case UINT64 -> {
                long v = in.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), i);
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);   // NOTE: unsigned; scaled output is float64, so no overflow
            }
            case FLOAT32 -> in.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), i);
            case FLOAT64 -> in.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), i);
            default -> throw new IllegalStateException("NiftiConvert: cannot scale " + t);
        };
    }

    private static ImageFileException tooBig(Path file, long v) {
        return new ImageFileException(file, NiftiHeader.FORMAT, "datatype", "is 1280 (uint64) and holds "
                + Long.toUnsignedString(v) + ", beyond int64, Axial's widest integer dtype");
    }
}
