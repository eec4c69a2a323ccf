package dev.axial.transforms.intensity;

import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.CpuGpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Over 1e6 values MONAI's percentile is numpy.percentile (float64 rank and lerp), below torch.quantile (float32):
 * both paths of {@link Voxels} follow, on the host and on cuda:0, bit for bit against MONAI
 * (big.pct of tools/fixtures/gen_transforms_intensity.py, whose volume is rebuilt here from its formula; at q 61.8
 * torch's float32 rule would give 102943.383 where MONAI gives 102943.391).
 */
class LargePercentileTest {
    static final Fixtures FX = IntensityFixturesTest.FX;
    static final int N = 1_200_007;
    static final double[] Q = {5, 95, 33.3, 0.1, 99.97, 12.5, 47.11, 61.8, 2.5, 97.5, 0, 100};

    static float[] big() {
        float[] v = new float[N];
        for (long k = 0; k < N; k++) v[(int) k] = (float) (((k * 7919 + 13) % N) / 7.0 - 3000.0);
        return v;
    }

    @Test void hostPercentilesAreNumpys() {
        float[] v = big();
        double[] want = FX.values("big.pct");
        for (int i = 0; i < Q.length; i++) assertEquals((float) want[i], Voxels.percentile(v, 0, N, Q[i]), "q " + Q[i]);
    }

    @Test void devicePercentilesAreNumpysToo() {
        CpuGpu.assumeGpu();
        try (Scope s = Scope.open()) {
            MetaTensor img = MetaTensor.of(Tensor.of(big(), 1, N).to(CpuGpu.GPU));
            double[] want = FX.values("big.pct");
            float[][] got = Voxels.percentiles("test", img, 1, Q);
            for (int i = 0; i < Q.length; i++) assertEquals((float) want[i], got[i][0], "q " + Q[i]);
            CpuGpu.same("ScaleIntensityRangePercentiles.big", () -> new ScaleIntensityRangePercentiles(5, 61.8, 0.0, 1.0).clip(true),
                    MetaTensor.of(Tensor.of(big(), 1, N)), 3);
        }
    }
}
