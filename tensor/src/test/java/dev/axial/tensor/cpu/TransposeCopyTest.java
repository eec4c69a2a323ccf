package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The tiled transposing copy to float32 gives each element's (float) value at its row-major place, on 1 and 2 threads. */
class TransposeCopyTest {
    @Test void permutedViewsToContiguousFloat32() {
        Random r = new Random(11);
        int before = Parallel.threads();
        try (Scope s = Scope.open()) {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                // the last: 140 along the source's unit stride (two strips of up to 128, the second partial) and 300 along
                // the destination's (9 whole tiles of 32 and a partial one)
                long[][] shapes = {{70, 40, 33}, {3, 64, 50, 35}, {129, 257, 2}, {300, 5, 140}};
                int[][] perms = {{2, 1, 0}, {0, 3, 2, 1}, {1, 2, 0}, {2, 1, 0}};
                for (int c = 0; c < shapes.length; c++)
                    for (DType dt : new DType[] {DType.INT16, DType.UINT8, DType.FLOAT32}) {
                        long[] sh = shapes[c];
                        int n = 1;
                        for (long x : sh) n *= (int) x;
                        float[] v = new float[n];
                        for (int i = 0; i < n; i++) v[i] = dt == DType.UINT8 ? r.nextInt(256) : dt == DType.INT16 ? r.nextInt(65536) - 32768 : (float) r.nextGaussian();
                        Tensor raw = Tensor.of(v, sh).to(dt);
                        Tensor view = raw.permute(perms[c]);
                        float[] got = view.to(DType.FLOAT32).contiguous().toFloatArray();
                        float[] want = expected(v, sh, perms[c]);
                        assertArrayEquals(want, got, dt + " case " + c + " threads " + threads);
                    }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** By index arithmetic: out[m] (row-major over the view's shape) = v[sum m[a] * rawStride[perm[a]]]. */
    private static float[] expected(float[] v, long[] sh, int[] perm) {
        int n = sh.length;
        long[] rs = new long[n];
        rs[n - 1] = 1;
        for (int a = n - 2; a >= 0; a--) rs[a] = rs[a + 1] * sh[a + 1];
        long[] vs = new long[n];
        for (int a = 0; a < n; a++) vs[a] = sh[perm[a]];
        float[] out = new float[v.length];
        long[] m = new long[n];
        for (int i = 0; i < out.length; i++) {
            long src = 0;
            for (int a = 0; a < n; a++) src += m[a] * rs[perm[a]];
            out[i] = v[(int) src];
            for (int a = n - 1; a >= 0; a--) {
                if (++m[a] < vs[a]) break;
                m[a] = 0;
            }
        }
        return out;
    }
}
