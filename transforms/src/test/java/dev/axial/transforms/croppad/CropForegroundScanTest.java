package dev.axial.transforms.croppad;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The bounding-box scans (default select_fn on float32 values, and the mask path) agree with a plain per-voxel box. */
class CropForegroundScanTest {
    private static long[][] plainBox(float[] v, long[] sp, int channels) {
        int nd = sp.length;
        long n = v.length / channels;
        long[] lo = new long[nd], hi = new long[nd];
        java.util.Arrays.fill(lo, Long.MAX_VALUE);
        java.util.Arrays.fill(hi, -1);
        boolean any = false;
        for (long i = 0; i < n; i++) {
            boolean fg = false;
            for (int c = 0; c < channels; c++) fg |= v[(int) (c * n + i)] > 0;
            if (!fg) continue;
            any = true;
            long rest = i;
            for (int d = nd - 1; d >= 0; d--) {
                long x = rest % sp[d];
                rest /= sp[d];
                lo[d] = Math.min(lo[d], x);
                hi[d] = Math.max(hi[d], x);
            }
        }
        if (!any) return new long[][]{new long[nd], new long[nd]};
        for (int d = 0; d < nd; d++) hi[d]++;
        return new long[][]{lo, hi};
    }

    @Test void scansAgreeWithPlainBox() {
        Random r = new Random(3);
        try (Scope s = Scope.open()) {
            for (int trial = 0; trial < 30; trial++) {
                int channels = 1 + (trial % 3 == 0 ? 1 : 0);
                int nd = 2 + trial % 2;
                long[] sp = new long[nd];
                for (int d = 0; d < nd; d++) sp[d] = 1 + r.nextInt(9);
                long n = 1;
                for (long x : sp) n *= x;
                float[] v = new float[(int) (n * channels)];
                double density = trial % 5 == 0 ? 0 : r.nextDouble() * 0.2;
                for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() < density ? 1 + r.nextFloat() : -r.nextFloat();
                long[] shape = new long[nd + 1];
                shape[0] = channels;
                System.arraycopy(sp, 0, shape, 1, nd);
                MetaTensor img = MetaTensor.of(Tensor.of(v, shape));
                long[][] want = plainBox(v, sp, channels);
                assertArrayEquals(want[0], new CropForeground().boundingBox(img)[0], "default start, trial " + trial);
                assertArrayEquals(want[1], new CropForeground().boundingBox(img)[1], "default end, trial " + trial);
                long[][] viaMask = new CropForeground().selectFn(x -> x.gt(0)).boundingBox(img);
                assertArrayEquals(want[0], viaMask[0], "mask start, trial " + trial);
                assertArrayEquals(want[1], viaMask[1], "mask end, trial " + trial);
                long[][] viaInt = new CropForeground().selectFn(x -> x.gt(0).to(DType.INT32)).boundingBox(img);
                assertArrayEquals(want[1], viaInt[1], "int mask end, trial " + trial);
            }
        }
    }
}
