package dev.axial.io.image;

import dev.axial.io.ImageFileException;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;

/**
 * The 2-D formats read and written through javax.imageio, recognised by their magic bytes (never by the
 * suffix: a PNG named .jpg is still read as PNG, as PIL does). The names are PIL's {@code Image.format}, which
 * MONAI's PILReader puts into the metadata under "format".
 */
enum ImageIoFormat {
    PNG("png"), JPEG("jpeg"), BMP("bmp"), TIFF("tiff"), GIF("gif");

    /** The javax.imageio format name. */
    final String imageIoName;

    ImageIoFormat(String imageIoName) { this.imageIoName = imageIoName; }

    static {
        // NOTE: ImageIO registers service-loaded plugins of the classpath once, at its first use, from the
        // context class loader of that thread; a rescan makes TwelveMonkeys' JPEG/TIFF/BMP readers visible even
        // when ImageIO was first touched elsewhere (an application server, a test runner's loader).
        ImageIO.scanForPlugins();
    }

    /** The first javax.imageio reader for this format (TwelveMonkeys' where it has one: it orders itself first). */
    javax.imageio.ImageReader reader(Path file) {
        Iterator<javax.imageio.ImageReader> it = ImageIO.getImageReadersByFormatName(imageIoName);
        if (!it.hasNext())
            throw new ImageFileException(file, name(), null, "no javax.imageio reader for " + name() + " is installed");
        return it.next();
    }

    /**
     * A javax.imageio writer for this format that encodes {@code image}: the JDK's own where it can, because
     * TwelveMonkeys' TIFF writer (3.13) refuses float samples and writes int32 without SampleFormat 2 (PIL then
     * cannot open the file), while the JDK's writes what PIL reads; TwelveMonkeys' writers are the fallback.
     */
    javax.imageio.ImageWriter writer(Path file, RenderedImage image) {
        javax.imageio.ImageWriter fallback = null;
        for (Iterator<javax.imageio.ImageWriter> it = ImageIO.getImageWritersByFormatName(imageIoName); it.hasNext(); ) {
            javax.imageio.ImageWriter w = it.next();
            if (!w.getOriginatingProvider().canEncodeImage(image)) {
                w.dispose();
            } else if (w.getClass().getName().startsWith("com.sun.imageio.")) {
                if (fallback != null) fallback.dispose();
                return w;
            } else if (fallback == null) {
                fallback = w;
            } else {
                w.dispose();
            }
        }
        if (fallback != null) return fallback;
        throw new ImageFileException(file, name(), null, "no javax.imageio writer encodes " + image.getSampleModel().getNumBands()
                + " band(s) of " + image.getSampleModel().getSampleSize(0) + "-bit samples as " + name());
    }

    /** The format of a file name's suffix (png, jpg, jpeg, bmp, tif, tiff, gif), or null. */
    static ImageIoFormat ofSuffix(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return switch (dot < 0 ? "" : n.substring(dot + 1)) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            case "bmp" -> BMP;
            case "tif", "tiff" -> TIFF;
            case "gif" -> GIF;
            default -> null;
        };
    }

    /** The first bytes of a file and the format they announce. */
    record Sniff(ImageIoFormat format, byte[] head) {
        /** PNG's IHDR bit depth (1, 2, 4, 8, 16); 0 for other formats. */
        int pngBitDepth() { return format == PNG ? head[24] & 0xFF : 0; }

        /** PNG's IHDR colour type (0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA); -1 for other formats. */
        int pngColorType() { return format == PNG ? head[25] & 0xFF : -1; }
    }

    /** Reads the first 32 bytes of {@code file} and names its format; ImageFileException (field "magic") if none. */
    static Sniff sniff(Path file) {
        byte[] head = new byte[32];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) break;
                n += r;
            }
        } catch (IOException e) {
            throw new ImageFileException(file, "image", null, "cannot be read: " + e, e);
        }
        String suffixFormat = ofSuffix(file) == null ? "image" : ofSuffix(file).name();
        if (n == 0) throw new ImageFileException(file, suffixFormat, "magic", "the file is empty (0 bytes)");
        ImageIoFormat f = null;
        if (n >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A) {
            if (n < 26 || head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R')
                throw new ImageFileException(file, "PNG", "IHDR", "is missing or truncated (the file has " + n + " bytes)");
            f = PNG;
        } else if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            f = JPEG;
        } else if (n >= 2 && head[0] == 'B' && head[1] == 'M') {
            f = BMP;
        } else if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0)
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43)))) {
            f = TIFF;
        } else if (n >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
            f = GIF;
        }
        if (f == null)
            throw new ImageFileException(file, suffixFormat, "magic", "first bytes " + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(n, 8))
                    + " are not those of PNG, JPEG, BMP, TIFF or GIF");
        return new Sniff(f, head);
    }
}
