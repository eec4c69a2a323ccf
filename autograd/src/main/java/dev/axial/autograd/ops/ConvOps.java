package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of the convolutions (torch.nn.functional.conv1d/2d/3d, conv_transpose1d/2d/3d). A transposed
 * convolution's forward is a convolution's backward-data, so their formulas are each other's:
 * <ul>
 * <li>conv: d/dinput = convBackwardInput(g, w), d/dweight = convBackwardWeight(g, input), d/dbias = sum of g;</li>
 * <li>convTranspose: d/dinput = conv(g, w) (convTransposeBackwardInput), d/dweight = convTransposeBackwardWeight(g, input).</li>
 * </ul>
 * The bias may be null (no bias).
 *
 * <pre>{@code
 * Variable y = ConvOps.conv3d(x, w, b, ConvOptions.of().stride(2).padding(1));
 * }</pre>
 */
public final class ConvOps {
    private ConvOps() {}

    public static Variable conv1d(Variable input, Variable weight, Variable bias, ConvOptions o) { return conv("conv1d", 1, input, weight, bias, o); }

    public static Variable conv2d(Variable input, Variable weight, Variable bias, ConvOptions o) { return conv("conv2d", 2, input, weight, bias, o); }

    public static Variable conv3d(Variable input, Variable weight, Variable bias, ConvOptions o) { return conv("conv3d", 3, input, weight, bias, o); }

    public static Variable conv1d(Variable input, Variable weight) { return conv1d(input, weight, null, ConvOptions.of()); }

    public static Variable conv2d(Variable input, Variable weight) { return conv2d(input, weight, null, ConvOptions.of()); }

    public static Variable conv3d(Variable input, Variable weight) { return conv3d(input, weight, null, ConvOptions.of()); }

    public static Variable convTranspose1d(Variable input, Variable weight, Variable bias, ConvOptions o) {
        return convTranspose("convTranspose1d", 1, input, weight, bias, o);
    }

    public static Variable convTranspose2d(Variable input, Variable weight, Variable bias, ConvOptions o) {
        return convTranspose("convTranspose2d", 2, input, weight, bias, o);
    }

    public static Variable convTranspose3d(Variable input, Variable weight, Variable bias, ConvOptions o) {
        return convTranspose("convTranspose3d", 3, input, weight, bias, o);
    }

    private static Variable conv(String op, int rank, Variable input, Variable weight, Variable bias, ConvOptions o) {
        Tensor x = input.data(), w = weight.data(), b = bias == null ? null : bias.data();
        Tensor y = switch (rank) {
            case 1 -> Convolution.conv1d(x, w, b, o);
            case 2 -> Convolution.conv2d(x, w, b, o);
            default -> Convolution.conv3d(x, w, b, o);
        };
        return Graph.record(op, y, (g, need) -> grads(
                need[0] ? Convolution.convBackwardInput(g, w, x.shape(), o) : null,
                need[1] ? Convolution.convBackwardWeight(g, x, w.shape(), o) : null,
                need[2] ? Convolution.convBackwardBias(g, rank) : null), input, weight, bias);
    }

    private static Variable convTranspose(String op, int rank, Variable input, Variable weight, Variable bias, ConvOptions o) {
        Tensor x = input.data(), w = weight.data(), b = bias == null ? null : bias.data();
        Tensor y = switch (rank) {
            case 1 -> Convolution.convTranspose1d(x, w, b, o);
            case 2 -> Convolution.convTranspose2d(x, w, b, o);
            default -> Convolution.convTranspose3d(x, w, b, o);
        };
        return Graph.record(op, y, (g, need) -> grads(
                need[0] ? Convolution.convTransposeBackwardInput(g, w, x.shape(), o) : null,
                need[1] ? Convolution.convTransposeBackwardWeight(g, x, w.shape(), o) : null,
                need[2] ? Convolution.convBackwardBias(g, rank) : null), input, weight, bias);
    }
}
