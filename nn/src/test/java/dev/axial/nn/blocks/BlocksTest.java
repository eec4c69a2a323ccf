package dev.axial.nn.blocks;

import dev.axial.autograd.GradCheck;
import dev.axial.autograd.Variable;
import dev.axial.nn.Module;
import dev.axial.nn.layers.Conv3d;
import dev.axial.nn.layers.ConvNd;
import dev.axial.nn.layers.Identity;
import dev.axial.nn.layers.factories.LayerSpec;
import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** MONAI's ADN, Convolution and ResidualUnit: children, keys, paddings, residual paths, forward composition. */
class BlocksTest {
    @Test void adnOrderAndDefaults() {
        try (ADN adn = ADN.builder().inChannels(4).norm(LayerSpec.of("batch")).normDim(2).dropout(0.1).ordering("ADN").build();
             ADN plain = ADN.builder().build()) {
            assertEquals(List.of("A", "D", "N"), List.copyOf(adn.namedChildren().keySet()));
            assertEquals(List.of("A"), List.copyOf(plain.namedChildren().keySet()), "MONAI's ADN default: relu only");
            assertEquals("ReLU", plain.get(0).getClass().getSimpleName());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> ADN.builder().norm(LayerSpec.of("batch")).build());
        assertTrue(e.getMessage().contains("norm_dim"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ADN.builder().ordering("NAX").build());
        assertTrue(e.getMessage().contains("X"), e.getMessage());
    }

    @Test void convolutionKeysPaddingAndTransposedShape() {
        try (Convolution c = Convolution.builder(3, 1, 4).strides(2).norm("batch").build();
             Convolution t = Convolution.builder(2, 4, 2).strides(2).isTransposed(true).build();
             Convolution only = Convolution.builder(2, 4, 2).convOnly(true).build();
             Convolution bare = Convolution.builder(2, 4, 2).act((LayerSpec) null).norm((LayerSpec) null).build();
             Convolution dil = Convolution.builder(1, 2, 2).kernelSize(3).dilation(2).build();
             Scope s = Scope.open()) {
            assertEquals(List.of("conv.weight", "conv.bias", "adn.N.weight", "adn.N.bias", "adn.N.running_mean", "adn.N.running_var",
                    "adn.N.num_batches_tracked", "adn.A.weight"), List.copyOf(c.stateDict().keySet()));
            Generator g = new Generator(1);
            assertArrayEquals(new long[]{2, 4, 4, 4, 4}, c.forward(Variable.of(Tensor.randn(g, 2, 1, 8, 8, 8))).shape());
            assertArrayEquals(new long[]{1, 2, 10, 12}, t.forward(Variable.of(Tensor.randn(g, 1, 4, 5, 6))).shape(), "x2 with output padding 1");
            assertEquals(List.of("conv"), List.copyOf(only.namedChildren().keySet()));
            assertEquals(List.of("conv"), List.copyOf(bare.namedChildren().keySet()), "no act, norm or dropout: no adn");
            assertArrayEquals(new int[]{2}, dil.conv().options().paddings(1), "same padding (k - 1) * d / 2");
            assertArrayEquals(new long[]{1, 2, 9}, dil.forward(Variable.of(Tensor.randn(g, 1, 2, 9))).shape());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Convolution.builder(2, 1, 1).kernelSize(4).build());
        assertTrue(e.getMessage().contains("Same padding"), e.getMessage());
    }

    @Test void residualUnitPathsAndForward() {
        try (ResidualUnit down = ResidualUnit.builder(3, 2, 4).strides(2).build();
             ResidualUnit widen = ResidualUnit.builder(3, 2, 4).build();
             ResidualUnit same = ResidualUnit.builder(3, 4, 4).subunits(3).lastConvOnly(true).build();
             Scope s = Scope.open()) {
            assertEquals(List.of("conv.unit0.conv.weight", "conv.unit0.conv.bias", "conv.unit0.adn.A.weight", "conv.unit1.conv.weight",
                    "conv.unit1.conv.bias", "conv.unit1.adn.A.weight", "residual.weight", "residual.bias"), List.copyOf(down.stateDict().keySet()));
            ConvNd r = (ConvNd) down.namedChildren().get("residual");
            assertArrayEquals(new int[]{3, 3, 3}, r.kernelSize());
            assertArrayEquals(new int[]{2, 2, 2}, r.options().strides(3));
            ConvNd r1 = (ConvNd) widen.namedChildren().get("residual");
            assertArrayEquals(new int[]{1, 1, 1}, r1.kernelSize(), "channels only: 1x1");
            assertArrayEquals(new int[]{0, 0, 0}, r1.options().paddings(3));
            assertInstanceOf(Identity.class, same.namedChildren().get("residual"));
            Module last = same.namedModules().get("conv.unit2");
            assertEquals(List.of("conv"), List.copyOf(last.namedChildren().keySet()), "last_conv_only");
            Generator g = new Generator(2);
            Variable x = Variable.of(Tensor.randn(g, 1, 2, 6, 6, 6));
            Module conv = down.namedChildren().get("conv");
            Variable want = conv.forward(x).add(r.forward(x));
            assertArrayEquals(want.data().toFloatArray(), down.forward(x).data().toFloatArray(), 0f);
        }
    }

    @Test void residualUnitGradientAgainstFiniteDifferences() {
        Generator g = new Generator(3);
        try (ResidualUnit ru = ResidualUnit.builder(2, 2, 3).strides(2).act(LayerSpec.of("prelu", Map.of("init", 0.3)))
                .norm(LayerSpec.of("instance", Map.of("affine", true))).generator(g).build()) {
            for (Variable p : ru.parameters()) {
                Tensor old = p.data();
                p.setData(Scope.release(old.to(DType.FLOAT64)));
                old.close();
            }
            GradCheck.check("ResidualUnit d/dx", v -> ru.forward(v[0]), Tensor.randn(g, 1, 2, 6, 6).to(DType.FLOAT64));
        }
    }
}
