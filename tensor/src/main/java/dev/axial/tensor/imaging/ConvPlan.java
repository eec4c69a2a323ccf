package dev.axial.tensor.imaging;

import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.ConvParams;

/**
 * A validated convolution in the backend's terms: the convolution's input x (N, C, in...), its weight
 * (K, C/groups, k...) and output y (N, K, out...), all batched, plus the symmetric padding the backend applies
 * and the extra right-side padding ({@code padding="same"} with an even dilated kernel) the frontend applies.
 * A transposed convolution is planned as the convolution whose backward-data it is: its output is x, its input y.
 */
record ConvPlan(String op, boolean batched, long[] x, long[] w, long[] y, int[] extra, ConvParams params) {

    int rank() { return params.rank(); }

    boolean padsExtra() {
        for (int e : extra) if (e != 0) return true;
        return false;
    }

    /** x's shape with the extra padding. */
    long[] xPadded() {
        long[] s = x.clone();
        for (int i = 0; i < extra.length; i++) s[2 + i] += extra[i];
        return s;
    }

    /**
     * conv{rank}d: x (input, batched or not), weight (K, C/groups, k...). {@code operands} only name the tensors in
     * error messages.
     */
    static ConvPlan conv(String op, long[] input, long[] weight, ConvOptions o, Tensor... operands) {
        int r = weight.length - 2;
        if (r < 1 || r > 3) throw TensorException.of(op, "weight must have 3 to 5 dims, got shape " + Shapes.str(weight), operands);
        boolean batched = batchedRank(op, input, r, operands);
        long[] x = batched ? input.clone() : prepend(input);
        int[] stride = opt(op, () -> o.strides(r), operands), dil = opt(op, () -> o.dilations(r), operands);
        int[] pad = opt(op, () -> o.paddings(r), operands);
        int groups = o.groups();
        checkCommon(op, stride, dil, pad, groups, operands);
        long c = x[1], k = weight[0];
        if (c % groups != 0) throw TensorException.of(op, "input channels " + c + " not divisible by groups " + groups, operands);
        if (k % groups != 0) throw TensorException.of(op, "output channels " + k + " not divisible by groups " + groups, operands);
        if (weight[1] * groups != c)
            throw TensorException.of(op, "weight " + Shapes.str(weight) + " with groups " + groups + " expects " + weight[1] * groups
                    + " input channels, but the input " + Shapes.str(input) + " has " + c, operands);
        int[] extra = new int[r];
        if ("same".equals(o.paddingMode())) {
            for (int s : stride)
                if (s != 1) throw TensorException.of(op, "padding=\"same\" is not supported for strided convolutions", operands);
            for (int i = 0; i < r; i++) {
                long total = dil[i] * (weight[2 + i] - 1);
                pad[i] = (int) (total / 2);
                extra[i] = (int) (total - 2 * pad[i]);
            }
        }
        long[] y = new long[r + 2];
        y[0] = x[0];
        y[1] = k;
        for (int i = 0; i < r; i++) {
            long padded = x[2 + i] + 2L * pad[i] + extra[i], eff = dil[i] * (weight[2 + i] - 1) + 1;
            if (weight[2 + i] < 1) throw TensorException.of(op, "kernel size must be positive, got weight " + Shapes.str(weight), operands);
            if (padded < eff)
                throw TensorException.of(op, "kernel size (dilated) " + eff + " is larger than the padded input size " + padded
                        + " in spatial dim " + i + " (input " + Shapes.str(input) + ", weight " + Shapes.str(weight) + ")", operands);
            y[2 + i] = (padded - eff) / stride[i] + 1;
        }
        return new ConvPlan(op, batched, x, weight.clone(), y, extra, new ConvParams(pad, stride, dil, groups));
    }

    /** convTranspose{rank}d: input (N, Cin, in...) (batched or not), weight (Cin, Cout/groups, k...). */
    static ConvPlan transposed(String op, long[] input, long[] weight, ConvOptions o, Tensor... operands) {
        int r = weight.length - 2;
        if (r < 1 || r > 3) throw TensorException.of(op, "weight must have 3 to 5 dims, got shape " + Shapes.str(weight), operands);
        if (o.paddingMode() != null) throw TensorException.of(op, "string padding (\"" + o.paddingMode() + "\") is not supported for transposed convolution", operands);
        boolean batched = batchedRank(op, input, r, operands);
        long[] in = batched ? input.clone() : prepend(input);
        int[] stride = opt(op, () -> o.strides(r), operands), dil = opt(op, () -> o.dilations(r), operands);
        int[] pad = opt(op, () -> o.paddings(r), operands), outPad = opt(op, () -> o.outputPaddings(r), operands);
        int groups = o.groups();
        checkCommon(op, stride, dil, pad, groups, operands);
        long cin = in[1];
        if (weight[0] != cin)
            throw TensorException.of(op, "weight " + Shapes.str(weight) + " expects " + weight[0] + " input channels, but the input "
                    + Shapes.str(input) + " has " + cin, operands);
        if (cin % groups != 0) throw TensorException.of(op, "input channels " + cin + " not divisible by groups " + groups, operands);
        long[] out = new long[r + 2];
        out[0] = in[0];
        out[1] = weight[1] * groups;
        for (int i = 0; i < r; i++) {
            if (outPad[i] < 0 || outPad[i] >= stride[i] && outPad[i] >= dil[i])
                throw TensorException.of(op, "output padding " + outPad[i] + " must be smaller than either stride " + stride[i]
                        + " or dilation " + dil[i], operands);
            out[2 + i] = (in[2 + i] - 1) * stride[i] - 2L * pad[i] + (long) dil[i] * (weight[2 + i] - 1) + outPad[i] + 1;
            if (out[2 + i] < 1 || weight[2 + i] < 1)
                throw TensorException.of(op, "output size " + out[2 + i] + " in spatial dim " + i + " is not positive (input "
                        + Shapes.str(input) + ", weight " + Shapes.str(weight) + ")", operands);
        }
        return new ConvPlan(op, batched, out, weight.clone(), in, new int[r], new ConvParams(pad, stride, dil, groups));
    }

    private static boolean batchedRank(String op, long[] input, int r, Tensor... operands) {
        if (input.length == r + 2) return true;
        if (input.length == r + 1) return false;
        throw TensorException.of(op, "expected a " + (r + 1) + "-D (unbatched) or " + (r + 2) + "-D (batched) input for a "
                + (r + 2) + "-D weight, got input shape " + Shapes.str(input), operands);
    }

    private static void checkCommon(String op, int[] stride, int[] dil, int[] pad, int groups, Tensor... operands) {
        for (int i = 0; i < stride.length; i++) {
            if (stride[i] < 1) throw TensorException.of(op, "stride must be positive, got " + stride[i], operands);
            if (dil[i] < 1) throw TensorException.of(op, "dilation must be positive, got " + dil[i], operands);
            if (pad[i] < 0) throw TensorException.of(op, "padding must be non-negative, got " + pad[i], operands);
        }
        if (groups < 1) throw TensorException.of(op, "groups must be positive, got " + groups, operands);
    }

    private static int[] opt(String op, java.util.function.Supplier<int[]> f, Tensor... operands) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            throw TensorException.of(op, e.getMessage(), operands);
        }
    }

    private static long[] prepend(long[] s) {
        long[] b = new long[s.length + 1];
        b[0] = 1;
        System.arraycopy(s, 0, b, 1, s.length);
        return b;
    }
}
