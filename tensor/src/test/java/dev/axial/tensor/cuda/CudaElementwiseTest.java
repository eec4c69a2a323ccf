package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The elementwise family on cuda:0 (the emulator without a GPU) against the CPU backend, op by op and dtype by
 * dtype, through the Backend interface itself, on operands that are contiguous, transposed, broadcast (stride 0),
 * flipped (negative strides) and sliced: integer and bool results must be bit-exact, floating ones within
 * Conformance.tol.
 */
class CudaElementwiseTest {
    private static final Device CUDA = Device.cuda(0);
    private static final double[] EDGES = {0, -0.0, 1, -1, 2.5, -2.5, 0.5, -0.5, 1.5, 127.9, -128.6, 255.5, 300, -129,
            32767.5, 65504, 70000, 1e10, -3e9, 4.0e9, 9.3e18, -9.3e18, 3.0e38, 1e-8, 6e-8, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.00048828125, 3.14159, -7, 123456789};

    @BeforeAll
    static void cuda() {
        Assumptions.assumeTrue(Backends.isAvailable(CUDA), "no CUDA backend (GPU or emulator) here");
    }

    // ---- views ----------------------------------------------------------------------------------------

    /** The layouts each operand is tried in: a view over storage filled with values (shape rows x cols). */
    private enum Layout { CONTIGUOUS, TRANSPOSED, FLIPPED, BROADCAST_ROW, SLICED, SCALAR, OFFSET }

    private static final long ROWS = 5, COLS = 7;

    /** A rows x cols view of a fresh buffer on dev, in the layout, whose logical elements are values (cycled). */
    private static Tensor view(Device dev, DType t, double[] values, Layout layout) {
        int n = (int) (ROWS * COLS);
        double[] logical = new double[n];
        for (int i = 0; i < n; i++) logical[i] = values[i % values.length];
        return switch (layout) {
            case CONTIGUOUS -> Conformance.tensor(dev, t, logical, ROWS, COLS);
            case TRANSPOSED -> Conformance.nonContiguous(dev, t, logical, ROWS, COLS);
            case FLIPPED -> {   // both dims reversed: storage holds the reversed sequence
                double[] rev = new double[n];
                for (int i = 0; i < n; i++) rev[i] = logical[n - 1 - i];
                Tensor base = Conformance.tensor(dev, t, rev, ROWS, COLS);
                yield new Tensor(base.storage(), base.backend(), new long[]{ROWS, COLS}, new long[]{-COLS, -1}, base.offset() + n - 1);
            }
            case BROADCAST_ROW -> {
                Tensor row = Conformance.tensor(dev, t, Arrays.copyOf(logical, (int) COLS), 1, COLS);
                yield row.expand(ROWS, COLS);
            }
            case SCALAR -> Conformance.tensor(dev, t, new double[]{logical[2]}).expand(ROWS, COLS);   // stride 0 throughout
            case OFFSET -> {   // contiguous, but one element past the buffer's start: not aligned for vector loads
                double[] shifted = new double[n + 1];
                System.arraycopy(logical, 0, shifted, 1, n);
                yield Conformance.tensor(dev, t, shifted, n + 1).slice(0, 1, n + 1).reshape(ROWS, COLS);
            }
            case SLICED -> {
                double[] wide = new double[2 * n];
                for (int i = 0; i < n; i++) wide[2 * i + 1] = logical[i];
                yield Conformance.tensor(dev, t, wide, ROWS, 2 * COLS).slice(1, 1, 2 * COLS, 2);
            }
        };
    }

    /** The same view's storage and strides over a copy of its storage on the CPU. */
    private static Tensor onCpu(Tensor v) {
        Tensor whole = new Tensor(v.storage(), v.backend(), new long[]{v.storage().numel()}, new long[]{1}, 0);
        Tensor host = whole.to(Device.CPU);
        return new Tensor(host.storage(), host.backend(), v.shape(), v.strides(), v.offset());
    }

    // ---- comparison -----------------------------------------------------------------------------------

    private static void assertSame(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        DType t = expected.dtype();
        if (!t.isFloatingPoint()) {
            assertArrayEquals(expected.toLongArray(), actual.cpu().toLongArray(), what);
            return;
        }
        double[] e = expected.toDoubleArray(), a = actual.cpu().toDoubleArray();
        double tol = Conformance.tol(t);
        for (int i = 0; i < e.length; i++) {
            if (Double.compare(e[i], a[i]) == 0 || (Double.isNaN(e[i]) && Double.isNaN(a[i]))) continue;
            if (Double.isInfinite(e[i]) || Double.isInfinite(a[i]) || Math.abs(a[i] - e[i]) > tol * (1 + Math.abs(e[i])))
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
        }
    }

    private static Backend cpu() { return Backends.get(Device.CPU); }

    private static Backend gpu() { return Backends.get(CUDA); }

    // ---- copy -----------------------------------------------------------------------------------------

    @Test
    void copyEveryDtypePairInEveryLayout() {
        for (DType st : DType.values()) {
            for (DType dt : DType.values()) {
                for (Layout l : Layout.values()) {
                    try (Scope s = Scope.open()) {
                        Tensor src = view(CUDA, st, EDGES, l), srcCpu = onCpu(src);
                        Tensor expected = Tensor.empty(dt, Device.CPU, ROWS, COLS);
                        cpu().copy(expected, srcCpu);
                        Tensor out = Tensor.empty(dt, CUDA, ROWS, COLS);
                        gpu().copy(out, src);
                        String what = st + " -> " + dt + " " + l;
                        if (st == dt) assertArrayEquals(bytes(expected), bytes(out.cpu()), what + " (bits)");
                        else assertSame(expected, out, what);
                    }
                }
            }
        }
    }

    @Test
    void copyIntoStridedDestinations() {
        for (DType st : new DType[]{DType.FLOAT32, DType.INT64, DType.FLOAT16}) {
            for (DType dt : new DType[]{DType.FLOAT64, DType.INT8, DType.BFLOAT16, DType.FLOAT32}) {
                for (Layout l : new Layout[]{Layout.TRANSPOSED, Layout.FLIPPED, Layout.SLICED}) {
                    try (Scope s = Scope.open()) {
                        Tensor src = view(CUDA, st, EDGES, Layout.FLIPPED);
                        Tensor dst = view(CUDA, dt, new double[]{9}, l), dstCpu = onCpu(dst);
                        cpu().copy(dstCpu, onCpu(src));
                        gpu().copy(dst, src);
                        assertSame(dstCpu, dst, st + " -> " + dt + " into " + l);
                    }
                }
            }
        }
    }

    @Test
    void overlappingCopiesReadBeforeTheyWrite() {
        for (Device dev : new Device[]{Device.CPU, CUDA}) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.of(new double[]{0, 1, 2, 3, 4, 5, 6, 7}).to(dev);
                x.slice(0, 1, 8).copy_(x.slice(0, 0, 7));   // contiguous, same dtype
                assertArrayEquals(new double[]{0, 0, 1, 2, 3, 4, 5, 6}, x.toDoubleArray(), "shift right on " + dev);
                if (dev == Device.CPU) continue;   // the CPU's strided loop gives no such promise
                Tensor y = Tensor.of(new int[]{0, 1, 2, 3, 4, 5}).to(dev);
                Tensor flipped = new Tensor(y.storage(), y.backend(), new long[]{6}, new long[]{-1}, 5);
                y.copy_(flipped);   // in-place reversal through a negative stride
                assertArrayEquals(new long[]{5, 4, 3, 2, 1, 0}, y.toLongArray(), "reverse on " + dev);
            }
        }
    }

    private static byte[] bytes(Tensor t) {
        try (Scope s = Scope.open()) {
            Tensor raw = t.contiguous().to(Device.CPU);
            long n = raw.numel() * raw.dtype().byteSize();
            byte[] b = new byte[(int) n];
            java.lang.foreign.MemorySegment seg = java.lang.foreign.MemorySegment.ofArray(b);
            Backends.get(Device.CPU).copyToHost(raw, seg);
            return b;
        }
    }

    @Test
    void hostTransfersOfStridedTensors() {
        try (Scope s = Scope.open()) {
            double[] v = Conformance.uniform(3, (int) (ROWS * COLS), -5, 5);
            for (Layout l : Layout.values()) {
                Tensor g = view(CUDA, DType.FLOAT64, v, l);
                assertArrayEquals(onCpu(g).toDoubleArray(), g.toDoubleArray(), "copyToHost " + l);
            }
            for (Layout l : new Layout[]{Layout.TRANSPOSED, Layout.FLIPPED, Layout.SLICED}) {
                Tensor g = view(CUDA, DType.INT32, new double[]{0}, l);
                g.copy_(Conformance.tensor(Device.CPU, DType.INT32, Arrays.copyOf(EDGES, (int) (ROWS * COLS)), ROWS, COLS));
                assertArrayEquals(Conformance.tensor(Device.CPU, DType.INT32, Arrays.copyOf(EDGES, (int) (ROWS * COLS)), ROWS, COLS)
                        .toLongArray(), g.toLongArray(), "copyFromHost " + l);
            }
        }
    }

    // ---- fill -----------------------------------------------------------------------------------------

    @Test
    void fillAndFillLinear() {
        Number[] values = {0, 7, -1, 300L, 2.5, -0.0, Double.NaN, 1e10, (short) -3, 65519.0};
        for (DType t : DType.values()) {
            for (Number value : values) {
                for (Layout l : new Layout[]{Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.SLICED, Layout.OFFSET}) {
                    try (Scope s = Scope.open()) {
                        Tensor g = view(CUDA, t, new double[]{4}, l), c = onCpu(g);
                        cpu().fill(c, value);
                        gpu().fill(g, value);
                        assertSame(c, g, "fill " + t + " " + value + " " + l);
                    }
                }
            }
            for (double[] lin : new double[][]{{0, 0.1, 1.9}, {-3, 0.5, Double.NaN}, {10, -1.5, -5}}) {
                try (Scope s = Scope.open()) {
                    Tensor g = Tensor.empty(t, CUDA, 40).slice(0, 1, 40, 2), c = onCpu(g);
                    cpu().fillLinear(c, lin[0], lin[1], lin[2]);
                    gpu().fillLinear(g, lin[0], lin[1], lin[2]);
                    assertSame(c, g, "fillLinear " + t + " " + Arrays.toString(lin));
                }
            }
        }
    }

    // ---- unary ----------------------------------------------------------------------------------------

    private static double[] params(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new double[]{0.01};
            case ELU -> new double[]{1.3};
            case GELU -> new double[]{1};
            case SOFTPLUS -> new double[]{1.5, 10};
            case CLAMP -> new double[]{-1.5, 2.2};
            case POW_SCALAR -> new double[]{3};
            case RPOW_SCALAR -> new double[]{2};
            case NAN_TO_NUM -> new double[]{0, 100, -100};
            default -> new double[0];
        };
    }

    private static boolean unarySupported(UnaryOp op, DType t) {
        if (op.isPredicate()) return true;
        if (t.isFloatingPoint()) return op != UnaryOp.BITWISE_NOT;
        if (t == DType.BOOL && (op == UnaryOp.NEG)) return false;
        return !op.needsFloat() && op != UnaryOp.FRAC || op == UnaryOp.POW_SCALAR || op == UnaryOp.RPOW_SCALAR;
    }

    @Test
    void unaryEveryOpEveryDtype() {
        double[] values = Conformance.uniform(11, 40, -3, 3);
        for (int i = 0; i < 8; i++) values[i * 5] = EDGES[(i * 3) % EDGES.length] / 1e3;   // some edges, scaled into range
        values[3] = Double.NaN;
        values[7] = Double.POSITIVE_INFINITY;
        values[15] = Double.NEGATIVE_INFINITY;
        values[9] = -0.0;
        values[12] = 2.5;
        values[13] = -1.5;
        for (DType t : DType.values()) {
            for (UnaryOp op : UnaryOp.values()) {
                if (!unarySupported(op, t)) continue;
                for (Layout l : new Layout[]{Layout.CONTIGUOUS, Layout.FLIPPED, Layout.BROADCAST_ROW, Layout.OFFSET}) {
                    for (double[] p : op == UnaryOp.GELU ? new double[][]{{0}, {1}}
                            : op == UnaryOp.CLAMP ? new double[][]{{-1.5, 2.2}, {2.2, -1.5}, {Double.NaN, 0.7}, {0.2, Double.NaN}}
                            : new double[][]{params(op)}) {
                        try (Scope s = Scope.open()) {
                            Tensor in = view(CUDA, t, values, l);
                            DType ot = op.isPredicate() ? DType.BOOL : t;
                            Tensor e = Tensor.empty(ot, Device.CPU, ROWS, COLS), g = Tensor.empty(ot, CUDA, ROWS, COLS);
                            cpu().unary(op, e, onCpu(in), p);
                            gpu().unary(op, g, in, p);
                            assertSame(e, g, op + " " + t + " " + l + " " + Arrays.toString(p));
                        }
                    }
                }
            }
        }
    }

    @Test
    void unaryWritesInPlaceThroughAStridedOutput() {
        try (Scope s = Scope.open()) {
            Tensor g = view(CUDA, DType.FLOAT32, Conformance.uniform(5, 35, -2, 2), Layout.TRANSPOSED), c = onCpu(g);
            cpu().unary(UnaryOp.TANH, c, c);
            gpu().unary(UnaryOp.TANH, g, g);
            assertSame(c, g, "tanh in place, transposed");
        }
    }

    @Test
    void integerPowOfZeroToANegativePowerThrows() {
        try (Scope s = Scope.open()) {
            Tensor x = Conformance.tensor(CUDA, DType.INT32, new double[]{2, 0, 3}, 3), out = Tensor.empty(DType.INT32, CUDA, 3);
            assertThrows(ArithmeticException.class, () -> gpu().unary(UnaryOp.POW_SCALAR, out, x, -1));
            gpu().unary(UnaryOp.POW_SCALAR, out, x, 2);
            assertArrayEquals(new long[]{4, 0, 9}, out.toLongArray());
        }
    }

    // ---- binary ---------------------------------------------------------------------------------------

    private static boolean binarySupported(BinaryOp op, DType t) {
        return switch (op) {
            case BITWISE_AND, BITWISE_OR, BITWISE_XOR -> !t.isFloatingPoint();
            case ATAN2, HYPOT, PRELU -> t.isFloatingPoint();
            default -> true;
        };
    }

    @Test
    void binaryEveryOpEveryDtypeOverMixedLayouts() {
        double[] a = Conformance.uniform(21, 35, -20, 20), b = Conformance.uniform(22, 35, -6, 6);
        a[0] = Double.NaN; a[1] = -0.0; a[2] = 7; a[3] = -7; a[4] = Double.POSITIVE_INFINITY; a[5] = 1; a[6] = 0.5;
        b[1] = 0.0; b[2] = -2; b[3] = 2; b[5] = -0.0; b[6] = -1;
        double[] bInt = b.clone();   // integer divisors must not be zero (that throws: tested apart)
        for (int i = 0; i < bInt.length; i++) if ((long) bInt[i] == 0) bInt[i] = i % 2 == 0 ? 3 : -1;
        Layout[][] pairs = {{Layout.CONTIGUOUS, Layout.CONTIGUOUS}, {Layout.TRANSPOSED, Layout.BROADCAST_ROW},
                {Layout.FLIPPED, Layout.SLICED}, {Layout.BROADCAST_ROW, Layout.FLIPPED}, {Layout.CONTIGUOUS, Layout.SCALAR},
                {Layout.SCALAR, Layout.OFFSET}};
        for (DType t : DType.values()) {
            for (BinaryOp op : BinaryOp.values()) {
                if (!binarySupported(op, t)) continue;
                boolean intDiv = !t.isFloatingPoint() && switch (op) {
                    case DIV, FLOOR_DIVIDE, TRUNC_DIVIDE, REMAINDER, FMOD -> true;
                    default -> false;
                };
                double[] bv = t.isFloatingPoint() ? b : op == BinaryOp.POW ? absSmall(b) : bInt;
                if (intDiv && t == DType.BOOL) continue;   // bool divisors are 0 or 1: only the throwing case
                for (Layout[] ls : pairs) {
                    try (Scope s = Scope.open()) {
                        Tensor x = view(CUDA, t, a, ls[0]), y = view(CUDA, t, bv, ls[1]);
                        DType ot = op.isPredicate() ? DType.BOOL : t;
                        Tensor e = Tensor.empty(ot, Device.CPU, ROWS, COLS), g = Tensor.empty(ot, CUDA, ROWS, COLS);
                        double[] p = op == BinaryOp.ADD_SCALED ? new double[]{t.isFloatingPoint() ? -0.75 : -3} : new double[0];
                        cpu().binary(op, e, onCpu(x), onCpu(y), p);
                        gpu().binary(op, g, x, y, p);
                        assertSame(e, g, op + " " + t + " " + ls[0] + " x " + ls[1]);
                    }
                }
            }
        }
    }

    private static double[] absSmall(double[] b) {
        double[] r = new double[b.length];
        for (int i = 0; i < b.length; i++) r[i] = Math.abs(b[i]) % 5;
        return r;
    }

    @Test
    void integerPowWithNegativeExponents() {
        try (Scope s = Scope.open()) {
            for (DType t : new DType[]{DType.INT8, DType.INT32, DType.INT64}) {
                Tensor x = Conformance.tensor(CUDA, t, new double[]{1, -1, -1, 2, -3, 5, 0, 3}, 8);
                Tensor y = Conformance.tensor(CUDA, t, new double[]{-3, -3, -2, -1, -2, 9, 3, 40}, 8);
                Tensor e = Tensor.empty(t, Device.CPU, 8), g = Tensor.empty(t, CUDA, 8);
                cpu().binary(BinaryOp.POW, e, x.cpu(), y.cpu());
                gpu().binary(BinaryOp.POW, g, x, y);
                assertSame(e, g, "pow " + t);
                Tensor zero = Conformance.tensor(CUDA, t, new double[]{0, 2}, 2), neg = Conformance.tensor(CUDA, t, new double[]{-1, 1}, 2);
                assertThrows(ArithmeticException.class, () -> gpu().binary(BinaryOp.POW, Tensor.empty(t, CUDA, 2), zero, neg));
            }
        }
    }

    @Test
    void integerDivisionByZeroThrowsAndExtremesWrap() {
        try (Scope s = Scope.open()) {
            for (BinaryOp op : new BinaryOp[]{BinaryOp.DIV, BinaryOp.FLOOR_DIVIDE, BinaryOp.TRUNC_DIVIDE, BinaryOp.REMAINDER, BinaryOp.FMOD}) {
                Tensor x = Tensor.of(new long[]{5, 6, 7}).to(CUDA), y = Tensor.of(new long[]{1, 0, 2}).to(CUDA);
                Tensor out = Tensor.empty(DType.INT64, CUDA, 3);
                assertThrows(ArithmeticException.class, () -> gpu().binary(op, out, x, y), op.toString());
                Tensor min = Tensor.of(new long[]{Long.MIN_VALUE, Long.MIN_VALUE, -7}).to(CUDA);
                Tensor neg = Tensor.of(new long[]{-1, 3, -1}).to(CUDA);
                Tensor e = Tensor.empty(DType.INT64, Device.CPU, 3);
                cpu().binary(op, e, min.cpu(), neg.cpu());
                gpu().binary(op, out, min, neg);
                assertArrayEquals(e.toLongArray(), out.toLongArray(), op + " at Long.MIN_VALUE / -1");
            }
        }
    }

    // ---- where ----------------------------------------------------------------------------------------

    @Test
    void whereEveryDtype() {
        double[] c = new double[35];
        for (int i = 0; i < c.length; i++) c[i] = (i * 7) % 3 == 0 ? 1 : 0;
        for (DType t : DType.values()) {
            try (Scope s = Scope.open()) {
                Tensor cond = view(CUDA, DType.BOOL, c, Layout.TRANSPOSED);
                Tensor x = view(CUDA, t, EDGES, Layout.FLIPPED), y = view(CUDA, t, new double[]{-4, 5}, Layout.BROADCAST_ROW);
                Tensor e = Tensor.empty(t, Device.CPU, ROWS, COLS), g = Tensor.empty(t, CUDA, ROWS, COLS);
                cpu().where(e, onCpu(cond), onCpu(x), onCpu(y));
                gpu().where(g, cond, x, y);
                assertArrayEquals(bytes(e), bytes(g), "where " + t);
            }
        }
    }

    // ---- the kernel's op codes are the Java enums' ordinals -------------------------------------------

    @Test
    void kernelOpEnumsFollowTheJavaEnums() throws IOException {
        // from the module (Maven) or from the repository root (the GPU host's console launcher)
        Path cu = Files.exists(Path.of("kernels", "elementwise.cu")) ? Path.of("kernels", "elementwise.cu")
                : Path.of("..", "kernels", "elementwise.cu");
        String src = Files.readString(cu);
        assertEquals(names(UnaryOp.values()), enumNames(src, "UOp", "U_"));
        assertEquals(names(BinaryOp.values()), enumNames(src, "BOp", "B_"));
        assertEquals(names(DType.values()), enumNames(src, "AxDt", "DT_").stream()
                .map(n -> switch (n) {
                    case "U8" -> "UINT8";
                    case "I8" -> "INT8";
                    case "I16" -> "INT16";
                    case "I32" -> "INT32";
                    case "I64" -> "INT64";
                    case "F16" -> "FLOAT16";
                    case "BF16" -> "BFLOAT16";
                    case "F32" -> "FLOAT32";
                    case "F64" -> "FLOAT64";
                    default -> n;
                }).toList());
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static List<String> enumNames(String src, String enumName, String prefix) {
        Matcher m = Pattern.compile("enum " + enumName + " \\{([^}]*)}").matcher(src);
        assertTrue(m.find(), "enum " + enumName + " in elementwise.cu");
        List<String> out = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String n = part.replaceAll("//.*", "").trim();
            if (!n.isEmpty()) out.add(n.substring(prefix.length()));
        }
        return out;
    }
}
