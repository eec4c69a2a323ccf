package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The axis-aligned fast path of AffineResampling gives grid_sample's float64 numbers bit for bit, and declines the rest. */
class SeparableResamplingTest {
    private static Tensor plain(Tensor img, double[] theta, long[] out, String mode, String pad, boolean ac) {
        Tensor grid = GridSampling.affineGrid(Tensor.of(theta, 1, 3, 4).to(DType.FLOAT64), new long[] {1, img.size(0), out[0], out[1], out[2]}, ac);
        return GridSampling.gridSample(img.to(DType.FLOAT64).unsqueeze(0), grid, new GridSampleOptions(mode, pad, ac)).squeeze(0).to(DType.FLOAT32).contiguous();
    }

    @Test void bitwiseAsGridSample() {
        Random r = new Random(7);
        try (Scope s = Scope.open()) {
            for (int trial = 0; trial < 24; trial++) {
                long c = 1 + r.nextInt(2);
                long[] in = {c, 3 + r.nextInt(9), 3 + r.nextInt(9), 3 + r.nextInt(9)};
                long[] out = {2 + r.nextInt(12), 2 + r.nextInt(12), 2 + r.nextInt(12)};
                float[] v = new float[(int) (in[0] * in[1] * in[2] * in[3])];
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 500);
                Tensor img = Tensor.of(v, in);
                if (trial % 3 == 2) img = img.to(DType.INT16);
                double[] theta = new double[12];
                for (int a = 0; a < 3; a++) {
                    theta[a * 4 + a] = (r.nextBoolean() ? -1 : 1) * (0.3 + 1.5 * r.nextDouble());
                    theta[a * 4 + 3] = (r.nextDouble() - 0.5) * (trial % 2 == 0 ? 0.4 : 2.5);   // odd trials reach outside
                }
                for (String mode : new String[] {"bilinear", "nearest"})
                    for (String pad : new String[] {"zeros", "border"})
                        for (boolean ac : new boolean[] {false, true}) {
                            Tensor fast = SeparableResampling.apply(img, theta, out, mode, pad, ac, DType.FLOAT64);
                            assertNotNull(fast);
                            assertArrayEquals(plain(img, theta, out, mode, pad, ac).toFloatArray(), fast.toFloatArray(),
                                    "trial " + trial + " " + mode + " " + pad + " " + ac);
                        }
            }
        }
    }

    @Test void declinesWhatItDoesNotCover() {
        try (Scope s = Scope.open()) {
            Tensor img = Tensor.zeros(1, 4, 4, 4);
            double[] diag = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
            double[] rot = diag.clone();
            rot[1] = 0.1;
            long[] out = {3, 3, 3};
            assertNull(SeparableResampling.apply(img, rot, out, "bilinear", "border", false, DType.FLOAT64));
            assertNull(SeparableResampling.apply(img, diag, out, "bicubic", "border", false, DType.FLOAT64));
            assertNull(SeparableResampling.apply(img, diag, out, "bilinear", "reflection", false, DType.FLOAT64));
            assertNull(SeparableResampling.apply(img, diag, out, "bilinear", "border", false, DType.FLOAT32));
        }
    }
}
