package dev.axial.tensor.cuda;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.GridSampleGrads;
import dev.axial.tensor.imaging.GridSampleOptions;
import dev.axial.tensor.imaging.GridSampling;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * grid_sample forward and backward on every device against the CPU backend: every mode x padding x align_corners,
 * 2-D and 3-D, float32 and float64, with grid points inside, outside, NaN and huge (the saturating casts).
 */
class CudaGridSampleTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Conformance.devices().forEach(dev -> {
            for (int k : new int[]{2, 3})
                for (String mode : new String[]{"bilinear", "nearest", "bicubic"})
                    for (String pad : new String[]{"zeros", "border", "reflection"})
                        for (boolean ac : new boolean[]{false, true})
                            if (k == 2 || !mode.equals("bicubic")) out.add(Arguments.of(dev, k, mode, pad, ac));
        });
        return out.stream();
    }

    private static double[] random(Random r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextDouble();
        return a;
    }

    private static int numel(long[] s) { return Math.toIntExact(Shapes.numel(s)); }

    private static void close(Tensor want, Tensor got, DType dt, String what) {
        double tol = dt == DType.FLOAT32 ? 2e-5 : 1e-11;
        Conformance.assertClose(want.toDoubleArray(), got.toDoubleArray(), tol, tol, what);
    }

    @ParameterizedTest(name = "{0} {1}d {2} {3} ac={4}")
    @MethodSource("cases")
    void matchesCpu(Device dev, int k, String mode, String pad, boolean ac) {
        Random r = new Random(31L * k + mode.hashCode() + 7L * pad.hashCode() + (ac ? 1 : 0));
        long[] xs = k == 2 ? new long[]{2, 3, 5, 6} : new long[]{2, 2, 4, 5, 3};
        long[] gs = k == 2 ? new long[]{2, 4, 7, 2} : new long[]{2, 3, 4, 3, 3};
        long[] os = k == 2 ? new long[]{2, 3, 4, 7} : new long[]{2, 2, 3, 4, 3};
        double[] x = random(r, numel(xs), -2, 2), g = random(r, numel(gs), -1.3, 1.3), up = random(r, numel(os), -1, 1);
        // a few locations off the map: NaN, huge, infinite
        g[1] = Double.NaN;
        g[4] = 1e30;
        g[7] = -1e30;
        g[10] = Double.POSITIVE_INFINITY;
        g[13] = 3.75;
        GridSampleOptions o = new GridSampleOptions(mode, pad, ac);
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            try (Scope s = Scope.open()) {
                Tensor xc = Tensor.of(x, xs).to(dt), gc = Tensor.of(g, gs).to(dt), uc = Tensor.of(up, os).to(dt);
                Tensor xd = xc.to(dev), gd = gc.to(dev), ud = uc.to(dev);
                String at = dev + " " + dt + " ";
                close(GridSampling.gridSample(xc, gc, o), GridSampling.gridSample(xd, gd, o).cpu(), dt, at + "forward");
                GridSampleGrads want = GridSampling.gridSampleBackward(uc, xc, gc, o, true, true);
                GridSampleGrads got = GridSampling.gridSampleBackward(ud, xd, gd, o, true, true);
                close(want.gradInput(), got.gradInput().cpu(), dt, at + "grad input");
                close(want.gradGrid(), got.gradGrid().cpu(), dt, at + "grad grid");
                GridSampleGrads onlyGrid = GridSampling.gridSampleBackward(ud, xd, gd, o, false, true);
                assertNull(onlyGrid.gradInput());
                close(want.gradGrid(), onlyGrid.gradGrid().cpu(), dt, at + "grad grid alone");
                GridSampleGrads onlyInput = GridSampling.gridSampleBackward(ud, xd, gd, o, true, false);
                close(want.gradInput(), onlyInput.gradInput().cpu(), dt, at + "grad input alone");
            }
        }
    }
}
