package dev.axial.transforms.intensity;

/**
 * The discrete Fourier transform over the spatial axes of a channel-first image, for the k-space transforms (MONAI's
 * Fourier helper uses torch.fft.fftn / ifftn with norm "backward": the inverse divides by the size). Any length:
 * radix-2 for powers of two, Bluestein's chirp-z through a power-of-two convolution otherwise. float64 (torch works
 * in complex64 on float32 images, so results agree to float32 rounding, not bit for bit).
 */
final class Fourier {
    private Fourier() {}

    /** In place over axes 1.. of {@code shape} (axis 0 is the channel); {@code inverse} scales by 1/n per axis. */
    static void fftn(double[] re, double[] im, long[] shape, boolean inverse) {
        for (int axis = 1; axis < shape.length; axis++) {
            int len = (int) shape[axis], inner = 1;
            for (int i = axis + 1; i < shape.length; i++) inner *= (int) shape[i];
            int outer = re.length / (len * inner);
            double[] lr = new double[len], li = new double[len];
            for (int o = 0; o < outer; o++)
                for (int in = 0; in < inner; in++) {
                    int base = o * len * inner + in;
                    for (int i = 0; i < len; i++) { lr[i] = re[base + i * inner]; li[i] = im[base + i * inner]; }
                    fft(lr, li, inverse);
                    for (int i = 0; i < len; i++) { re[base + i * inner] = lr[i]; im[base + i * inner] = li[i]; }
                }
        }
    }

    /** One line, in place. */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n <= 1) return;
        if (inverse) for (int i = 0; i < n; i++) im[i] = -im[i];
        if ((n & (n - 1)) == 0) radix2(re, im);
        else bluestein(re, im);
        if (inverse) for (int i = 0; i < n; i++) { re[i] /= n; im[i] = -im[i] / n; }
    }

    private static void radix2(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int k = 0; k < len / 2; k++) {
                double wr = Math.cos(ang * k), wi = Math.sin(ang * k);
                for (int s = 0; s < n; s += len) {
                    int a = s + k, b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                }
            }
        }
    }

    private static void bluestein(double[] re, double[] im) {
        int n = re.length, m = Integer.highestOneBit(2 * n - 1) << 1;
        double[] wr = new double[n], wi = new double[n];
        for (int k = 0; k < n; k++) {
            double ang = Math.PI * (double) ((long) k * k % (2L * n)) / n;
            wr[k] = Math.cos(ang);
            wi[k] = -Math.sin(ang);
        }
        double[] ar = new double[m], ai = new double[m], br = new double[m], bi = new double[m];
        for (int k = 0; k < n; k++) {
            ar[k] = re[k] * wr[k] - im[k] * wi[k];
            ai[k] = re[k] * wi[k] + im[k] * wr[k];
        }
        br[0] = wr[0];
        bi[0] = -wi[0];
        for (int k = 1; k < n; k++) {
            br[k] = br[m - k] = wr[k];
            bi[k] = bi[m - k] = -wi[k];
        }
        radix2(ar, ai);
        radix2(br, bi);
        for (int i = 0; i < m; i++) {
            double r = ar[i] * br[i] - ai[i] * bi[i];
            ai[i] = ar[i] * bi[i] + ai[i] * br[i];
            ar[i] = r;
        }
        // inverse of size m by conjugation
        for (int i = 0; i < m; i++) ai[i] = -ai[i];
        radix2(ar, ai);
        for (int k = 0; k < n; k++) {
            double cr = ar[k] / m, ci = -ai[k] / m;
            re[k] = cr * wr[k] - ci * wi[k];
            im[k] = cr * wi[k] + ci * wr[k];
        }
    }

    /** The unshifted index of spatial position {@code s} of an fftshift-ed axis of length {@code n}. */
    static int unshift(int s, int n) { return Math.floorMod(s - n / 2, n); }
}
