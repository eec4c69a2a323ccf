package dev.axial.tensor.imaging;

import dev.axial.tensor.FiniteDifferences;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static dev.axial.tensor.imaging.GridSampleTest.assertClose;
import static dev.axial.tensor.imaging.GridSampleTest.numel;
import static dev.axial.tensor.imaging.GridSampleTest.random;
import static org.junit.jupiter.api.Assertions.*;

/**
 * grid_sample's backward against central finite differences of the forward in float64 (loss = sum(out * up) for a
 * random up), every mode x padding x align_corners, 2-D and 3-D. Grid points sit at random places, so none lies
 * within the step of a cell boundary or a border kink, where the gradient is one-sided.
 */
class GridSampleBackwardTest {
    static final double EPS = 1e-6;

    static double loss(double[] x, long[] xs, double[] g, long[] gs, double[] up, GridSampleOptions o) {
        try (Scope s = Scope.open()) {
            double[] out = GridSampling.gridSample(Tensor.of(x, xs), Tensor.of(g, gs), o).toDoubleArray();
            double l = 0;
            for (int i = 0; i < out.length; i++) l += out[i] * up[i];
            return l;
        }
    }

    @ParameterizedTest(name = "{0}d {1} {2} ac={3}")
    @MethodSource("dev.axial.tensor.imaging.GridSampleTest#cases")
    void matchesFiniteDifferences(int k, String mode, String pad, boolean ac) {
        Random r = new Random(17 * k + mode.hashCode() + 3L * pad.hashCode() + (ac ? 5 : 0));
        long[] xs = k == 2 ? new long[]{2, 2, 4, 5} : new long[]{1, 2, 3, 4, 3};
        long[] gs = k == 2 ? new long[]{2, 3, 2, 2} : new long[]{1, 2, 2, 3, 3};
        long[] os = k == 2 ? new long[]{2, 2, 3, 2} : new long[]{1, 2, 2, 2, 3};
        double[] x = random(r, numel(xs), -2, 2), g = random(r, numel(gs), -1.3, 1.3), up = random(r, numel(os), -1, 1);
        GridSampleOptions o = new GridSampleOptions(mode, pad, ac);
        try (Scope s = Scope.open()) {
            GridSampleGrads grads = GridSampling.gridSampleBackward(Tensor.of(up, os), Tensor.of(x, xs), Tensor.of(g, gs), o, true, true);
            assertEquals(DType.FLOAT64, grads.gradInput().dtype());
            assertArrayEquals(xs, grads.gradInput().shape());
            assertArrayEquals(gs, grads.gradGrid().shape());
            double[] wantX = FiniteDifferences.grad(v -> loss(v, xs, g, gs, up, o), x, EPS);
            assertClose(wantX, grads.gradInput().toDoubleArray(), 1e-7, "grad input");
            double[] wantG = mode.equals("nearest") ? new double[g.length] : FiniteDifferences.grad(v -> loss(x, xs, v, gs, up, o), g, EPS);
            assertClose(wantG, grads.gradGrid().toDoubleArray(), 1e-6, "grad grid");
            // only one of the two when asked for one
            GridSampleGrads onlyGrid = GridSampling.gridSampleBackward(Tensor.of(up, os), Tensor.of(x, xs), Tensor.of(g, gs), o, false, true);
            assertNull(onlyGrid.gradInput());
            assertArrayEquals(grads.gradGrid().toDoubleArray(), onlyGrid.gradGrid().toDoubleArray());
        }
    }

    @Test
    void float32MatchesFloat64() {
        Random r = new Random(23);
        long[] xs = {2, 3, 5, 6, 4}, gs = {2, 3, 4, 5, 3}, os = {2, 3, 3, 4, 5};
        double[] x = random(r, numel(xs), -1, 1), g = random(r, numel(gs), -1.2, 1.2), up = random(r, numel(os), -1, 1);
        for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
        for (int i = 0; i < g.length; i++) g[i] = (float) g[i];
        for (int i = 0; i < up.length; i++) up[i] = (float) up[i];
        for (String pad : new String[]{"zeros", "reflection"}) {
            try (Scope s = Scope.open()) {
                GridSampleOptions o = GridSampleOptions.of().paddingMode(pad);
                GridSampleGrads d = GridSampling.gridSampleBackward(Tensor.of(up, os), Tensor.of(x, xs), Tensor.of(g, gs), o, true, true);
                GridSampleGrads f = GridSampling.gridSampleBackward(Tensor.of(up, os).to(DType.FLOAT32), Tensor.of(x, xs).to(DType.FLOAT32),
                        Tensor.of(g, gs).to(DType.FLOAT32).transpose(1, 3).contiguous().transpose(1, 3), o, true, true);
                assertEquals(DType.FLOAT32, f.gradGrid().dtype());
                assertClose(d.gradInput().toDoubleArray(), f.gradInput().toDoubleArray(), 1e-5, "grad input");
                assertClose(d.gradGrid().toDoubleArray(), f.gradGrid().toDoubleArray(), 1e-5, "grad grid");
            }
        }
    }
}
