package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

/** softmax and log_softmax, forward and input gradient, against PyTorch (tools/fixtures/gen_softmax.py), in float32. */
class SoftmaxFixtureTest {
    @Test void matchesPyTorch() {
        Fixtures fx = Fixtures.load("softmax");
        try (Scope s = Scope.open()) {
            Tensor x = fx.float32("x", Device.CPU), gy = fx.float32("grad_out", Device.CPU);
            for (String name : new String[]{"softmax", "log_softmax"}) {
                BiFunction<Variable, Integer, Variable> op = name.equals("softmax") ? Variable::softmax : Variable::logSoftmax;
                for (int dim : new int[]{0, 1, -1}) {
                    String key = name + ".dim" + dim;
                    Variable v = Variable.param(x.copy());
                    Variable y = op.apply(v, dim);
                    assertEquals(DType.FLOAT32, y.dtype());
                    y.backward(gy);
                    assertClose(key + ".out", fx.values(key + ".out"), y.data());
                    assertClose(key + ".grad", fx.values(key + ".grad"), v.grad());
                    v.close();
                }
            }
        }
    }

    private static void assertClose(String what, double[] want, Tensor got) {
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, what + " numel");
        for (int i = 0; i < g.length; i++)
            assertEquals(want[i], g[i], 1e-5 + 1e-5 * Math.abs(want[i]), what + " element " + i);
    }
}
