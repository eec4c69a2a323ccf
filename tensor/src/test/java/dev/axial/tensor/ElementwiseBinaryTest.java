package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

import static dev.axial.tensor.Conformance.nonContiguous;
import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ElementwiseTestKit.*;
import static org.junit.jupiter.api.Assertions.*;

/** Binary arithmetic, comparisons, logical and bitwise ops against plain-Java references, for every dtype and layout. */
class ElementwiseBinaryTest {
    enum Result { SAME, FLOATING, BOOL }

    /**
     * One op: the tensor and scalar forms, the double reference (floating dtypes), the long reference (integer
     * dtypes, wrapped afterwards; null where the result is floating), and which dtypes it takes.
     */
    record Case(String name, BiFunction<Tensor, Tensor, Tensor> f, BiFunction<Tensor, Number, Tensor> fs,
                DoubleBinaryOperator ref, LongBinaryOperator iref, Result result, boolean nonZeroDivisor,
                boolean floats, boolean ints, boolean bools) {}

    private static final double NAN = Double.NaN;

    static final List<Case> CASES = List.of(
            new Case("add", Tensor::add, Tensor::add, Double::sum, Long::sum, Result.SAME, false, true, true, true),
            new Case("sub", Tensor::sub, Tensor::sub, (a, b) -> a - b, (a, b) -> a - b, Result.SAME, false, true, true, false),
            new Case("mul", Tensor::mul, Tensor::mul, (a, b) -> a * b, (a, b) -> a * b, Result.SAME, false, true, true, true),
            new Case("div", Tensor::div, Tensor::div, (a, b) -> a / b, null, Result.FLOATING, true, true, true, true),
            new Case("floorDivide", Tensor::floorDivide, Tensor::floorDivide, (a, b) -> Math.floor(a / b),
                    Math::floorDiv, Result.SAME, true, true, true, false),
            new Case("remainder", Tensor::remainder, Tensor::remainder, (a, b) -> a - Math.floor(a / b) * b,
                    Math::floorMod, Result.SAME, true, true, true, false),
            new Case("fmod", Tensor::fmod, Tensor::fmod, (a, b) -> a % b, (a, b) -> a % b, Result.SAME, true, true, true, false),
            new Case("pow", Tensor::pow, Tensor::pow, Math::pow, ElementwiseBinaryTest::ipow, Result.SAME, false, true, true, false),
            new Case("maximum", Tensor::maximum, null, Math::max, Math::max, Result.SAME, false, true, true, true),
            new Case("minimum", Tensor::minimum, null, Math::min, Math::min, Result.SAME, false, true, true, true),
            new Case("atan2", Tensor::atan2, null, Math::atan2, null, Result.FLOATING, false, true, true, false),
            new Case("hypot", Tensor::hypot, null, Math::hypot, null, Result.FLOATING, false, true, false, false),
            new Case("eq", Tensor::eq, Tensor::eq, (a, b) -> a == b ? 1 : 0, (a, b) -> a == b ? 1 : 0, Result.BOOL, false, true, true, true),
            new Case("ne", Tensor::ne, Tensor::ne, (a, b) -> a != b ? 1 : 0, (a, b) -> a != b ? 1 : 0, Result.BOOL, false, true, true, true),
            new Case("lt", Tensor::lt, Tensor::lt, (a, b) -> a < b ? 1 : 0, (a, b) -> a < b ? 1 : 0, Result.BOOL, false, true, true, true),
            new Case("le", Tensor::le, Tensor::le, (a, b) -> a <= b ? 1 : 0, (a, b) -> a <= b ? 1 : 0, Result.BOOL, false, true, true, true),
            new Case("gt", Tensor::gt, Tensor::gt, (a, b) -> a > b ? 1 : 0, (a, b) -> a > b ? 1 : 0, Result.BOOL, false, true, true, true),
            new Case("ge", Tensor::ge, Tensor::ge, (a, b) -> a >= b ? 1 : 0, (a, b) -> a >= b ? 1 : 0, Result.BOOL, false, true, true, true),
            new Case("logicalAnd", Tensor::logicalAnd, null, (a, b) -> a != 0 && b != 0 ? 1 : 0, (a, b) -> a != 0 && b != 0 ? 1 : 0,
                    Result.BOOL, false, true, true, true),
            new Case("logicalOr", Tensor::logicalOr, null, (a, b) -> a != 0 || b != 0 ? 1 : 0, (a, b) -> a != 0 || b != 0 ? 1 : 0,
                    Result.BOOL, false, true, true, true),
            new Case("logicalXor", Tensor::logicalXor, null, (a, b) -> (a != 0) != (b != 0) ? 1 : 0, (a, b) -> (a != 0) != (b != 0) ? 1 : 0,
                    Result.BOOL, false, true, true, true),
            new Case("bitwiseAnd", Tensor::bitwiseAnd, Tensor::bitwiseAnd, null, (a, b) -> a & b, Result.SAME, false, false, true, true),
            new Case("bitwiseOr", Tensor::bitwiseOr, Tensor::bitwiseOr, null, (a, b) -> a | b, Result.SAME, false, false, true, true),
            new Case("bitwiseXor", Tensor::bitwiseXor, Tensor::bitwiseXor, null, (a, b) -> a ^ b, Result.SAME, false, false, true, true));

    static long ipow(long b, long e) {
        long r = 1;
        for (long i = 0; i < e; i++) r *= b;
        return r;
    }

    private static boolean applies(Case c, DType t) {
        return t == DType.BOOL ? c.bools : t.isFloatingPoint() ? c.floats : c.ints;
    }

    private static DType outType(Case c, DType compute) {
        return switch (c.result) {
            case SAME -> compute;
            case FLOATING -> compute.toFloating();
            case BOOL -> DType.BOOL;
        };
    }

    /** The reference of c on promoted values in dtype {@code compute}, as the output stores it. */
    private static double[] reference(Case c, DType compute, double[] a, double[] b) {
        double[] out = new double[a.length];
        DType ot = outType(c, compute);
        for (int i = 0; i < a.length; i++) {
            if (compute.isFloatingPoint() || c.iref == null) out[i] = c.ref.applyAsDouble(a[i], b[i]);
            else out[i] = wrap(ot, c.iref.applyAsLong((long) a[i], (long) b[i]));
        }
        return out;
    }

    private static double[] operandValues(Case c, DType t, long seed, int n, boolean second) {
        boolean integerValued = c.result == Result.BOOL;   // comparisons: equal values must occur
        double lo = -6, hi = 6;
        if (c.name.equals("pow")) {
            lo = second ? 0 : (t.isFloatingPoint() ? 0.1 : -3);
            hi = second ? (t.isFloatingPoint() ? 2.5 : 4) : 3;
        }
        DType gen = integerValued && t.isFloatingPoint() ? DType.INT32 : t;
        double[] v = values(gen, seed, n, lo, hi);
        if (second && c.nonZeroDivisor)
            for (int i = 0; i < n; i++) if (v[i] == 0 || Math.abs(v[i]) < 0.05) v[i] = t == DType.BOOL ? 1 : 3;
        return v;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void everyOpEveryDtypeWithBroadcastingAndStrides(Device dev) {
        long[][][] layouts = {
                {{3, 1, 5}, {4, 1}, {3, 4, 5}},
                {{2, 3, 37}, {2, 3, 37}, {2, 3, 37}},
                {{6, 7}, {6, 7}, {6, 7}},
                {{1}, {9}, {9}},
        };
        for (Case c : CASES) {
            for (DType t : ALL) {
                if (!applies(c, t)) continue;
                for (int l = 0; l < layouts.length; l++) {
                    long[] sa = layouts[l][0], sb = layouts[l][1], so = layouts[l][2];
                    try (Scope s = Scope.open()) {
                        double[] va = operandValues(c, t, 17 * l + t.ordinal(), (int) Shapes.numel(sa), false);
                        double[] vb = operandValues(c, t, 31 * l + t.ordinal() + 5, (int) Shapes.numel(sb), true);
                        boolean strided = l == 2;
                        Tensor a = tensor(dev, t, va, strided, sa), b = tensor(dev, t, vb, false, sb);
                        if (strided) assertFalse(a.isContiguous());
                        String what = c.name + " " + t + " " + Shapes.str(sa) + " with " + Shapes.str(sb);
                        Tensor out = c.f.apply(a, b);
                        assertShape(so, out);
                        DType compute = c.result == Result.FLOATING ? t.toFloating() : t;
                        assertDType(outType(c, compute), out, what);
                        check(reference(c, compute, expand(va, sa, so), expand(vb, sb, so)), out, what);
                        // the same op with the operands swapped covers the scalar-first fast path
                        if (c.result != Result.FLOATING && !c.nonZeroDivisor && !c.name.equals("pow")) {
                            Tensor r = c.f.apply(b, a);
                            check(reference(c, compute, expand(vb, sb, so), expand(va, sa, so)), r, what + " swapped");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void scalarOperandsPromoteLikePyTorch(Device dev) {
        for (Case c : CASES) {
            if (c.fs == null) continue;
            for (DType t : ALL) {
                if (!applies(c, t)) continue;
                if (t == DType.BOOL && c.result != Result.BOOL) continue;
                try (Scope s = Scope.open()) {
                    double[] va = operandValues(c, t, 3 + t.ordinal(), 45, false);
                    Tensor a = tensor(dev, t, va, false, 5, 9);
                    boolean bitwise = c.name.startsWith("bitwise");
                    Number scalar = bitwise || !t.isFloatingPoint() ? (Number) 3 : (Number) 2.5;
                    Tensor out = c.fs.apply(a, scalar);
                    DType compute = DType.promoteWithScalar(t, scalar instanceof Double, false);
                    if (c.result == Result.FLOATING) compute = compute.toFloating();
                    double sv = compute.isFloatingPoint() ? Conformance.roundTo(compute, new double[]{scalar.doubleValue()})[0] : 3;
                    double[] vb = new double[va.length];
                    java.util.Arrays.fill(vb, sv);
                    String what = c.name + " " + t + " with " + scalar;
                    assertDType(outType(c, compute), out, what);
                    check(reference(c, compute, va, vb), out, what);
                }
            }
        }
        try (Scope s = Scope.open()) {
            Tensor i = tensor(dev, DType.INT32, new double[]{1, 2, 3}, 3);
            assertDType(DType.FLOAT32, i.add(2.5), "int + 2.5");
            assertDType(DType.INT32, i.add(2), "int + 2");
            assertArrayEquals(new double[]{3.5, 4.5, 5.5}, i.add(2.5).toDoubleArray());
            assertArrayEquals(new double[]{1, 0, -1}, i.rsub(2).toDoubleArray());
            assertArrayEquals(new double[]{6, 3, 2}, i.rdiv(6).toDoubleArray());
            assertArrayEquals(new double[]{2, 4, 8}, i.rpow(2).toDoubleArray());
            assertArrayEquals(new double[]{-1, -2, -3}, i.sub(i, 2).toDoubleArray());
            assertArrayEquals(new double[]{3, 6, 9}, i.add(i, 2).toDoubleArray());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void tensorPromotionRules(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor u8 = tensor(dev, DType.UINT8, new double[]{200, 3}, 2);
            Tensor i8 = tensor(dev, DType.INT8, new double[]{-1, 2}, 2);
            Tensor sum = u8.add(i8);
            assertDType(DType.INT16, sum, "uint8 + int8");
            assertArrayEquals(new double[]{199, 5}, sum.toDoubleArray());
            Tensor h = tensor(dev, DType.FLOAT16, new double[]{1, 2}, 2);
            Tensor bf = tensor(dev, DType.BFLOAT16, new double[]{1, 2}, 2);
            assertDType(DType.FLOAT32, h.add(bf), "float16 + bfloat16");
            assertDType(DType.FLOAT16, h.mul(tensor(dev, DType.INT64, new double[]{3, 4}, 2)), "float16 * int64");
            // 0-dim tensors only raise the category
            Tensor f32 = tensor(dev, DType.FLOAT32, new double[]{1, 2}, 2);
            Tensor d0 = Tensor.scalar(DType.FLOAT64, dev, 0.5);
            assertDType(DType.FLOAT32, f32.add(d0), "float32 + 0-dim float64");
            Tensor l = tensor(dev, DType.INT64, new double[]{1, 2}, 2);
            assertDType(DType.FLOAT64, l.add(d0), "int64 + 0-dim float64");
            assertDType(DType.INT16, tensor(dev, DType.INT16, new double[]{1}, 1).add(Tensor.scalar(DType.INT64, dev, 7)), "int16 + 0-dim int64");
            assertDType(DType.FLOAT64, Tensor.scalar(DType.FLOAT64, dev, 1).add(Tensor.scalar(DType.FLOAT32, dev, 1)), "0-dim + 0-dim");
            // integer true division is floating; int64 arithmetic wraps as in C
            assertArrayEquals(new double[]{0.5, 1}, l.div(tensor(dev, DType.INT64, new double[]{2, 2}, 2)).toDoubleArray());
            Tensor big = Tensor.of(new long[]{Long.MAX_VALUE}).to(dev);
            assertEquals(Long.MIN_VALUE, big.add(1).itemLong());
            // bool arithmetic: + is or, * is and
            Tensor bt = Tensor.of(new boolean[]{true, true, false}).to(dev);
            Tensor bf2 = Tensor.of(new boolean[]{true, false, false}).to(dev);
            assertArrayEquals(new boolean[]{true, true, false}, bt.add(bf2).toBooleanArray());
            assertArrayEquals(new boolean[]{true, false, false}, bt.mul(bf2).toBooleanArray());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void floatEdgeCasesFollowPython(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor a = tensor(dev, DType.FLOAT32, new double[]{7, -7, 7, -7, 5, NAN, 1}, 7);
            Tensor b = tensor(dev, DType.FLOAT32, new double[]{3, 3, -3, -3, 0, 1, NAN}, 7);
            assertArrayEquals(new double[]{1, 2, -2, -1, NAN, NAN, NAN}, a.remainder(b).toDoubleArray());
            assertArrayEquals(new double[]{1, -1, 1, -1, NAN, NAN, NAN}, a.fmod(b).toDoubleArray());
            assertArrayEquals(new double[]{2, -3, -3, 2, Double.POSITIVE_INFINITY, NAN, NAN}, a.floorDivide(b).toDoubleArray());
            assertArrayEquals(new double[]{7, 3, 7, -3, 5, NAN, NAN}, a.maximum(b).toDoubleArray());
            assertArrayEquals(new double[]{3, -7, -3, -7, 0, NAN, NAN}, a.minimum(b).toDoubleArray());
            assertArrayEquals(new boolean[]{false, false, false, false, false, false, false}, a.eq(b).toBooleanArray());
            assertArrayEquals(new boolean[]{true, true, true, true, true, true, true}, a.ne(b).toBooleanArray());
            Tensor n = tensor(dev, DType.FLOAT32, new double[]{NAN}, 1);
            assertFalse(n.lt(1).toBooleanArray()[0]);
            assertFalse(n.ge(1).toBooleanArray()[0]);
            assertFalse(n.eq(n).toBooleanArray()[0]);
            Tensor i = tensor(dev, DType.INT32, new double[]{7, -7}, 2);
            assertArrayEquals(new double[]{1, 2}, i.remainder(3).toDoubleArray());
            assertArrayEquals(new double[]{1, -1}, i.fmod(3).toDoubleArray());
            assertArrayEquals(new double[]{2, -3}, i.floorDivide(3).toDoubleArray());
            assertArrayEquals(new double[]{-2, 1}, i.floorDivide(-4).toDoubleArray());
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void largeContiguousFastPathsMatchTheGeneralPath(Device dev) {
        for (DType t : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            try (Scope s = Scope.open()) {
                int n = 70_001;
                double[] va = values(t, 1, n, -3, 3), vb = values(t, 2, n, 0.5, 3);
                Tensor a = tensor(dev, t, va, n), b = tensor(dev, t, vb, n);
                double[] ax = new double[n], sum = new double[n], quo = new double[n], mx = new double[n], rs = new double[n];
                for (int i = 0; i < n; i++) {
                    ax[i] = va[i] * 1.5 + 0.25;
                    sum[i] = va[i] - vb[i];
                    quo[i] = va[i] / vb[i];
                    mx[i] = Math.max(va[i], vb[i]);
                    rs[i] = 2 - va[i];
                }
                check(ax, a.mul(1.5).add(0.25), "a*x+b " + t);
                check(sum, a.sub(b), "sub " + t);
                check(quo, a.div(b), "div " + t);
                check(mx, a.maximum(b), "maximum " + t);
                check(rs, a.rsub(2), "rsub " + t);
                // broadcast rows of a matrix: the scalar operand changes from row to row
                Tensor m = a.slice(0, 0, 70_000).reshape(700, 100);
                Tensor col = tensor(dev, t, values(t, 3, 700, 1, 2), 700, 1);
                double[] cv = col.toDoubleArray(), ref = new double[70_000];
                for (int i = 0; i < 70_000; i++) ref[i] = va[i] * cv[i / 100];
                check(ref, m.mul(col), "row-broadcast mul " + t);
            }
        }
    }

    /**
     * The six comparisons into BOOL over long float32 rows (the CPU's vector path and its tails), each side a row, a
     * per-row scalar or one scalar, with NaN, equal values and signed zeros among the values.
     */
    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void comparisonsOnLongRowsMatchJava(Device dev) {
        try (Scope s = Scope.open()) {
            int rows = 3, n = 75;
            double[] va = values(DType.FLOAT32, 4, rows * (n + 4), -2, 2), vb = values(DType.FLOAT32, 5, rows * n, -2, 2);
            va[5] = Double.NaN; vb[7] = Double.NaN; va[9] = vb[9] = 1.25; va[11] = -0.0; vb[11] = 0.0;
            va[(n + 4) + 20] = vb[n + 20] = -0.5;   // equal in the second row's vector part
            Tensor a = tensor(dev, DType.FLOAT32, va, rows, n + 4).narrow(1, 0, n);   // rows that do not merge
            Tensor b = tensor(dev, DType.FLOAT32, vb, rows, n);
            Tensor col = tensor(dev, DType.FLOAT32, new double[]{0.5, Double.NaN, -1}, rows, 1);
            Tensor one = tensor(dev, DType.FLOAT32, new double[]{0.25}, 1);
            Tensor[][] pairs = {{a, b}, {b, a}, {a, col}, {col, b}, {a, one}, {one, b}};
            String[] names = {"eq", "ne", "lt", "le", "gt", "ge"};
            List<BiFunction<Tensor, Tensor, Tensor>> ops = List.of(Tensor::eq, Tensor::ne, Tensor::lt, Tensor::le, Tensor::gt, Tensor::ge);
            List<java.util.function.BiPredicate<Float, Float>> java = List.of((x, y) -> (float) x == (float) y, (x, y) -> (float) x != (float) y,
                    (x, y) -> x < y, (x, y) -> x <= y, (x, y) -> x > y, (x, y) -> x >= y);
            for (Tensor[] p : pairs) {
                double[] x = p[0].expand(rows, n).contiguous().toDoubleArray(), y = p[1].expand(rows, n).contiguous().toDoubleArray();
                for (int k = 0; k < ops.size(); k++) {
                    Tensor out = ops.get(k).apply(p[0], p[1]);
                    String what = names[k] + " " + Shapes.str(p[0].shape()) + " with " + Shapes.str(p[1].shape()) + " on " + dev;
                    assertEquals(DType.BOOL, out.dtype(), what);
                    double[] got = out.toDoubleArray();
                    for (int i = 0; i < got.length; i++)
                        assertEquals(java.get(k).test((float) x[i], (float) y[i]) ? 1.0 : 0.0, got[i], what + " at " + i + ": " + x[i] + ", " + y[i]);
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void badInputIsReported(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(DType.FLOAT32, dev, 3, 4), b = Tensor.zeros(DType.FLOAT32, dev, 5);
            TensorException e = assertThrows(TensorException.class, () -> a.add(b));
            assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5]") && e.getMessage().contains("add"), e.getMessage());
            assertThrows(TensorException.class, () -> a.bitwiseAnd(a));
            Tensor bools = Tensor.of(new boolean[]{true}).to(dev);
            assertThrows(TensorException.class, () -> bools.sub(bools));
            Tensor ints = tensor(dev, DType.INT64, new double[]{1, 2}, 2);
            Tensor zeros = tensor(dev, DType.INT64, new double[]{1, 0}, 2);
            for (String op : new String[]{"floorDivide", "remainder", "fmod"}) {
                TensorException z = assertThrows(TensorException.class, () -> {
                    switch (op) {
                        case "floorDivide" -> ints.floorDivide(zeros);
                        case "remainder" -> ints.remainder(0);
                        default -> ints.fmod(zeros);
                    }
                });
                assertTrue(z.getMessage().contains("ZeroDivisionError"), z.getMessage());
            }
            assertThrows(TensorException.class, () -> ints.pow(-1));
            Tensor u8 = tensor(dev, DType.UINT8, new double[]{1, 2}, 2);
            TensorException overflow = assertThrows(TensorException.class, () -> u8.add(300));
            assertTrue(overflow.getMessage().contains("overflow"), overflow.getMessage());
            assertArrayEquals(new double[]{255, 0}, u8.add(254).toDoubleArray(), "a scalar that fits; the uint8 sum wraps");
            assertArrayEquals(new double[]{1, Double.POSITIVE_INFINITY}, ints.div(zeros).toDoubleArray(), 0);
            assertThrows(TensorException.class, () -> ints.add(ints, 2.5));
            Tensor dead = Tensor.zeros(2);
            dead.close();
            assertThrows(UseAfterFreeException.class, () -> dead.add(1));
            assertThrows(UseAfterFreeException.class, () -> ints.to(DType.FLOAT32).mul(dead));
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void emptyTensors(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor e = Tensor.zeros(DType.FLOAT32, dev, 0, 3);
            Tensor r = Tensor.ones(DType.FLOAT32, dev, 3);
            assertShape(new long[]{0, 3}, e.add(r));
            assertShape(new long[]{0, 3}, e.lt(r));
            assertShape(new long[]{0, 3}, e.mul(2));
            assertShape(new long[]{0, 3}, e.add_(r));
            assertEquals(0, Tensor.zeros(DType.INT32, dev, 0).floorDivide(0).numel());
        }
    }
}
