package dev.axial.tensor;

import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

import java.util.Arrays;

/**
 * The frontend of elementwise ops: validation, PyTorch's type promotion (0-dim tensors and Java numbers
 * only raise the category), broadcasting, output allocation, in-place rules. Kernels see operands already
 * converted to the compute dtype and expanded to the output's shape.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    // ---- type rules ------------------------------------------------------------------------------

    static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal;
    }

    /** torch.result_type of two tensors: a 0-dim tensor beside a dimensioned one only raises the category. */
    static DType resultType(Tensor a, Tensor b) {
        boolean za = a.dim() == 0, zb = b.dim() == 0;
        if (za == zb) return DType.promote(a.dtype(), b.dtype());
        DType dimT = za ? b.dtype() : a.dtype(), zeroT = za ? a.dtype() : b.dtype();
        if (dimT.isFloatingPoint()) return dimT;
        if (dimT == DType.BOOL || zeroT.isFloatingPoint()) return DType.promote(dimT, zeroT);
        return dimT;
    }

    /** PyTorch's canCast: no floating into integral or bool, no non-bool into bool. */
    static boolean canCast(DType from, DType to) {
        if (from.isFloatingPoint() && !to.isFloatingPoint()) return false;
        return from == DType.BOOL || to != DType.BOOL;
    }

    /** PyTorch's scalar-type names, for messages that read like PyTorch's. */
    static String torchTypeName(DType t) {
        return switch (t) {
            case BOOL -> "Bool";
            case UINT8 -> "Byte";
            case INT8 -> "Char";
            case INT16 -> "Short";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
        };
    }

    /** The dtype a binary op computes in, from the promoted operand dtype. */
    private static DType binaryComputeType(String name, BinaryOp op, DType t, Tensor a, Tensor b) {
        switch (op) {
            case DIV, ATAN2, HYPOT -> { return t.toFloating(); }
            case SUB -> {
                if (t == DType.BOOL)
                    throw TensorException.of(name, "subtraction with two bool tensors is not supported; use logicalXor instead", a, b);
            }
            case BITWISE_AND, BITWISE_OR, BITWISE_XOR -> {
                if (t.isFloatingPoint())
                    throw TensorException.of(name, "not implemented for '" + torchTypeName(t) + "' (integral or bool dtypes only)", a, b);
            }
            default -> { }
        }
        return t;
    }

    private static void checkSameDevice(String name, Tensor a, Tensor b) {
        if (!a.device().equals(b.device()))
            throw TensorException.of(name, "expected all tensors to be on the same device, but found at least two devices, "
                    + a.device() + " and " + b.device(), a, b);
    }

    // ---- binary ----------------------------------------------------------------------------------

    static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        a.checkAlive(name);
        b.checkAlive(name);
        checkSameDevice(name, a, b);
        DType ct = binaryComputeType(name, op, resultType(a, b), a, b);
        long[] shape = Shapes.broadcast(name, a, b);
        return launchNew(name, op, shape, a, b, ct);
    }

    static Tensor binary(String name, BinaryOp op, Tensor a, Number s) {
        a.checkAlive(name);
        DType ct = binaryComputeType(name, op, DType.promoteWithScalar(a.dtype(), isFloating(s), false), a, a);
        try (Tensor b = scalarTensor(name, s, ct, a.device())) {
            return launchNew(name, op, a.shape(), a, b, ct);
        }
    }

    /** s op a (scalar first), as PyTorch's rsub/rdiv-style reflected ops. */
    static Tensor binary(String name, BinaryOp op, Number s, Tensor a) {
        a.checkAlive(name);
        DType ct = binaryComputeType(name, op, DType.promoteWithScalar(a.dtype(), isFloating(s), false), a, a);
        try (Tensor b = scalarTensor(name, s, ct, a.device())) {
            return launchNew(name, op, a.shape(), b, a, ct);
        }
    }

    private static Tensor scalarTensor(String name, Number s, DType ct, Device dev) {
        if (s == null) throw new TensorException(name + ": the scalar operand is null");
        checkFits(name, s, ct);
        return Tensor.scalar(ct, dev, s);
    }

    private static void checkFits(String name, Number s, DType ct) {
        if (ct.isIntegral() && !isFloating(s)) {
            long v = s.longValue();
            long lo = switch (ct) { case UINT8 -> 0; case INT8 -> Byte.MIN_VALUE; case INT16 -> Short.MIN_VALUE; case INT32 -> Integer.MIN_VALUE; default -> Long.MIN_VALUE; };
            long hi = switch (ct) { case UINT8 -> 255; case INT8 -> Byte.MAX_VALUE; case INT16 -> Short.MAX_VALUE; case INT32 -> Integer.MAX_VALUE; default -> Long.MAX_VALUE; };
            if (v < lo || v > hi)   // as PyTorch: no silent wrap of a Python int that does not fit
                throw new TensorException(name + ": value " + s + " cannot be converted to type " + ct + " without overflow");
        }
    }

    /** Converts, expands and runs; integer division by zero becomes PyTorch's ZeroDivisionError. */
    /** A new output of {@code shape} (BOOL for predicates, else ct) = a op b; freed again if the op fails (e.g. ZeroDivisionError). */
    private static Tensor launchNew(String name, BinaryOp op, long[] shape, Tensor a, Tensor b, DType ct, double... params) {
        Tensor out = Tensor.empty(op.isPredicate() ? DType.BOOL : ct, a.device(), shape);
        try {
            launch(name, op, out, a, b, ct, params);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static void launch(String name, BinaryOp op, Tensor out, Tensor a, Tensor b, DType ct, double... params) {
        long[] shape = out.shape();
        Tensor ac = a.to(ct), bc = b.to(ct);
        try {
            out.backend().binary(op, out, ac.expand(shape), bc.expand(shape), params);
        } catch (ArithmeticException e) {
            throw TensorException.of(name, "ZeroDivisionError (" + e.getMessage() + ")", a, b);
        } finally {
            if (ac != a) ac.close();
            if (bc != b) bc.close();
        }
    }

    // ---- in place --------------------------------------------------------------------------------


    private static void checkCast(String name, DType ct, Tensor self, Tensor other) {
        if (!canCast(ct, self.dtype()))
            throw other == null
                    ? TensorException.of(name, "result type " + torchTypeName(ct) + " can't be cast to the desired output type "
                            + torchTypeName(self.dtype()), self)
                    : TensorException.of(name, "result type " + torchTypeName(ct) + " can't be cast to the desired output type "
                            + torchTypeName(self.dtype()), self, other);
    }

    /** torch.div's rounding_mode: null → DIV, "trunc" → TRUNC_DIVIDE, "floor" → FLOOR_DIVIDE. */
    static BinaryOp roundingOp(String mode) {
        if (mode == null) return BinaryOp.DIV;
        return switch (mode) {
            case "trunc" -> BinaryOp.TRUNC_DIVIDE;
            case "floor" -> BinaryOp.FLOOR_DIVIDE;
            default -> throw new TensorException("div: expected rounding_mode to be one of null, 'trunc', or 'floor' but found '" + mode + "'");
        };
    }

    /** May the kernel write self while reading it? Integer ops that can throw compute aside so that self stays as it was. */
    private static boolean mayThrow(BinaryOp op, DType ct) {
        return !ct.isFloatingPoint() && switch (op) {
            case FLOOR_DIVIDE, TRUNC_DIVIDE, REMAINDER, FMOD, POW, DIV -> true;
            default -> false;
        };
    }

    static Tensor binaryInPlace(String name, BinaryOp op, Tensor self, Tensor other) {
        return writeBack(name, op, self, other, inPlaceType(name, op, self, other));
    }

    /** Checks an in-place binary op's operands and returns its compute dtype. */
    private static DType inPlaceType(String name, BinaryOp op, Tensor self, Tensor other) {
        self.checkAlive(name);
        other.checkAlive(name);
        checkSameDevice(name, self, other);
        DType ct = binaryComputeType(name, op, resultType(self, other), self, other);
        long[] shape = Shapes.broadcast(name, self, other);
        if (!Arrays.equals(shape, self.shape()))
            throw TensorException.of(name, "output with shape " + Shapes.str(self.shape()) + " doesn't match the broadcast shape "
                    + Shapes.str(shape), self, other);
        return ct;
    }

    static Tensor binaryInPlace(String name, BinaryOp op, Tensor self, Number s) {
        self.checkAlive(name);
        DType ct = binaryComputeType(name, op, DType.promoteWithScalar(self.dtype(), isFloating(s), false), self, self);
        try (Tensor b = scalarTensor(name, s, ct, self.device())) {
            return writeBack(name, op, self, b, ct);
        }
    }

    private static Tensor writeBack(String name, BinaryOp op, Tensor self, Tensor other, DType ct, double... params) {
        checkCast(name, ct, self, other);
        self.checkWritable(name);
        if (op.isPredicate()) throw new IllegalStateException(name + ": comparisons have no in-place form here");
        boolean overlaps = other.storage() == self.storage()
                && !(other.offset() == self.offset() && Arrays.equals(other.shape(), self.shape()) && Arrays.equals(other.strides(), self.strides()));
        if (ct == self.dtype() && !overlaps && !mayThrow(op, ct)) {
            launch(name, op, self, self, other, ct, params);
            return self;
        }
        Tensor o = overlaps ? other.copy() : other;
        try (Tensor tmp = Tensor.empty(ct, self.device(), self.shape())) {
            launch(name, op, tmp, self, o, ct, params);
            self.copy_(tmp);
        } finally {
            if (o != other) o.close();
        }
        return self;
    }

    // ---- unary -----------------------------------------------------------------------------------

    /** The dtype a unary op computes in; rejects dtypes PyTorch rejects. */
    static DType unaryComputeType(String name, UnaryOp op, Tensor x) {
        DType t = x.dtype();
        if (op.isPredicate()) return t;
        switch (op) {
            case NEG -> {
                if (t == DType.BOOL) throw TensorException.of(name, "negation on a bool tensor is not supported; use logicalNot instead", x);
            }
            case BITWISE_NOT -> {
                if (t.isFloatingPoint()) throw TensorException.of(name, "not implemented for '" + torchTypeName(t) + "' (integral or bool dtypes only)", x);
            }
            case FRAC -> {
                if (!t.isFloatingPoint()) throw TensorException.of(name, "not implemented for '" + torchTypeName(t) + "' (floating dtypes only)", x);
            }
            default -> { }
        }
        return op.needsFloat() ? t.toFloating() : t;
    }

    static Tensor unary(String name, UnaryOp op, Tensor x, double... params) {
        x.checkAlive(name);
        return unaryAs(name, op, x, unaryComputeType(name, op, x), params);
    }

    /** Runs op computing in {@code ct} (the input is converted unless op is a predicate). */
    static Tensor unaryAs(String name, UnaryOp op, Tensor x, DType ct, double... params) {
        Tensor out = Tensor.empty(op.isPredicate() ? DType.BOOL : ct, x.device(), x.shape());
        runUnary(name, op, out, x, ct, params);
        return out;
    }

    private static void runUnary(String name, UnaryOp op, Tensor out, Tensor x, DType ct, double[] params) {
        Tensor xc = op.isPredicate() ? x : x.to(ct);
        try {
            out.backend().unary(op, out, xc, params);
        } catch (ArithmeticException e) {
            throw TensorException.of(name, "ZeroDivisionError (" + e.getMessage() + ")", x);
        } finally {
            if (xc != x) xc.close();
        }
    }

    static Tensor unaryInPlace(String name, UnaryOp op, Tensor self, double... params) {
        self.checkAlive(name);
        return unaryInPlaceAs(name, op, self, unaryComputeType(name, op, self), params);
    }

    static Tensor unaryInPlaceAs(String name, UnaryOp op, Tensor self, DType ct, double... params) {
        checkCast(name, ct, self, null);
        self.checkWritable(name);
        if (ct == self.dtype()) {
            runUnary(name, op, self, self, ct, params);
        } else {
            try (Tensor tmp = unaryAs(name, op, self, ct, params)) {
                self.copy_(tmp);
            }
        }
        return self;
    }

    // ---- ops with scalar arguments -----------------------------------------------------------------

    static Tensor addScaled(String name, Tensor self, Tensor other, Number alpha, boolean subtract, boolean inPlace) {
        self.checkAlive(name);
        other.checkAlive(name);
        if (alpha == null) throw TensorException.of(name, "alpha is null", self, other);
        checkFits(name, alpha, resultType(self, other));
        BinaryOp op = subtract ? BinaryOp.SUB : BinaryOp.ADD;
        boolean fpAlpha = isFloating(alpha);
        if (fpAlpha && !resultType(self, other).isFloatingPoint())
            throw TensorException.of(name, "for integral input tensors, argument alpha must not be a floating point number", self, other);
        boolean one = !fpAlpha ? alpha.longValue() == 1 : alpha.doubleValue() == 1;
        if (one) return inPlace ? binaryInPlace(name, op, self, other) : binary(name, op, self, other);
        // one fused pass (ADD_SCALED) unless an integer alpha is too large for its double param to be exact
        if (!fpAlpha && Math.abs(alpha.longValue()) > 1L << 53 || alpha instanceof java.math.BigInteger) {
            try (Tensor scaled = binary(name, BinaryOp.MUL, other, alpha)) {
                return inPlace ? binaryInPlace(name, op, self, scaled) : binary(name, op, self, scaled);
            }
        }
        if (inPlace) {
            DType ct = inPlaceType(name, op, self, other);
            return writeBack(name, BinaryOp.ADD_SCALED, self, other, ct, alphaParam(ct, alpha, subtract));
        }
        checkSameDevice(name, self, other);
        DType ct = binaryComputeType(name, op, resultType(self, other), self, other);
        return launchNew(name, BinaryOp.ADD_SCALED, Shapes.broadcast(name, self, other), self, other, ct, alphaParam(ct, alpha, subtract));
    }

    /** ADD_SCALED's param: alpha (negated for sub) in the compute dtype's precision (PyTorch casts alpha to it). */
    private static double alphaParam(DType ct, Number alpha, boolean negate) {
        if (ct == DType.BOOL) return alpha.longValue() != 0 ? 1 : 0;   // PyTorch casts alpha to bool (sub has no bool form)
        if (!ct.isFloatingPoint()) {
            long a = alpha.longValue();
            return negate ? -a : a;
        }
        double a = negate ? -alpha.doubleValue() : alpha.doubleValue();
        return ct == DType.FLOAT64 ? a : (float) a;   // float16/bfloat16 compute in float, as PyTorch's opmath
    }

    /** The compute dtype and checked exponent of pow with a scalar exponent. */
    private static DType powType(String name, Tensor x, Number e) {
        DType ct = DType.promoteWithScalar(x.dtype(), isFloating(e), false);
        if (!ct.isFloatingPoint() && e.longValue() < 0)
            throw TensorException.of(name, "integers to negative integer powers are not allowed", x);
        return ct;
    }

    static Tensor pow(String name, Tensor x, Number e, boolean inPlace) {
        x.checkAlive(name);
        DType ct = powType(name, x, e);
        return inPlace ? unaryInPlaceAs(name, UnaryOp.POW_SCALAR, x, ct, e.doubleValue())
                : unaryAs(name, UnaryOp.POW_SCALAR, x, ct, e.doubleValue());
    }

    static Tensor rpow(String name, Tensor x, Number base) {
        x.checkAlive(name);
        DType ct = DType.promoteWithScalar(x.dtype(), isFloating(base), false);
        return unaryAs(name, UnaryOp.RPOW_SCALAR, x, ct, base.doubleValue());
    }

    static Tensor clamp(String name, Tensor x, Number min, Number max, boolean inPlace) {
        x.checkAlive(name);
        if (min == null && max == null) throw TensorException.of(name, "at least one of 'min' or 'max' must not be None", x);
        if (x.dtype() == DType.BOOL) throw TensorException.of(name, "not implemented for 'Bool'", x);
        boolean fp = (min != null && isFloating(min)) || (max != null && isFloating(max));
        DType ct = DType.promoteWithScalar(x.dtype(), fp, false);
        double lo = min == null ? Double.NaN : min.doubleValue(), hi = max == null ? Double.NaN : max.doubleValue();
        return inPlace ? unaryInPlaceAs(name, UnaryOp.CLAMP, x, ct, lo, hi) : unaryAs(name, UnaryOp.CLAMP, x, ct, lo, hi);
    }

    static Tensor nanToNum(Tensor x, Double nan, Double posinf, Double neginf) {
        x.checkAlive("nanToNum");
        DType t = x.dtype();
        if (!t.isFloatingPoint()) return x.copy();
        double max = switch (t) {
            case FLOAT16 -> 65504.0;
            case BFLOAT16 -> 3.3895313892515355e38;
            case FLOAT32 -> Float.MAX_VALUE;
            default -> Double.MAX_VALUE;
        };
        return unaryAs("nanToNum", UnaryOp.NAN_TO_NUM, x, t, nan == null ? 0 : nan,
                posinf == null ? max : posinf, neginf == null ? -max : neginf);
    }

    static Tensor gelu(Tensor x, String approximate) {
        double form = switch (approximate == null ? "none" : approximate) {
            case "none" -> 0;
            case "tanh" -> 1;
            default -> throw TensorException.of("gelu", "approximate must be 'none' or 'tanh', got '" + approximate + "'", x);
        };
        return unary("gelu", UnaryOp.GELU, x, form);
    }

    // ---- where -----------------------------------------------------------------------------------

    /** torch.where(cond, a, b). */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        String name = "where";
        cond.checkAlive(name);
        a.checkAlive(name);
        b.checkAlive(name);
        checkSameDevice(name, cond, a);
        checkSameDevice(name, a, b);
        if (cond.dtype() != DType.BOOL)
            throw TensorException.of(name, "expected condition to be a boolean tensor, but got a tensor with dtype "
                    + torchTypeName(cond.dtype()), cond, a, b);
        DType t = resultType(a, b);
        long[] shape = Shapes.broadcast(name, cond, a, b);
        Tensor out = Tensor.empty(t, a.device(), shape);
        if (out.numel() == 0) return out;
        Tensor ac = a.to(t), bc = b.to(t);
        try {
            out.backend().where(out, cond.expand(shape), ac.expand(shape), bc.expand(shape));
        } finally {
            if (ac != a) ac.close();
            if (bc != b) bc.close();
        }
        return out;
    }

    /** self.where(cond, other) with a Java number for other. */
    static Tensor where(Tensor cond, Tensor a, Number other) {
        a.checkAlive("where");
        DType t = DType.promoteWithScalar(a.dtype(), isFloating(other), false);
        try (Tensor b = scalarTensor("where", other, t, a.device())) {
            return where(cond, a, b);
        }
    }

    // ---- prelu ------------------------------------------------------------------------------------

    /** torch.prelu: one pass of {@link BinaryOp#PRELU} with the slopes broadcast over the channel dim. */
    static Tensor prelu(Tensor x, Tensor weight) {
        String name = "prelu";
        Tensor w = preluSlopes(name, x, weight);
        return launchNew(name, BinaryOp.PRELU, x.shape(), x, w, x.dtype());
    }

    /**
     * The gradients of prelu for upstream {@code grad}: {gradInput (input's shape), gradWeight (weight's shape)}, the
     * per-element slope gradient of {@link dev.axial.tensor.spi.Backend#preluBackward} summed over every dim but the
     * channel's.
     */
    static Tensor[] preluBackward(Tensor grad, Tensor x, Tensor weight) {
        String name = "preluBackward";
        Tensor w = preluSlopes(name, x, weight);
        grad.checkAlive(name);
        checkSameDevice(name, grad, x);
        if (!java.util.Arrays.equals(grad.shape(), x.shape()) || grad.dtype() != x.dtype())
            throw TensorException.of(name, "grad must have the input's shape and dtype", grad, x);
        Tensor gx = Tensor.empty(x.dtype(), x.device(), x.shape());
        try (Tensor gwAll = Tensor.empty(x.dtype(), x.device(), x.shape())) {
            x.backend().preluBackward(gx, gwAll, grad, x, w.expand(x.shape()));
            int cdim = weight.numel() == 1 ? -1 : x.dim() >= 2 ? 1 : 0;
            int[] dims = java.util.stream.IntStream.range(0, x.dim()).filter(d -> d != cdim).toArray();
            if (dims.length == 0) return new Tensor[]{gx, gwAll.reshape(weight.shape()).copy()};
            try (Tensor summed = gwAll.sum(dims)) {
                return new Tensor[]{gx, summed.reshape(weight.shape()).copy()};
            }
        } catch (RuntimeException e) {
            gx.close();
            throw e;
        }
    }

    /**
     * weight (1-D: one slope, or one per channel of dim 1, dim 0 of a 1-D input, as torch.prelu) as a view that
     * broadcasts against x; both floating, one dtype, one device.
     */
    private static Tensor preluSlopes(String name, Tensor x, Tensor weight) {
        x.checkAlive(name);
        weight.checkAlive(name);
        checkSameDevice(name, x, weight);
        if (!x.dtype().isFloatingPoint() || weight.dtype() != x.dtype())
            throw TensorException.of(name, "expected a floating input and a weight of its dtype", x, weight);
        if (weight.dim() != 1)
            throw TensorException.of(name, "weight must be 1-D (one slope, or one per channel), got shape " + Shapes.str(weight.shape()), x, weight);
        long n = weight.numel();
        if (n == 1) return weight.reshape();   // 0-D: broadcasts against any input, a 0-D one too
        int cdim = x.dim() >= 2 ? 1 : 0;
        if (x.dim() == 0 || x.size(cdim) != n)
            throw TensorException.of(name, n + " slopes need " + n + " channels in dim " + cdim + " of the input", x, weight);
        long[] shape = new long[x.dim() - cdim];
        java.util.Arrays.fill(shape, 1);
        shape[0] = n;
        return weight.reshape(shape);
    }
}
