package dev.axial.io.image;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads PNG, JPEG, BMP, TIFF and GIF through javax.imageio (with TwelveMonkeys' JPEG, TIFF and BMP plugins) as
 * MONAI's {@code PILReader} does through PIL: the array is {@code np.asarray(pil_image)} with the first two
 * axes swapped ({@code reverse_indexing=True}), so (W, H) for one-band images and (W, H, C) for colour, in
 * the dtype PIL gives: mode "1" → bool, "L"/"P"/"LA"/"RGB"/"RGBA" → uint8 (palette images stay indices, as
 * PIL keeps mode "P"), 16-bit gray → int32 (PIL's "I" for PNG, "I;16" uint16 for TIFF: we have no uint16),
 * float TIFF → float32. Like PIL, 2/4-bit gray PNG is scaled to 0..255, 16-bit colour keeps the high bytes,
 * and a gray or RGB PNG with a tRNS chunk stays 1 or 3 channels. JPEG decodes to the same bytes as PIL's
 * (libjpeg 6b and libjpeg-turbo agree). Not as PIL: CMYK JPEG comes out RGB (PIL: 4-channel "CMYK"; untested).
 * A WhiteIsZero gray TIFF is inverted, as PIL does.
 *
 * <p>Metadata as LoadImage gives it for PIL images: "format" (PIL's name: PNG, JPEG, BMP, TIFF, GIF),
 * "mode" (PIL's), "width", "height", spatial_shape (W, H), original_channel_dim (-1 for colour, NaN for
 * gray), filename_or_obj, the identity affine; and "dtype", the numpy dtype PIL gives ("uint16" for 16-bit
 * TIFF), which writers use to write the same bit depth back.
 *
 * <p>Multi-page TIFF: PIL (and so MONAI) reads the first page only, and so do we by default;
 * {@link #allPages(boolean) allPages(true)} stacks every page on a trailing spatial axis, (W, H, pages) or
 * (W, H, pages, C), with spatial_shape (W, H, pages). The pages must agree in size and mode.
 *
 * <pre>{@code
 * try (MetaTensor img = new ImageIoReader().read(Path.of("slice.png"))) {
 *     long[] wh = img.shape();                          // [W, H] or [W, H, C]
 *     String mode = (String) img.meta().get("mode");    // "L", "RGB", "I;16" ...
 * }
 * MetaTensor stack = new ImageIoReader().allPages(true).read(Path.of("stack.tif"));
 * }</pre>
 */
public final class ImageIoReader implements ImageReader {
    private boolean allPages;
    private boolean reverseIndexing = true;

    /** A reader with MONAI's PILReader defaults (first page only, reverse_indexing). */
    public ImageIoReader() {}

    /** Whether to read every page of a multi-page TIFF on a trailing axis (default false: the first page, as PIL). */
    public ImageIoReader allPages(boolean allPages) { this.allPages = allPages; return this; }

    /** MONAI's {@code reverse_indexing}: true (default) gives (W, H[, C]); false keeps PIL's (H, W[, C]). */
    public ImageIoReader reverseIndexing(boolean reverseIndexing) { this.reverseIndexing = reverseIndexing; return this; }

    @Override public String name() { return "ImageIoReader"; }

    @Override public List<String> aliases() { return List.of("PILReader"); }

    @Override public boolean verifySuffix(Path path) { return ImageIoFormat.ofSuffix(path) != null; }

    @Override public MetaTensor read(Path path) {
        ImageIoFormat.Sniff sniff = ImageIoFormat.sniff(path);
        String format = sniff.format().name();
        javax.imageio.ImageReader reader = sniff.format().reader(path);
        Tensor tensor = null;
        try (ImageInputStream in = open(path)) {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((src, message) -> warnings.add(message));
            // NOTE: TIFF's metadata says WhiteIsZero (PIL inverts such gray images); the others need none.
            reader.setInput(in, false, sniff.format() != ImageIoFormat.TIFF);
            int w = reader.getWidth(0), h = reader.getHeight(0);
            checkSize(path, format, w, h);
            int pages = allPages && sniff.format() == ImageIoFormat.TIFF ? reader.getNumImages(true) : 1;
            Page page = readPage(reader, sniff, 0);
            failOnTruncation(path, format, warnings);
            Decoding d = decoding(path, sniff, page.cm, page.raster, whiteIsZero(reader, sniff, 0));
            int c = page.raster.getNumBands();
            long[] shape = shape(w, h, pages, c);
            tensor = Tensor.empty(d.dtype, Device.CPU, shape);
            RasterCopy.copy(page.raster, tensor.hostSegment(), d.dtype, d.lut, pages, 0, reverseIndexing);
            for (int p = 1; p < pages; p++) {
                page = readPage(reader, sniff, p);
                failOnTruncation(path, format, warnings);
                Raster r = page.raster;
                Decoding dp = decoding(path, sniff, page.cm, r, whiteIsZero(reader, sniff, p));
                if (r.getWidth() != w || r.getHeight() != h || r.getNumBands() != c || !dp.mode.equals(d.mode))
                    throw new ImageFileException(path, format, "page " + p, "is " + r.getWidth() + "x" + r.getHeight()
                            + " mode " + dp.mode + ", unlike page 0 (" + w + "x" + h + " mode " + d.mode + "); allPages needs equal pages");
                RasterCopy.copy(r, tensor.hostSegment(), d.dtype, d.lut, pages, p, reverseIndexing);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", format);
            meta.put("mode", d.mode);
            meta.put("width", w);
            meta.put("height", h);
            meta.put(MetaKeys.SPATIAL_SHAPE, pages > 1 ? new long[]{w, h, pages} : new long[]{w, h});
            meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, c > 1 ? (Object) (-1) : (Object) Double.NaN);
            meta.put(MetaKeys.FILENAME_OR_OBJ, path.toString());
            meta.put(MetaKeys.DTYPE, d.numpyDtype);
            MetaTensor result = new MetaTensor(tensor, null, meta);
            tensor = null;
            return result;
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // NOTE: plugins report corrupt data as IIOException, EOFException, and at times as unchecked
            // exceptions (IndexOutOfBounds, IllegalArgument, IllegalState) from deep in the decoder.
            throw new ImageFileException(path, format, null, "is truncated or corrupt: " + e, e);
        } finally {
            if (tensor != null) tensor.close();
            reader.dispose();
        }
    }

    /**
     * A buffered stream where TwelveMonkeys' BufferedFileImageInputStreamSpi is registered (it orders itself
     * first): the JDK's FileImageInputStream reads through RandomAccessFile, a system call per small read,
     * which made a 2048² 16-bit TIFF ten times slower to read.
     */
    private static ImageInputStream open(Path path) throws IOException {
        ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(path.toFile());
        return in != null ? in : new FileImageInputStream(path.toFile());
    }

    private record Page(ColorModel cm, Raster raster) {}

    /**
     * TIFF: the raw samples (readRaster) with the raw colour model, because read() runs the samples through
     * the colour model, which clamps float gray to [0, 1]. The others: read(), which gives JPEG as RGB (PIL
     * converts YCbCr too) and is raw for PNG, BMP and GIF.
     */
    private static Page readPage(javax.imageio.ImageReader reader, ImageIoFormat.Sniff sniff, int index) throws IOException {
        if (sniff.format() == ImageIoFormat.TIFF && reader.canReadRaster()) {
            var type = reader.getRawImageType(index);
            if (type != null) return new Page(type.getColorModel(), reader.readRaster(index, null));
        }
        BufferedImage img = reader.read(index);
        Raster r = img.getRaster();
        // NOTE: the JDK turns a gray or RGB PNG with a tRNS chunk into gray+alpha / RGBA; PIL keeps "L" / "RGB"
        // (the transparent colour goes to info["transparency"]), so we drop the made-up alpha band.
        int keep = switch (sniff.pngColorType()) {
            case 0 -> 1;
            case 2 -> 3;
            default -> r.getNumBands();
        };
        if (keep < r.getNumBands()) {
            int[] bands = new int[keep];
            for (int b = 0; b < keep; b++) bands[b] = b;
            r = r.createChild(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), r.getMinX(), r.getMinY(), bands);
        }
        return new Page(img.getColorModel(), r);
    }

    private long[] shape(int w, int h, int pages, int c) {
        List<Long> s = new ArrayList<>(List.of((long) (reverseIndexing ? w : h), (long) (reverseIndexing ? h : w)));
        if (pages > 1) s.add((long) pages);
        if (c > 1) s.add((long) c);
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    private static void checkSize(Path path, String format, int w, int h) {
        if (w <= 0) throw new ImageFileException(path, format, "width", "is " + w + "; must be >= 1");
        if (h <= 0) throw new ImageFileException(path, format, "height", "is " + h + "; must be >= 1");
        // NOTE: javax.imageio decodes into Java arrays: refuse what cannot fit before a decoder tries to allocate it.
        long pixels = (long) w * h;
        if (pixels > Integer.MAX_VALUE / 4 || pixels * 8 > Runtime.getRuntime().maxMemory())
            throw new ImageFileException(path, format, "width", "and height " + w + "x" + h + " are too large to decode in this JVM ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap)");
    }

    /**
     * JPEG and BMP decoders report a short file as a warning and fill the rest with gray; PIL refuses such a
     * file ("image file is truncated"), and so do we.
     */
    private static void failOnTruncation(Path path, String format, List<String> warnings) {
        for (String w : warnings) {
            String lw = w.toLowerCase(java.util.Locale.ROOT);
            if (lw.contains("premature") || lw.contains("truncat") || lw.contains("end of file") || lw.contains("eof"))
                throw new ImageFileException(path, format, null, "is truncated: " + w);
        }
    }

    /** PIL's mode for a decoded image, the tensor dtype, numpy's dtype name and the sample mapping. */
    private record Decoding(String mode, DType dtype, String numpyDtype, int[] lut) {}

    /** Whether TIFF page {@code index} is WhiteIsZero (standard metadata Chroma/BlackIsZero = FALSE). */
    private static boolean whiteIsZero(javax.imageio.ImageReader reader, ImageIoFormat.Sniff sniff, int index) throws IOException {
        if (sniff.format() != ImageIoFormat.TIFF) return false;
        var meta = reader.getImageMetadata(index);
        if (meta == null || !meta.isStandardMetadataFormatSupported()) return false;
        var tree = (javax.imageio.metadata.IIOMetadataNode) meta.getAsTree(javax.imageio.metadata.IIOMetadataFormatImpl.standardMetadataFormatName);
        var nodes = tree.getElementsByTagName("BlackIsZero");
        return nodes.getLength() > 0 && "FALSE".equalsIgnoreCase(((org.w3c.dom.Element) nodes.item(0)).getAttribute("value"));
    }

    private static Decoding decoding(Path path, ImageIoFormat.Sniff sniff, ColorModel cm, Raster r, boolean whiteIsZero) {
        String format = sniff.format().name();
        int bands = r.getNumBands(), type = r.getDataBuffer().getDataType();
        int pngGray = sniff.pngColorType() == 0 ? sniff.pngBitDepth() : 0;
        if (cm instanceof IndexColorModel icm && bands == 1) {
            int n = icm.getMapSize();
            if (bilevel(sniff, icm, pngGray)) {
                int[] lut = new int[Math.max(n, 2)];
                for (int i = 0; i < n; i++) lut[i] = (icm.getRGB(i) & 0xFFFFFF) == 0xFFFFFF ? 1 : 0;
                return new Decoding("1", DType.BOOL, "bool", lut);
            }
            if (pngGray > 0 || (sniff.format() == ImageIoFormat.BMP && grayRamp(icm))) {
                int[] lut = new int[n];
                for (int i = 0; i < n; i++) lut[i] = icm.getRed(i);
                return new Decoding("L", DType.UINT8, "uint8", lut);
            }
            if (n > 256) throw new ImageFileException(path, format, "palette", "has " + n + " entries; at most 256 are supported");
            return new Decoding("P", DType.UINT8, "uint8", null);
        }
        int[] bits = r.getSampleModel().getSampleSize();
        if (bands == 1) {
            return switch (type) {
                case DataBuffer.TYPE_BYTE -> {
                    if (pngGray == 1) yield new Decoding("1", DType.BOOL, "bool", new int[]{0, 1});
                    int[] lut = pngGray > 1 && pngGray < 8 ? scaleLut(pngGray) : scaleLut(bits[0]);
                    yield new Decoding("L", DType.UINT8, "uint8", whiteIsZero ? inverted(lut, 256) : lut);
                }
                case DataBuffer.TYPE_USHORT -> sniff.format() == ImageIoFormat.PNG
                        ? new Decoding("I", DType.INT32, "int32", null)
                        : new Decoding("I;16", DType.INT32, "uint16", whiteIsZero ? inverted(null, 65536) : null);
                case DataBuffer.TYPE_SHORT -> new Decoding("I;16S", DType.INT16, "int16", null);
                case DataBuffer.TYPE_INT -> new Decoding("I", DType.INT32, "int32", null);
                case DataBuffer.TYPE_FLOAT -> new Decoding("F", DType.FLOAT32, "float32", null);
                case DataBuffer.TYPE_DOUBLE -> new Decoding("F;64F", DType.FLOAT64, "float64", null);
                default -> throw unsupported(path, format, cm, r);
            };
        }
        String mode = switch (bands) {
            case 2 -> "LA";
            case 3 -> "RGB";
            case 4 -> cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK ? "CMYK" : "RGBA";
            default -> throw unsupported(path, format, cm, r);
        };
        int b0 = bits[0];
        for (int b : bits) if (b != b0) throw unsupported(path, format, cm, r);
        return switch (type) {
            case DataBuffer.TYPE_BYTE, DataBuffer.TYPE_INT -> b0 <= 8 ? new Decoding(mode, DType.UINT8, "uint8", b0 < 8 ? scaleLut(b0) : null)
                    : new Decoding(mode, DType.INT32, "int32", null);
            // NOTE: PIL reads 16-bit colour (PNG "RGB;16B", TIFF "RGB;16L") as 8-bit, keeping the high bytes.
            case DataBuffer.TYPE_USHORT -> new Decoding(mode, DType.UINT8, "uint8", HIGH_BYTES);
            case DataBuffer.TYPE_FLOAT -> new Decoding(mode, DType.FLOAT32, "float32", null);
            default -> throw unsupported(path, format, cm, r);
        };
    }

    private static ImageFileException unsupported(Path path, String format, ColorModel cm, Raster r) {
        return new ImageFileException(path, format, "pixel layout", "is unsupported: " + r.getNumBands() + " bands of "
                + java.util.Arrays.toString(r.getSampleModel().getSampleSize()) + " bits, " + cm.getClass().getSimpleName());
    }

    /** PIL's "1": PNG gray of depth 1, BMP with the palette (black, white), TIFF bilevel (a 2-colour black/white map). */
    private static boolean bilevel(ImageIoFormat.Sniff sniff, IndexColorModel icm, int pngGray) {
        if (sniff.format() == ImageIoFormat.PNG) return pngGray == 1;
        if (icm.getMapSize() != 2) return false;
        int a = icm.getRGB(0) & 0xFFFFFF, b = icm.getRGB(1) & 0xFFFFFF;
        return switch (sniff.format()) {
            case BMP -> a == 0 && b == 0xFFFFFF;
            case TIFF -> (a == 0 && b == 0xFFFFFF) || (a == 0xFFFFFF && b == 0);
            default -> false;
        };
    }

    /** PIL's BMP test for "L": palette entry i is (i, i, i) for every i. */
    private static boolean grayRamp(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++)
            if ((icm.getRGB(i) & 0xFFFFFF) != (i << 16 | i << 8 | i)) return false;
        return true;
    }

    /** PIL's unpacking of b-bit samples (b < 8) to 0..255, e.g. 4-bit x → 17·x; null for 8 bits. */
    private static int[] scaleLut(int bits) {
        if (bits >= 8) return null;
        int max = (1 << bits) - 1;
        int[] lut = new int[1 << bits];
        for (int i = 0; i <= max; i++) lut[i] = i * 255 / max;
        return lut;
    }

    /** {@code lut} (identity when null) followed by PIL's inversion of WhiteIsZero samples, v → max − v. */
    private static int[] inverted(int[] lut, int size) {
        int[] out = new int[lut == null ? size : lut.length];
        int max = lut == null ? size - 1 : 255;
        for (int i = 0; i < out.length; i++) out[i] = max - (lut == null ? i : lut[i]);
        return out;
    }

    private static final int[] HIGH_BYTES = new int[65536];

    static {
        for (int i = 0; i < HIGH_BYTES.length; i++) HIGH_BYTES[i] = i >>> 8;
    }
}
