package dev.axial.transforms.post;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code SobelGradients(kernel_size=3, spatial_axes=None, normalize_kernels=True, normalize_gradients=False,
 * padding_mode="reflect")}: for each spatial axis asked for, the separable Sobel filter (difference
 * {@code [-1,0,1]/2} along that axis, smoothing {@code [1,2,1]/4} along the others; larger odd sizes convolve both
 * with {@code [1,2,1]/4} again) with the given padding ("reflect", "replicate", "circular" or "zeros"). Output
 * channels: axis-major, {@code C} per axis; {@code normalizeGradients} rescales each axis's gradient to [0, 1].
 * Computed in double, returned in the input's dtype; a GPU image is filtered there (padding op and convolutions).
 *
 * <pre>{@code
 * MetaTensor grads = new SobelGradients().apply(img);   // (2C, H, W) for a 2-D image
 * }</pre>
 */
public final class SobelGradients extends ArrayTransform {
    private int kernelSize = 3;
    private int[] spatialAxes;
    private boolean normalizeKernels = true, normalizeGradients;
    private String paddingMode = "reflect";

    public SobelGradients kernelSize(int size) {
        if (size < 3 || size % 2 == 0) throw error("the Sobel kernel size must be odd and at least 3, got " + size);
        this.kernelSize = size;
        return this;
    }

    /** The axes (0 = first spatial axis, negative from the end) to differentiate along; default all. */
    public SobelGradients spatialAxes(int... axes) { this.spatialAxes = axes == null ? null : axes.clone(); return this; }

    public SobelGradients normalizeKernels(boolean normalize) { this.normalizeKernels = normalize; return this; }

    public SobelGradients normalizeGradients(boolean normalize) { this.normalizeGradients = normalize; return this; }

    public SobelGradients paddingMode(String mode) {
        if (!Arrays.asList("reflect", "replicate", "circular", "zeros").contains(mode))
            throw error("paddingMode must be reflect, replicate, circular or zeros, got \"" + mode + "\"");
        this.paddingMode = mode;
        return this;
    }

    /** The difference and smoothing kernels (MONAI's _get_kernel). */
    double[][] kernels() {
        double[] diff = {-1, 0, 1}, smooth = {1, 2, 1}, expand = {1, 2, 1};
        if (normalizeKernels) {
            diff = new double[] {-0.5, 0, 0.5};
            smooth = new double[] {0.25, 0.5, 0.25};
            expand = smooth.clone();
        }
        for (int i = 0; i < (kernelSize - 3) / 2; i++) {
            diff = fullConvolve(diff, expand);
            smooth = fullConvolve(smooth, expand);
        }
        return new double[][] {diff, smooth};
    }

    private static double[] fullConvolve(double[] a, double[] b) {
        double[] out = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) for (int k = 0; k < b.length; k++) out[i + k] += a[i] * b[k];
        return out;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        long[] shape = img.shape();
        int nd = shape.length - 1;
        if (nd < 1 || nd > 3) throw error("needs a channel-first image with 1 to 3 spatial axes, got shape " + Arrays.toString(shape));
        int[] axes;
        if (spatialAxes == null) {
            axes = new int[nd];
            for (int i = 0; i < nd; i++) axes[i] = i;
        } else {
            axes = new int[spatialAxes.length];
            for (int i = 0; i < axes.length; i++) {
                int a = spatialAxes[i];
                if (a < -nd || a >= nd) throw error("spatial axis " + a + " is not valid for " + nd + " spatial axes (shape " + Arrays.toString(shape) + ")");
                axes[i] = Math.floorMod(a, nd);
            }
        }
        int r = kernelSize / 2;
        for (int i = 1; i <= nd; i++)
            if (paddingMode.equals("reflect") && r >= shape[i]) throw error("reflect padding of " + r + " needs each spatial size above it, got shape " + Arrays.toString(shape));
        double[][] k = kernels();
        if (!img.device().isCpu()) return onDevice(img, axes, k);
        double[] v = PostArrays.values(img);
        int total = v.length;
        double[] out = new double[total * axes.length];
        for (int ai = 0; ai < axes.length; ai++) {
            double[] g = v.clone();
            for (int d = 0; d < nd; d++) g = filter(g, shape, d + 1, d == axes[ai] ? k[0] : k[1]);
            if (normalizeGradients) {
                double min = Arrays.stream(g).min().orElse(0);
                double max = Arrays.stream(g).max().orElse(0);
                if (min != max) for (int i = 0; i < g.length; i++) g[i] -= min;
                double top = Arrays.stream(g).max().orElse(0);
                if (top > 0) for (int i = 0; i < g.length; i++) g[i] /= top;
            }
            System.arraycopy(g, 0, out, ai * total, total);
        }
        long[] outShape = shape.clone();
        outShape[0] = shape[0] * axes.length;
        return PostArrays.result(img, out, outShape);
    }

    /**
     * The loops above as float64 tensor ops where the image lives: per pass the padding op of {@link #paddingMode}
     * (torch's reflect/replicate/circular/constant, the loop's index rules) and a valid convolution along the axis.
     */
    private MetaTensor onDevice(MetaTensor img, int[] axes, double[][] k) {
        int nd = img.shape().length - 1, r = kernelSize / 2;
        String mode = paddingMode.equals("zeros") ? "constant" : paddingMode;
        try (Scope s = Scope.open()) {
            Tensor x = img.array().to(DType.FLOAT64).unsqueeze(1);   // (C, 1, spatial...)
            Tensor[] grads = new Tensor[axes.length];
            for (int ai = 0; ai < axes.length; ai++) {
                Tensor g = x;
                for (int d = 0; d < nd; d++) {
                    long[] pad = new long[2 * nd];
                    pad[2 * (nd - 1 - d)] = r;
                    pad[2 * (nd - 1 - d) + 1] = r;
                    double[] w = d == axes[ai] ? k[0] : k[1];
                    g = dev.axial.transforms.intensity.GaussianFilter.along(g.pad(pad, mode, 0), d, Tensor.of(w, w.length), 0);
                }
                g = g.squeeze(1);
                if (normalizeGradients) {
                    Tensor row = g.reshape(1, -1);
                    double min = row.amin(1).toDoubleArray()[0], max = row.amax(1).toDoubleArray()[0];
                    if (min != max) g = g.sub(min);
                    double top = g.reshape(1, -1).amax(1).toDoubleArray()[0];
                    if (top > 0) g = g.div(top);
                }
                grads[ai] = g;
            }
            return img.withArray(s.keep(Tensor.cat(0, grads).to(img.dtype()).contiguous()));
        }
    }

    /** Correlates {@code v} with {@code w} along {@code axis} (centred), padding as {@link #paddingMode}. */
    private double[] filter(double[] v, long[] shape, int axis, double[] w) {
        int n = (int) shape[axis], r = w.length / 2;
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) inner *= (int) shape[i];
        int outer = v.length / (n * inner);
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) for (int i = 0; i < n; i++) for (int in = 0; in < inner; in++) {
            double s = 0;
            for (int t = 0; t < w.length; t++) {
                int j = index(i + t - r, n);
                if (j >= 0) s += w[t] * v[(o * n + j) * inner + in];
            }
            out[(o * n + i) * inner + in] = s;
        }
        return out;
    }

    private int index(int j, int n) {
        if (j >= 0 && j < n) return j;
        return switch (paddingMode) {
            case "reflect" -> j < 0 ? -j : 2 * (n - 1) - j;
            case "replicate" -> j < 0 ? 0 : n - 1;
            case "circular" -> Math.floorMod(j, n);
            default -> -1;
        };
    }
}
