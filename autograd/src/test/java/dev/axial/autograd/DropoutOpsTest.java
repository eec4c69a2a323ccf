package dev.axial.autograd;

import dev.axial.autograd.ops.DropoutOps;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** gradcheck of dropout with a fresh generator of one seed per call, so every call draws the same mask. */
class DropoutOpsTest {
    @Test
    void dropoutGradients() {
        Generator g = new Generator(31);
        try (Scope s = Scope.open()) {
            GradCheck.check("dropout", v -> DropoutOps.dropout(v[0].transpose(0, 1), 0.4, true, new Generator(5)), Tensor.randn(g, 4, 6));
            GradCheck.check("dropout2d", v -> DropoutOps.dropout2d(v[0], 0.5, true, new Generator(6)), Tensor.randn(g, 2, 4, 3, 2));
            GradCheck.check("dropout3d", v -> DropoutOps.dropout3d(v[0], 0.5, true, new Generator(7)), Tensor.randn(g, 2, 3, 2, 2, 2));
            GradCheck.check("dropout1d", v -> DropoutOps.dropout1d(v[0], 0.5, true, new Generator(8)), Tensor.randn(g, 3, 4));
            GradCheck.check("alphaDropout", v -> DropoutOps.alphaDropout(v[0], 0.3, true, new Generator(9)), Tensor.randn(g, 3, 5));
            GradCheck.check("dropout p=1", v -> DropoutOps.dropout(v[0], 1, true, new Generator(9)).add(v[0]), Tensor.randn(g, 3));
        }
    }

    @Test
    void channelMaskGradientIsTheMaskOnEveryVoxel() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.ones(1, 8, 2, 2));
            Variable y = DropoutOps.dropout2d(x, 0.5, true, new Generator(3));
            y.sum().backward();
            assertArrayEquals(y.data().toDoubleArray(), x.grad().toDoubleArray());
            assertSame(x, DropoutOps.dropout(x, 0.5, false, new Generator(3)));
            x.close();
        }
    }
}
