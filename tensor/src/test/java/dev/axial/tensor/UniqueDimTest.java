package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** unique(dim) against a plain-Java reference: slices sorted lexicographically (stable), == runs merged. */
class UniqueDimTest {
    /** The slices of row-major xv along d, each flattened in row-major order of the other dims. */
    static double[][] slices(double[] xv, long[] shape, int d) {
        long n = shape[d], inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        long outer = xv.length / (n * inner);
        double[][] out = new double[(int) n][(int) (outer * inner)];
        for (int j = 0; j < n; j++)
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++) out[j][(int) (o * inner + i)] = xv[(int) ((o * n + j) * inner + i)];
        return out;
    }

    private static int lex(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = SortTest.compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    private static boolean same(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) if (!(a[i] == b[i])) return false;
        return true;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void uniqueDimMatchesReference(Device dev) {
        Random rnd = new Random(60);
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                for (int trial = 0; trial < 5; trial++) {
                    long[] shape = Conformance.randomShape(rnd, 1, 3, 4);
                    int d = rnd.nextInt(shape.length);
                    shape[d] = 1 + rnd.nextInt(8);
                    double[] v = new double[(int) Shapes.numel(shape)];
                    // few distinct values, so that equal slices occur
                    for (int i = 0; i < v.length; i++) v[i] = dt == DType.BOOL ? rnd.nextInt(2) : rnd.nextInt(3) - (dt == DType.UINT8 ? 0 : 1);
                    if (dt.isFloatingPoint() && trial == 4) v[0] = Double.NaN;
                    if (dt.isFloatingPoint() && trial == 3) for (int i = 0; i < v.length; i++) if (v[i] == 0 && rnd.nextBoolean()) v[i] = -0.0;
                    if (shape.length == 1 || trial % 2 == 0) {
                        // duplicate whole slices too
                        double[][] sl = slices(v, shape, d);
                        if (sl.length > 1) System.arraycopy(sl[0], 0, sl[sl.length - 1], 0, sl[0].length);
                        v = unslice(sl, shape, d);
                    }
                    Tensor x = Conformance.tensor(dev, dt, v, trial % 2 == 1, shape);
                    double[] xv = x.toDoubleArray();
                    double[][] sl = slices(xv, shape, d);
                    Integer[] order = new Integer[sl.length];
                    for (int i = 0; i < order.length; i++) order[i] = i;
                    Arrays.sort(order, (a, b) -> lex(sl[a], sl[b]));
                    List<double[]> uniq = new ArrayList<>();
                    List<Long> counts = new ArrayList<>();
                    long[] inverse = new long[sl.length];
                    for (int i = 0; i < order.length; i++) {
                        if (i == 0 || !same(sl[order[i - 1]], sl[order[i]])) {
                            uniq.add(sl[order[i]]);
                            counts.add(0L);
                        }
                        inverse[order[i]] = uniq.size() - 1;
                        counts.set(uniq.size() - 1, counts.get(uniq.size() - 1) + 1);
                    }
                    long[] us = shape.clone();
                    us[d] = uniq.size();
                    double[] exp = unslice(uniq.toArray(new double[0][]), us, d);
                    String what = dt + Arrays.toString(shape) + " dim " + d;
                    UniqueResult r = x.unique(d, true, true, true);
                    assertArrayEquals(us, r.values().shape(), what);
                    assertEquals(dt, r.values().dtype(), what);
                    assertArrayEquals(exp, r.values().toDoubleArray(), what + " values");
                    assertArrayEquals(inverse, r.inverse().toLongArray(), what + " inverse");
                    assertArrayEquals(counts.stream().mapToLong(Long::longValue).toArray(), r.counts().toLongArray(), what + " counts");
                    UniqueResult bare = x.unique(d - shape.length, true, false, false);
                    assertNull(bare.inverse());
                    assertNull(bare.counts());
                    assertArrayEquals(exp, bare.values().toDoubleArray(), what + " bare");
                }
            }
        }
    }

    static double[] unslice(double[][] sl, long[] shape, int d) {
        long n = shape[d], inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        long total = Shapes.numel(shape), outer = total / Math.max(1, n * inner);
        double[] out = new double[(int) total];
        for (int j = 0; j < n; j++)
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++) out[(int) ((o * n + j) * inner + i)] = sl[j][(int) (o * inner + i)];
        return out;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void handComputedEmptyAndErrors(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new long[]{1, 2, 0, 0, 1, 2, 1, 1}, 4, 2).to(dev);
            UniqueResult r = x.unique(0, true, true, true);
            assertArrayEquals(new long[]{0, 0, 1, 1, 1, 2}, r.values().toLongArray());
            assertArrayEquals(new long[]{2, 0, 2, 1}, r.inverse().toLongArray());
            assertArrayEquals(new long[]{1, 1, 2}, r.counts().toLongArray());
            UniqueResult c = x.unique(1, true, true, true);
            assertArrayEquals(new long[]{4, 2}, c.values().shape());
            assertArrayEquals(new long[]{0, 1}, c.inverse().toLongArray());
            Tensor nan = Tensor.of(new float[]{Float.NaN, Float.NaN}, 2, 1).to(dev);
            assertArrayEquals(new long[]{1, 1}, nan.unique(0, true, false, true).counts().toLongArray());
            UniqueResult e = Tensor.zeros(DType.FLOAT32, dev, 0, 3).unique(0, true, true, true);
            assertArrayEquals(new long[]{0, 3}, e.values().shape());
            assertEquals(0, e.inverse().numel());
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 0, 3).unique(1, true, false, false));
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 0, 0).unique(0, true, false, false));
            assertThrows(TensorException.class, () -> x.unique(2, true, false, false));
            assertThrows(TensorException.class, () -> Tensor.scalar(DType.FLOAT32, dev, 1).unique(0, true, false, false));
            Tensor dead = Tensor.of(new float[]{1, 2}).to(dev);
            dead.close();
            assertThrows(UseAfterFreeException.class, () -> dead.unique(0, true, false, false));
        }
    }
}
