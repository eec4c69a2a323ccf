package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** searchsorted, histc, bincount, quantile against plain-Java references. */
class SortCountingTest {
    // ---- searchsorted ----------------------------------------------------------------------------

    private static long lowerBound(double[] s, int from, int len, double v, boolean right) {
        int lo = 0;
        while (lo < len && (right ? s[from + lo] <= v : s[from + lo] < v)) lo++;
        return lo;
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void searchsortedOneDimensionalSequenceWithAnyValuesShape(Device dev) {
        Random rnd = new Random(40);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8}) {
                double[] seq = new double[17];
                for (int i = 0; i < seq.length; i++) seq[i] = rnd.nextInt(10) * 3;
                Arrays.sort(seq);
                double[] v = new double[24];
                for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(33) - 1 + (dt.isFloatingPoint() ? 0.5 * rnd.nextInt(2) : 0);
                if (dt == DType.UINT8) for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
                Tensor sq = Conformance.tensor(dev, dt, seq, seq.length);
                for (boolean right : new boolean[]{false, true}) {
                    for (Tensor vals : new Tensor[]{Conformance.tensor(dev, dt, v, 4, 6), Conformance.nonContiguous(dev, dt, v, 4, 6)}) {
                        double[] vv = vals.toDoubleArray();
                        Tensor out = sq.searchsorted(vals, right);
                        assertEquals(DType.INT64, out.dtype());
                        assertArrayEquals(new long[]{4, 6}, out.shape());
                        long[] got = out.toLongArray();
                        for (int i = 0; i < vv.length; i++) assertEquals(lowerBound(seq, 0, seq.length, vv[i], right), got[i], dt + " " + vv[i]);
                    }
                }
            }
            Tensor sq = Tensor.of(new float[]{1, 2, 3}).to(dev);
            assertEquals(1, sq.searchsorted(Tensor.scalar(DType.FLOAT32, dev, 2)).itemLong());
            assertEquals(2, sq.searchsorted(Tensor.scalar(DType.FLOAT32, dev, 2), true).itemLong());
            assertEquals(0, sq.searchsorted(Tensor.scalar(DType.FLOAT32, dev, 2)).dim());
            assertArrayEquals(new long[]{3, 0}, sq.searchsorted(Tensor.of(new float[]{Float.NaN, Float.NEGATIVE_INFINITY}).to(dev)).toLongArray());
            assertArrayEquals(new long[]{0, 0}, Tensor.zeros(DType.FLOAT32, dev, 0).searchsorted(Tensor.of(new float[]{1, 2}).to(dev)).toLongArray());
            assertArrayEquals(new long[]{1, 2}, Tensor.of(new long[]{1, 5, 9}).to(dev).searchsorted(Tensor.of(new float[]{4.5f, 5.5f}).to(dev)).toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void searchsortedRowWise(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor seq = Tensor.of(new double[]{1, 3, 5, 7, 9, 2, 4, 6, 8, 10}, 2, 5).to(dev);
            Tensor v = Tensor.of(new double[]{3, 6, 9, 3, 6, 9}, 2, 3).to(dev);
            assertArrayEquals(new long[]{1, 3, 4, 1, 2, 4}, seq.searchsorted(v).toLongArray());
            assertArrayEquals(new long[]{2, 3, 5, 1, 3, 4}, seq.searchsorted(v, true).toLongArray());
            Tensor seqT = Tensor.of(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2).to(dev).t();   // rows 1,3,5,7,9 and 2,4,...
            assertArrayEquals(new long[]{1, 3, 4, 1, 2, 4}, seqT.searchsorted(v).toLongArray());
            assertThrows(TensorException.class, () -> seq.searchsorted(Tensor.zeros(DType.FLOAT32, dev, 3, 3)));
            assertThrows(TensorException.class, () -> seq.searchsorted(Tensor.scalar(DType.FLOAT32, dev, 1)));
            assertThrows(TensorException.class, () -> Tensor.scalar(DType.FLOAT32, dev, 1).searchsorted(v));
            assertThrows(TensorException.class, () -> Tensor.of(new boolean[]{false, true}).to(dev).searchsorted(Tensor.of(new boolean[]{true}).to(dev)));
        }
    }

    // ---- histc -----------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void histcMatchesTorchFormula(Device dev) {
        Random rnd = new Random(41);
        try (Scope s = Scope.open()) {
            double[] v = new double[3000];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian() * 3;
            v[0] = 2.0;      // the max edge: last bin
            v[1] = Double.NaN;
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = Conformance.nonContiguous(dev, dt, v, 60, 50);
                double[] xv = x.toDoubleArray();
                long[] ref = new long[7];
                for (double d : xv) {
                    if (!(d >= -1.5 && d <= 2)) continue;
                    long p = dt == DType.FLOAT64 ? (long) ((d - -1.5) * 7 / 3.5) : (long) (((float) d + 1.5f) * 7 / 3.5f);
                    ref[(int) Math.min(p, 6)]++;
                }
                Tensor h = x.histc(7, -1.5, 2);
                assertEquals(dt, h.dtype());
                assertArrayEquals(Arrays.stream(ref).asDoubleStream().toArray(), h.toDoubleArray(), dt.toString());
            }
            Tensor small = Tensor.of(new float[]{1, 2, 1}).to(dev);
            assertArrayEquals(new float[]{2, 0, 0, 1}, small.histc(4, 0, 0).toFloatArray());
            assertArrayEquals(new float[]{0, 0, 2, 0}, Tensor.of(new float[]{3, 3}).to(dev).histc(4, 0, 0).toFloatArray());   // range 2..4
            assertEquals(100, small.histc().numel());
            assertArrayEquals(new float[]{0, 0}, Tensor.zeros(DType.FLOAT32, dev, 0).histc(2, 0, 1).toFloatArray());
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1}).to(dev).histc(3, 0, 1));
            assertThrows(TensorException.class, () -> small.histc(0, 0, 1));
            assertThrows(TensorException.class, () -> small.histc(3, 2, 1));
            assertThrows(TensorException.class, () -> Tensor.of(new float[]{1, Float.NaN}).to(dev).histc());
        }
    }

    // ---- bincount --------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void bincountCountsAndSumsWeights(Device dev) {
        Random rnd = new Random(42);
        try (Scope s = Scope.open()) {
            long[] v = new long[500];
            double[] w = new double[500];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextInt(12);
                w[i] = rnd.nextDouble();
            }
            long[] counts = new long[12];
            double[] sums = new double[12];
            float[] fsums = new float[12];
            for (int i = 0; i < v.length; i++) {
                counts[(int) v[i]]++;
                sums[(int) v[i]] += w[i];
                fsums[(int) v[i]] += (float) w[i];
            }
            for (DType dt : new DType[]{DType.INT64, DType.INT32, DType.UINT8, DType.INT16}) {
                Tensor x = Tensor.of(v).to(dev).to(dt);
                Tensor c = x.bincount();
                assertEquals(DType.INT64, c.dtype());
                assertArrayEquals(counts, c.toLongArray(), dt.toString());
                Tensor wd = x.bincount(Tensor.of(w).to(dev), 0);
                assertEquals(DType.FLOAT64, wd.dtype());
                Conformance.assertClose(sums, wd.toDoubleArray(), 1e-12, 0, dt + " float64 weights");
                Tensor wf = x.bincount(Tensor.of(w).to(dev).to(DType.FLOAT32), 0);
                assertEquals(DType.FLOAT32, wf.dtype());
                if (dev.isCpu()) assertArrayEquals(fsums, wf.toFloatArray(), dt + " float32 weights");
                else   // float atomics add in whatever order the threads arrive (seen on the H100): float32 rounding
                    Conformance.assertClose(toDouble(fsums), wf.to(DType.FLOAT64).toDoubleArray(), 1e-5, 0, dt + " float32 weights");
            }
            assertEquals(DType.FLOAT64, Tensor.of(new long[]{0, 1}).to(dev).bincount(Tensor.of(new long[]{2, 3}).to(dev), 0).dtype());
            assertArrayEquals(new long[]{0, 2, 0, 0, 0}, Tensor.of(new long[]{1, 1}).to(dev).bincount(null, 5).toLongArray());
            assertArrayEquals(new long[]{0, 1, 0, 1}, Conformance.nonContiguous(dev, DType.INT64, new double[]{3, 1}, 2).bincount().toLongArray());
            assertArrayEquals(new long[]{0, 0, 0}, Tensor.of(new long[0]).to(dev).bincount(null, 3).toLongArray());
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1, -1}).to(dev).bincount());
            assertThrows(TensorException.class, () -> Tensor.of(new float[]{1}).to(dev).bincount());
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1, 2}, 1, 2).to(dev).bincount());
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1, 2}).to(dev).bincount(Tensor.of(new float[]{1}).to(dev), 0));
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1}).to(dev).bincount(null, -1));
        }
    }

    // ---- quantile --------------------------------------------------------------------------------

    private static final String[] MODES = {"linear", "lower", "higher", "midpoint", "nearest"};

    /** torch.quantile of one slice, in double. */
    private static double refQuantile(double[] slice, double q, String mode, boolean ignoreNan) {
        double[] s = ignoreNan ? Arrays.stream(slice).filter(d -> !Double.isNaN(d)).toArray() : slice.clone();
        if (s.length == 0) return Double.NaN;
        for (double d : s) if (Double.isNaN(d)) return Double.NaN;
        Arrays.sort(s);
        double rank = q * (s.length - 1);
        int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
        return switch (mode) {
            case "lower" -> s[lo];
            case "higher" -> s[hi];
            case "nearest" -> s[(int) Math.rint(rank)];
            case "midpoint" -> (s[lo] + s[hi]) / 2;
            default -> s[lo] + (rank - lo) * (s[hi] - s[lo]);
        };
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void quantileAlongDimsMatchesReference(Device dev) {
        Random rnd = new Random(43);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT64, DType.FLOAT32}) {
                for (int trial = 0; trial < 6; trial++) {
                    long[] shape = {1 + rnd.nextInt(5), 1 + rnd.nextInt(9)};
                    double[] v = new double[(int) Shapes.numel(shape)];
                    for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(3) == 0 && trial > 3 ? Double.NaN : rnd.nextGaussian();
                    Tensor x = trial % 2 == 0 ? Conformance.tensor(dev, dt, v, shape) : Conformance.nonContiguous(dev, dt, v, shape);
                    double[] xv = x.toDoubleArray();
                    int d = rnd.nextInt(2);
                    double q = trial == 0 ? 1 : trial == 1 ? 0 : rnd.nextDouble();
                    for (String mode : MODES) {
                        for (boolean nan : new boolean[]{false, true}) {
                            Tensor got = nan ? x.nanquantile(q, d, false, mode) : x.quantile(q, d, false, mode);
                            assertArrayEquals(new long[]{shape[1 - d]}, got.shape());
                            double[] g = got.toDoubleArray();
                            for (int r = 0; r < shape[1 - d]; r++) {
                                double[] slice = new double[(int) shape[d]];
                                for (int j = 0; j < slice.length; j++) slice[j] = d == 0 ? xv[(int) (j * shape[1] + r)] : xv[(int) (r * shape[1] + j)];
                                double e = refQuantile(slice, q, mode, nan);
                                String what = dt + Arrays.toString(shape) + " dim " + d + " q " + q + " " + mode + (nan ? " nan" : "");
                                Conformance.assertClose(new double[]{e}, new double[]{g[r]}, dt == DType.FLOAT64 ? 1e-12 : 1e-5, 1e-6, what);
                            }
                        }
                    }
                    double[] flat = xv.clone();
                    Conformance.assertClose(new double[]{refQuantile(flat, q, "linear", false)}, new double[]{x.quantile(q).item()},
                            1e-5, 1e-6, "flattened");
                    assertArrayEquals(new long[]{1, 1}, x.quantile(q, null, true, "linear").shape());
                    long[] kd = shape.clone();
                    kd[d] = 1;
                    assertArrayEquals(kd, x.quantile(q, d, true, "lower").shape());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void quantileWithTensorQ(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[]{0, 1, 2, 3, 4, 10, 20, 30, 40, 50}, 2, 5).to(dev);
            Tensor q = Tensor.of(new float[]{0.25f, 0.5f, 1}).to(dev);
            Tensor r = x.quantile(q, 1, false, "linear");
            assertArrayEquals(new long[]{3, 2}, r.shape());
            assertArrayEquals(new float[]{1, 20, 2, 30, 4, 50}, r.toFloatArray());
            assertArrayEquals(new long[]{3, 2, 1}, x.quantile(q, 1, true, "linear").shape());
            assertArrayEquals(new long[]{3}, x.quantile(q, null, false, "linear").shape());
            assertEquals(0, x.quantile(Tensor.scalar(DType.FLOAT32, dev, 0.5), null, false, "linear").dim());
            assertEquals(2.5, Tensor.of(new float[]{1, 2, 3, 4}).to(dev).quantile(0.5, 0, false, "midpoint").item());
            assertEquals(3, Tensor.of(new float[]{1, 2, 3, 4}).to(dev).quantile(0.5, 0, false, "nearest").item());   // rank 1.5 rounds to even 2
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void quantileBadInput(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[]{1, 2, 3}).to(dev);
            assertThrows(TensorException.class, () -> x.quantile(1.5));
            assertThrows(TensorException.class, () -> x.quantile(-0.1));
            assertThrows(TensorException.class, () -> x.quantile(Double.NaN));
            assertThrows(TensorException.class, () -> x.quantile(0.5, 0, false, "cubic"));
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{1, 2}).to(dev).quantile(0.5));
            assertThrows(TensorException.class, () -> Tensor.zeros(DType.FLOAT32, dev, 0).quantile(0.5));
            assertThrows(TensorException.class, () -> x.quantile(0.5, 1, false, "linear"));
            assertThrows(TensorException.class, () -> x.quantile(Tensor.of(new double[]{0.5}).to(dev), null, false, "linear"));
            assertThrows(TensorException.class, () -> x.quantile(Tensor.of(new float[]{0.5f, 2}).to(dev), null, false, "linear"));
            assertThrows(TensorException.class, () -> x.quantile(Tensor.zeros(DType.FLOAT32, dev, 1, 1), null, false, "linear"));
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
