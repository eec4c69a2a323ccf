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
        Raster raster = null;
        Exception first = null;
        // TwelveMonkeys first (lossless, odd markers); the JDK's reader where it refuses a file (e.g. a short APP14)
        for (ImageReader reader : readers()) {
            try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
                reader.setInput(iis);
                // the raw components: pydicom 2.3 converts colour only where Pillow would (see pillowConverts)
                raster = reader.readRaster(0, null);
                break;
            } catch (IOException | RuntimeException e) {
                if (first == null) first = e;
            } finally {
                reader.dispose();
            }
        }
        if (raster == null)
            throw new ImageFileException(ds.file(), DicomInput.FORMAT, "PixelData",
                    "frame " + frame + " in " + TransferSyntax.describe(ts) + " cannot be decoded by the ImageIO JPEG readers ("
                            + g.bitsStored() + "-bit samples): " + (first == null ? "no ImageIO JPEG reader" : first.getMessage()), first);
        Raster r = raster;
        if (r.getWidth() != g.cols() || r.getHeight() != g.rows() || r.getNumBands() != g.samples())
            throw DicomPixels.err(ds, "PixelData", "JPEG frame " + frame + " is " + r.getWidth() + "x" + r.getHeight() + "x" + r.getNumBands()
                    + "; Columns x Rows x SamplesPerPixel say " + g.cols() + "x" + g.rows() + "x" + g.samples());
        boolean toRgb = g.samples() == 3 && g.photometric().equals("RGB") && pillowConverts(jpeg);
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

    /**
     * pydicom 2.3 (pillow_handler) keeps the decoded components as they are for YBR_* and for RGB JPEGs
     * without an Adobe APP14 segment; with one, Pillow converts YCbCr to RGB when its transform flag is not 0.
     */
    static boolean pillowConverts(byte[] j) {
        int adobe = -1;
        int i = 2;
        while (i + 4 <= j.length && (j[i] & 0xFF) == 0xFF) {
            int m = j[i + 1] & 0xFF;
            if (m == 0xFF) { i++; continue; }
            int len = ((j[i + 2] & 0xFF) << 8) | (j[i + 3] & 0xFF);
            int d = i + 4;
            if (m == 0xEE && len >= 14 && d + 11 < j.length && j[d] == 'A' && j[d + 1] == 'd' && j[d + 2] == 'o' && j[d + 3] == 'b' && j[d + 4] == 'e') adobe = j[d + 11] & 0xFF;
            if (m == 0xDA) break;
            i += 2 + len;
        }
        return adobe > 0;
    }

    private static java.util.List<ImageReader> readers() {
        java.util.List<ImageReader> out = new java.util.ArrayList<>();
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.twelvemonkeys")) out.addFirst(r);
            else out.add(r);
        }
        return out;
    }
}
