package dev.axial.inferers;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * MONAI's {@code sliding_window_inference} and its helpers ({@code _get_scan_interval}, {@code dense_patch_slices},
 * {@code compute_importance_map}), with MONAI's window positions, blending and padding, on CPU or any device the
 * input lives on.
 *
 * <pre>{@code
 * Tensor seg;
 * try (var ng = GradMode.noGrad()) {
 *     seg = SlidingWindow.slidingWindowInference(volume, new long[]{96, 96, 96}, 4, w -> net.forward(Variable.of(w)).data());
 * }
 * }</pre>
 *
 * An input smaller than the roi is padded (symmetrically, {@code paddingMode}/{@code cval}) and the output cropped
 * back. Windows start every {@code int(roi * (1 - overlap))} voxels (the whole roi where it equals the image) and
 * the last one is moved back to end at the border; windows are taken in "ij" order, item by item, and batched
 * {@code swBatchSize} at a time (across items too). Each window's prediction is weighted by the importance map
 * (ones, or a Gaussian with sigma {@code sigmaScale * roi}, clamped below at {@code max(min, 1e-3)}), summed into
 * the output, and the sum is divided by the summed weights.
 *
 * <p>Memory: each batch of windows runs in a scope of its own, so the predictor's outputs and temporaries are freed
 * once accumulated; the result belongs to the caller's scope.
 */
public final class SlidingWindow {
    private SlidingWindow() {}

    /** With MONAI's defaults: overlap 0.25, constant blending, constant zero padding. */
    public static Tensor slidingWindowInference(Tensor inputs, long[] roiSize, int swBatchSize, Function<Tensor, Tensor> predictor) {
        return slidingWindowInference(inputs, roiSize, swBatchSize, predictor, new double[]{0.25}, "constant", new double[]{0.125}, "constant", 0, false);
    }

    /**
     * The full form. {@code roiSize}: one value per spatial dim (or one for all); a value {@code <= 0} takes the
     * input's size. {@code overlap} and {@code sigmaScale}: one value, or one per spatial dim. {@code mode}:
     * "constant" or "gaussian". {@code paddingMode}: "constant" (with {@code cval}), "reflect", "replicate" or
     * "circular". {@code progress} prints the window count to stderr.
     */
    public static Tensor slidingWindowInference(Tensor inputs, long[] roiSize, int swBatchSize, Function<Tensor, Tensor> predictor,
                                                double[] overlap, String mode, double[] sigmaScale, String paddingMode, double cval,
                                                boolean progress) {
        String op = "sliding_window_inference";
        int nsd = inputs.dim() - 2;
        if (nsd < 1) throw new IllegalArgumentException(op + ": inputs must be (B, C, spatial...), got " + inputs.describe());
        if (swBatchSize < 1) throw new IllegalArgumentException(op + ": swBatchSize must be positive, got " + swBatchSize);
        double[] ov = rep(op, "overlap", overlap, nsd);
        for (double o : ov)
            if (o < 0 || o >= 1) throw new IllegalArgumentException(op + ": overlap must be >= 0 and < 1, got " + Arrays.toString(overlap));
        checkMode(mode);
        long batch = inputs.size(0);
        long[] imageSize0 = Arrays.copyOfRange(inputs.shape(), 2, inputs.dim());
        long[] roi = fallBack(op, roiSize, imageSize0);
        long[] imageSize = new long[nsd];
        for (int d = 0; d < nsd; d++) imageSize[d] = Math.max(imageSize0[d], roi[d]);
        // F.pad order: (before, after) pairs from the last spatial dim backwards
        long[] pad = new long[2 * nsd];
        boolean padded = false;
        for (int k = inputs.dim() - 1, i = 0; k > 1; k--, i++) {
            long diff = Math.max(roi[k - 2] - inputs.size(k), 0);
            pad[2 * i] = diff / 2;
            pad[2 * i + 1] = diff - diff / 2;
            padded |= diff > 0;
        }
        long[] interval = scanInterval(imageSize, roi, ov);
        long[][] starts = densePatchSlices(imageSize, roi, interval);
        int numWin = starts.length;
        long total = (long) numWin * batch;
        DType dtype = inputs.dtype();
        try (Scope s = Scope.open()) {
            Tensor x = padded ? inputs.pad(pad, paddingMode, cval) : inputs;
            Tensor w = computeImportanceMap(roi, mode, sigmaScale, dtype).to(inputs.device());
            Tensor importance = w.view(prepend(roi, 1, 1));
            Tensor count = Tensor.zeros(dtype, inputs.device(), prepend(imageSize, 1, 1));
            for (long[] st : starts) window(count, 0, st, roi).add_(importance);
            Tensor output = null;
            for (long g = 0; g < total; g += swBatchSize) {
                int n = (int) Math.min(swBatchSize, total - g);
                try (Scope ws = Scope.open()) {
                    Tensor[] wins = new Tensor[n];
                    for (int i = 0; i < n; i++) wins[i] = window(x, (g + i) / numWin, starts[(int) ((g + i) % numWin)], roi);
                    Tensor win = n == 1 ? wins[0].contiguous() : Tensor.cat(0, wins);
                    Tensor pred = predictor.apply(win);
                    checkPrediction(op, pred, n, roi, win);
                    if (output == null) {
                        output = ws.keep(Tensor.zeros(dtype, inputs.device(), prepend(imageSize, batch, pred.size(1))));
                    } else if (pred.size(1) != output.size(1)) {
                        throw new IllegalStateException(op + ": the predictor returned " + pred.size(1) + " channels, earlier " + output.size(1));
                    }
                    Tensor weighted = pred.mul(importance);
                    for (int i = 0; i < n; i++)
                        window(output, (g + i) / numWin, starts[(int) ((g + i) % numWin)], roi).add_(weighted.narrow(0, i, 1));
                }
                if (progress) System.err.print("\rsliding window " + Math.min(g + n, total) + "/" + total + (g + n >= total ? "\n" : ""));
            }
            output.div_(count);
            if (padded) {
                for (int sp = 0; sp < nsd; sp++) {
                    int si = nsd - sp - 1;
                    output = output.narrow(2 + si, pad[2 * sp], imageSize0[si]);
                }
                output = output.contiguous();
            }
            return s.keep(output);
        }
    }

    private static void checkPrediction(String op, Tensor pred, int n, long[] roi, Tensor win) {
        if (pred.dim() != roi.length + 2 || pred.size(0) != n || !Arrays.equals(Arrays.copyOfRange(pred.shape(), 2, pred.dim()), roi))
            throw new IllegalArgumentException(op + ": the predictor must return (" + n + ", C, " + Arrays.toString(roi).replaceAll("[\\[\\]]", "")
                    + ") for windows " + win.describe() + ", got " + pred.describe() + " (outputs of another spatial size are not supported yet)");
    }

    /** The view {@code t[b, :, start:start+roi]} ({@code b} kept as a dim of 1). */
    private static Tensor window(Tensor t, long b, long[] start, long[] roi) {
        Tensor v = t.narrow(0, b, 1);
        for (int d = 0; d < roi.length; d++) v = v.narrow(2 + d, start[d], roi[d]);
        return v;
    }

    /**
     * MONAI's {@code _get_scan_interval}: {@code roi} where it equals the image size, else
     * {@code max(1, int(roi * (1 - overlap)))}.
     */
    public static long[] scanInterval(long[] imageSize, long[] roi, double[] overlap) {
        if (imageSize.length != roi.length || overlap.length != roi.length)
            throw new IllegalArgumentException("scanInterval: image size " + Arrays.toString(imageSize) + ", roi " + Arrays.toString(roi)
                    + " and overlap " + Arrays.toString(overlap) + " must have one value per spatial dim");
        long[] r = new long[roi.length];
        for (int i = 0; i < r.length; i++) {
            if (roi[i] == imageSize[i]) r[i] = roi[i];
            else r[i] = Math.max(1, (long) (roi[i] * (1 - overlap[i])));
        }
        return r;
    }

    /**
     * MONAI's {@code dense_patch_slices}: the start of every window, in "ij" order (the first spatial dim slowest).
     * Per dim, the window count is the first k with {@code k * interval + patch >= image}, plus one; starts past
     * the border are moved back so the last window ends at it. The patch is clipped to the image size.
     */
    public static long[][] densePatchSlices(long[] imageSize, long[] patchSize, long[] scanInterval) {
        int nd = imageSize.length;
        long[][] dimStarts = new long[nd][];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            long patch = Math.min(imageSize[i], patchSize[i] <= 0 ? imageSize[i] : patchSize[i]);
            int num = 1;
            if (scanInterval[i] != 0) {
                long ceil = (imageSize[i] + scanInterval[i] - 1) / scanInterval[i];
                num = 1;
                for (long d = 0; d < ceil; d++) {
                    if (d * scanInterval[i] + patch >= imageSize[i]) {
                        num = (int) d + 1;
                        break;
                    }
                }
            }
            dimStarts[i] = new long[num];
            for (int k = 0; k < num; k++) {
                long st = k * scanInterval[i];
                dimStarts[i][k] = st - Math.max(st + patch - imageSize[i], 0);
            }
            count *= num;
        }
        long[][] out = new long[(int) count][nd];
        for (int w = 0; w < count; w++) {
            long rem = w;
            for (int i = nd - 1; i >= 0; i--) {
                out[w][i] = dimStarts[i][(int) (rem % dimStarts[i].length)];
                rem /= dimStarts[i].length;
            }
        }
        return out;
    }

    /**
     * MONAI's {@code compute_importance_map}: ones ("constant") or the product of 1-D Gaussians
     * {@code exp(-x^2 / (2 (sigmaScale * size)^2))} over centred coordinates ("gaussian"), computed in float32 and
     * clamped below at {@code max(min, 1e-3)}, then cast to {@code dtype}. Shape: {@code patchSize}.
     */
    public static Tensor computeImportanceMap(long[] patchSize, String mode, double[] sigmaScale, DType dtype) {
        checkMode(mode);
        int nd = patchSize.length;
        long n = Shapes.numel(patchSize);
        float[] map = new float[(int) n];
        if (mode.equals("constant")) {
            Arrays.fill(map, 1f);
        } else {
            double[] ss = rep("computeImportanceMap", "sigmaScale", sigmaScale, nd);
            float[][] g = new float[nd][];
            for (int i = 0; i < nd; i++) {
                double sigma = patchSize[i] * ss[i];
                float den = (float) (-2 * sigma * sigma);
                g[i] = new float[(int) patchSize[i]];
                float x0 = (float) (-(patchSize[i] - 1) / 2.0);
                for (int j = 0; j < g[i].length; j++) {
                    float x = x0 + j;
                    g[i][j] = (float) Math.exp(x * x / den);
                }
            }
            // the product in MONAI's order: ((g0 * g1) * g2) ..., each step rounded to float32
            for (int idx = 0; idx < n; idx++) {
                long rem = idx;
                int[] pos = new int[nd];
                for (int i = nd - 1; i >= 0; i--) {
                    pos[i] = (int) (rem % patchSize[i]);
                    rem /= patchSize[i];
                }
                float v = g[0][pos[0]];
                for (int i = 1; i < nd; i++) v *= g[i][pos[i]];
                map[idx] = v;
            }
        }
        float min = Float.POSITIVE_INFINITY;
        for (float v : map) min = Math.min(min, v);
        float floor = (float) Math.max(min, 1e-3);
        for (int i = 0; i < map.length; i++) map[i] = Math.max(map[i], floor);
        Tensor t = Tensor.of(map, patchSize);
        return dtype == DType.FLOAT32 ? t : t.to(dtype);
    }

    static void checkMode(String mode) {
        if (!mode.equals("constant") && !mode.equals("gaussian"))
            throw new IllegalArgumentException("sliding_window_inference: unsupported mode '" + mode + "', available options are [constant, gaussian]");
    }

    /** MONAI's fall_back_tuple: one value per spatial dim (or one for all); {@code <= 0} takes the image size. */
    static long[] fallBack(String op, long[] roiSize, long[] imageSize) {
        if (roiSize.length != 1 && roiSize.length != imageSize.length)
            throw new IllegalArgumentException(op + ": roiSize " + Arrays.toString(roiSize) + " must have 1 or " + imageSize.length
                    + " values for the spatial size " + Arrays.toString(imageSize));
        long[] r = new long[imageSize.length];
        for (int i = 0; i < r.length; i++) {
            long v = roiSize[roiSize.length == 1 ? 0 : i];
            r[i] = v <= 0 ? imageSize[i] : v;
        }
        return r;
    }

    static double[] rep(String op, String what, double[] v, int n) {
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            double[] r = new double[n];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(op + ": " + what + " " + Arrays.toString(v) + " must have 1 or " + n + " values");
    }

    private static long[] prepend(long[] shape, long a, long b) {
        long[] r = new long[shape.length + 2];
        r[0] = a;
        r[1] = b;
        System.arraycopy(shape, 0, r, 2, shape.length);
        return r;
    }
}
