package dev.axial.io.image;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageWriter;
import dev.axial.io.WriteOptions;
import dev.axial.io.raw.AtomicFiles;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferFloat;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes PNG, JPEG, BMP and TIFF through javax.imageio as MONAI's {@code PILWriter} does through PIL. The
 * image comes in file layout (W, H) or, with {@link WriteOptions#channelLast()}, (W, H, C); it is written as
 * PIL's (H, W[, C]) ({@code reverse_indexing=True}). As MONAI's {@code convert_to_channel_last}: extra spatial
 * axes keep their index 0 (a 2-D format holds one slice) and a single channel is written as gray.
 *
 * <p>Values, as PILWriter: {@link WriteOptions#scale()} 255 or 65535 clips to [0, 1], multiplies and
 * truncates to uint8 or uint16; then the on-disk type follows {@link WriteOptions#outputDtype()} (or the array's
 * dtype), truncated toward zero as numpy's {@code astype} and clipped to the type's range (numpy wraps values
 * out of range, platform-dependently; we clip): bool → 1-bit, uint8/int8 → 8-bit, wider integers → 16-bit (PIL writes its
 * int32 mode "I" to PNG as 16-bit; TIFF keeps int32 unless the image was read as uint16, meta "dtype"), float
 * → 32-bit float TIFF. Channels: 1 gray, 2 gray+alpha and 4 RGBA (PNG, TIFF), 3 RGB. JPEG quality 75
 * and 4:2:0, PIL's defaults. Formats that cannot hold the data (float PNG, 16-bit JPEG) fail, as PIL does.
 *
 * <p>TIFF is written big-endian ("MM", the JDK writer's choice): PIL reads 16-bit ones as mode "I;16B", the
 * same values as PIL's own little-endian "I;16".
 *
 * <p>Atomic: the file is written as {@code NAME.tmp-<random>} beside the target and renamed over it.
 *
 * <pre>{@code
 * new ImageIoWriter().write(mask, Path.of("mask.png"), new WriteOptions().outputDtype(DType.UINT8));
 * new ImageIoWriter().write(prob, Path.of("prob.png"), new WriteOptions().scale(65535));    // 16-bit PNG
 * new ImageIoWriter().write(rgb, Path.of("photo.jpg"), new WriteOptions().channelLast(true));
 * }</pre>
 */
public final class ImageIoWriter implements ImageWriter {
    /** A writer with PILWriter's defaults. */
    public ImageIoWriter() {}

    @Override public String name() { return "ImageIoWriter"; }

    @Override public List<String> suffixes() { return List.of(".jpeg", ".tiff", ".png", ".jpg", ".bmp", ".tif"); }

    /** On-disk sample types. */
    private enum Kind { BIT1, U8, U16, I32, F32 }

    @Override public void write(MetaTensor image, Path file, WriteOptions options) {
        ImageIoFormat format = ImageIoFormat.ofSuffix(file);
        if (format == null || format == ImageIoFormat.GIF)
            throw new ImageFileException(file, "image", null, "has no suffix ImageIoWriter writes (" + suffixes() + ")");
        String fmt = format.name();
        long[] shape = image.shape();
        int rank = shape.length;
        long c = options.channelLast() ? (rank == 0 ? 1 : shape[rank - 1]) : 1;
        int spatial = options.channelLast() ? rank - 1 : rank;
        if (spatial < 1)
            throw new ImageFileException(file, fmt, null, "needs at least one spatial axis, got shape " + Arrays.toString(shape));
        long w = shape[0], h = spatial > 1 ? shape[1] : 1;
        if (w < 1 || h < 1 || c < 1 || w * h * c > Integer.MAX_VALUE - 8 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE)
            throw new ImageFileException(file, fmt, null, "cannot hold an image of shape " + Arrays.toString(shape));
        if (c > 4)
            throw new ImageFileException(file, fmt, null, "holds 1 to 4 channels, got " + c + " (shape " + Arrays.toString(shape) + ")");
        Kind kind = kind(file, format, image, options, (int) c);
        Tensor view = image.array();
        for (int i = 2; i < spatial; i++) view = view.select(2, 0);   // MONAI keeps index 0 of extra spatial axes
        // NOTE: views share the image's storage and must not be closed; only the copies made here are.
        Tensor f64 = view.to(Device.CPU, DType.FLOAT64), values = f64.contiguous();
        BufferedImage img;
        try {
            img = image(values.hostSegment(), kind, (int) w, (int) h, (int) c, options.scale());
        } finally {
            if (values != f64) values.close();
            if (f64 != view) f64.close();
        }
        writeAtomically(file, format, img);
    }

    private static Kind kind(Path file, ImageIoFormat format, MetaTensor image, WriteOptions o, int c) {
        String fmt = format.name();
        DType dt = o.outputDtype() != null ? o.outputDtype() : o.scale() == 255 ? DType.UINT8 : image.dtype();
        boolean wantU16 = o.scale() == 65535 || "uint16".equals(image.meta().get(MetaKeys.DTYPE));
        Kind k = switch (dt) {
            case BOOL -> c == 1 ? Kind.BIT1 : Kind.U8;
            case UINT8, INT8 -> Kind.U8;
            case INT16, INT32, INT64 -> format == ImageIoFormat.TIFF && !wantU16 && o.scale() != 65535 ? Kind.I32 : Kind.U16;
            default -> o.scale() == 65535 ? Kind.U16 : Kind.F32;
        };
        String why = switch (format) {
            case JPEG -> k != Kind.U8 && k != Kind.BIT1 ? "holds 8-bit samples only" : c == 2 || c == 4 ? "holds no alpha channel" : null;
            case BMP -> k == Kind.U16 || k == Kind.I32 || k == Kind.F32 ? "holds 8-bit samples only"
                    : c == 2 || c == 4 ? "holds no alpha channel here (javax.imageio's BMP writer has no 32-bit BGRA)" : null;
            case PNG -> k == Kind.F32 || k == Kind.I32 ? "holds no float samples" : null;
            default -> (k == Kind.F32 || k == Kind.I32) && c != 1 ? "is written with one channel for int32/float samples" : null;
        };
        if (why != null)
            throw new ImageFileException(file, fmt, null, why + ": got " + dt + " with " + c + " channel(s); "
                    + "use WriteOptions.outputDtype(UINT8) or scale(255)" + (format == ImageIoFormat.PNG ? " or scale(65535)" : ""));
        return k == Kind.BIT1 && format == ImageIoFormat.JPEG ? Kind.U8 : k;
    }

    /**
     * The image as a BufferedImage in PIL's (H, W, C) order: sample (x, y, c) of the (W, H, C) input goes to
     * row y, column x, band c.
     */
    private static BufferedImage image(MemorySegment src, Kind kind, int w, int h, int c, int scale) {
        if (kind == Kind.BIT1) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
            byte[] bits = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            int scan = (w + 7) / 8;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (value(src, (long) x * h + y, scale) != 0) bits[y * scan + x / 8] |= (byte) (0x80 >>> (x % 8));
            return img;
        }
        int type = switch (kind) {
            case U8 -> DataBuffer.TYPE_BYTE;
            case U16 -> DataBuffer.TYPE_USHORT;
            case I32 -> DataBuffer.TYPE_INT;
            default -> DataBuffer.TYPE_FLOAT;
        };
        boolean alpha = c == 2 || c == 4;
        ColorSpace cs = ColorSpace.getInstance(c <= 2 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, alpha, false, alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, type);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        DataBuffer db = raster.getDataBuffer();
        byte[] u8 = db instanceof DataBufferByte d ? d.getData() : null;
        short[] u16 = db instanceof DataBufferUShort d ? d.getData() : null;
        int[] i32 = db instanceof DataBufferInt d ? d.getData() : null;
        float[] f32 = db instanceof DataBufferFloat d ? d.getData() : null;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                long in = ((long) x * h + y) * c;
                int out = (y * w + x) * c;
                for (int b = 0; b < c; b++) {
                    double v = value(src, in + b, scale);
                    switch (kind) {
                        case U8 -> u8[out + b] = (byte) clip(v, 0, 255);
                        case U16 -> u16[out + b] = (short) clip(v, 0, 65535);
                        case I32 -> i32[out + b] = (int) clip(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                        default -> f32[out + b] = (float) v;
                    }
                }
            }
        return new BufferedImage(cm, raster, false, null);
    }

    /** Element {@code i} (float64), after MONAI's scaling: clip to [0, 1], times scale, truncated as numpy's astype. */
    private static double value(MemorySegment src, long i, int scale) {
        double v = src.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
        if (scale == 0) return v;
        if (!(v > 0)) return 0;   // NOTE: NaN clips to 0 here; numpy's clip keeps NaN and astype makes it 0 too
        return Math.floor(Math.min(v, 1.0) * scale);
    }

    /** Truncated toward zero (numpy's float-to-integer astype, which PILWriter applies) and clipped; NaN → 0. */
    private static double clip(double v, double lo, double hi) {
        if (Double.isNaN(v)) return 0;
        return Math.min(hi, Math.max(lo, v < 0 ? Math.ceil(v) : Math.floor(v)));
    }

    private static void writeAtomically(Path file, ImageIoFormat format, BufferedImage img) {
        javax.imageio.ImageWriter writer = format.writer(file, img);
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageIoFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.75f);   // PIL's default quality 75
            }
            AtomicFiles.write(file, format.name(), os -> {
                // NOTE: a memory-cached stream, not ImageIO.createImageOutputStream, which may cache in java.io.tmpdir
                try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(os)) {
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(img, null, null), param);
                } catch (RuntimeException e) {
                    throw new IOException(e);   // plugins fail unchecked at times; AtomicFiles then names file and format
                }
            });
        } finally {
            writer.dispose();
        }
    }
}
