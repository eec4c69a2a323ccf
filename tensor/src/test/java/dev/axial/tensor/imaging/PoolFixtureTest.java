package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Pooling forward, indices and input gradients against PyTorch (tools/fixtures/gen_pool.py). */
class PoolFixtureTest {
    private static final Fixtures FX = Fixtures.load("pool");
    private static final String[] CASES = {"max1d", "max1d_dil", "max2d", "max2d_ceil", "max2d_unbatched", "max3d", "max3d_pad_dil",
            "avg1d", "avg2d", "avg2d_ceil_nopad", "avg2d_div", "avg3d", "avg3d_pad",
            "adaptive_avg1d", "adaptive_max1d", "adaptive_avg2d", "adaptive_max2d", "adaptive_avg3d", "adaptive_max3d",
            "adaptive_avg2d_unbatched", "adaptive_max2d_unbatched"};

    static Stream<String> cases() { return Arrays.stream(CASES); }

    private static long[] part(long[] cfg, int from, int k) { return Arrays.copyOfRange(cfg, from, from + k); }

    /** Every case on every device (CUDA included when it loads). */
    static Stream<Arguments> deviceCases() {
        return Conformance.devices().flatMap(d -> cases().map(c -> Arguments.of(d, c)));
    }

    @ParameterizedTest
    @MethodSource("deviceCases")
    void matchesPyTorch(Device dev, String name) {
        long[] cfg = FX.entry(name + ".cfg").longs();
        int kind = (int) cfg[0], k = (int) cfg[1];
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor(name + ".x", dev), gout = FX.tensor(name + ".gout", dev);
            Tensor out, gx;
            Tensor idx = null;
            if (kind <= 1) {
                PoolOptions o = PoolOptions.of(part(cfg, 2, k)).stride(part(cfg, 2 + k, k)).padding(part(cfg, 2 + 2 * k, k))
                        .dilation(part(cfg, 2 + 3 * k, k)).ceilMode(cfg[2 + 4 * k] != 0).countIncludePad(cfg[3 + 4 * k] != 0)
                        .divisorOverride(cfg[4 + 4 * k]);
                if (kind == 0) {
                    ValuesIndices r = Pooling.maxPoolWithIndices(x, k, o);
                    out = r.values();
                    idx = r.indices();
                    gx = Pooling.maxPoolBackward(gout, idx, x.shape(), k);
                } else {
                    out = Pooling.avgPool(x, k, o);
                    gx = Pooling.avgPoolBackward(gout, x.shape(), k, o);
                }
            } else if (kind == 2) {
                out = Pooling.adaptiveAvgPool(x, k, part(cfg, 2, k));
                gx = Pooling.adaptiveAvgPoolBackward(gout, x.shape(), k);
            } else {
                ValuesIndices r = Pooling.adaptiveMaxPoolWithIndices(x, k, part(cfg, 2, k));
                out = r.values();
                idx = r.indices();
                gx = Pooling.maxPoolBackward(gout, idx, x.shape(), k);
            }
            assertArrayEquals(FX.shape(name + ".out"), out.shape(), name + " shape");
            Conformance.assertClose(FX.values(name + ".out"), out.cpu().toDoubleArray(), 1e-5, 1e-6, name + " out");
            if (idx != null) assertArrayEquals(FX.entry(name + ".idx").longs(), idx.cpu().toLongArray(), name + " indices");
            Conformance.assertClose(FX.values(name + ".gx"), gx.cpu().toDoubleArray(), 1e-5, 1e-6, name + " grad");
        }
    }
}
