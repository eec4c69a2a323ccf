package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Forward outputs and input/weight/bias gradients against PyTorch 1.13 (tools/fixtures/gen_conv.py), float32. */
class ConvFixtureTest {
    private static final Fixtures FX = Fixtures.load("conv");

    /** The cases of gen_conv.py with their options; names starting "convT" are transposed. */
    private static final Map<String, ConvOptions> CASES = new LinkedHashMap<>();

    static {
        ConvOptions o = ConvOptions.of();
        CASES.put("conv2d_basic", o.padding(1));
        CASES.put("conv2d_stride_dil", o.stride(2, 1).padding(1, 0).dilation(2, 1));
        CASES.put("conv2d_groups", o.groups(2).stride(2).padding(1));
        CASES.put("conv2d_depthwise", o.groups(3).padding(1));
        CASES.put("conv2d_same_even", o.padding("same").dilation(1, 2));
        CASES.put("conv1d_stride", o.stride(2).padding(2).dilation(2));
        CASES.put("conv3d_unet_down", o.stride(2).padding(1));
        CASES.put("conv3d_groups_dil", o.groups(2).dilation(1, 2, 1).padding(1, 2, 0));
        CASES.put("convT2d_outpad", o.stride(2).padding(1).outputPadding(1));
        CASES.put("convT2d_groups", o.groups(2).stride(1, 2).dilation(2, 1));
        CASES.put("convT1d", o.stride(3).padding(1).outputPadding(2));
        CASES.put("convT3d_unet_up", o.stride(2));
        CASES.put("convT3d_outpad", o.stride(2).padding(1).outputPadding(1, 0, 1));
    }

    static Iterable<String> cases() { return CASES.keySet(); }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesPyTorch(String name) {
        ConvOptions o = CASES.get(name);
        boolean transposed = name.startsWith("convT");
        Device dev = Device.CPU;
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor(name + ".x", dev), w = FX.tensor(name + ".w", dev), b = FX.tensor(name + ".b", dev);
            Tensor g = FX.tensor(name + ".g", dev);
            int rank = x.dim() - 2;
            Tensor y = transposed ? ConvTest.convT(rank, x, w, b, o) : ConvTest.conv(rank, x, w, b, o);
            assertArrayEquals(FX.shape(name + ".y"), y.shape(), name);
            close(name + ".y", y);
            Tensor dx = transposed ? Convolution.convTransposeBackwardInput(g, w, x.shape(), o) : Convolution.convBackwardInput(g, w, x.shape(), o);
            Tensor dw = transposed ? Convolution.convTransposeBackwardWeight(g, x, w.shape(), o) : Convolution.convBackwardWeight(g, x, w.shape(), o);
            close(name + ".dx", dx);
            close(name + ".dw", dw);
            close(name + ".db", Convolution.convBackwardBias(g));
        }
    }

    private static void close(String key, Tensor actual) {
        Conformance.assertClose(FX.values(key), actual.toDoubleArray(), 1e-4, 1e-4, key);
    }
}
