package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.UniqueResult;
import dev.axial.tensor.ValuesIndices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CudaSorting against the CPU backend on the shapes the conformance tests do not reach: rows longer than one block's
 * tile (the merge path), NaN and -0.0 in both directions, ties in descending order, every dtype, many blocks of
 * unique's scan, long row sorts for unique(dim).
 */
class CudaSortingTest {
    private static final Device CUDA = Device.cuda(0);
    private static final DType[] ALL = {DType.BOOL, DType.UINT8, DType.INT8, DType.INT16, DType.INT32, DType.INT64,
            DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32, DType.FLOAT64};

    @BeforeEach
    void needsCuda() {
        assumeTrue(Backends.isAvailable(CUDA), "no CUDA backend");
    }

    /** Values with many ties; floats also get fractions, NaN, infinities and -0.0. */
    private static double[] values(Random rnd, DType dt, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dt) {
                case BOOL -> rnd.nextInt(2);
                case UINT8 -> rnd.nextInt(256);
                default -> rnd.nextInt(101) - 50;
            };
            if (dt.isFloatingPoint()) {
                int c = rnd.nextInt(16);
                if (c == 0) v[i] = Double.NaN;
                else if (c == 1) v[i] = rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                else if (c == 2) v[i] = -0.0;
                else if (c == 3) v[i] = 0.0;
                else if (c < 8) v[i] += rnd.nextDouble();
            }
        }
        return v;
    }

    /** Exact: equal as doubles with the sign of zero (Double.compare), NaN equal to NaN. */
    private static void assertSame(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++)
            if (Double.compare(want[i], got[i]) != 0) fail(what + ": element " + i + " expected " + want[i] + " but was " + got[i]);
    }

    /** Runs f on the CPU and on CUDA (the same values) and compares every result exactly. */
    private static void same(Tensor cpu, Function<Tensor, Tensor[]> f, String what) {
        Tensor[] want = f.apply(cpu), got = f.apply(cpu.to(CUDA));
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i].shape(), got[i].shape(), what + ": shape of result " + i);
            assertEquals(want[i].dtype(), got[i].dtype(), what + ": dtype of result " + i);
            assertSame(want[i].toDoubleArray(), got[i].cpu().toDoubleArray(), what + ": result " + i);
        }
    }

    private static Tensor[] sorted(Tensor x, int dim, boolean desc) {
        ValuesIndices r = x.sort(dim, desc);
        return new Tensor[]{r.values(), r.indices()};
    }

    @Test
    void shortRowsOfEveryDtypeAlongEveryDim() {
        Random rnd = new Random(1);
        try (Scope s = Scope.open()) {
            for (DType dt : ALL) {
                Tensor x = Tensor.of(values(rnd, dt, 7 * 13 * 5), 7, 13, 5).to(dt);
                for (int dim = 0; dim < 3; dim++)
                    for (boolean desc : new boolean[]{false, true}) {
                        int d = dim;
                        same(x, t -> sorted(t, d, desc), dt + " dim " + dim + " desc " + desc);
                        same(x.transpose(0, 2), t -> sorted(t, d, desc), dt + " transposed, dim " + dim + " desc " + desc);
                    }
            }
        }
    }

    @Test
    void longRowsTakeTheMergePathForEveryDtype() {
        Random rnd = new Random(2);
        try (Scope s = Scope.open()) {
            for (DType dt : ALL) {
                int len = dt == DType.FLOAT32 ? 3 * CudaSorting.TILE + 17 : CudaSorting.TILE + 1;
                Tensor x = Tensor.of(values(rnd, dt, 3 * len), 3, len).to(dt);
                for (boolean desc : new boolean[]{false, true}) {
                    same(x, t -> sorted(t, 1, desc), dt + " rows of " + len + " desc " + desc);
                    same(x.t(), t -> sorted(t, 0, desc), dt + " columns of " + len + " desc " + desc);
                }
            }
        }
    }

    @Test
    void nanLastAscendingFirstDescendingNegativeZeroTiesStable() {
        try (Scope s = Scope.open()) {
            double[] v = {0.0, Double.NaN, -0.0, 1, Double.NaN, -1, 0.0, -0.0, Double.NEGATIVE_INFINITY, 1};
            for (int reps : new int[]{1, 500}) {   // 500: 5000 elements, the merge path
                double[] big = new double[v.length * reps];
                for (int i = 0; i < big.length; i++) big[i] = v[i % v.length];
                for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                    Tensor x = Tensor.of(big, big.length).to(dt);
                    for (boolean desc : new boolean[]{false, true}) {
                        same(x, t -> sorted(t, 0, desc), dt + " x" + reps + " desc " + desc);
                        long[] idx = x.to(CUDA).sort(0, desc).indices().cpu().toLongArray();
                        if (reps == 1) {
                            long[] want = desc ? new long[]{1, 4, 3, 9, 0, 2, 6, 7, 5, 8} : new long[]{8, 5, 0, 2, 6, 7, 3, 9, 1, 4};
                            assertArrayEquals(want, idx, dt + " desc " + desc);
                        }
                    }
                }
            }
        }
    }

    @Test
    void uniqueOfSortedValuesWithInverseAndCounts() {
        Random rnd = new Random(3);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.INT32, DType.FLOAT32, DType.FLOAT64, DType.UINT8, DType.BOOL}) {
                int n = dt == DType.INT32 ? 100_001 : 20_001;
                Tensor x = Tensor.of(values(rnd, dt, n), n).to(dt);
                same(x, t -> {
                    UniqueResult r = t.unique(true, true, true);
                    return new Tensor[]{r.values(), r.inverse(), r.counts()};
                }, "unique " + dt);
                same(x.slice(0, 0, n, 3), t -> {
                    UniqueResult r = t.uniqueConsecutive(true, true);
                    return new Tensor[]{r.values(), r.inverse(), r.counts()};
                }, "uniqueConsecutive strided " + dt);
            }
        }
    }

    @Test
    void sortRowsIsStableAndLexicographic() {
        Random rnd = new Random(9);
        try (Scope s = Scope.open()) {
            for (DType dt : ALL) {
                for (long[] shape : new long[][]{{3000, 3}, {5, 4000}, {1, 2}, {7, 1}}) {
                    int n = (int) (shape[0] * shape[1]);
                    double[] v = values(rnd, dt, n);
                    if (dt != DType.BOOL) for (int i = 0; i < n; i++) v[i] = Math.max(-2, Math.min(2, v[i]));   // NaN stays
                    Tensor x = Tensor.of(v, shape).to(dt);
                    for (Tensor rows : new Tensor[]{x, x.t().contiguous().t()}) {
                        Tensor want = Tensor.empty(DType.INT64, Device.CPU, shape[0]);
                        rows.backend().sortRows(want, rows);
                        Tensor r = rows.to(CUDA), got = Tensor.empty(DType.INT64, CUDA, shape[0]);
                        r.backend().sortRows(got, r);
                        assertArrayEquals(want.toLongArray(), got.cpu().toLongArray(), dt + " rows " + shape[0] + "x" + shape[1]);
                    }
                }
            }
        }
    }

    @Test
    void uniqueDimSortsRowsLexicographically() {
        Random rnd = new Random(4);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.INT64, DType.FLOAT32, DType.INT8}) {
                Tensor x = Tensor.of(values(rnd, dt, 3000 * 3).clone(), 3000, 3).to(dt).clamp(-2, 2);
                for (int dim = 0; dim < 2; dim++) {
                    int d = dim;
                    same(x, t -> {
                        UniqueResult r = t.unique(d, true, true, true);
                        return new Tensor[]{r.values(), r.inverse(), r.counts()};
                    }, "unique dim " + dim + " " + dt);
                }
            }
        }
    }

    @Test
    void bincountWithAndWithoutWeights() {
        Random rnd = new Random(5);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.INT32, DType.UINT8, DType.INT64}) {
                Tensor ints = Tensor.of(values(rnd, DType.INT32, 100_000), 100_000).abs().to(dt);
                same(ints, t -> new Tensor[]{t.bincount()}, "bincount " + dt);
                same(ints, t -> new Tensor[]{t.slice(0, 0, 100_000, 7).bincount(null, 300)}, "bincount strided, minlength " + dt);
                for (DType wt : new DType[]{DType.FLOAT64, DType.FLOAT32}) {
                    Tensor w = Tensor.of(Conformance.uniform(6, 100_000, 0, 1), 100_000).to(wt);
                    Tensor want = ints.bincount(w, 0), got = ints.to(CUDA).bincount(w.to(CUDA), 0);
                    Conformance.assertClose(want.toDoubleArray(), got.cpu().toDoubleArray(), Conformance.tol(wt), Conformance.tol(wt), "bincount weights " + wt);
                }
            }
        }
    }

    @Test
    void bincountKernelThroughTheBackend() {
        Random rnd = new Random(12);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.INT32, DType.UINT8, DType.INT64, DType.INT16, DType.INT8}) {
                double[] v = values(rnd, DType.UINT8, 30_000);
                for (int i = 0; i < v.length; i++) v[i] %= 100;
                Tensor in = Tensor.of(v, v.length).to(dt), strided = in.slice(0, 0, v.length, 3);
                for (Tensor x : new Tensor[]{in, strided}) {
                    Tensor d = x.to(CUDA);
                    Tensor want = Tensor.empty(DType.INT64, Device.CPU, 120), got = Tensor.empty(DType.INT64, CUDA, 120);
                    x.backend().bincount(want, x, null);
                    d.backend().bincount(got, d, null);
                    assertArrayEquals(want.toLongArray(), got.cpu().toLongArray(), "counts " + dt);
                    for (DType wt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                        Tensor w = Tensor.of(Conformance.uniform(13, (int) x.numel(), -1, 1), x.numel()).to(wt);
                        Tensor ww = Tensor.empty(wt, Device.CPU, 100), wg = Tensor.empty(wt, CUDA, 100);
                        x.backend().bincount(ww, x, w);
                        d.backend().bincount(wg, d, w.to(CUDA));
                        Conformance.assertClose(ww.toDoubleArray(), wg.cpu().toDoubleArray(), 1e-4, 1e-4, "weights " + wt + " " + dt);
                    }
                }
            }
        }
    }

    @Test
    void histcAndQuantilesOfEveryFloatingDtype() {
        Random rnd = new Random(5);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                Tensor x = Tensor.of(Conformance.uniform(7, 50_000, -3, 3), 50_000).to(dt);
                same(x, t -> new Tensor[]{t.histc(37, -2, 2.5)}, "histc " + dt);
                same(x.slice(0, 0, 50_000, 3), t -> new Tensor[]{t.histc(5, -1, 1)}, "histc strided " + dt);
                double[] v = values(rnd, dt, 4 * 3001);   // rows 0, 1 without NaN, row 2 with some, row 3 all NaN
                for (int i = 0; i < v.length; i++) if (i < 2 * 3001 ? Double.isNaN(v[i]) : i >= 3 * 3001) v[i] = i < 2 * 3001 ? i % 7 : Double.NaN;
                Tensor rows = Tensor.of(v, 4, 3001).to(dt);
                Tensor sorted = rows.sort(1, false).values(), onDevice = sorted.to(CUDA);
                double[] qs = {0, 0.1, 0.25, 0.5, 0.9, 1, 0.3333};
                for (String mode : new String[]{"linear", "lower", "higher", "midpoint", "nearest"})
                    for (boolean ignoreNan : new boolean[]{false, true}) {
                        Tensor want = Tensor.empty(dt, Device.CPU, qs.length, 4), got = Tensor.empty(dt, CUDA, qs.length, 4);
                        sorted.backend().quantile(want, sorted, qs, mode, ignoreNan);
                        onDevice.backend().quantile(got, onDevice, qs, mode, ignoreNan);
                        Conformance.assertClose(want.toDoubleArray(), got.cpu().toDoubleArray(), Conformance.tol(dt), Conformance.tol(dt),
                                "quantile " + mode + " ignoreNan " + ignoreNan + " " + dt);
                    }
                Tensor qw = rows.quantile(0.3, 1, false, "linear"), qg = rows.to(CUDA).quantile(0.3, 1, false, "linear");
                Conformance.assertClose(qw.toDoubleArray(), qg.cpu().toDoubleArray(), Conformance.tol(dt), Conformance.tol(dt), "quantile frontend " + dt);
            }
        }
    }

    @Test
    void quantilesOfATensorOfQs() {
        Random rnd = new Random(15);
        try (Scope s = Scope.open()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
                Tensor rows = Tensor.of(values(rnd, dt, 4 * 301), 4, 301).to(dt);
                for (String mode : new String[]{"linear", "lower", "higher", "midpoint", "nearest"}) {
                    Tensor q = Tensor.of(new double[]{0, 0.1, 0.25, 0.5, 0.9, 1}, 6).to(dt);
                    Tensor qw = rows.quantile(q, 1, false, mode), qg = rows.to(CUDA).quantile(q.to(CUDA), 1, false, mode);
                    Conformance.assertClose(qw.toDoubleArray(), qg.cpu().toDoubleArray(), Conformance.tol(dt), Conformance.tol(dt), "quantile " + mode + " " + dt);
                    Tensor nw = rows.nanquantile(q, 1, false, mode), ng = rows.to(CUDA).nanquantile(q.to(CUDA), 1, false, mode);
                    Conformance.assertClose(nw.toDoubleArray(), ng.cpu().toDoubleArray(), Conformance.tol(dt), Conformance.tol(dt), "nanquantile " + mode + " " + dt);
                }
            }
        }
    }

    @Test
    void searchsortedInLongSequences() {
        Random rnd = new Random(8);
        try (Scope s = Scope.open()) {
            Tensor seq = Tensor.of(values(rnd, DType.FLOAT64, 2 * 5000), 2, 5000).sort(1, false).values();
            Tensor vals = Tensor.of(values(rnd, DType.FLOAT64, 2 * 300), 2, 300);
            for (boolean right : new boolean[]{false, true})
                for (DType dt : new DType[]{DType.FLOAT32, DType.INT32, DType.FLOAT64, DType.INT16, DType.BFLOAT16}) {
                    Tensor sq = seq.to(dt), v = vals.to(dt);
                    same(sq, t -> new Tensor[]{t.searchsorted(v.to(t.device()), right)}, dt + " right " + right);
                    same(sq.select(0, 1), t -> new Tensor[]{t.searchsorted(v.to(t.device()).t(), right)}, dt + " 1-D, transposed values, right " + right);
                }
        }
    }

    @Test
    void searchsortedMixedDtypes() {
        Random rnd = new Random(8);
        try (Scope s = Scope.open()) {
            Tensor seq = Tensor.of(values(rnd, DType.FLOAT64, 2 * 500), 2, 500).sort(1, false).values();
            Tensor vals = Tensor.of(values(rnd, DType.FLOAT64, 2 * 300), 2, 300);
            for (boolean right : new boolean[]{false, true})
                for (DType st : new DType[]{DType.FLOAT32, DType.INT32})
                    for (DType vt : new DType[]{DType.FLOAT64, DType.INT64}) {
                        Tensor v = vals.to(vt);
                        same(seq.to(st), t -> new Tensor[]{t.searchsorted(v.to(t.device()), right)}, st + " in " + vt + " right " + right);
                    }
        }
    }
}
