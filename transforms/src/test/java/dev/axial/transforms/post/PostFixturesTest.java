package dev.axial.transforms.post;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Outputs of MONAI 1.5's post transforms (tools/fixtures/gen_transforms_post.py; the options are repeated here). */
class PostFixturesTest {
    static final Fixtures FX = Fixtures.load("transforms_post");
    Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    static MetaTensor in(String name) { return MetaTensor.of(FX.tensor(name, Device.CPU)); }

    static void check(String name, Tensor out, double tol) {
        String key = name + ".out";
        assertArrayEquals(FX.shape(key), out.shape(), name + " shape");
        assertEquals(FX.entry(key).dtype(), out.dtype().toString().toLowerCase(), name + " dtype");
        double[] want = FX.values(key), got = out.toDoubleArray();
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], tol, name + " at " + i + ": " + Arrays.toString(got));
    }

    static void check(String name, ArrayTransform t, double tol) { check(name, t.apply(in(name + ".x")).array(), tol); }

    @Test void activations() {
        check("act_sigmoid", new Activations().sigmoid(true), 1e-6);
        check("act_softmax", new Activations().softmax(true), 1e-6);
        check("act_softmax_dim1", new Activations().softmax(true).dim(1), 1e-6);
        check("act_tanh", new Activations().other(Tensor::tanh), 1e-6);
        check("act_sigmoid_f64", new Activations().sigmoid(true), 1e-6);
        check("act_sigmoid_int", new Activations().sigmoid(true), 0);
    }

    @Test void asDiscrete() {
        check("ad_argmax", new AsDiscrete().argmax(true), 0);
        check("ad_argmax_nokeep", new AsDiscrete().argmax(true).keepdim(false), 0);
        check("ad_argmax_onehot", new AsDiscrete().argmax(true).toOnehot(3), 0);
        check("ad_threshold", new AsDiscrete().threshold(0.5), 0);
        check("ad_rounding", new AsDiscrete().rounding("torchrounding"), 0);
        check("ad_onehot_int", new AsDiscrete().toOnehot(4), 0);
        check("ad_argmax_dim1", new AsDiscrete().argmax(true).dim(1), 0);
        check("ad_all", new AsDiscrete().argmax(true).toOnehot(3).threshold(0.5), 0);
    }

    @Test void keepLargestConnectedComponent() {
        check("klcc_2d", new KeepLargestConnectedComponent(), 0);
        check("klcc_2d_c1", new KeepLargestConnectedComponent().connectivity(1), 0);
        check("klcc_2d_lab1", new KeepLargestConnectedComponent().appliedLabels(1).connectivity(1), 0);
        check("klcc_2d_union", new KeepLargestConnectedComponent().independent(false).connectivity(1), 0);
        check("klcc_2d_n2", new KeepLargestConnectedComponent().numComponents(2).connectivity(1), 0);
        check("klcc_3d", new KeepLargestConnectedComponent(), 0);
        check("klcc_3d_c1", new KeepLargestConnectedComponent().connectivity(1), 0);
        check("klcc_3d_c2", new KeepLargestConnectedComponent().connectivity(2), 0);
        check("klcc_3d_union_c2", new KeepLargestConnectedComponent().independent(false).connectivity(2).appliedLabels(1, 3), 0);
        check("klcc_3d_onehot", new KeepLargestConnectedComponent().connectivity(1), 0);
        check("klcc_3d_onehot_union", new KeepLargestConnectedComponent().connectivity(1).independent(false).appliedLabels(1, 2), 0);
        check("klcc_3d_onehot_n3", new KeepLargestConnectedComponent().numComponents(3), 0);
        check("klcc_ties", new KeepLargestConnectedComponent(), 0);
        check("klcc_ties_n2", new KeepLargestConnectedComponent().numComponents(2), 0);
        check("klcc_many", new KeepLargestConnectedComponent().connectivity(1).numComponents(3), 0);
    }

    @Test void removeSmallObjects() {
        check("rso_2d", new RemoveSmallObjects().minSize(3), 0);
        check("rso_2d_c2", new RemoveSmallObjects().minSize(4).connectivity(2), 0);
        check("rso_3d", new RemoveSmallObjects().minSize(3), 0);
        check("rso_2ch", new RemoveSmallObjects().minSize(4), 0);
        check("rso_int", new RemoveSmallObjects().minSize(6), 0);
        check("rso_int_dep", new RemoveSmallObjects().minSize(6).independentChannels(false), 0);
        check("rso_measure", new RemoveSmallObjects().minSize(7).byMeasure(true).pixdim(2, 1.5), 0);
        check("rso_float_trunc", new RemoveSmallObjects().minSize(5), 0);
        MetaTensor m = in("rso_measure_meta.x");
        m.setAffine(new double[][] {{2, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        check("rso_measure_meta", new RemoveSmallObjects().minSize(2).byMeasure(true).apply(m).array(), 0);
    }

    @Test void fillHoles() {
        check("fh_doc", new FillHoles(), 0);
        check("fh_2d", new FillHoles(), 0);
        check("fh_2d_c1", new FillHoles().connectivity(1), 0);
        check("fh_2d_lab2", new FillHoles().appliedLabels(2).connectivity(1), 0);
        check("fh_3d", new FillHoles(), 0);
        check("fh_3d_c1", new FillHoles().connectivity(1), 0);
        check("fh_3d_c2", new FillHoles().connectivity(2), 0);
        check("fh_onehot", new FillHoles().connectivity(1), 0);
    }

    @Test void labelFilterAndContour() {
        check("lf", new LabelFilter(1, 3), 0);
        check("lf_int", new LabelFilter(2), 0);
        check("ltc_2d", new LabelToContour(), 0);
        check("ltc_3d", new LabelToContour(), 0);
    }

    @Test void sobelGradients() {
        check("sobel_2d", new SobelGradients(), 1e-6);
        check("sobel_2d_k5", new SobelGradients().kernelSize(5), 1e-6);
        check("sobel_2d_ax1_norm", new SobelGradients().spatialAxes(-1).normalizeGradients(true), 1e-6);
        check("sobel_2d_raw_repl", new SobelGradients().normalizeKernels(false).paddingMode("replicate"), 1e-5);
        check("sobel_2d_circ", new SobelGradients().paddingMode("circular"), 1e-6);
        check("sobel_3d", new SobelGradients(), 1e-6);
        check("sobel_3d_k7_ax02", new SobelGradients().kernelSize(7).spatialAxes(0, 2), 1e-6);
    }

    static List<MetaTensor> items(String prefix, int n) {
        List<MetaTensor> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(in(prefix + ".x" + i));
        return out;
    }

    @Test void ensembles() {
        List<MetaTensor> e = items("ens", 3);
        check("mean", new MeanEnsemble().apply(e).array(), 1e-6);
        check("mean_w", new MeanEnsemble().weights(1, 2, 3).apply(e).array(), 1e-6);
        check("mean_w2", new MeanEnsemble().weights(new double[][] {{1, 4}, {2, 1}, {3, 0.5}}).apply(e).array(), 1e-6);
        MetaTensor stacked = MetaTensor.of(Tensor.stack(0, e.get(0).array(), e.get(1).array(), e.get(2).array()));
        check("mean_w", new MeanEnsemble().weights(1, 2, 3).apply(stacked).array(), 1e-6);
        check("vote_oh", new VoteEnsemble().apply(items("vote_oh", 3)).array(), 0);
        check("vote_lab", new VoteEnsemble().numClasses(4).apply(items("vote_lab", 4)).array(), 0);
    }
}
