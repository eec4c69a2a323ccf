package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** softmax and logSoftmax against a float64 reference, with large and infinite inputs. */
class SoftmaxTest {
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void softmaxMatchesReferenceAlongEveryDim(Device dev) {
        Random r = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            long[] shape = ReductionRef.shape(r);
            for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                try (Scope s = Scope.open()) {
                    double[] v = ReductionRef.values(r, t, (int) Shapes.numel(shape));
                    for (int i = 0; i < v.length; i++) v[i] *= 20;   // spread, so max-subtraction matters in float16
                    v = Conformance.roundTo(t, v);
                    Tensor x = ReductionRef.view(r, dev, t, v, shape);
                    int d = shape.length == 0 ? 0 : r.nextInt(shape.length);
                    int dimArg = r.nextBoolean() || shape.length == 0 ? d : d - shape.length;
                    Tensor sm = x.softmax(dimArg), lsm = x.logSoftmax(dimArg);
                    assertEquals(t, sm.dtype());
                    assertArrayEquals(shape, sm.shape());
                    int[][] groups = ReductionRef.groups(shape, shape.length == 0 ? new int[0] : new int[]{d});
                    double[] es = new double[v.length], el = new double[v.length];
                    for (int[] g : groups) {
                        double[] vals = ReductionRef.pick(v, g);
                        double lse = ReductionRef.logsumexp(vals);
                        for (int k = 0; k < g.length; k++) {
                            el[g[k]] = vals[k] - lse;
                            es[g[k]] = Math.exp(vals[k] - lse);
                        }
                    }
                    double tol = Conformance.tol(t) * 4;
                    String what = t + Shapes.str(shape) + " dim " + dimArg;
                    Conformance.assertClose(Conformance.roundTo(t, es), sm.toDoubleArray(), tol, tol, what);
                    Conformance.assertClose(Conformance.roundTo(t, el), lsm.toDoubleArray(), tol, tol * 20, what);
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void stableForHugeInputsAndInfinities(Device dev) {
        try (Scope s = Scope.open()) {
            double inf = Double.POSITIVE_INFINITY;
            Tensor x = Conformance.tensor(dev, DType.FLOAT32, new double[]{1000, 1001, 1002, -inf, 0, -inf}, 2, 3);
            double z = Math.exp(-2) + Math.exp(-1) + 1;
            Conformance.assertClose(new double[]{Math.exp(-2) / z, Math.exp(-1) / z, 1 / z, 0, 1, 0},
                    x.softmax(1).toDoubleArray(), 1e-6, 1e-7, "softmax");
            Conformance.assertClose(new double[]{-2 - Math.log(z), -1 - Math.log(z), -Math.log(z), -inf, 0, -inf},
                    x.logSoftmax(-1).toDoubleArray(), 1e-6, 1e-6, "logSoftmax");
            Tensor allInf = Conformance.tensor(dev, DType.FLOAT32, new double[]{-inf, -inf}, 2);
            assertTrue(Double.isNaN(allInf.softmax(0).toDoubleArray()[0]), "all -inf gives NaN, as PyTorch");
            Tensor i = Conformance.tensor(dev, DType.INT64, new double[]{1, 2}, 2);
            TensorException e = assertThrows(TensorException.class, () -> i.softmax(0));
            assertTrue(e.getMessage().startsWith("softmax:"), e.getMessage());
            assertEquals(DType.FLOAT64, i.softmax(0, DType.FLOAT64).dtype());
            e = assertThrows(TensorException.class, () -> x.logSoftmax(2));
            assertTrue(e.getMessage().startsWith("log_softmax: dim 2 out of range"), e.getMessage());
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(DType.FLOAT32, dev, 0, 3).softmax(1).shape());
        }
    }
}
