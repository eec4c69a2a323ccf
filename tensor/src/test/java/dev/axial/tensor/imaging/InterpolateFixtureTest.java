package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** interpolate forward and input gradients, every mode and align_corners, against PyTorch (tools/fixtures/gen_interpolate.py). */
class InterpolateFixtureTest {
    private static final Fixtures FX = Fixtures.load("interpolate");

    /** The case names gen_interpolate.py writes (same loops). */
    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        for (InterpolationMode m : InterpolationMode.values()) {
            int[] dims = m.spatialDims() == 0 ? new int[]{1, 2, 3} : new int[]{m.spatialDims()};
            String[] aligns = m.takesAlignCorners() ? new String[]{"_ac0", "_ac1"} : new String[]{""};
            for (int k : dims)
                for (String a : aligns)
                    for (String v : new String[]{"_up", "_down", "_scale", "_scale_recompute"})
                        names.add(m.torchName().replace('-', '_') + "_" + k + "d" + a + v);
        }
        names.add("nearest_2d_scale_third");
        names.add("nearest_exact_1d_scale_odd");
        return names.stream();
    }

    private static Boolean flag(long v) { return v < 0 ? null : v != 0; }

    /** Every case on every device (CUDA included when it loads). */
    static Stream<Arguments> deviceCases() {
        return Conformance.devices().flatMap(d -> cases().map(c -> Arguments.of(d, c)));
    }

    @ParameterizedTest
    @MethodSource("deviceCases")
    void matchesPyTorch(Device dev, String name) {
        long[] cfg = FX.entry(name + ".cfg").longs();
        InterpolateOptions o = InterpolateOptions.of().mode(InterpolationMode.values()[(int) cfg[0]])
                .alignCorners(flag(cfg[1])).recomputeScaleFactor(flag(cfg[2]));
        o = FX.has(name + ".size") ? o.size(FX.entry(name + ".size").longs()) : o.scaleFactor(FX.values(name + ".scale"));
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor(name + ".x", dev), gout = FX.tensor(name + ".gout", dev);
            Tensor out = Interpolation.interpolate(x, o);
            assertArrayEquals(FX.shape(name + ".out"), out.shape(), name + " shape");
            Conformance.assertClose(FX.values(name + ".out"), out.cpu().toDoubleArray(), 1e-5, 1e-5, name + " out");
            Tensor gx = Interpolation.interpolateBackward(gout, x.shape(), o);
            Conformance.assertClose(FX.values(name + ".gx"), gx.cpu().toDoubleArray(), 1e-5, 1e-5, name + " grad");
        }
    }
}
