package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

import java.util.Arrays;

/**
 * MONAI's {@code KSpaceSpikeNoise(loc, k_intensity=None)}: herringbone (spike) artifacts of 2D/3D MR images. In
 * centred k-space the log-magnitude {@code log(|k| + 1e-10)} at each location is set to its intensity, the phase is
 * kept, and the real part of the inverse transform is returned (float32). A location is {@code (c, x, y[, z])} or
 * spatial only (every channel). Without intensities the default is 2.5 times the channel's mean log-magnitude; as
 * MONAI, with several locations and no intensities, location i takes channel i's default (and locations beyond the
 * channel count are dropped).
 *
 * <pre>{@code
 * MetaTensor spiked = new KSpaceSpikeNoise(new int[] {0, 10, 10, 4}).kIntensity(13).apply(mr);
 * }</pre>
 */
public class KSpaceSpikeNoise extends ArrayTransform {
    private final int[][] loc;
    private double[] kIntensity;

    public KSpaceSpikeNoise(int[]... loc) {
        if (loc.length == 0) throw new IllegalArgumentException(name() + ": needs at least one location");
        this.loc = loc.clone();
    }

    /** One log-intensity per location (a single location may also take one for all its channels). */
    public KSpaceSpikeNoise kIntensity(double... kIntensity) {
        if (kIntensity != null && kIntensity.length != loc.length)
            throw new IllegalArgumentException(name() + ": there must be one k_intensity value for each location");
        this.kIntensity = kIntensity == null ? null : kIntensity.clone();
        return this;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Voxels.check(name(), img);
        long[] s = img.shape();
        if (s.length != 3 && s.length != 4) throw error("needs a 2D or 3D channel-first image, got shape " + Arrays.toString(s));
        for (int[] l : loc) {
            boolean withChannel = l.length == s.length;
            if (!withChannel && l.length != s.length - 1)
                throw error("location " + Arrays.toString(l) + " does not fit shape " + Arrays.toString(s) + " (spatial, or channel then spatial)");
            for (int i = 0; i < l.length; i++) {
                long dim = s[i + (withChannel ? 0 : 1)];
                if (l[i] < 0 || l[i] >= dim) throw error("location " + Arrays.toString(l) + " is out of bounds for shape " + Arrays.toString(s));
            }
        }
        float[] v = Voxels.floats(img);
        double[] re = new double[v.length], im = new double[v.length];
        for (int i = 0; i < v.length; i++) re[i] = v[i];
        Fourier.fftn(re, im, s, false);
        int c = (int) s[0], n = v.length / c;
        double[] defaults = null;
        if (kIntensity == null) {
            defaults = new double[c];
            double[] m = meanLogAbs(re, im, c);
            for (int ch = 0; ch < c; ch++) defaults[ch] = (float) m[ch] * 2.5f;
        }
        int used = kIntensity == null && loc.length > 1 ? Math.min(loc.length, c) : loc.length;
        for (int i = 0; i < used; i++) {
            int[] l = loc[i];
            boolean withChannel = l.length == s.length;
            int offset = unshiftedOffset(l, withChannel ? 1 : 0, s);
            for (int ch = 0; ch < c; ch++) {
                if (withChannel && ch != l[0]) continue;
                double val = kIntensity != null ? kIntensity[i] : loc.length > 1 ? defaults[i] : defaults[withChannel ? l[0] : ch];
                int at = ch * n + offset;
                double phase = Math.atan2(im[at], re[at]), mag = Math.exp(val);
                re[at] = mag * Math.cos(phase);
                im[at] = mag * Math.sin(phase);
            }
        }
        Fourier.fftn(re, im, s, true);
        for (int i = 0; i < v.length; i++) v[i] = (float) re[i];
        return Voxels.out(img, v, DType.FLOAT32);
    }

    /** Per channel, the mean of {@code log(|k| + 1e-10)} (float32 values, as MONAI's complex64). */
    static double[] meanLogAbs(double[] re, double[] im, int channels) {
        int n = re.length / channels;
        double[] m = new double[channels];
        for (int ch = 0; ch < channels; ch++) {
            double sum = 0;
            for (int i = ch * n; i < (ch + 1) * n; i++) sum += (float) Math.log((float) Math.hypot(re[i], im[i]) + 1e-10f);
            m[ch] = (float) (sum / n);
        }
        return m;
    }

    /** The flat in-channel index, in unshifted k-space, of centred spatial position {@code l[from..]}. */
    private static int unshiftedOffset(int[] l, int from, long[] s) {
        int off = 0;
        for (int d = 1; d < s.length; d++) off = off * (int) s[d] + Fourier.unshift(l[from + d - 1], (int) s[d]);
        return off;
    }
}
