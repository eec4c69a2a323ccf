package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cpu.Elem;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The elementwise family on CUDA (kernels/elementwise.cu): unary, binary, where, the dtype-converting copy, fill
 * and fillLinear. Semantics are the CPU backend's
 * ({@code cpu.ScalarMath}, {@code cpu.Elem}); the kernels say how each dtype computes. Every method validates
 * what the CPU backend would reject before it launches anything, and queues its kernels without synchronizing,
 * except integer division and integer pow, which read back an error flag to raise the CPU's ArithmeticException.
 */
final class CudaElementwise {
    static final String FAMILY = "elementwise";
    private static final int BLOCK = 256;
    private static final String[] UNARY = names("unary_"), BINARY = names("binary_"), WHERE = names("where_"),
            COPY = names("copy_"), FILL = names("fill_"), FILL_LINEAR = names("fill_linear_");

    private CudaElementwise() {}

    private static String[] names(String prefix) {
        DType[] all = DType.values();
        String[] out = new String[all.length];
        for (DType t : all) out[t.ordinal()] = prefix + CudaDTypes.suffix(t);
        return out;
    }

    private static void launch(CudaContext ctx, String kernel, long n, KernelArgs args) {
        ctx.launch(FAMILY, kernel, ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    private static void sameShape(String op, Tensor out, Tensor... in) {
        for (Tensor t : in)
            if (!Arrays.equals(out.shape(), t.shape()))
                throw TensorException.of(op, "operand shape " + Shapes.str(t.shape()) + " differs from the output's "
                        + Shapes.str(out.shape()) + " (the frontend broadcasts before the backend)", out, t);
    }

    // ---- unary -------------------------------------------------------------------------------------

    static void unary(CudaContext ctx, UnaryOp op, Tensor out, Tensor in, double[] params) {
        String name = op.opName();
        out.checkAlive(name);
        in.checkAlive(name);
        sameShape(name, out, in);
        if (out.numel() == 0) return;
        DType t = in.dtype();
        if (params.length < op.paramCount())
            throw new IllegalArgumentException(name + ": expected " + op.paramCount() + " params, got " + params.length);
        if (op.isPredicate()) {
            if (out.dtype() != DType.BOOL) throw TensorException.of(name, "a predicate writes bool, not " + out.dtype(), out, in);
        } else {
            if (t.isFloatingPoint() && op == UnaryOp.BITWISE_NOT) throw new IllegalArgumentException(op + " has no floating form");
            if (!t.isFloatingPoint() && !hasIntegerForm(op)) throw new UnsupportedOperationException(name + " is not defined for " + t);
            if (out.dtype() != t) {   // compute in the input's dtype, then convert (the CPU's general path does the same)
                try (Scope s = Scope.open()) {
                    Tensor tmp = Tensor.empty(t, in.device(), in.shape());
                    unary(ctx, op, tmp, in, params);
                    copy(ctx, out, tmp);
                }
                return;
            }
        }
        double p0 = params.length > 0 ? params[0] : 0, p1 = params.length > 1 ? params[1] : 0, p2 = params.length > 2 ? params[2] : 0;
        long q0 = 0, q1 = 0;
        if (op == UnaryOp.CLAMP) {   // ScalarMath.unaryLong's integer bounds
            q0 = Double.isNaN(p0) ? Long.MIN_VALUE : (long) Math.ceil(p0);
            q1 = Double.isNaN(p1) ? Long.MAX_VALUE : (long) Math.floor(p1);
        } else if (op == UnaryOp.POW_SCALAR || op == UnaryOp.RPOW_SCALAR) {
            q0 = (long) p0;
        }
        boolean mayFail = !t.isFloatingPoint() && (op == UnaryOp.POW_SCALAR || op == UnaryOp.RPOW_SCALAR);
        try (ErrorFlag err = mayFail ? new ErrorFlag(ctx, out) : null) {
            KernelArgs args = new KernelArgs().i32(op.ordinal()).i32(0).f64(p0).f64(p1).f64(p2).i64(q0).i64(q1)
                    .ptr(err == null ? 0 : err.address).strided(out, in);
            launch(ctx, UNARY[t.ordinal()], out.numel(), args);
            if (err != null) err.check();
        }
    }

    private static boolean hasIntegerForm(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, FLOOR, CEIL, ROUND, TRUNC, NAN_TO_NUM, RELU, RELU6, BITWISE_NOT, CLAMP,
                 POW_SCALAR, RPOW_SCALAR -> true;
            default -> false;
        };
    }

    // ---- binary ------------------------------------------------------------------------------------

    static void binary(CudaContext ctx, BinaryOp op, Tensor out, Tensor a, Tensor b, double[] params) {
        String name = op.opName();
        out.checkAlive(name);
        a.checkAlive(name);
        b.checkAlive(name);
        sameShape(name, out, a, b);
        if (out.numel() == 0) return;
        DType t = a.dtype();
        if (b.dtype() != t) throw TensorException.of(name, "operands must share one dtype, got " + t + " and " + b.dtype(), a, b);
        if (params.length < op.paramCount())
            throw new IllegalArgumentException(name + ": expected " + op.paramCount() + " params, got " + params.length);
        switch (op) {
            case BITWISE_AND, BITWISE_OR, BITWISE_XOR -> {
                if (t.isFloatingPoint()) throw new IllegalArgumentException(op + " has no floating form");
            }
            case ATAN2, HYPOT, PRELU -> {
                if (!t.isFloatingPoint()) throw new IllegalArgumentException(op + " has no integer form");
            }
            default -> { }
        }
        DType want = op.isPredicate() ? DType.BOOL : t;
        if (out.dtype() != want) {
            try (Scope s = Scope.open()) {
                Tensor tmp = Tensor.empty(want, out.device(), out.shape());
                binary(ctx, op, tmp, a, b, params);
                copy(ctx, out, tmp);
            }
            return;
        }
        double alpha = op == BinaryOp.ADD_SCALED ? params[0] : 0;
        boolean mayFail = !t.isFloatingPoint() && switch (op) {
            case DIV, FLOOR_DIVIDE, TRUNC_DIVIDE, REMAINDER, FMOD, POW -> true;
            default -> false;
        };
        try (ErrorFlag err = mayFail ? new ErrorFlag(ctx, out) : null) {
            KernelArgs args = new KernelArgs().i32(op.ordinal()).i32(0).f64(alpha).i64((long) alpha)
                    .ptr(err == null ? 0 : err.address).strided(out, a, b);
            launch(ctx, BINARY[t.ordinal()], out.numel(), args);
            if (err != null) err.check();
        }
    }

    /**
     * A device int the kernel sets on integer division by zero (1) or 0 raised to a negative power (2);
     * {@link #check} waits for the kernel and throws what the CPU's long arithmetic throws.
     */
    private static final class ErrorFlag implements AutoCloseable {
        private final CudaContext ctx;
        private final Scope scope = Scope.open();
        final long address;

        ErrorFlag(CudaContext ctx, Tensor like) {
            this.ctx = ctx;
            Tensor flag = Tensor.empty(DType.INT32, like.device(), 1);
            address = CudaStorage.address(flag);
            ctx.memset(address, (byte) 0, Integer.BYTES);
        }

        void check() {
            int code;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment host = arena.allocate(Integer.BYTES);
                ctx.copyToHost(address, host, Integer.BYTES);
                code = host.get(ValueLayout.JAVA_INT, 0);
            }
            if (code == 1) throw new ArithmeticException("/ by zero");
            if (code == 2) throw new ArithmeticException("0 cannot be raised to a negative power");
        }

        @Override public void close() { scope.close(); }
    }

    // ---- where -------------------------------------------------------------------------------------

    static void where(CudaContext ctx, Tensor out, Tensor cond, Tensor a, Tensor b) {
        out.checkAlive("where");
        cond.checkAlive("where");
        a.checkAlive("where");
        b.checkAlive("where");
        sameShape("where", out, cond, a, b);
        if (cond.dtype() != DType.BOOL) throw TensorException.of("where", "condition must be bool, got " + cond.dtype(), cond);
        if (a.dtype() != out.dtype() || b.dtype() != out.dtype())
            throw TensorException.of("where", "operands must have the output's dtype " + out.dtype(), out, a, b);
        if (out.numel() == 0) return;
        launch(ctx, WHERE[out.dtype().ordinal()], out.numel(), new KernelArgs().strided(out, cond, a, b));
    }

    /** {@link dev.axial.tensor.spi.Backend#preluBackward}: one kernel writes both gradients. */
    static void preluBackward(CudaContext ctx, Tensor gradInput, Tensor gradWeight, Tensor grad, Tensor input, Tensor weight) {
        String name = "preluBackward";
        for (Tensor t : new Tensor[]{gradInput, gradWeight, grad, input, weight}) t.checkAlive(name);
        sameShape(name, gradInput, gradWeight, grad, input, weight);
        DType t = input.dtype();
        if (!t.isFloatingPoint())
            throw TensorException.of(name, "expected a floating dtype, got " + t, grad, input, weight);
        for (Tensor o : new Tensor[]{gradInput, gradWeight, grad, weight})
            if (o.dtype() != t) throw TensorException.of(name, "operands must share the input's dtype " + t, o, input);
        if (input.numel() == 0) return;
        launch(ctx, "prelu_backward_" + CudaDTypes.suffix(t), input.numel(), new KernelArgs().strided(gradInput, gradWeight, grad, input, weight));
    }

    // ---- copy, fill --------------------------------------------------------------------------------

    /** dst = (dst.dtype) src, any strides; same dtypes copy bits (NaN payloads survive), others convert as Elem. */
    static void copy(CudaContext ctx, Tensor dst, Tensor src) {
        dst.checkAlive("copy");
        src.checkAlive("copy");
        sameShape("copy", dst, src);
        if (dst.numel() == 0) return;
        if (dst.storage() == src.storage() && spansOverlap(dst, src)) {
            if (dst.offset() == src.offset() && Arrays.equals(dst.strides(), src.strides()) && dst.dtype() == src.dtype()) return;
            try (Scope s = Scope.open()) {   // read everything before writing anything, as the CPU's memmove does
                Tensor tmp = Tensor.empty(src.dtype(), src.device(), src.shape());
                copy(ctx, tmp, src);
                copy(ctx, dst, tmp);
            }
            return;
        }
        DType st = src.dtype(), dt = dst.dtype();
        if (st == dt && dst.isContiguous() && src.isContiguous()) {   // one async device-to-device memcpy
            ctx.copyDeviceToDevice(CudaStorage.address(dst), CudaStorage.address(src), dst.numel() * dt.byteSize());
            return;
        }
        if (st == dt) st = dt = bits(dt);
        launch(ctx, COPY[st.ordinal()], dst.numel(), new KernelArgs().i32(dt.ordinal()).i32(0).strided(dst, src));
    }

    /** Do the element ranges [lowest, highest offset] of two views of one storage intersect? */
    private static boolean spansOverlap(Tensor a, Tensor b) {
        long[] ra = span(a), rb = span(b);
        return ra[0] <= rb[1] && rb[0] <= ra[1];
    }

    private static long[] span(Tensor t) {
        long lo = t.offset(), hi = t.offset();
        long[] sh = t.shape(), st = t.strides();
        for (int d = 0; d < sh.length; d++) {
            long reach = (sh[d] - 1) * st[d];
            if (reach < 0) lo += reach; else hi += reach;
        }
        return new long[]{lo, hi};
    }

    /** The integer dtype of each element size: same-dtype copies and fills move bits. */
    private static DType bits(DType t) {
        return switch (t.byteSize()) {
            case 1 -> DType.UINT8;
            case 2 -> DType.INT16;
            case 4 -> DType.INT32;
            default -> DType.INT64;
        };
    }

    /** Every element of dst set to value converted as the CPU converts it (Elem.putLong for integral numbers, else putDouble). */
    static void fill(CudaContext ctx, Tensor dst, Number value) {
        dst.checkAlive("fill");
        if (dst.numel() == 0) return;
        DType dt = dst.dtype();
        long bits;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(8, 8);
            boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
            if (integral) Elem.putLong(one, dt, 0, value.longValue());
            else Elem.putDouble(one, dt, 0, value.doubleValue());
            bits = switch (dt.byteSize()) {
                case 1 -> one.get(ValueLayout.JAVA_BYTE, 0) & 0xffL;
                case 2 -> one.get(ValueLayout.JAVA_SHORT, 0) & 0xffffL;
                case 4 -> one.get(ValueLayout.JAVA_INT, 0) & 0xffffffffL;
                default -> one.get(ValueLayout.JAVA_LONG, 0);
            };
        }
        if (dst.isContiguous() && (bits == 0 || dt.byteSize() == 1)) {   // a memset does it
            ctx.memset(CudaStorage.address(dst), (byte) bits, dst.numel() * dt.byteSize());
            return;
        }
        launch(ctx, FILL[bits(dt).ordinal()], dst.numel(), new KernelArgs().i64(bits).strided(dst));
    }

    /** PyTorch's linspace / arange fill of 1-D dst (Backend.fillLinear). */
    static void fillLinear(CudaContext ctx, Tensor dst, double start, double step, double end) {
        dst.checkAlive("fillLinear");
        if (dst.dim() != 1) throw TensorException.of("fillLinear", "expects a 1-D tensor", dst);
        long n = dst.numel();
        if (n == 0) return;
        KernelArgs args = new KernelArgs().f64(start).f64(step).f64(end).i64(n).i64(dst.stride(0)).ptr(CudaStorage.address(dst));
        launch(ctx, FILL_LINEAR[dst.dtype().ordinal()], n, args);
    }
}
