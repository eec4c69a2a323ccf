package dev.axial.nn.layers;

import dev.axial.autograd.GradCheck;
import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.ConvOps;
import dev.axial.autograd.ops.NormOps;
import dev.axial.nn.Module;
import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Each layer against the autograd ops it wraps, PyTorch's parameter names, shapes, defaults and initialisation. */
class LayersTest {
    static void assertClose(Tensor want, Tensor got, double tol) {
        assertArrayEquals(want.shape(), got.shape());
        double[] w = want.to(DType.FLOAT64).toDoubleArray(), g = got.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < w.length; i++) assertEquals(w[i], g[i], tol, "element " + i);
    }

    /** Parameters as float64, for finite differences (only for modules without buffers). */
    static <M extends Module> M toFloat64(M m) {
        for (Variable p : m.parameters()) {
            Tensor old = p.data();
            p.setData(Scope.release(old.to(DType.FLOAT64)));
            old.close();
        }
        return m;
    }

    @Test void skipInitDrawsNothingAndEndsWithItsScope() {
        Generator g = new Generator(42);
        try (Conv3d skipped = dev.axial.nn.Init.skipInit(() -> new Conv3d(4, 8, new int[]{3}, ConvOptions.of(), true, g))) {
            assertEquals(0, g.offset(), "no counters drawn");
            for (float v : skipped.weight().data().toFloatArray()) assertEquals(0f, v);
            for (float v : skipped.bias().data().toFloatArray()) assertEquals(0f, v);
            assertEquals(List.of("weight", "bias"), List.copyOf(skipped.stateDict().keySet()));
            assertArrayEquals(new long[]{8, 4, 3, 3, 3}, skipped.weight().shape());
        }
        try (Conv3d after = new Conv3d(4, 8, new int[]{3}, ConvOptions.of(), true, g);
             Conv3d fresh = new Conv3d(4, 8, new int[]{3}, ConvOptions.of(), true, new Generator(42))) {
            assertArrayEquals(fresh.weight().data().toFloatArray(), after.weight().data().toFloatArray(), "drawn as usual after the scope");
        }
    }

    @Test void convInitIsPyTorchsAndReproducibleFromOneSeed() {
        try (Conv3d a = new Conv3d(4, 8, new int[]{3}, ConvOptions.of(), true, new Generator(42));
             Conv3d b = new Conv3d(4, 8, new int[]{3}, ConvOptions.of(), true, new Generator(42));
             Conv3d c = new Conv3d(4, 8, new int[]{3}, ConvOptions.of(), true, new Generator(43))) {
            assertEquals(List.of("weight", "bias"), List.copyOf(a.stateDict().keySet()));
            assertArrayEquals(new long[]{8, 4, 3, 3, 3}, a.weight().shape());
            assertArrayEquals(new long[]{8}, a.bias().shape());
            assertArrayEquals(a.weight().data().toFloatArray(), b.weight().data().toFloatArray());
            assertArrayEquals(a.bias().data().toFloatArray(), b.bias().data().toFloatArray());
            assertFalse(java.util.Arrays.equals(a.weight().data().toFloatArray(), c.weight().data().toFloatArray()));
            // kaiming_uniform(a = sqrt 5) and the default bias are both U(+-1/sqrt(fan_in)), fan_in = 4 * 27
            double bound = 1 / Math.sqrt(4 * 27);
            float[] w = a.weight().data().toFloatArray();
            double max = 0, sumSq = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
                sumSq += v * v;
            }
            assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " vs bound " + bound);
            assertEquals(bound * bound / 3, sumSq / w.length, 0.15 * bound * bound / 3, "variance of U(-b, b) is b^2/3");
            for (float v : a.bias().data().toFloatArray()) assertTrue(Math.abs(v) <= bound);
        }
    }

    @Test void convAndConvTransposeForwardAreTheOps() {
        Generator g = new Generator(3);
        ConvOptions o = ConvOptions.of().stride(2).padding(1).dilation(1).groups(2);
        try (Conv2d conv = new Conv2d(4, 6, new int[]{3, 1}, o, true, g);
             ConvTranspose3d up = new ConvTranspose3d(4, 2, new int[]{3}, ConvOptions.of().stride(2).padding(1).outputPadding(1), false, g);
             Conv1d c1 = new Conv1d(2, 3, 5);
             Scope s = Scope.open()) {
            assertArrayEquals(new long[]{6, 2, 3, 1}, conv.weight().shape());
            Variable x = Variable.of(Tensor.randn(g, 2, 4, 9, 7));
            assertClose(ConvOps.conv2d(x, conv.weight(), conv.bias(), o).data(), conv.forward(x).data(), 0);
            assertArrayEquals(new long[]{4, 2, 3, 3, 3}, up.weight().shape());
            assertNull(up.bias());
            assertEquals(List.of("weight"), List.copyOf(up.stateDict().keySet()));
            Variable x3 = Variable.of(Tensor.randn(g, 1, 4, 3, 4, 5));
            assertArrayEquals(new long[]{1, 2, 6, 8, 10}, up.forward(x3).shape(), "stride 2 with output padding doubles the size");
            assertArrayEquals(new long[]{1, 3, 6}, c1.forward(Variable.of(Tensor.randn(g, 1, 2, 10))).shape());
        }
    }

    @Test void convReprAndBadInput() {
        try (Conv3d c = new Conv3d(1, 4, new int[]{3}, ConvOptions.of().stride(2).padding(1), true, new Generator(0));
             ConvTranspose2d t = new ConvTranspose2d(8, 2, new int[]{3}, ConvOptions.of().stride(2).padding(1).outputPadding(1), false, new Generator(0));
             Scope s = Scope.open()) {
            assertEquals("Conv3d(1, 4, kernel_size=(3, 3, 3), stride=(2, 2, 2), padding=(1, 1, 1))", c.toString());
            assertEquals("ConvTranspose2d(8, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1), bias=False)", t.toString());
            var e = assertThrows(IllegalArgumentException.class, () -> c.forward(Variable.of(Tensor.zeros(1, 2, 4, 4, 4))));
            assertTrue(e.getMessage().contains("Conv3d") && e.getMessage().contains("[1, 2, 4, 4, 4]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> c.forward(Variable.of(Tensor.zeros(1, 1, 4))));
            assertTrue(e.getMessage().contains("[1, 1, 4]"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new int[]{3}, ConvOptions.of().groups(2), true, new Generator(0)));
        assertTrue(e.getMessage().contains("groups 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv3d(3, 4, new int[]{3, 3}, ConvOptions.of(), true, new Generator(0)));
        assertTrue(e.getMessage().contains("kernel_size"), e.getMessage());
    }

    @Test void batchNormTrainsRunningStatsAndEvalUsesThem() {
        Generator g = new Generator(5);
        try (BatchNorm3d bn = new BatchNorm3d(3); Scope s = Scope.open();
             Tensor rm = Scope.release(Tensor.zeros(3)); Tensor rv = Scope.release(Tensor.ones(3))) {
            assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
            assertEquals(0, bn.numBatchesTracked().dim(), "num_batches_tracked is an int64 scalar");
            assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
            assertEquals("BatchNorm3d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.toString());
            bn.weight().data().copy_(Tensor.of(new float[]{1.5f, 0.5f, 2f}, 3));
            Variable x = Variable.of(Tensor.randn(g, 2, 3, 4, 4, 4).mul(2).add(1));
            Variable y = bn.forward(x);
            Variable ref = NormOps.batchNorm(x, rm, rv, bn.weight(), bn.bias(), true, 0.1, 1e-5);
            assertClose(ref.data(), y.data(), 1e-6);
            assertClose(rm, bn.runningMean(), 1e-6);
            assertClose(rv, bn.runningVar(), 1e-6);
            assertEquals(1L, bn.numBatchesTracked().item());
            bn.eval();
            assertClose(NormOps.batchNorm(x, rm, rv, bn.weight(), bn.bias(), false, 0.1, 1e-5).data(), bn.forward(x).data(), 1e-6);
            assertEquals(1L, bn.numBatchesTracked().item(), "eval does not count");
            var e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Variable.of(Tensor.zeros(2, 4, 2, 2, 2))));
            assertTrue(e.getMessage().contains("BatchNorm3d(3)") && e.getMessage().contains("[2, 4, 2, 2, 2]"), e.getMessage());
        }
        try (BatchNorm1d flat = new BatchNorm1d(4); Scope s = Scope.open()) {
            assertArrayEquals(new long[]{5, 4}, flat.forward(Variable.of(Tensor.randn(g, 5, 4))).shape(), "BatchNorm1d takes (N, C)");
        }
    }

    @Test void instanceNormHasNoStateByDefaultAndIsTheOp() {
        Generator g = new Generator(6);
        try (InstanceNorm2d in = new InstanceNorm2d(3); InstanceNorm3d aff = new InstanceNorm3d(2, 1e-5, 0.1, true, false);
             InstanceNorm1d tracked = new InstanceNorm1d(2, 1e-5, 0.1, false, true); Scope s = Scope.open()) {
            assertTrue(in.stateDict().isEmpty(), "PyTorch's InstanceNorm default: affine=False, track_running_stats=False");
            assertEquals(List.of("weight", "bias"), List.copyOf(aff.stateDict().keySet()));
            assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(tracked.stateDict().keySet()));
            Variable x = Variable.of(Tensor.randn(g, 2, 3, 5, 5));
            assertClose(NormOps.instanceNorm(x).data(), in.forward(x).data(), 1e-6);
            in.eval();
            assertClose(NormOps.instanceNorm(x).data(), in.forward(x).data(), 1e-6);
            assertArrayEquals(new long[]{3, 5, 5}, in.forward(Variable.of(Tensor.randn(g, 3, 5, 5))).shape(), "unbatched");
            tracked.forward(Variable.of(Tensor.randn(g, 2, 2, 8).add(3)));
            assertEquals(0L, tracked.numBatchesTracked().item(), "PyTorch's instance norm does not count batches");
            assertTrue(tracked.runningMean().toFloatArray()[0] > 0.1f, "running mean moved towards 3");
        }
    }

    @Test void activations() {
        try (PReLU p = new PReLU(); PReLU pc = new PReLU(2, 0.1); Scope s = Scope.open()) {
            assertEquals(List.of("weight"), List.copyOf(p.stateDict().keySet()));
            assertArrayEquals(new float[]{0.25f}, p.weight().data().toFloatArray());
            assertEquals("PReLU(num_parameters=1)", p.toString());
            Variable x = Variable.of(Tensor.of(new float[]{-2, 0, 3, -4}, 1, 2, 2));
            assertArrayEquals(new float[]{-0.5f, 0, 3, -1}, p.forward(x).data().toFloatArray());
            pc.weight().data().copy_(Tensor.of(new float[]{0.1f, 0.5f}, 2));
            assertArrayEquals(new float[]{-0.2f, 0, 3, -2}, pc.forward(x).data().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[]{0, 0, 3, 0}, new ReLU().forward(x).data().toFloatArray());
            assertArrayEquals(new float[]{-0.2f, 0, 3, -0.4f}, new LeakyReLU(0.1).forward(x).data().toFloatArray(), 1e-6f);
            assertEquals(0.01, new LeakyReLU().negativeSlope());
            var e = assertThrows(IllegalArgumentException.class, () -> pc.forward(Variable.of(Tensor.zeros(1, 3, 2))));
            assertTrue(e.getMessage().contains("PReLU") && e.getMessage().contains("[1, 3, 2]"), e.getMessage());
        }
    }

    @Test void preluGradientsAgainstFiniteDifferencesAndTheSlopeFormula() {
        Generator g = new Generator(8);
        try (PReLU pc = toFloat64(new PReLU(3, 0.3)); Scope s = Scope.open()) {
            pc.weight().data().copy_(Tensor.of(new double[]{0.1, -0.2, 0.7}, 3));
            GradCheck.check("PReLU(3) d/dx", v -> pc.forward(v[0]), Tensor.randn(g, 2, 3, 4).to(DType.FLOAT64));
            // d sum(prelu(x)) / d a_c = sum over channel c of min(0, x)
            Tensor x = Tensor.randn(g, 2, 3, 4).to(DType.FLOAT64);
            pc.zeroGrad();   // GradCheck's backward reached the slope too
            pc.forward(Variable.of(x)).sum().backward();
            double[] xv = x.toDoubleArray(), want = new double[3];
            for (int i = 0; i < xv.length; i++) want[(i / 4) % 3] += Math.min(0, xv[i]);
            assertArrayEquals(want, pc.weight().grad().toDoubleArray(), 1e-12);
        }
    }

    @Test void dropoutFollowsModeAndGenerator() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.of(Tensor.ones(2, 4, 3, 3, 3));
            Dropout d = new Dropout(0.5).generator(new Generator(1));
            d.eval();
            assertSame(x, d.forward(x), "eval passes the input through");
            assertSame(x, new Dropout(0.0).forward(x), "p = 0 passes the input through");
            assertEquals("Dropout(p=0.0, inplace=False)", new Dropout(0.0).toString());
            float[] a = new Dropout3d(0.5).generator(new Generator(9)).forward(x).data().toFloatArray();
            float[] b = new Dropout3d(0.5).generator(new Generator(9)).forward(x).data().toFloatArray();
            assertArrayEquals(a, b, "same seed, same mask");
            for (int ch = 0; ch < 8; ch++)   // whole channels: all 0 or all 2
                for (int i = 1; i < 27; i++) assertEquals(a[ch * 27], a[ch * 27 + i]);
            assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        }
    }

    @Test void sequentialNamesChildrenByPositionOrName() {
        try (Sequential s = new Sequential(new Conv2d(1, 2, 3), new PReLU());
             Sequential named = new Sequential().add("conv", new Conv2d(1, 2, 3)).add("act", new ReLU()).add(new Identity());
             Scope sc = Scope.open()) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight"), List.copyOf(s.stateDict().keySet()));
            assertEquals(List.of("", "conv", "act", "2"), List.copyOf(named.namedModules().keySet()));
            Variable x = Variable.of(Tensor.randn(new Generator(2), 1, 1, 5, 5));
            Conv2d c = (Conv2d) named.get(0);
            assertClose(c.forward(x).relu().data(), named.forward(x).data(), 0);
            try (var ng = GradMode.noGrad()) {
                assertEquals(3, named.size());
            }
        }
    }

    @Test void skipConnectionCatsInputFirst() {
        try (SkipConnection s = new SkipConnection(new Conv2d(2, 3, 1)); Scope sc = Scope.open()) {
            assertEquals(List.of("submodule.weight", "submodule.bias"), List.copyOf(s.stateDict().keySet()));
            Variable x = Variable.of(Tensor.randn(new Generator(4), 1, 2, 3, 3));
            Variable y = s.forward(x);
            assertArrayEquals(new long[]{1, 5, 3, 3}, y.shape());
            assertClose(x.data(), y.data().narrow(1, 0, 2), 0);
            assertThrows(IllegalArgumentException.class, () -> new SkipConnection(new Identity(), 1, "concat"));
        }
    }
}
