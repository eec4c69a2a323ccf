package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** A DICOM byte stream with its position, byte order and (for plain files) the bytes left, so lengths that lie are caught. */
final class DicomInput implements Closeable {
    static final String FORMAT = "DICOM";
    final Path file;
    private InputStream in;
    private Inflater inflater;
    private long pos;
    private long limit;
    boolean big;
    private final byte[] scratch = new byte[8];

    DicomInput(Path file, InputStream raw, long size) {
        this.file = file;
        this.in = new BufferedInputStream(raw, 1 << 16);
        this.limit = size;
    }

    /** From here on the stream is deflated (raw deflate, no zlib header: PS3.5 A.5); its length is unknown. */
    void inflate() {
        inflater = new Inflater(true);
        in = new BufferedInputStream(new InflaterInputStream(in, inflater, 1 << 16), 1 << 16);
        limit = Long.MAX_VALUE;
    }

    long position() { return pos; }

    /** Bytes left in a plain file (Long.MAX_VALUE-ish for a deflated stream). */
    long remaining() { return limit - pos; }

    ImageFileException error(String field, String message) {
        return new ImageFileException(file, FORMAT, field, message);
    }

    /** Reads up to n bytes without consuming them; returns how many there were. */
    int peek(byte[] dst, int n) {
        try {
            in.mark(n);
            int got = 0;
            while (got < n) {
                int r = in.read(dst, got, n - got);
                if (r < 0) break;
                got += r;
            }
            in.reset();
            return got;
        } catch (IOException e) {
            throw new ImageFileException(file, FORMAT, null, "cannot read: " + e.getMessage(), e);
        }
    }

    boolean atEnd() { return peek(scratch, 1) == 0; }

    void readFully(byte[] b, int off, int len, String field) {
        try {
            int got = 0;
            while (got < len) {
                int r = in.read(b, off + got, len - got);
                if (r < 0) throw new EOFException();
                got += r;
            }
            pos += len;
        } catch (EOFException e) {
            throw error(field, "file ends at byte " + (pos + 0) + " inside the value (truncated file)");
        } catch (IOException e) {
            throw new ImageFileException(file, FORMAT, field, "cannot read: " + e.getMessage(), e);
        }
    }

    byte[] bytes(int n, String field) {
        byte[] b = new byte[n];
        readFully(b, 0, n, field);
        return b;
    }

    int u16(String field) {
        readFully(scratch, 0, 2, field);
        return big ? ((scratch[0] & 0xFF) << 8) | (scratch[1] & 0xFF) : (scratch[0] & 0xFF) | ((scratch[1] & 0xFF) << 8);
    }

    long u32(String field) {
        readFully(scratch, 0, 4, field);
        return big ? Integer.toUnsignedLong(((scratch[0] & 0xFF) << 24) | ((scratch[1] & 0xFF) << 16) | ((scratch[2] & 0xFF) << 8) | (scratch[3] & 0xFF))
                : Integer.toUnsignedLong((scratch[0] & 0xFF) | ((scratch[1] & 0xFF) << 8) | ((scratch[2] & 0xFF) << 16) | ((scratch[3] & 0xFF) << 24));
    }

    /** Reads {@code n} bytes straight into {@code dst} at {@code off}, in chunks through {@code buf}. */
    void readInto(MemorySegment dst, long off, long n, byte[] buf, String field) {
        while (n > 0) {
            int k = (int) Math.min(n, buf.length);
            readFully(buf, 0, k, field);
            MemorySegment.copy(MemorySegment.ofArray(buf), 0, dst, off, k);
            off += k;
            n -= k;
        }
    }

    void skip(long n, String field) {
        if (n > remaining()) throw error(field, "length " + n + " runs past the end of the file (" + remaining() + " bytes left)");
        try {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) throw error(field, "file ends inside the value (truncated file)");
                    s = 1;
                }
                left -= s;
            }
            pos += n;
        } catch (IOException e) {
            throw new ImageFileException(file, FORMAT, field, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // NOTE: a read-only stream; nothing to lose on a failed close
        } finally {
            if (inflater != null) inflater.end();
        }
    }
}
