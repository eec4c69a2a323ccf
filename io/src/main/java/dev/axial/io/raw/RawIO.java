package dev.axial.io.raw;

import dev.axial.io.ImageFileException;
import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Moves raw element data between files and tensor storage: straight into the tensor's native segment, in
 * 1 MiB chunks through one reused buffer, byte-swapped element-wise by {@link MemorySegment#copy} with
 * layouts of different byte order, and widened for the unsigned types tensors lack. No whole-volume
 * {@code byte[]}, no double intermediates.
 *
 * <pre>{@code
 * Tensor t = Tensor.empty(DType.INT32, Device.CPU, 64, 64);
 * RawIO.read(in, ElementType.UINT16, ByteOrder.BIG_ENDIAN, t.hostSegment(), file, "NRRD", "data");
 * }</pre>
 */
public final class RawIO {
    /** Chunk size; a multiple of every element size. */
    public static final int CHUNK = 1 << 20;

    private RawIO() {}

    /** The unaligned integer layout of {@code bytes} bytes (2, 4 or 8) in {@code order}: swapping floats as integers is exact. */
    static ValueLayout swapLayout(int bytes, ByteOrder order) {
        return switch (bytes) {
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
            default -> throw new IllegalArgumentException("RawIO: no swap layout for " + bytes + " bytes");
        };
    }

    /**
     * Reads {@code dst.byteSize() / type.dtype().byteSize()} elements of {@code type} in {@code order} from
     * {@code in} into {@code dst}. A stream that ends early is an {@link ImageFileException} naming
     * {@code field} (null: the data itself); a uint64 above {@code Long.MAX_VALUE} names "dtype".
     */
    public static void read(InputStream in, ElementType type, ByteOrder order, MemorySegment dst,
                            Path file, String format, String field) throws IOException {
        long n = dst.byteSize() / type.dtype().byteSize();
        long total = n * type.byteSize();
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(total, 8))];
        MemorySegment heap = MemorySegment.ofArray(buf);
        long done = 0;
        while (done < total) {
            int want = (int) Math.min(buf.length, total - done);
            int got = in.readNBytes(buf, 0, want);
            if (got < want)
                throw new ImageFileException(file, format, field, "data is truncated: expected " + total + " bytes of " + type.numpyName()
                        + " data, got " + (done + got));
            convert(heap, type, order, dst, done / type.byteSize(), want / type.byteSize(), file, format);
            done += want;
        }
    }

    /**
     * Reads the elements of {@code dst} from {@code file} at {@code position}: raw data of a tensor type goes
     * by the file channel straight into the tensor (then swapped in place when the file is big-endian); the
     * widened unsigned types go through {@link #read(InputStream, ElementType, ByteOrder, MemorySegment, Path, String, String)}.
     */
    public static void readFile(Path file, long position, ElementType type, ByteOrder order, MemorySegment dst,
                                String format, String field) throws IOException {
        long n = dst.byteSize() / type.dtype().byteSize();
        long need = n * type.byteSize();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (position > size || size - position < need)
                throw new ImageFileException(file, format, field, "data is truncated: expected " + need + " bytes of " + type.numpyName()
                        + " data at offset " + position + ", the file has " + Math.max(0, size - position));
            if (type.widenedUnsigned()) {
                ch.position(position);
                read(new BufferedInputStream(Channels.newInputStream(ch), CHUNK), type, order, dst, file, format, field);
                return;
            }
            long done = 0;
            while (done < need) {
                long len = Math.min(need - done, 1L << 30);
                var bb = dst.asSlice(done, len).asByteBuffer();
                while (bb.hasRemaining()) {
                    int r = ch.read(bb, position + done + bb.position());
                    if (r < 0) throw new ImageFileException(file, format, field, "data is truncated while reading (file shrank?)");
                }
                done += len;
            }
            if (type.byteSize() > 1 && order != ByteOrder.LITTLE_ENDIAN) {
                // NOTE: MemorySegment.copy on overlapping ranges behaves as if through a temporary: an in-place swap is defined
                ValueLayout l = swapLayout(type.byteSize(), order);
                MemorySegment.copy(dst, l, 0, dst, l.withOrder(ByteOrder.LITTLE_ENDIAN), 0, n);
            }
        }
    }

    /** Converts {@code count} file elements at the start of {@code src} into {@code dst} from element {@code dstIndex}. */
    static void convert(MemorySegment src, ElementType type, ByteOrder order, MemorySegment dst, long dstIndex, long count,
                        Path file, String format) {
        int out = type.dtype().byteSize();
        switch (type) {
            case UINT16 -> {
                ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
                for (long i = 0; i < count; i++)
                    dst.set(ValueLayout.JAVA_INT_UNALIGNED, (dstIndex + i) * out, Short.toUnsignedInt(src.get(l, i * 2)));
            }
            case UINT32 -> {
                ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
                for (long i = 0; i < count; i++)
                    dst.set(ValueLayout.JAVA_LONG_UNALIGNED, (dstIndex + i) * out, Integer.toUnsignedLong(src.get(l, i * 4)));
            }
            case UINT64 -> {
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
                for (long i = 0; i < count; i++) {
                    long v = src.get(l, i * 8);
                    if (v < 0)
                        throw new ImageFileException(file, format, "dtype", "uint64 element " + (dstIndex + i) + " is "
                                + Long.toUnsignedString(v) + ", above the int64 maximum that uint64 data is read into");
                    dst.set(ValueLayout.JAVA_LONG_UNALIGNED, (dstIndex + i) * out, v);
                }
            }
            default -> {
                if (type.byteSize() == 1 || order == ByteOrder.LITTLE_ENDIAN) {
                    MemorySegment.copy(src, 0, dst, dstIndex * out, count * out);
                } else {
                    ValueLayout l = swapLayout(out, order);
                    MemorySegment.copy(src, l, 0, dst, l.withOrder(ByteOrder.LITTLE_ENDIAN), dstIndex * out, count);
                }
            }
        }
    }

    /**
     * Writes the contiguous CPU tensor {@code t} as {@code type} in {@code order}. {@code t}'s dtype must be
     * {@code type.dtype()} (see {@link #prepare}); values outside an unsigned type's range are an
     * {@link ImageFileException} naming "dtype".
     */
    public static void write(OutputStream os, Tensor t, ElementType type, ByteOrder order, Path file, String format) throws IOException {
        if (t.dtype() != type.dtype())
            throw new IllegalArgumentException("RawIO.write: tensor is " + t.dtype() + ", " + type.numpyName() + " needs " + type.dtype());
        MemorySegment src = t.hostSegment();
        int in = type.dtype().byteSize();
        long n = t.numel();
        long perChunk = CHUNK / 8;
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(8, n * type.byteSize()))];
        MemorySegment heap = MemorySegment.ofArray(buf);
        for (long start = 0; start < n; start += perChunk) {
            long count = Math.min(perChunk, n - start);
            switch (type) {
                case UINT16 -> {
                    ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
                    for (long i = 0; i < count; i++) heap.set(l, i * 2, (short) narrow(src.get(ValueLayout.JAVA_INT_UNALIGNED, (start + i) * in), 65535, start + i, type, file, format));
                }
                case UINT32 -> {
                    ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
                    for (long i = 0; i < count; i++) heap.set(l, i * 4, (int) narrow(src.get(ValueLayout.JAVA_LONG_UNALIGNED, (start + i) * in), 4294967295L, start + i, type, file, format));
                }
                case UINT64 -> {
                    ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
                    for (long i = 0; i < count; i++) heap.set(l, i * 8, narrow(src.get(ValueLayout.JAVA_LONG_UNALIGNED, (start + i) * in), Long.MAX_VALUE, start + i, type, file, format));
                }
                default -> {
                    if (type.byteSize() == 1 || order == ByteOrder.LITTLE_ENDIAN) {
                        MemorySegment.copy(src, start * in, heap, 0, count * in);
                    } else {
                        ValueLayout l = swapLayout(in, order);
                        MemorySegment.copy(src, l.withOrder(ByteOrder.LITTLE_ENDIAN), start * in, heap, l, 0, count);
                    }
                }
            }
            os.write(buf, 0, (int) (count * type.byteSize()));
        }
    }

    private static long narrow(long v, long max, long index, ElementType type, Path file, String format) {
        if (v < 0 || v > max)
            throw new ImageFileException(file, format, "dtype", "element " + index + " is " + v + ", outside the range of " + type.numpyName());
        return v;
    }

    /**
     * {@code array} as a contiguous tensor of {@code type.dtype()}, truncated toward zero and clipped to the type's range when
     * it is an integer type and the array is floating or wider (WriteOptions' contract). The result is
     * {@code array} itself when nothing changes; otherwise the caller closes it.
     */
    public static Tensor prepare(Tensor array, ElementType type) {
        DType target = type.dtype();
        Tensor t = array;
        boolean owned = false;
        if (type != ElementType.BOOL && !type.dtype().isFloatingPoint() && array.dtype() != target) {
            Tensor r = array.dtype().isFloatingPoint() ? array.trunc() : array;
            Tensor c = needsClamp(array.dtype(), type) ? clampTo(r, type) : r;
            if (r != array && r != c) r.close();
            t = c;
            owned = c != array;
        } else if (!array.dtype().isFloatingPoint() && target == array.dtype() && !type.sameBits()) {
            // an INT32 array written as uint16: clip, as for any narrowing
            t = clampTo(array, type);
            owned = true;
        }
        Tensor cast = t.to(target);
        if (owned && cast != t) t.close();
        Tensor c = cast.contiguous();
        if (c != cast && cast != array) cast.close();
        return c;
    }

    private static Tensor clampTo(Tensor t, ElementType type) {
        if (t.dtype().isFloatingPoint()) return t.clamp(type.min(), type.max());
        return t.clamp((long) type.min(), (long) type.max());
    }

    private static boolean needsClamp(DType from, ElementType to) {
        if (from.isFloatingPoint()) return to.byteSize() < 8;
        if (from == DType.BOOL) return false;
        return from.byteSize() > to.byteSize() || (from.isSigned() && to.min() == 0) || (from == DType.UINT8 && to == ElementType.INT8);
    }
}
