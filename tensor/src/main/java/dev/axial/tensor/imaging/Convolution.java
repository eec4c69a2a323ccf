package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * torch.nn.functional's convolutions: conv1d/2d/3d and convTranspose1d/2d/3d (stride, padding incl. "same" and
 * "valid", dilation, groups, output padding), with their backward passes as public statics for the autograd
 * module. Inputs are (N, C, spatial...) or unbatched (C, spatial...); float32 or float64; any strides.
 *
 * <pre>{@code
 * Tensor y = Convolution.conv3d(x, w, b, ConvOptions.of().stride(2).padding(1));   // (2,1,96,96,96) -> (2,16,48,48,48)
 * Tensor dx = Convolution.convBackwardInput(dy, w, x.shape(), ConvOptions.of().stride(2).padding(1));
 * }</pre>
 */
public final class Convolution {
    private Convolution() {}

    // ---- forward ---------------------------------------------------------------------------------

    public static Tensor conv1d(Tensor input, Tensor weight) { return conv1d(input, weight, null, ConvOptions.of()); }

    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) { return conv1d(input, weight, bias, ConvOptions.of()); }

    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, ConvOptions o) { return conv("conv1d", 1, input, weight, bias, o); }

    public static Tensor conv2d(Tensor input, Tensor weight) { return conv2d(input, weight, null, ConvOptions.of()); }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) { return conv2d(input, weight, bias, ConvOptions.of()); }

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, ConvOptions o) { return conv("conv2d", 2, input, weight, bias, o); }

    public static Tensor conv3d(Tensor input, Tensor weight) { return conv3d(input, weight, null, ConvOptions.of()); }

    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) { return conv3d(input, weight, bias, ConvOptions.of()); }

    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, ConvOptions o) { return conv("conv3d", 3, input, weight, bias, o); }

    public static Tensor convTranspose1d(Tensor input, Tensor weight) { return convTranspose1d(input, weight, null, ConvOptions.of()); }

    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
        return convTranspose("convTranspose1d", 1, input, weight, bias, o);
    }

    public static Tensor convTranspose2d(Tensor input, Tensor weight) { return convTranspose2d(input, weight, null, ConvOptions.of()); }

    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
        return convTranspose("convTranspose2d", 2, input, weight, bias, o);
    }

    public static Tensor convTranspose3d(Tensor input, Tensor weight) { return convTranspose3d(input, weight, null, ConvOptions.of()); }

    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
        return convTranspose("convTranspose3d", 3, input, weight, bias, o);
    }

    // ---- backward --------------------------------------------------------------------------------

    /** The gradient of conv{n}d wrt its input (shape {@code inputShape}, batched or not) for upstream {@code gradOut}. */
    public static Tensor convBackwardInput(Tensor gradOut, Tensor weight, long[] inputShape, ConvOptions o) {
        String op = "convBackwardInput";
        check(op, gradOut, weight, null);
        ConvPlan pl = ConvPlan.conv(op, inputShape, weight.shape(), o, gradOut, weight);
        try (Temps t = new Temps()) {
            Tensor dy = t.batched(pl, gradOut, pl.y(), "gradOut");
            Tensor w = t.own(weight, weight.contiguous());
            long[] xp = pl.xPadded();
            Tensor dx = Tensor.empty(gradOut.dtype(), gradOut.device(), xp);
            gradOut.backend().convolutionBackwardData(dx, w, dy, pl.params());
            if (pl.padsExtra()) {
                Tensor full = t.add(dx);
                Tensor v = full;
                for (int i = 0; i < pl.rank(); i++) v = v.narrow(2 + i, 0, pl.x()[2 + i]);
                dx = v.copy();
            }
            return pl.batched() ? dx : dx.squeeze(0);
        }
    }

    /** The gradient of conv{n}d wrt its weight (shape {@code weightShape}) for upstream {@code gradOut}. */
    public static Tensor convBackwardWeight(Tensor gradOut, Tensor input, long[] weightShape, ConvOptions o) {
        String op = "convBackwardWeight";
        check(op, gradOut, input, null);
        ConvPlan pl = ConvPlan.conv(op, input.shape(), weightShape, o, gradOut, input);
        try (Temps t = new Temps()) {
            Tensor dy = t.batched(pl, gradOut, pl.y(), "gradOut");
            Tensor x = t.paddedInput(pl, input);
            Tensor dw = Tensor.empty(gradOut.dtype(), gradOut.device(), weightShape);
            gradOut.backend().convolutionBackwardFilter(dw, x, dy, pl.params());
            return dw;
        }
    }

    /** The gradient of a convolution's (or transposed convolution's) bias: gradOut (N, C, spatial...) summed to (C). */
    public static Tensor convBackwardBias(Tensor gradOut) {
        String op = "convBackwardBias";
        check(op, gradOut, null, null);
        if (gradOut.dim() < 3) throw TensorException.of(op, "expected a batched (N, C, spatial...) gradient", gradOut);
        try (Temps t = new Temps()) {
            Tensor dy = t.own(gradOut, gradOut.contiguous());
            Tensor db = Tensor.empty(gradOut.dtype(), gradOut.device(), gradOut.size(1));
            gradOut.backend().convolutionBackwardBias(db, dy);
            return db;
        }
    }

    /** As {@link #convBackwardBias(Tensor)}, for a gradient with {@code spatialDims} spatial dims that may be unbatched (C, spatial...). */
    public static Tensor convBackwardBias(Tensor gradOut, int spatialDims) {
        if (gradOut.dim() == spatialDims + 1) return convBackwardBias(gradOut.unsqueeze(0));
        return convBackwardBias(gradOut);
    }

    /** The gradient of convTranspose{n}d wrt its input: a plain convolution of gradOut with the same weight. */
    public static Tensor convTransposeBackwardInput(Tensor gradOut, Tensor weight, long[] inputShape, ConvOptions o) {
        String op = "convTransposeBackwardInput";
        check(op, gradOut, weight, null);
        ConvPlan pl = ConvPlan.transposed(op, inputShape, weight.shape(), o, gradOut, weight);
        try (Temps t = new Temps()) {
            Tensor x = t.batched(pl, gradOut, pl.x(), "gradOut");
            Tensor w = t.own(weight, weight.contiguous());
            Tensor dIn = Tensor.empty(gradOut.dtype(), gradOut.device(), pl.y());
            gradOut.backend().convolutionForward(dIn, x, w, null, pl.params());
            return pl.batched() ? dIn : dIn.squeeze(0);
        }
    }

    /** The gradient of convTranspose{n}d wrt its weight (Cin, Cout/groups, k...). */
    public static Tensor convTransposeBackwardWeight(Tensor gradOut, Tensor input, long[] weightShape, ConvOptions o) {
        String op = "convTransposeBackwardWeight";
        check(op, gradOut, input, null);
        ConvPlan pl = ConvPlan.transposed(op, input.shape(), weightShape, o, gradOut, input);
        try (Temps t = new Temps()) {
            Tensor x = t.batched(pl, gradOut, pl.x(), "gradOut");
            Tensor dy = t.own(input, (pl.batched() ? input : input.unsqueeze(0)).contiguous());
            Tensor dw = Tensor.empty(gradOut.dtype(), gradOut.device(), weightShape);
            gradOut.backend().convolutionBackwardFilter(dw, x, dy, pl.params());
            return dw;
        }
    }

    // ---- implementation --------------------------------------------------------------------------

    private static Tensor conv(String op, int rank, Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
        check(op, input, weight, bias);
        if (weight.dim() != rank + 2)
            throw TensorException.of(op, "expected a " + (rank + 2) + "-D weight, got shape " + Shapes.str(weight.shape()), input, weight);
        ConvPlan pl = ConvPlan.conv(op, input.shape(), weight.shape(), o, input, weight);
        checkBias(op, bias, pl.y()[1], input, weight);
        try (Temps t = new Temps()) {
            Tensor x = t.paddedInput(pl, input);
            Tensor w = t.own(weight, weight.contiguous());
            Tensor b = bias == null ? null : t.own(bias, bias.contiguous());
            Tensor y = Tensor.empty(input.dtype(), input.device(), pl.y());
            input.backend().convolutionForward(y, x, w, b, pl.params());
            return pl.batched() ? y : y.squeeze(0);
        }
    }

    private static Tensor convTranspose(String op, int rank, Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
        check(op, input, weight, bias);
        if (weight.dim() != rank + 2)
            throw TensorException.of(op, "expected a " + (rank + 2) + "-D weight, got shape " + Shapes.str(weight.shape()), input, weight);
        ConvPlan pl = ConvPlan.transposed(op, input.shape(), weight.shape(), o, input, weight);
        checkBias(op, bias, pl.x()[1], input, weight);
        try (Temps t = new Temps()) {
            Tensor dy = t.own(input, (pl.batched() ? input : input.unsqueeze(0)).contiguous());
            Tensor w = t.own(weight, weight.contiguous());
            Tensor y = Tensor.empty(input.dtype(), input.device(), pl.x());
            input.backend().convolutionBackwardData(y, w, dy, pl.params());
            if (bias != null) {
                long[] bs = new long[rank + 2];
                Arrays.fill(bs, 1);
                bs[1] = bias.size(0);
                y.add_(bias.reshape(bs));
            }
            return pl.batched() ? y : y.squeeze(0);
        }
    }

    private static void check(String op, Tensor a, Tensor b, Tensor bias) {
        a.checkAlive(op);
        if (b != null) b.checkAlive(op);
        if (bias != null) bias.checkAlive(op);
        DType dt = a.dtype();
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64)
            throw TensorException.of(op, "only float32 and float64 are supported, got " + dt, a, b);
        for (Tensor t : new Tensor[]{b, bias}) {
            if (t == null) continue;
            if (t.dtype() != dt) throw TensorException.of(op, "operands must share one dtype", a, t);
            if (!t.device().equals(a.device())) throw TensorException.of(op, "operands must be on one device", a, t);
        }
    }

    private static void checkBias(String op, Tensor bias, long channels, Tensor input, Tensor weight) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != channels))
            throw TensorException.of(op, "bias must have shape (" + channels + "), got " + Shapes.str(bias.shape()), input, weight, bias);
    }

    /** Temporaries made by the frontend (contiguous copies, padded inputs), freed when the op returns. */
    private static final class Temps implements AutoCloseable {
        private final ArrayList<Tensor> owned = new ArrayList<>();

        /** {@code made}, derived from {@code orig}; freed at the end unless it is orig's own storage. */
        Tensor own(Tensor orig, Tensor made) {
            if (made.storage() != orig.storage()) owned.add(made);
            return made;
        }

        Tensor add(Tensor t) {
            owned.add(t);
            return t;
        }

        /** t batched (a leading 1 if unbatched), contiguous, checked against the expected shape. */
        Tensor batched(ConvPlan pl, Tensor t, long[] expected, String what) {
            Tensor b = t.dim() == expected.length - 1 ? t.unsqueeze(0) : t;
            if (!Arrays.equals(b.shape(), expected))
                throw TensorException.of(pl.op(), what + " must have shape " + Shapes.str(pl.batched() ? expected : Arrays.copyOfRange(expected, 1, expected.length))
                        + " for this convolution, got " + Shapes.str(t.shape()), t);
            return own(t, b.contiguous());
        }

        /** The input, batched, contiguous and with the extra right padding of "same". */
        Tensor paddedInput(ConvPlan pl, Tensor input) {
            Tensor x = own(input, (pl.batched() ? input : input.unsqueeze(0)).contiguous());
            if (!pl.padsExtra()) return x;
            long[] pad = new long[2 * pl.rank()];
            for (int i = 0; i < pl.rank(); i++) pad[2 * (pl.rank() - 1 - i) + 1] = pl.extra()[i];
            return add(x.pad(pad, "constant", 0));
        }

        @Override public void close() {
            for (Tensor t : owned) t.close();
        }
    }
}
