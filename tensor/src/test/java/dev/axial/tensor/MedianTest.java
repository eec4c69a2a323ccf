package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class MedianTest {
    /**
     * Reference median(dim) / nanmedian(dim) of row-major xv: {values, indices} in the keepdim layout. PyTorch's
     * rule: a NaN in the slice gives its first NaN (median); otherwise rank (m - 1) / 2 of a stable sort of the
     * m non-NaN elements (all NaN under nanmedian: the first NaN).
     */
    static double[][] reference(double[] xv, long[] shape, int d, boolean ignoreNan) {
        long n = shape[d], inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        long outer = xv.length / Math.max(1, n * inner);
        double[] vals = new double[(int) (outer * inner)], idx = new double[vals.length];
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                List<Integer> ok = new ArrayList<>();
                int firstNan = -1;
                for (int j = 0; j < n; j++) {
                    double v = xv[(int) ((o * n + j) * inner + in)];
                    if (Double.isNaN(v)) { if (firstNan < 0) firstNan = j; }
                    else ok.add(j);
                }
                int at = (int) (o * inner + in);
                long base = o * n * inner + in, step = inner;
                int pick;
                if (firstNan >= 0 && (!ignoreNan || ok.isEmpty())) pick = firstNan;
                else {
                    ok.sort((a, b) -> SortTest.compare(xv[(int) (base + a * step)], xv[(int) (base + b * step)]));
                    pick = ok.get((ok.size() - 1) / 2);
                }
                vals[at] = xv[(int) (base + pick * step)];
                idx[at] = pick;
            }
        }
        return new double[][]{vals, idx};
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void medianAndNanmedianAlongADimMatchTheReference(Device dev) {
        Random rnd = new Random(40);
        try (Scope s = Scope.open()) {
            for (DType dt : DType.values()) {
                if (dt == DType.BOOL) continue;
                for (int trial = 0; trial < 6; trial++) {
                    long[] shape = SortTest.randomShape(rnd);
                    double[] v = SortTest.values(rnd, dt, (int) Shapes.numel(shape));
                    int d = rnd.nextInt(shape.length);
                    int dim = rnd.nextBoolean() ? d : d - shape.length;
                    Tensor x = Conformance.tensor(dev, dt, v, trial % 2 == 1, shape);
                    double[] xv = x.toDoubleArray();
                    long[] ks = shape.clone();
                    ks[d] = 1;
                    for (boolean nan : new boolean[]{false, true}) {
                        String what = (nan ? "nanmedian " : "median ") + dt + Arrays.toString(shape) + " dim " + dim;
                        double[][] ref = reference(xv, shape, d, nan);
                        ValuesIndices r = nan ? x.nanmedian(dim, true) : x.median(dim, true);
                        assertArrayEquals(ks, r.values().shape(), what);
                        assertEquals(dt, r.values().dtype(), what);
                        assertEquals(DType.INT64, r.indices().dtype(), what);
                        assertArrayEquals(ref[0], r.values().toDoubleArray(), what + " values");
                        assertArrayEquals(ref[1], r.indices().toDoubleArray(), what + " indices");
                        ValuesIndices q = nan ? x.nanmedian(dim) : x.median(dim);
                        assertEquals(shape.length - 1, q.values().dim(), what);
                        assertArrayEquals(ref[0], q.values().toDoubleArray(), what + " squeezed");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void nanRulesAndTies(Device dev) {
        try (Scope s = Scope.open()) {
            float nan = Float.NaN;
            Tensor x = Tensor.of(new float[]{3, nan, 1, nan, 2, 5, 5, 5, 1, 5, nan, nan}, 3, 4).to(dev);
            ValuesIndices m = x.median(1);
            assertArrayEquals(new float[]{nan, 5, nan}, m.values().toFloatArray());
            assertArrayEquals(new long[]{1, 1, 2}, m.indices().toLongArray());
            ValuesIndices nm = x.nanmedian(1);
            assertArrayEquals(new float[]{1, 5, 1}, nm.values().toFloatArray());
            assertArrayEquals(new long[]{2, 1, 0}, nm.indices().toLongArray());
            Tensor allNan = Tensor.of(new double[]{Double.NaN, Double.NaN}).to(dev);
            ValuesIndices an = allNan.nanmedian(0);
            assertTrue(Double.isNaN(an.values().item()));
            assertEquals(0, an.indices().itemLong());
            assertTrue(Double.isNaN(allNan.nanmedian().item()));
            assertEquals(2, Tensor.of(new float[]{nan, 4, 1, 2, nan}).to(dev).nanmedian().item());
            assertEquals(3, Tensor.of(new float[]{4, 3, nan}).to(dev).nanmedian().item());
            assertTrue(Double.isNaN(Tensor.of(new float[]{4, 3, nan}).to(dev).median().item()));
            // -0.0 and 0.0 tie: the one at the median rank in input order
            ValuesIndices z = Tensor.of(new float[]{0.0f, -0.0f, 1}).to(dev).median(0);
            assertEquals(1, z.indices().itemLong());
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(z.values().toFloatArray()[0]));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void zeroDimEmptyAndBadInput(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor z = Tensor.scalar(DType.FLOAT32, dev, 7);
            ValuesIndices r = z.median(0, true);
            assertEquals(0, r.values().dim());
            assertEquals(7, r.values().item());
            assertEquals(0, r.indices().itemLong());
            assertEquals(0, z.nanmedian(-1).indices().dim());
            ValuesIndices e = Tensor.zeros(DType.FLOAT32, dev, 0, 3).median(1, false);
            assertArrayEquals(new long[]{0}, e.values().shape());
            TensorException ex = assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 0, 3).median(0));
            assertTrue(ex.getMessage().contains("median") && ex.getMessage().contains("non-zero"), ex.getMessage());
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.BOOL, dev, 3).median(0));
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 3).nanmedian(1));
            assertThrows(TensorException.class, () -> Tensor.of(new long[0]).to(dev).nanmedian());
            Tensor dead = Tensor.of(new float[]{1, 2}).to(dev);
            dead.close();
            assertThrows(UseAfterFreeException.class, () -> dead.median(0));
        }
    }
}
