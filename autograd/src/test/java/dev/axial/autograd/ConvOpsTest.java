package dev.axial.autograd;

import dev.axial.autograd.ops.ConvOps;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** gradcheck of the differentiable convolutions (1/2/3-D, transposed, groups, stride, dilation, "same", unbatched, non-contiguous). */
class ConvOpsTest {
    @Test
    void convGradcheck() {
        Generator g = new Generator(31);
        try (Scope s = Scope.open()) {
            ConvOptions o = ConvOptions.of().stride(2).padding(1).dilation(1, 2);
            GradCheck.check("conv2d stride dil", v -> ConvOps.conv2d(v[0], v[1], v[2], o),
                    Tensor.randn(g, 2, 4, 5, 6), Tensor.randn(g, 6, 4, 3, 2), Tensor.randn(g, 6));
            ConvOptions grp = ConvOptions.of().groups(2).padding(1);
            GradCheck.check("conv1d groups, non-contiguous input", v -> ConvOps.conv1d(v[0].transpose(1, 2), v[1], v[2], grp),
                    Tensor.randn(g, 2, 7, 4), Tensor.randn(g, 4, 2, 3), Tensor.randn(g, 4));
            GradCheck.check("conv3d same even kernel, no bias", v -> ConvOps.conv3d(v[0], v[1], null, ConvOptions.of().padding("same")),
                    Tensor.randn(g, 1, 2, 3, 4, 3), Tensor.randn(g, 3, 2, 2, 3, 2));
            GradCheck.check("conv2d unbatched depthwise", v -> ConvOps.conv2d(v[0], v[1], v[2], ConvOptions.of().groups(3)),
                    Tensor.randn(g, 3, 4, 5), Tensor.randn(g, 3, 1, 2, 2), Tensor.randn(g, 3));
        }
    }

    @Test
    void convTransposeGradcheck() {
        Generator g = new Generator(32);
        try (Scope s = Scope.open()) {
            ConvOptions o = ConvOptions.of().stride(2).padding(1).outputPadding(1);
            GradCheck.check("convTranspose2d output padding", v -> ConvOps.convTranspose2d(v[0], v[1], v[2], o),
                    Tensor.randn(g, 2, 4, 3, 3), Tensor.randn(g, 4, 3, 3, 3), Tensor.randn(g, 3));
            GradCheck.check("convTranspose1d groups", v -> ConvOps.convTranspose1d(v[0], v[1], v[2], ConvOptions.of().groups(2).dilation(2)),
                    Tensor.randn(g, 1, 4, 5), Tensor.randn(g, 4, 3, 3), Tensor.randn(g, 6));
            GradCheck.check("convTranspose3d", v -> ConvOps.convTranspose3d(v[0], v[1], null, ConvOptions.of().stride(2)),
                    Tensor.randn(g, 1, 2, 2, 3, 2), Tensor.randn(g, 2, 2, 2, 2, 2));
        }
    }

    @Test
    void frozenWeightAndBadInput() {
        Generator g = new Generator(33);
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.randn(g, 1, 2, 5, 5));
            Variable w = Variable.of(Tensor.randn(g, 3, 2, 3, 3));
            ConvOps.conv2d(x, w).sum().backward();
            assertArrayEquals(x.shape(), x.grad().shape());
            assertNull(w.grad());
            assertThrows(dev.axial.tensor.TensorException.class, () -> ConvOps.conv2d(x, Variable.of(Tensor.randn(g, 3, 3, 3, 3))));
            x.close();
        }
    }
}
