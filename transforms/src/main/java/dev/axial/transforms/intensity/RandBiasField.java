package dev.axial.transforms.intensity;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

/**
 * MONAI's {@code RandBiasField(degree=3, coeff_range=(0.0, 0.1), dtype=float32, prob=0.1)}: multiplies every
 * channel by {@code exp(field)}, the field a sum of products of Legendre polynomials of total degree at most
 * {@code degree} over {@code linspace(-1, 1)} (float32) coordinates, with coefficients {@code U(coeff_range)}
 * (2D: numpy's tril order; 3D: i, j, k with i+j+k <= degree). 2D and 3D images only. Computed in float64, float32 out.
 * On a GPU image only the field (one channel's size) is uploaded; the product is taken there.
 *
 * <pre>{@code
 * var t = new RandBiasField().coeffRange(0.0, 0.3).prob(0.3);
 * }</pre>
 */
public class RandBiasField extends RandomIntensity<double[]> {
    private int degree = 3;
    private double[] coeffRange = {0.0, 0.1};
    private DType dtype = DType.FLOAT32;

    public RandBiasField() { super(0.1); }

    public RandBiasField prob(double prob) { this.prob = checkProb(prob); return this; }

    public RandBiasField degree(int degree) {
        if (degree < 1) throw new IllegalArgumentException(name() + ": degree should be no less than 1, got " + degree);
        this.degree = degree;
        return this;
    }

    public RandBiasField coeffRange(double lo, double hi) { this.coeffRange = new double[] {lo, hi}; return this; }

    /** Output dtype (default float32; null keeps the input's). */
    public RandBiasField dtype(DType dtype) { this.dtype = dtype; return this; }

    @Override public double[] randomize(RandomState rs, MetaTensor img) {
        int rank = img.shape().length - 1;
        double prod = 1;
        for (int k = 1; k <= rank; k++) prod *= (double) (degree + k) / k;
        return rs.uniform(coeffRange[0], coeffRange[1], (int) prod);
    }

    @Override public MetaTensor apply(MetaTensor img, double[] coeff) {
        long[] s = img.shape();
        int rank = s.length - 1;
        if (rank != 2 && rank != 3) throw error("only 2D and 3D images have a bias field, got shape " + java.util.Arrays.toString(s));
        int d1 = degree + 1;
        double[] c = new double[rank == 2 ? d1 * d1 : d1 * d1 * d1];
        int idx = 0;
        if (rank == 2) {
            for (int i = 0; i < d1; i++) for (int j = 0; j <= i; j++) c[i * d1 + j] = coeff[idx++];
        } else {
            for (int i = 0; i < d1; i++) for (int j = 0; j < d1 - i; j++) for (int k = 0; k < d1 - i - j; k++) c[(i * d1 + j) * d1 + k] = coeff[idx++];
        }
        if (idx != coeff.length) throw error(coeff.length + " coefficients for a " + rank + "D field of degree " + degree + " (needs " + idx + ")");
        double[][][] leg = new double[rank][][];
        for (int a = 0; a < rank; a++) leg[a] = legendre((int) s[a + 1], degree);
        int n = Voxels.channelSize(img);
        double[] field = new double[n];
        int ny = (int) s[2], nz = rank == 3 ? (int) s[3] : 1;
        for (int x = 0; x < s[1]; x++)
            for (int y = 0; y < ny; y++)
                for (int z = 0; z < nz; z++) {
                    double f = 0;
                    for (int i = 0; i < d1; i++)
                        for (int j = 0; j < d1; j++) {
                            if (rank == 2) f += c[i * d1 + j] * leg[0][i][x] * leg[1][j][y];
                            else for (int k = 0; k < d1; k++) {
                                double cc = c[(i * d1 + j) * d1 + k];
                                if (cc != 0) f += cc * leg[0][i][x] * leg[1][j][y] * leg[2][k][z];
                            }
                        }
                    field[(x * ny + y) * nz + z] = Math.exp(f);
                }
        if (Voxels.onDevice(img)) try (Scope sc = Scope.open()) {
            // the field (one channel's size, float64) is made on the host and uploaded; the image stays where it is
            long[] fs = s.clone();
            fs[0] = 1;
            Tensor y = img.array().to(DType.FLOAT64).mul(Tensor.of(field, fs).to(img.device())).to(DType.FLOAT32);
            return Voxels.out(sc, img, y, dtype);
        }
        float[] v = Voxels.floats(img);
        for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] * field[i % n]);
        return Voxels.out(img, v, dtype);
    }

    /** P_0..P_degree at numpy.linspace(-1, 1, len, dtype=float32). */
    private static double[][] legendre(int len, int degree) {
        double[] x = new double[len];
        double step = len > 1 ? 2.0 / (len - 1) : 0;
        for (int i = 0; i < len; i++) x[i] = (float) (i * step - 1.0);
        if (len > 1) x[len - 1] = 1.0;
        double[][] p = new double[degree + 1][len];
        for (int i = 0; i < len; i++) {
            p[0][i] = 1;
            if (degree >= 1) p[1][i] = x[i];
            for (int k = 2; k <= degree; k++) p[k][i] = ((2 * k - 1) * x[i] * p[k - 1][i] - (k - 1) * p[k - 2][i]) / k;
        }
        return p;
    }
}
