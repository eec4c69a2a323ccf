package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;

/**
 * MONAI's GaussianFilter (monai/networks/layers/simplelayers.py) for the intensity transforms: per spatial dimension a
 * 1-D "erf" kernel ({@code gaussian_1d}: sigma as float32, {@code tail = int(max(4 sigma, 0.5) + 0.5)},
 * {@code 0.5*(erf(t(x+.5)) - erf(t(x-.5)))} with {@code t = 0.70710678/sigma}, unnormalised, clamped at 0), applied
 * separably with zero padding, first spatial dimension first. Sums run in float64 per pass and round to float32
 * (torch's conv sums in float32 in its own order: agreement is within a few ulps).
 * <p>An image on a GPU (1 to 3 spatial dimensions, as MONAI's conv-based filter) stays there: each pass is one
 * {@link Convolution} (conv1d/2d/3d, cuDNN) of the channels as a batch with the 1-D kernel laid along that dimension
 * and zero padding of {@code tail} on it, in float64 and rounded to float32 after each pass as the host loop does
 * (so TF32, which cuDNN may use for float32 convolutions, never enters, and the two paths agree to the rounding).
 */
public final class GaussianFilter {
    private GaussianFilter() {}

    /** The erf kernel of {@code sigma} (length {@code 2*tail+1}). */
    static float[] kernel(double sigma) {
        float s = (float) sigma;
        int tail = (int) (Math.max((double) s * 4.0, 0.5) + 0.5);
        float t = 0.70710678f / Math.abs(s);
        int n = 2 * tail + 1;
        float[] hiArg = new float[n], loArg = new float[n];
        for (int i = 0; i < n; i++) {
            float x = i - tail;
            hiArg[i] = t * (x + 0.5f);
            loArg[i] = t * (x - 0.5f);
        }
        float[] hi = erf(hiArg), lo = erf(loArg), k = new float[n];
        for (int i = 0; i < n; i++) k[i] = Math.max(0.5f * (hi[i] - lo[i]), 0f);
        return k;
    }

    /** float32 erf through the tensor op (Java has none). */
    private static float[] erf(float[] x) {
        try (Tensor t = Tensor.of(x, x.length); Tensor e = t.erf()) {
            return e.toFloatArray();
        }
    }

    /**
     * {@code img} filtered with one sigma per spatial dimension, float32: with device convolutions when the image is
     * on a GPU (see the class comment), else on the host.
     */
    static MetaTensor smooth(MetaTensor img, double[] sigma) {
        if (onDevice(img))
            try (Scope s = Scope.open()) {
                return Voxels.out(s, img, smooth(img.array().to(DType.FLOAT32), sigma), DType.FLOAT32);
            }
        float[] v = Voxels.floats(img);
        smooth(v, img.shape(), sigma);
        return Voxels.out(img, v, DType.FLOAT32);
    }

    /** True when {@code img} takes the device path: on a GPU, with 1 to 3 spatial dimensions. */
    static boolean onDevice(MetaTensor img) {
        int dims = img.shape().length - 1;
        return Voxels.onDevice(img) && dims >= 1 && dims <= 3;
    }

    /**
     * {@code x} (float32, {@code C, spatial...} with 1 to 3 spatial dimensions, any device) filtered separably by
     * convolutions where it lives, first spatial dimension first; the host loop's kernel, zero padding and roundings
     * (float64 sums, float32 after each pass).
     */
    static Tensor smooth(Tensor x, double[] sigma) {
        int dims = x.dim() - 1;
        Tensor y = x.unsqueeze(1);   // (C, 1, spatial...): the channels are the batch, one in and out channel
        for (int d = 0; d < dims; d++) {
            float[] k = kernel(sigma[d]);
            if (k.length == 1 && k[0] == 1f) continue;
            y = along(y.to(DType.FLOAT64), d, Tensor.of(k, k.length), k.length / 2).to(DType.FLOAT32);
        }
        return y.squeeze(1);
    }

    /**
     * One pass of a separable filter where {@code y} lives: {@code y} ({@code N, 1, spatial...}, 1 to 3 spatial
     * dimensions, float32 or float64) correlated along spatial dimension {@code d} with the 1-D {@code kernel} (moved
     * to y's device and dtype) by conv1d/2d/3d, zero padding of {@code padding} on both sides of that dimension.
     */
    public static Tensor along(Tensor y, int d, Tensor kernel, int padding) {
        int dims = y.dim() - 2;
        long[] ws = new long[dims + 2];
        java.util.Arrays.fill(ws, 1);
        ws[d + 2] = kernel.numel();
        int[] pad = new int[dims];
        pad[d] = padding;
        Tensor w = kernel.to(y.device(), y.dtype()).reshape(ws);
        ConvOptions o = ConvOptions.of().padding(pad);
        return switch (dims) {
            case 1 -> Convolution.conv1d(y, w, null, o);
            case 2 -> Convolution.conv2d(y, w, null, o);
            case 3 -> Convolution.conv3d(y, w, null, o);
            default -> throw new IllegalArgumentException("GaussianFilter.along: 1 to 3 spatial dimensions, got shape " + java.util.Arrays.toString(y.shape()));
        };
    }

    /** Filters {@code v} (shape {@code C, spatial...}) in place with one sigma per spatial dimension. */
    public static void smooth(float[] v, long[] shape, double[] sigma) {
        int dims = shape.length - 1;
        for (int d = 0; d < dims; d++) {
            float[] k = kernel(sigma[d]);
            if (k.length == 1 && k[0] == 1f) continue;
            convolve(v, shape, d + 1, k);
        }
    }

    /** Zero-padded 'same' correlation of {@code v} along {@code axis} with the odd-length kernel {@code k}. */
    private static void convolve(float[] v, long[] shape, int axis, float[] k) {
        int len = (int) shape[axis], tail = k.length / 2;
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) inner *= (int) shape[i];
        int outer = v.length / (len * inner);
        float[] line = new float[len];
        for (int o = 0; o < outer; o++)
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                for (int i = 0; i < len; i++) line[i] = v[base + i * inner];
                for (int i = 0; i < len; i++) {
                    double s = 0;
                    int j0 = Math.max(0, i - tail), j1 = Math.min(len - 1, i + tail);
                    for (int j = j0; j <= j1; j++) s += (double) k[j - i + tail] * line[j];
                    v[base + i * inner] = (float) s;
                }
            }
    }

    /** One sigma for every spatial dimension, or one each. */
    public static double[] perDim(String transform, double[] sigma, int dims) {
        if (sigma.length == 1) {
            double[] s = new double[dims];
            java.util.Arrays.fill(s, sigma[0]);
            return s;
        }
        if (sigma.length != dims)
            throw new dev.axial.transforms.TransformException(transform + ": " + sigma.length + " sigmas for " + dims + " spatial dimensions");
        return sigma;
    }
}
