package dev.axial.apps;

import dev.axial.io.raw.AtomicFiles;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * PNG previews a person would rather look at than numbers: the middle slice (along the last axis) of an
 * image, its label and a prediction side by side; the label is drawn green and the prediction red over the
 * image.
 *
 * <pre>{@code
 * Previews.midSlice(image, label, prediction, Path.of("out/case0.png"));   // (H, W, D) or (1, H, W, D)
 * }</pre>
 */
public final class Previews {
    private static final int MIN_PANEL = 256;

    private Previews() {}

    /** Writes the triptych of the middle slice to {@code png} (atomically). Label and prediction may be null. */
    public static void midSlice(Tensor image, Tensor label, Tensor prediction, Path png) {
        try (Scope s = Scope.open()) {
            float[][] img = slice(image);
            float[][] lab = label == null ? null : slice(label);
            float[][] pred = prediction == null ? null : slice(prediction);
            int h = img.length, w = img[0].length;
            int zoom = Math.max(1, (MIN_PANEL + Math.max(h, w) - 1) / Math.max(h, w));
            int panels = 1 + (lab == null ? 0 : 1) + (pred == null ? 0 : 1);
            BufferedImage out = new BufferedImage(panels * h * zoom, w * zoom, BufferedImage.TYPE_INT_RGB);
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float[] row : img) for (float v : row) { if (v < lo) lo = v; if (v > hi) hi = v; }
            float range = hi > lo ? hi - lo : 1;
            int panel = 0;
            draw(out, panel++, img, null, 0, lo, range, zoom);
            if (lab != null) draw(out, panel++, img, lab, 0x00ff00, lo, range, zoom);
            if (pred != null) draw(out, panel, img, pred, 0xff0000, lo, range, zoom);
            write(out, png);
        }
    }

    /** Panel {@code p}: the image in grey, with {@code mask > 0.5} tinted {@code rgb}; i runs right, j runs up. */
    private static void draw(BufferedImage out, int p, float[][] img, float[][] mask, int rgb, float lo, float range, int zoom) {
        int h = img.length, w = img[0].length;
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                int g = Math.round(255 * Math.clamp((img[i][j] - lo) / range, 0f, 1f));
                int r = g, gr = g, b = g;
                if (mask != null && mask[i][j] > 0.5f) {
                    r = (r + ((rgb >> 16) & 255)) / 2;
                    gr = (gr + ((rgb >> 8) & 255)) / 2;
                    b = (b + (rgb & 255)) / 2;
                }
                int px = (r << 16) | (gr << 8) | b;
                for (int dy = 0; dy < zoom; dy++)
                    for (int dx = 0; dx < zoom; dx++)
                        out.setRGB(p * h * zoom + i * zoom + dx, (w - 1 - j) * zoom + dy, px);
            }
    }

    /** The middle slice along the last axis of a (H, W, D) or (1, H, W, D) tensor, as [i][j]. */
    private static float[][] slice(Tensor t) {
        long[] shape = t.shape();
        if (shape.length == 4 && shape[0] == 1) t = t.squeeze(0);
        else if (shape.length != 3)
            throw new IllegalArgumentException("Previews.midSlice: needs (H, W, D) or (1, H, W, D), got " + Arrays.toString(shape));
        long[] s = t.shape();
        float[] v = t.select(2, s[2] / 2).to(DType.FLOAT32).contiguous().toFloatArray();
        int h = (int) s[0], w = (int) s[1];
        float[][] out = new float[h][w];
        for (int i = 0; i < h; i++) System.arraycopy(v, i * w, out[i], 0, w);
        return out;
    }

    private static void write(BufferedImage image, Path png) {
        AtomicFiles.write(png, "PNG", out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in ImageIO");
        });
    }
}
