package dev.axial.autograd;

import dev.axial.autograd.ops.InterpolateOps;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.imaging.InterpolateOptions;
import dev.axial.tensor.imaging.InterpolationMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** gradcheck of interpolate on Variables: every mode, align_corners both ways, size and scale factor, strided input. */
class InterpolateOpsTest {
    @Test
    void everyModeAndAlignCorners() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(41);
            Tensor[] inputs = {Tensor.randn(g, 2, 2, 5), Tensor.randn(g, 1, 2, 4, 3), Tensor.randn(g, 1, 1, 3, 2, 3)};
            for (InterpolationMode m : InterpolationMode.values()) {
                int k = m.spatialDims() == 0 ? 2 : m.spatialDims();
                Tensor x = inputs[k - 1];
                for (Boolean ac : m.takesAlignCorners() ? new Boolean[]{false, true} : new Boolean[]{null}) {
                    InterpolateOptions up = InterpolateOptions.of().mode(m).alignCorners(ac).scaleFactor(1.7);
                    InterpolateOptions dn = InterpolateOptions.of().mode(m).alignCorners(ac).size(2);
                    GradCheck.check("interpolate " + m + " ac=" + ac + " x1.7", v -> InterpolateOps.interpolate(v[0], up), x);
                    GradCheck.check("interpolate " + m + " ac=" + ac + " to 2", v -> InterpolateOps.interpolate(v[0], dn), x);
                }
            }
        }
    }

    @Test
    void stridedInputAndShortcuts() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(42);
            GradCheck.check("trilinear strided", v -> InterpolateOps.interpolate(v[0].transpose(2, 4), 2, "trilinear"), Tensor.randn(g, 1, 2, 3, 2, 2));
            GradCheck.check("bilinear to size", v -> InterpolateOps.interpolate(v[0], new long[]{5, 3}, "bilinear"), Tensor.randn(g, 2, 1, 3, 4));
        }
    }

    @Test
    void badInputNamesOpAndShapes() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(1, 2, 3, 3));
            TensorException e = assertThrows(TensorException.class, () -> InterpolateOps.interpolate(x, 2, "trilinear"));
            assertTrue(e.getMessage().contains("interpolate") && e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
        }
    }
}
