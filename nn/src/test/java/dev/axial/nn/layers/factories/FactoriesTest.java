package dev.axial.nn.layers.factories;

import dev.axial.nn.Module;
import dev.axial.nn.layers.BatchNorm2d;
import dev.axial.nn.layers.ConvNd;
import dev.axial.nn.layers.ConvTranspose1d;
import dev.axial.nn.layers.Dropout2d;
import dev.axial.nn.layers.Dropout3d;
import dev.axial.nn.layers.InstanceNorm3d;
import dev.axial.nn.layers.LeakyReLU;
import dev.axial.nn.layers.NormBase;
import dev.axial.nn.layers.PReLU;
import dev.axial.nn.layers.ReLU;
import dev.axial.tensor.Generator;
import dev.axial.tensor.imaging.ConvOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** MONAI's layer factories: names (any case), spatial dims, keyword arguments with PyTorch's defaults, bad names. */
class FactoriesTest {
    @Test void actByNameAndTupleForm() {
        try (Module p = Act.layer(LayerSpec.of("PRELU", Map.of("init", 0.2)))) {
            assertInstanceOf(PReLU.class, p);
            assertArrayEquals(new float[]{0.2f}, ((PReLU) p).weight().data().toFloatArray());
        }
        try (Module p = Act.layer(LayerSpec.of("prelu", Map.of("num_parameters", 4)))) {
            assertArrayEquals(new float[]{0.25f, 0.25f, 0.25f, 0.25f}, ((PReLU) p).weight().data().toFloatArray());
        }
        assertInstanceOf(ReLU.class, Act.layer(LayerSpec.of("relu", Map.of("inplace", true))));
        assertEquals(0.01, ((LeakyReLU) Act.layer("LeakyReLU")).negativeSlope());
        assertEquals(0.2, ((LeakyReLU) Act.layer(LayerSpec.of(Act.LEAKYRELU, Map.of("negative_slope", 0.2)))).negativeSlope());
        var e = assertThrows(IllegalArgumentException.class, () -> Act.layer(LayerSpec.of("prelu", Map.of("slope", 0.2))));
        assertTrue(e.getMessage().contains("slope") && e.getMessage().contains("init"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Act.layer("mish"));
        assertTrue(e.getMessage().contains("mish"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Act.layer(LayerSpec.of("prelu", Map.of("init", "big"))));
        assertTrue(e.getMessage().contains("init"), e.getMessage());
    }

    @Test void normBySpatialDimsWithPyTorchDefaults() {
        try (NormBase in = Norm.layer(LayerSpec.of(Norm.INSTANCE), 3, 8); NormBase bn = Norm.layer(LayerSpec.of("BATCH"), 2, 4);
             NormBase ia = Norm.layer(LayerSpec.of("instance", Map.of("affine", true, "eps", 1e-3)), 3, 8)) {
            assertInstanceOf(InstanceNorm3d.class, in);
            assertFalse(in.affine());
            assertFalse(in.trackRunningStats());
            assertInstanceOf(BatchNorm2d.class, bn);
            assertTrue(bn.affine() && bn.trackRunningStats());
            assertEquals(4, bn.numFeatures());
            assertTrue(ia.affine());
            assertEquals(1e-3, ia.eps());
            assertEquals(8, ia.numFeatures());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Norm.layer(LayerSpec.of("group"), 3, 8));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Norm.layer(LayerSpec.of("batch"), 4, 8));
    }

    @Test void convAndDropoutBySpatialDims() {
        try (ConvNd c = Conv.layer(Conv.CONVTRANS, 1, 4, 2, new int[]{3}, ConvOptions.of(), true, new Generator(0))) {
            assertInstanceOf(ConvTranspose1d.class, c);
            assertArrayEquals(new long[]{4, 2, 3}, c.weight().shape());
        }
        Generator g = new Generator(0);
        assertEquals(dev.axial.nn.layers.Dropout.class, Dropout.layer(LayerSpec.dropout(0.1), 1, g).getClass(),
                "MONAI's dropout_dim 1 is nn.Dropout, element-wise");
        assertInstanceOf(Dropout2d.class, Dropout.layer(LayerSpec.of("dropout"), 2, g));
        assertEquals(0.5, Dropout.layer(LayerSpec.of("DROPOUT"), 3, g).p());
        assertInstanceOf(Dropout3d.class, Dropout.layer(LayerSpec.dropout(0.2), 3, g));
        assertThrows(IllegalArgumentException.class, () -> Conv.layer("deconv", 2, 1, 1, new int[]{3}, ConvOptions.of(), true, g));
        assertThrows(IllegalArgumentException.class, () -> Dropout.layer(LayerSpec.dropout(0.2), 4, g));
    }
}
