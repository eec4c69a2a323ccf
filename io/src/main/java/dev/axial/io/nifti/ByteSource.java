package dev.axial.io.nifti;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A forward-only stream of a file's (decompressed) bytes that fills memory segments in place: plain files
 * are read by {@link FileChannel} straight into the target; gzip files are memory-mapped and inflated by an
 * {@link Inflater} straight from the mapping into the target (no intermediate byte[] at all), with the CRC
 * and length of every gzip member checked as {@code GZIPInputStream} does.
 *
 * <pre>{@code
 * try (ByteSource src = ByteSource.open(Path.of("ct.nii.gz"))) {
 *     src.readFully(headerSegment);
 *     src.skip(4);
 *     src.readFully(tensor.hostSegment());
 * }
 * }</pre>
 */
abstract class ByteSource implements AutoCloseable {
    /** Largest slice handed to a ByteBuffer view (they are int-indexed). */
    static final long WINDOW = 1L << 30;

    /** Opens {@code file}, inflating it when its name ends in ".gz". */
    static ByteSource open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new Gzip(ch) : new Plain(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Fills {@code dst} completely; {@link EOFException} if the stream ends first. */
    abstract void readFully(MemorySegment dst) throws IOException;

    /** Bytes delivered so far. */
    abstract long position();

    /** Skips {@code n} bytes. */
    void skip(long n) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment scratch = a.allocate(Math.max(1, Math.min(n, 1 << 16)));
            while (n > 0) {
                long k = Math.min(n, scratch.byteSize());
                readFully(scratch.asSlice(0, k));
                n -= k;
            }
        }
    }

    @Override public abstract void close() throws IOException;

    private static final class Plain extends ByteSource {
        private final FileChannel ch;
        private long pos;

        Plain(FileChannel ch) { this.ch = ch; }

        @Override void readFully(MemorySegment dst) throws IOException {
            for (long done = 0; done < dst.byteSize(); ) {
                ByteBuffer b = dst.asSlice(done, Math.min(WINDOW, dst.byteSize() - done)).asByteBuffer();
                while (b.hasRemaining()) {
                    int r = ch.read(b, pos);
                    if (r < 0) throw new EOFException("the file ends after " + pos + " bytes");
                    pos += r;
                    done += r;
                }
            }
        }

        @Override void skip(long n) { pos += n; }

        @Override long position() { return pos; }

        @Override public void close() throws IOException { ch.close(); }
    }

    private static final class Gzip extends ByteSource {
        private final FileChannel ch;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment in;
        private final Inflater inflater = new Inflater(true);
        private final CRC32 crc = new CRC32();
        private ByteBuffer window;
        private long windowStart;
        private long memberOut, pos;
        private boolean atEnd;

        Gzip(FileChannel ch) throws IOException {
            this.ch = ch;
            try {
                in = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
                beginMember(0);
            } catch (IOException | RuntimeException e) {
                inflater.end();
                arena.close();
                throw e;
            }
        }

        /** Parses the gzip member header at {@code at} (RFC 1952) and points the inflater after it. */
        private void beginMember(long at) throws IOException {
            long n = in.byteSize();
            if (n - at < 10) throw new EOFException("truncated gzip header at byte " + at);
            if (u8(at) != 0x1f || u8(at + 1) != 0x8b) throw new IOException("not a gzip file (no 1f 8b magic at byte " + at + ")");
            if (u8(at + 2) != 8) throw new IOException("gzip compression method " + u8(at + 2) + " is not deflate");
            int flg = u8(at + 3);
            long p = at + 10;
            if ((flg & 4) != 0) {   // FEXTRA
                if (p + 2 > n) throw new EOFException("truncated gzip header");
                p += 2 + (u8(p) | (u8(p + 1) << 8));
            }
            if ((flg & 8) != 0) p = skipZero(p);    // FNAME
            if ((flg & 16) != 0) p = skipZero(p);   // FCOMMENT
            if ((flg & 2) != 0) p += 2;             // FHCRC
            if (p > n) throw new EOFException("truncated gzip header");
            inflater.reset();
            crc.reset();
            memberOut = 0;
            feed(p);
        }

        private long skipZero(long p) throws EOFException {
            while (p < in.byteSize() && u8(p) != 0) p++;
            if (p >= in.byteSize()) throw new EOFException("truncated gzip header");
            return p + 1;
        }

        private void feed(long at) {
            windowStart = at;
            window = in.asSlice(at, Math.min(WINDOW, in.byteSize() - at)).asByteBuffer();
            inflater.setInput(window);
        }

        private int u8(long at) { return in.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at) & 0xff; }

        private long consumed() { return windowStart + window.position(); }

        @Override void readFully(MemorySegment dst) throws IOException {
            for (long done = 0; done < dst.byteSize(); ) {
                ByteBuffer out = dst.asSlice(done, Math.min(WINDOW, dst.byteSize() - done)).asByteBuffer();
                while (out.hasRemaining()) {
                    if (atEnd) throw new EOFException("the gzip stream ends after " + pos + " bytes");
                    int start = out.position();
                    int r;
                    try {
                        r = inflater.inflate(out);
                    } catch (DataFormatException e) {
                        throw new IOException("corrupt gzip data: " + e.getMessage(), e);
                    }
                    if (r > 0) crc.update(out.duplicate().position(start).limit(start + r));
                    memberOut += r;
                    pos += r;
                    done += r;
                    if (inflater.finished()) {
                        endMember();
                    } else if (r == 0) {
                        if (inflater.needsDictionary()) throw new IOException("gzip stream needs a preset dictionary");
                        if (inflater.needsInput()) {
                            if (consumed() >= in.byteSize()) throw new EOFException("the gzip stream ends after " + pos + " bytes");
                            feed(consumed());
                        } else throw new IOException("corrupt gzip data: the inflater makes no progress");
                    }
                }
            }
        }

        /** Checks the member trailer; starts the next member if one follows, else leaves the stream at its end. */
        private void endMember() throws IOException {
            long t = consumed();
            if (in.byteSize() - t < 8) throw new EOFException("truncated gzip trailer");
            long storedCrc = (u8(t) | (u8(t + 1) << 8) | (u8(t + 2) << 16) | ((long) u8(t + 3) << 24));
            long storedLen = (u8(t + 4) | (u8(t + 5) << 8) | (u8(t + 6) << 16) | ((long) u8(t + 7) << 24));
            if (storedCrc != crc.getValue()) throw new IOException("gzip CRC mismatch (corrupt data)");
            if (storedLen != (memberOut & 0xffffffffL)) throw new IOException("gzip length mismatch (corrupt data)");
            long next = t + 8;
            if (in.byteSize() - next >= 10 && u8(next) == 0x1f && u8(next + 1) == 0x8b) beginMember(next);
            else atEnd = true;
        }

        @Override long position() { return pos; }

        @Override public void close() throws IOException {
            inflater.end();
            try {
                arena.close();
            } finally {
                ch.close();
            }
        }
    }
}
