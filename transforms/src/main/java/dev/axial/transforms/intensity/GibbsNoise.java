package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code GibbsNoise(alpha=0.1)}: Gibbs ringing of 2D/3D MR images. The spatial axes go to k-space (centred),
 * the frequencies farther from the centre than {@code (1-alpha) * max(shape) * sqrt(2)/2} are zeroed, and the real
 * part of the inverse transform is returned (float32). {@code alpha = 0} keeps the image.
 *
 * <pre>{@code
 * MetaTensor ringing = new GibbsNoise(0.4).apply(mr);
 * }</pre>
 */
public class GibbsNoise extends ArrayTransform {
    private final double alpha;

    public GibbsNoise(double alpha) {
        if (alpha < 0 || alpha > 1) throw new IllegalArgumentException(name() + ": alpha must take values in the interval [0, 1], got " + alpha);
        this.alpha = alpha;
    }

    public GibbsNoise() { this(0.1); }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return gibbs(name(), img, alpha); }

    static MetaTensor gibbs(String name, MetaTensor img, double alpha) {
        Voxels.check(name, img);
        long[] shape = img.shape();
        float[] v = Voxels.floats(img);
        double[] re = new double[v.length], im = new double[v.length];
        for (int i = 0; i < v.length; i++) re[i] = v[i];
        Fourier.fftn(re, im, shape, false);
        int dims = shape.length - 1;
        long maxDim = 0;
        for (int d = 1; d < shape.length; d++) maxDim = Math.max(maxDim, shape[d]);
        double r = (1 - alpha) * maxDim * Math.sqrt(2) / 2.0;
        int n = Voxels.channelSize(img);
        boolean[] keep = new boolean[n];
        int[] pos = new int[dims];
        for (int i = 0; i < n; i++) {
            int rest = i;
            for (int d = dims - 1; d >= 0; d--) { pos[d] = rest % (int) shape[d + 1]; rest /= (int) shape[d + 1]; }
            // the centred (fftshift-ed) position of unshifted frequency pos
            double ss = 0;
            for (int d = 0; d < dims; d++) {
                int len = (int) shape[d + 1];
                double c = (len - 1) / 2.0, s = Math.floorMod(pos[d] + len / 2, len) - c;
                ss += s * s;
            }
            keep[i] = Math.sqrt(ss) <= r;
        }
        for (int i = 0; i < re.length; i++) if (!keep[i % n]) { re[i] = 0; im[i] = 0; }
        Fourier.fftn(re, im, shape, true);
        for (int i = 0; i < v.length; i++) v[i] = (float) re[i];
        return Voxels.out(img, v, DType.FLOAT32);
    }
}
