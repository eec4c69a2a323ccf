package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * JPEG frames (baseline, extended, lossless) through ImageIO, preferring TwelveMonkeys' JPEG reader (it reads
 * lossless and fixes the colour space of JPEGs without JFIF). YBR_FULL / YBR_FULL_422 JPEGs come out as RGB,
 * as pydicom's pixel_array gives them. Decodes into an interleaved little-endian frame buffer.
 */
final class DicomJpeg {
    private DicomJpeg() {}

    static byte[] decode(byte[] jpeg, DicomPixels.Geometry g, DicomDataset ds, int frame) {
        String ts = ds.transferSyntax();
        Raster raster;
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            ImageReader reader = reader();
            try {
                reader.setInput(iis);
                // pydicom 2.3 (Pillow in draft YCbCr mode) returns YBR_* JPEGs as YCbCr: read the raw components
                // and others as libjpeg's colour-space guess says (Pillow converts what libjpeg calls YCbCr to RGB)
                raster = reader.readRaster(0, null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageFileException(ds.file(), DicomInput.FORMAT, "PixelData",
                    "frame " + frame + " in " + TransferSyntax.describe(ts) + " cannot be decoded by the ImageIO JPEG reader ("
                            + g.bitsStored() + "-bit samples): " + e.getMessage(), e);
        }
        Raster r = raster;
        if (r.getWidth() != g.cols() || r.getHeight() != g.rows() || r.getNumBands() != g.samples())
            throw DicomPixels.err(ds, "PixelData", "JPEG frame " + frame + " is " + r.getWidth() + "x" + r.getHeight() + "x" + r.getNumBands()
                    + "; Columns x Rows x SamplesPerPixel say " + g.cols() + "x" + g.rows() + "x" + g.samples());
        boolean toRgb = g.samples() == 3 && !g.photometric().startsWith("YBR") && libjpegSaysYcc(jpeg);
        int bps = g.bytesPerSample();
        byte[] out = new byte[Math.toIntExact(g.frameSamples() * bps)];
        int[] row = new int[g.cols() * g.samples()];
        int o = 0;
        for (int y = 0; y < g.rows(); y++) {
            r.getPixels(0, y, g.cols(), 1, row);
            if (toRgb) for (int i = 0; i < row.length; i += 3) ycc(row, i);
            for (int v : row) {
                out[o++] = (byte) v;
                if (bps >= 2) out[o++] = (byte) (v >> 8);
                if (bps == 4) { out[o++] = (byte) (v >> 16); out[o++] = (byte) (v >> 24); }
            }
        }
        return out;
    }

    /** JFIF's full-range YCbCr to RGB, as libjpeg computes it (rounded, clamped). */
    private static void ycc(int[] p, int i) {
        double y = p[i], cb = p[i + 1] - 128, cr = p[i + 2] - 128;
        p[i] = clamp(y + 1.402 * cr);
        p[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
        p[i + 2] = clamp(y + 1.772 * cb);
    }

    private static int clamp(double v) { return (int) Math.max(0, Math.min(255, Math.round(v))); }

    /** libjpeg's guess for 3 components: JFIF means YCbCr, Adobe says by its transform flag, ids 'R','G','B' mean RGB. */
    static boolean libjpegSaysYcc(byte[] j) {
        boolean jfif = false;
        int adobe = -1;
        int[] ids = null;
        int i = 2;
        while (i + 4 <= j.length && (j[i] & 0xFF) == 0xFF) {
            int m = j[i + 1] & 0xFF;
            if (m == 0xFF) { i++; continue; }
            int len = ((j[i + 2] & 0xFF) << 8) | (j[i + 3] & 0xFF);
            int d = i + 4;
            if (m == 0xE0 && len >= 7 && d + 4 < j.length && j[d] == 'J' && j[d + 1] == 'F' && j[d + 2] == 'I' && j[d + 3] == 'F') jfif = true;
            if (m == 0xEE && len >= 14 && d + 11 < j.length && j[d] == 'A' && j[d + 1] == 'd' && j[d + 2] == 'o' && j[d + 3] == 'b' && j[d + 4] == 'e') adobe = j[d + 11] & 0xFF;
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC && d + 6 + 3 * 3 <= j.length) {
                int n = j[d + 5] & 0xFF;
                ids = new int[n];
                for (int k = 0; k < n && d + 6 + 3 * k < j.length; k++) ids[k] = j[d + 6 + 3 * k] & 0xFF;
            }
            if (m == 0xDA) break;
            i += 2 + len;
        }
        if (jfif) return true;
        if (adobe >= 0) return adobe != 0;
        return !(ids != null && ids.length == 3 && ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B');
    }

    private static ImageReader reader() throws IOException {
        ImageReader fallback = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.twelvemonkeys")) {
                if (fallback != null) fallback.dispose();
                return r;
            }
            if (fallback == null) fallback = r;
            else r.dispose();
        }
        if (fallback == null) throw new IOException("no ImageIO JPEG reader on the class path");
        return fallback;
    }
}
