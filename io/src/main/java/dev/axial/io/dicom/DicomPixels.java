package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;
import dev.axial.tensor.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the pixel data of one file, frame by frame, into tensor storage: native (1/8/16/32 bits, either
 * byte order, interleaved or planar samples, YBR_FULL_422 expanded as pydicom does), RLE Lossless (our own
 * PackBits), JPEG through {@link DicomJpeg}. Each decoded frame goes straight to its place in the output
 * (MONAI's axis order: see {@link Placement}) with the dtype conversion and rescale done in the same pass.
 */
final class DicomPixels {
    private DicomPixels() {}

    /** The Image Pixel module of a file. */
    record Geometry(int rows, int cols, int frames, int samples, int bitsAllocated, int bitsStored, boolean signed,
                    boolean planar, String photometric) {
        int bytesPerSample() { return bitsAllocated == 1 ? 1 : bitsAllocated / 8; }

        long frameSamples() { return (long) rows * cols * samples; }

        /** The dtype pydicom's pixel_array has, in ours (no uint16/uint32: INT32/INT64 hold them). */
        DType dtype() {
            return switch (bitsAllocated) {
                case 1 -> DType.UINT8;
                case 8 -> signed ? DType.INT8 : DType.UINT8;
                case 16 -> signed ? DType.INT16 : DType.INT32;
                default -> signed ? DType.INT32 : DType.INT64;
            };
        }
    }

    /** Where element (frame, row, col, sample) of a file goes in the output, in elements. */
    record Placement(long base, long frame, long row, long col, long sample) {}

    static Geometry geometry(DicomDataset ds) {
        int rows = positive(ds, DicomTags.ROWS);
        int cols = positive(ds, DicomTags.COLUMNS);
        int frames = ds.integer(DicomTags.NUMBER_OF_FRAMES, 1);
        if (frames == 0) frames = 1; // pydicom: 0 or empty means one frame
        if (frames < 0) throw err(ds, "NumberOfFrames", "is " + frames);
        int spp = ds.integer(DicomTags.SAMPLES_PER_PIXEL, 1);
        if (spp != 1 && spp != 3) throw err(ds, "SamplesPerPixel", "is " + spp + "; 1 or 3 are supported");
        int ba = ds.integer(DicomTags.BITS_ALLOCATED, -1);
        if (ba != 1 && ba != 8 && ba != 16 && ba != 32) throw err(ds, "BitsAllocated", "is " + ba + "; 1, 8, 16 or 32 are supported");
        int bs = ds.integer(DicomTags.BITS_STORED, ba);
        if (bs < 1 || bs > ba) throw err(ds, "BitsStored", "is " + bs + " with BitsAllocated " + ba);
        int pr = ds.integer(DicomTags.PIXEL_REPRESENTATION, 0);
        if (pr != 0 && pr != 1) throw err(ds, "PixelRepresentation", "is " + pr + "; 0 or 1 expected");
        boolean planar = spp > 1 && ds.integer(DicomTags.PLANAR_CONFIGURATION, 0) == 1;
        String pi = ds.string(DicomTags.PHOTOMETRIC_INTERPRETATION);
        long total = (long) rows * cols * spp * frames;
        if (total > (1L << 40)) throw err(ds, "Rows", rows + "x" + cols + "x" + spp + "x" + frames + " samples overflow");
        return new Geometry(rows, cols, frames, spp, ba, bs, pr == 1 && ba > 1, planar, pi == null ? "" : pi);
    }

    private static int positive(DicomDataset ds, int tag) {
        int v = ds.integer(tag, -1);
        if (v <= 0) throw err(ds, DicomTags.keyword(tag), v == -1 ? "is missing" : "is " + v + "; must be >= 1");
        return v;
    }

    static ImageFileException err(DicomDataset ds, String field, String message) {
        return new ImageFileException(ds.file(), DicomInput.FORMAT, field, message);
    }

    /**
     * Decodes every frame of the file that {@code in} is positioned in (at the pixel value) into {@code dst}
     * as {@code out}; with {@code rescale}, values become {@code float32(v) * slope + intercept} in float32
     * arithmetic, as MONAI's PydicomReader computes them.
     */
    static void decode(DicomInput in, DicomDataset ds, Geometry g, Placement p, MemorySegment dst, DType out,
                       boolean rescale, double slope, double intercept) {
        Sink sink = new Sink(g, p, dst, out, rescale, (float) slope, (float) intercept);
        String ts = ds.transferSyntax();
        if (!TransferSyntax.encapsulated(ts)) {
            if (ds.pixelLength < 0) throw err(ds, "PixelData", "has undefined length in a native transfer syntax " + TransferSyntax.describe(ts));
            native_(in, ds, g, sink);
            return;
        }
        boolean rle = ts.equals(TransferSyntax.RLE);
        if (!rle && !TransferSyntax.jpeg(ts))
            throw err(ds, "TransferSyntaxUID", "pixel data in " + TransferSyntax.describe(ts) + " cannot be decoded; supported: native, RLE Lossless, JPEG baseline/extended/lossless");
        if (ds.pixelLength >= 0) throw err(ds, "PixelData", "has a defined length in the encapsulated syntax " + TransferSyntax.describe(ts));
        List<byte[]> frames = frames(in, ds, g);
        byte[] buf = new byte[0];
        for (int f = 0; f < g.frames; f++) {
            if (rle) {
                int n = Math.toIntExact(g.frameSamples() * g.bytesPerSample());
                if (buf.length < n) buf = new byte[n];
                DicomRle.decode(frames.get(f), g, buf, ds);
                sink.frame(buf, f, ByteOrder.BIG_ENDIAN, true);
            } else {
                byte[] decoded = DicomJpeg.decode(frames.get(f), g, ds, f);
                sink.frame(decoded, f, ByteOrder.LITTLE_ENDIAN, false);
            }
        }
    }

    private static void native_(DicomInput in, DicomDataset ds, Geometry g, Sink sink) {
        ByteOrder order = in.big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (g.bitsAllocated == 1) {
            long bits = g.frameSamples() * g.frames;
            long need = (bits + 7) / 8;
            if (ds.pixelLength < need) throw short_(ds, need);
            byte[] packed = in.bytes(Math.toIntExact(need), "PixelData");
            byte[] frame = new byte[Math.toIntExact(g.frameSamples())];
            for (int f = 0; f < g.frames; f++) {
                long bit0 = f * g.frameSamples();
                for (int i = 0; i < frame.length; i++) {
                    long b = bit0 + i; // DICOM packs the first pixel into the lowest bit
                    frame[i] = (byte) ((packed[(int) (b >>> 3)] >> (b & 7)) & 1);
                }
                sink.frame(frame, f, order, false);
            }
            return;
        }
        boolean ybr422 = g.photometric.equals("YBR_FULL_422") && g.samples == 3 && g.bitsAllocated == 8;
        long frameBytes = g.frameSamples() * g.bytesPerSample();
        long stored = ybr422 ? frameBytes / 3 * 2 : frameBytes;
        if (ds.pixelLength < stored * g.frames) throw short_(ds, stored * g.frames);
        if (stored > Integer.MAX_VALUE - 16) throw err(ds, "Rows", "one frame holds " + stored + " bytes; at most 2 GiB are supported");
        byte[] raw = new byte[(int) stored];
        byte[] full = ybr422 ? new byte[(int) frameBytes] : raw;
        for (int f = 0; f < g.frames; f++) {
            in.readFully(raw, 0, raw.length, "PixelData");
            if (ybr422) {
                // PS3.3 C.7.6.3.1.2: Y1 Y2 Cb Cr -> Y1 Cb Cr Y2 Cb Cr (pydicom keeps YBR, no colour conversion)
                for (int i = 0, o = 0; i + 3 < raw.length; i += 4, o += 6) {
                    full[o] = raw[i];
                    full[o + 3] = raw[i + 1];
                    full[o + 1] = full[o + 4] = raw[i + 2];
                    full[o + 2] = full[o + 5] = raw[i + 3];
                }
            }
            sink.frame(full, f, order, g.planar);
        }
    }

    private static ImageFileException short_(DicomDataset ds, long need) {
        return err(ds, "PixelData", "holds " + ds.pixelLength + " bytes, fewer than the " + need + " that Rows, Columns, SamplesPerPixel, BitsAllocated and NumberOfFrames need");
    }

    /** Reads the encapsulated items (PS3.5 A.4) and groups the fragments into one byte[] per frame. */
    private static List<byte[]> frames(DicomInput in, DicomDataset ds, Geometry g) {
        in.big = false;
        List<byte[]> fragments = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long[] offsets = null;
        long rel = 0;
        while (true) {
            long pos = in.position();
            int tag = (in.u16("PixelData") << 16) | in.u16("PixelData");
            long len = in.u32("PixelData");
            if (tag == DicomTags.SEQUENCE_DELIMITER) break;
            if (tag != DicomTags.ITEM) throw err(ds, "PixelData", "holds " + DicomTags.hex(tag) + " at byte " + pos + " where a fragment item was expected");
            if (len == 0xFFFFFFFFL || len > in.remaining()) throw err(ds, "PixelData", "fragment at byte " + pos + " has length " + len + ", past the end of the file");
            if (offsets == null) { // the first item is the basic offset table
                if (len % 4 != 0) throw err(ds, "PixelData", "basic offset table length " + len + " is not a multiple of 4");
                byte[] t = in.bytes((int) len, "PixelData");
                offsets = new long[(int) len / 4];
                for (int i = 0; i < offsets.length; i++)
                    offsets[i] = (t[4 * i] & 0xFF) | (t[4 * i + 1] & 0xFF) << 8 | (t[4 * i + 2] & 0xFF) << 16 | (long) (t[4 * i + 3] & 0xFF) << 24;
                continue;
            }
            starts.add(rel);
            fragments.add(in.bytes(Math.toIntExact(len), "PixelData"));
            rel += 8 + len;
        }
        if (fragments.isEmpty()) throw err(ds, "PixelData", "has no fragments");
        List<List<byte[]>> groups = new ArrayList<>();
        if (g.frames == 1) groups.add(fragments);
        else if (offsets != null && offsets.length == g.frames) {
            for (int f = 0; f < g.frames; f++) {
                long lo = offsets[f], hi = f + 1 < g.frames ? offsets[f + 1] : Long.MAX_VALUE;
                List<byte[]> grp = new ArrayList<>();
                for (int i = 0; i < fragments.size(); i++) if (starts.get(i) >= lo && starts.get(i) < hi) grp.add(fragments.get(i));
                groups.add(grp);
            }
        } else if (fragments.size() == g.frames) {
            for (byte[] fr : fragments) groups.add(List.of(fr));
        } else { // JPEG frames start with an SOI marker
            for (byte[] fr : fragments) {
                if (fr.length > 1 && (fr[0] & 0xFF) == 0xFF && (fr[1] & 0xFF) == 0xD8 || groups.isEmpty()) groups.add(new ArrayList<>());
                groups.getLast().add(fr);
            }
        }
        if (groups.size() != g.frames || groups.stream().anyMatch(List::isEmpty))
            throw err(ds, "NumberOfFrames", "is " + g.frames + " but the encapsulated pixel data holds " + fragments.size() + " fragments that do not split into that many frames");
        List<byte[]> out = new ArrayList<>();
        for (List<byte[]> grp : groups) {
            if (grp.size() == 1) { out.add(grp.getFirst()); continue; }
            int n = 0;
            for (byte[] b : grp) n = Math.addExact(n, b.length);
            byte[] all = new byte[n];
            int o = 0;
            for (byte[] b : grp) { System.arraycopy(b, 0, all, o, b.length); o += b.length; }
            out.add(all);
        }
        return out;
    }

    /**
     * Converts decoded frames into the output: dtype, sign, rescale and axis order in one pass. Rows that are
     * contiguous in the output (every placement the reader uses) are converted into a typed Java array (for the
     * 16-bit to float32 rescale by a loop C2 vectorises) and written with one bulk copy.
     */
    private static final class Sink {
        private final Geometry g;
        private final Placement p;
        private final MemorySegment dst;
        private final DType out;
        private final boolean rescale;
        private final float slope, intercept;
        private Object row; // typed row buffer for the generic bulk path, made on first use

        Sink(Geometry g, Placement p, MemorySegment dst, DType out, boolean rescale, float slope, float intercept) {
            this.g = g; this.p = p; this.dst = dst; this.out = out; this.rescale = rescale; this.slope = slope; this.intercept = intercept;
        }

        void frame(byte[] frame, int f, ByteOrder order, boolean planar) {
            boolean big = order == ByteOrder.BIG_ENDIAN;
            int bps = g.bytesPerSample();
            int cols = g.cols;
            long rc = (long) g.rows * cols;
            // interleaved samples that stay interleaved in the output: a row is one run of cols * samples values
            boolean merged = !planar && p.col() == g.samples && (g.samples == 1 || p.sample() == 1);
            int samples = merged ? 1 : g.samples, width = merged ? cols * g.samples : cols;
            int sStep = planar || merged ? 1 : g.samples;
            long dStep = merged ? 1 : p.col();
            MemorySegment src = MemorySegment.ofArray(frame);
            for (int s = 0; s < samples; s++)
                for (int r = 0; r < g.rows; r++) {
                    long si = planar ? s * rc + (long) r * cols : (long) r * cols * g.samples + s;
                    long di = p.base() + f * p.frame() + r * p.row() + s * p.sample();
                    if (dStep != 1) { // a strided output row: element by element
                        for (int c = 0; c < cols; c++, si += sStep, di += dStep) put(di, sample(frame, si, bps, big, g.signed));
                    } else if (bps == 2 && sStep == 1 && rescale) { // the CT case
                        rescale16(src, si * 2, order, width, di * 4);
                    } else if (bps == 2 && sStep == 1 && out == DType.INT16) { // MR int16: a copy (swapping bytes if big endian)
                        MemorySegment.copy(src, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), si * 2, dst, ValueLayout.JAVA_SHORT_UNALIGNED, di * 2, width);
                    } else {
                        bulkRow(frame, si, sStep, width, bps, big, di);
                    }
                }
        }

        /** One contiguous output row: convert into a typed Java array, then one bulk copy. */
        private void bulkRow(byte[] frame, long si, int sStep, int width, int bps, boolean big, long di) {
            // NOTE: samples are decoded from the byte[] by hand, not through a heap MemorySegment: VarHandle
            // accesses that see both heap and native segments fall off the JIT's fast path (30x slower)
            if (rescale) {
                float[] a = row instanceof float[] x && x.length >= width ? x : new float[width];
                for (int c = 0; c < width; c++, si += sStep) a[c] = (float) sample(frame, si, bps, big, g.signed) * slope + intercept;
                MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, di * 4, width);
                row = a;
                return;
            }
            switch (out) {
                case UINT8, INT8 -> {
                    byte[] a = row instanceof byte[] x && x.length >= width ? x : new byte[width];
                    for (int c = 0; c < width; c++, si += sStep) a[c] = (byte) sample(frame, si, bps, big, g.signed);
                    MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_BYTE, di, width);
                    row = a;
                }
                case INT16 -> {
                    short[] a = row instanceof short[] x && x.length >= width ? x : new short[width];
                    for (int c = 0; c < width; c++, si += sStep) a[c] = (short) sample(frame, si, bps, big, g.signed);
                    MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_SHORT_UNALIGNED, di * 2, width);
                    row = a;
                }
                case INT32 -> {
                    int[] a = row instanceof int[] x && x.length >= width ? x : new int[width];
                    for (int c = 0; c < width; c++, si += sStep) a[c] = (int) sample(frame, si, bps, big, g.signed);
                    MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_INT_UNALIGNED, di * 4, width);
                    row = a;
                }
                default -> {
                    long[] a = row instanceof long[] x && x.length >= width ? x : new long[width];
                    for (int c = 0; c < width; c++, si += sStep) a[c] = sample(frame, si, bps, big, g.signed);
                    MemorySegment.copy(a, 0, dst, ValueLayout.JAVA_LONG_UNALIGNED, di * 8, width);
                    row = a;
                }
            }
        }

        private short[] shorts = new short[0];
        private float[] floats = new float[0];

        /**
         * {@code n} 16-bit samples at byte {@code at} of {@code src} -> float32 {@code v * slope + intercept} at byte
         * {@code to} of the output. A bulk copy into a short[] (swapping bytes where needed), a plain loop that C2
         * vectorises, a bulk copy out. NOTE: not the Vector API: until C2 compiles it, it runs ~100x slower than
         * this loop does interpreted, and a first load took tens of seconds. A multiply then an add, two roundings
         * as in numpy's float32 arithmetic (Java never fuses them), so the values are MONAI's to the bit.
         */
        private void rescale16(MemorySegment src, long at, ByteOrder order, int n, long to) {
            if (shorts.length < n) { shorts = new short[n]; floats = new float[n]; }
            short[] a = shorts;
            float[] b = floats;
            float m = slope, k = intercept;
            MemorySegment.copy(src, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), at, a, 0, n);
            if (g.signed) for (int i = 0; i < n; i++) b[i] = (float) a[i] * m + k;
            else for (int i = 0; i < n; i++) b[i] = (float) (a[i] & 0xFFFF) * m + k;
            MemorySegment.copy(b, 0, dst, ValueLayout.JAVA_FLOAT_UNALIGNED, to, n);
        }

        private static long sample(byte[] b, long index, int bps, boolean big, boolean signed) {
            int i = (int) (index * bps);
            switch (bps) {
                case 1 -> { return signed ? b[i] : b[i] & 0xFF; }
                case 2 -> {
                    int x = big ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) : (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
                    return signed ? (short) x : x;
                }
                default -> {
                    int x = big ? (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF)
                            : (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
                    return signed ? x : x & 0xFFFFFFFFL;
                }
            }
        }

        private void put(long di, long v) {
            if (rescale) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, di, (float) v * slope + intercept);
                return;
            }
            switch (out) {
                case UINT8, INT8 -> dst.set(ValueLayout.JAVA_BYTE, di, (byte) v);
                case INT16 -> dst.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, di, (short) v);
                case INT32 -> dst.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, di, (int) v);
                default -> dst.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, di, v);
            }
        }
    }
}
