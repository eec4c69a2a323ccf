package dev.axial.tensor.imaging;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Normalization against PyTorch 1.13 (tools/fixtures/gen_norm.py): outputs, running stats, input/weight/bias grads. */
class NormFixtureTest {
    private static final Fixtures FX = Fixtures.load("norm");

    static void close(String what, double[] expected, Tensor actual) {
        double[] a = actual.contiguous().toDoubleArray();
        assertEquals(expected.length, a.length, what + ": length");
        for (int i = 0; i < a.length; i++) {
            double tol = 2e-5 * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], a[i], tol, what + "[" + i + "]");
        }
    }

    private void check(String name, String key, Tensor actual) { close(name + "." + key, FX.values(name + "." + key), actual); }

    private Tensor t(Device dev, String name, String key) { return FX.has(name + "." + key) ? FX.tensor(name + "." + key, dev) : null; }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void batchNorm(Device dev) {
        for (String name : new String[]{"bn_train_3d", "bn_train_2d_noaffine", "bn_eval_2d", "bn_train_1d"}) {
            try (Scope s = Scope.open()) {
                boolean training = !name.contains("eval");
                Tensor x = t(dev, name, "x"), w = t(dev, name, "w"), b = t(dev, name, "b"), rm = t(dev, name, "rm"), rv = t(dev, name, "rv");
                NormResult r = Normalization.batchNorm(x, rm, rv, w, b, training, 0.1, 1e-5);
                check(name, "y", r.output());
                check(name, "rm_after", rm);
                check(name, "rv_after", rv);
                NormGrads g = Normalization.batchNormBackward(t(dev, name, "gy"), x, w, r.mean(), r.invstd(), training);
                check(name, "gx", g.gradInput());
                if (w != null) {
                    check(name, "gw", g.gradWeight());
                    check(name, "gb", g.gradBias());
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void instanceNorm(Device dev) {
        for (String name : new String[]{"in_3d_running", "in_2d"}) {
            try (Scope s = Scope.open()) {
                Tensor x = t(dev, name, "x"), w = t(dev, name, "w"), b = t(dev, name, "b"), rm = t(dev, name, "rm"), rv = t(dev, name, "rv");
                NormResult r = Normalization.instanceNorm(x, rm, rv, w, b, true, 0.1, 1e-5);
                check(name, "y", r.output());
                if (rm != null) {
                    check(name, "rm_after", rm);
                    check(name, "rv_after", rv);
                }
                NormGrads g = Normalization.instanceNormBackward(t(dev, name, "gy"), x, w, r.mean(), r.invstd(), true);
                check(name, "gx", g.gradInput());
                check(name, "gw", g.gradWeight());
                check(name, "gb", g.gradBias());
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void groupNorm(Device dev) {
        String[] names = {"gn_2d", "gn_3d"};
        int[] groups = {3, 2};
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            try (Scope s = Scope.open()) {
                Tensor x = t(dev, name, "x"), w = t(dev, name, "w"), b = t(dev, name, "b");
                NormResult r = Normalization.groupNorm(x, groups[i], w, b, 1e-5);
                check(name, "y", r.output());
                NormGrads g = Normalization.groupNormBackward(t(dev, name, "gy"), x, r.mean(), r.invstd(), w, groups[i]);
                check(name, "gx", g.gradInput());
                check(name, "gw", g.gradWeight());
                check(name, "gb", g.gradBias());
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void layerNorm(Device dev) {
        for (String name : new String[]{"ln_last", "ln_last2"}) {
            try (Scope s = Scope.open()) {
                Tensor x = t(dev, name, "x"), w = t(dev, name, "w"), b = t(dev, name, "b");
                long[] ns = w.shape();
                NormResult r = Normalization.layerNorm(x, ns, w, b, 1e-5);
                check(name, "y", r.output());
                NormGrads g = Normalization.layerNormBackward(t(dev, name, "gy"), x, ns, r.mean(), r.invstd(), w);
                check(name, "gx", g.gradInput());
                check(name, "gw", g.gradWeight());
                check(name, "gb", g.gradBias());
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void localResponseNorm(Device dev) {
        String[] names = {"lrn_3d", "lrn_4d_even", "lrn_5d"};
        int[] sizes = {3, 4, 5};
        double[][] abk = {{1e-2, 0.75, 1.0}, {0.5, 0.6, 2.0}, {1e-1, 0.75, 1.0}};
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            try (Scope s = Scope.open()) {
                Tensor x = t(dev, name, "x");
                check(name, "y", Normalization.localResponseNorm(x, sizes[i], abk[i][0], abk[i][1], abk[i][2]));
                check(name, "gx", Normalization.localResponseNormBackward(t(dev, name, "gy"), x, sizes[i], abk[i][0], abk[i][1], abk[i][2]));
            }
        }
    }
}
