package dev.axial.io.dicom;

/**
 * RLE Lossless (PS3.5 Annex G), our own: a 64-byte header of up to 15 segment offsets, one PackBits segment per
 * byte plane (most significant byte first) of each sample. Decodes into a planar, big-endian frame buffer.
 */
final class DicomRle {
    private DicomRle() {}

    static void decode(byte[] src, DicomPixels.Geometry g, byte[] dst, DicomDataset ds) {
        if (src.length < 64) throw DicomPixels.err(ds, "PixelData", "RLE frame of " + src.length + " bytes is shorter than its 64-byte header");
        int bps = g.bytesPerSample();
        int n = (int) u32(src, 0);
        int want = g.samples() * bps;
        if (n != want) throw DicomPixels.err(ds, "PixelData", "RLE header has " + n + " segments; SamplesPerPixel x BitsAllocated/8 needs " + want);
        int pixels = g.rows() * g.cols();
        for (int seg = 0; seg < n; seg++) {
            long start = u32(src, 4 + 4 * seg);
            long end = seg + 1 < n ? u32(src, 8 + 4 * seg) : src.length;
            if (start < 64 || end > src.length || start > end)
                throw DicomPixels.err(ds, "PixelData", "RLE segment " + seg + " spans bytes " + start + ".." + end + " of a " + src.length + "-byte frame");
            int s = seg / bps, b = seg % bps;
            int o = 0; // output pixel index inside this plane
            int i = (int) start;
            int e = (int) end;
            long base = (long) s * pixels;
            while (i < e && o < pixels) {
                int h = src[i++];
                if (h >= 0) { // literal run of h+1 bytes
                    int k = Math.min(h + 1, Math.min(e - i, pixels - o));
                    for (int j = 0; j < k; j++, o++) dst[(int) ((base + o) * bps + b)] = src[i + j];
                    i += h + 1;
                } else if (h != -128) { // repeat the next byte 1-h times
                    if (i >= e) break;
                    byte v = src[i++];
                    int k = Math.min(1 - h, pixels - o);
                    for (int j = 0; j < k; j++, o++) dst[(int) ((base + o) * bps + b)] = v;
                }
            }
            if (o < pixels) throw DicomPixels.err(ds, "PixelData", "RLE segment " + seg + " decodes to " + o + " bytes; " + pixels + " expected");
        }
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (long) (b[i + 3] & 0xFF) << 24;
    }
}
