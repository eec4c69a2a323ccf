package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.axial.tensor.Conformance.randomShape;
import static dev.axial.tensor.Conformance.tensor;
import static dev.axial.tensor.ShapeRef.*;
import static org.junit.jupiter.api.Assertions.*;

class IndexingTest {
    /** Random int64 indices in [0, bound) of {@code shape}, as a tensor and as values. */
    private static long[] randomIndex(Random r, long[] shape, long bound) {
        long[] v = new long[(int) Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt((int) bound);
        return v;
    }

    private static Tensor idx(Device dev, long[] v, long... shape) { return Tensor.of(v, shape).to(dev); }

    /** A shape no larger than {@code sh} off {@code d}, any size along d. */
    private static long[] smallerShape(Random r, long[] sh, int d) {
        long[] s = new long[sh.length];
        for (int i = 0; i < sh.length; i++) s[i] = i == d ? r.nextInt(5) : 1 + r.nextInt((int) sh[i]);
        return s;
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void gatherMatchesReferenceForEveryDtype(Device dev) {
        Random r = new Random(10);
        for (DType t : ALL) {
            for (int trial = 0; trial < 3; trial++) {
                try (Scope s = Scope.open()) {
                    long[] sh = randomShape(r, 1, 4, 4);
                    int d = r.nextInt(sh.length);
                    double[] v = ints(r, Shapes.numel(sh), t);
                    Tensor x = tensor(dev, t, v, trial != 0, sh);
                    long[] is = smallerShape(r, sh, d);
                    long[] iv = randomIndex(r, is, sh[d]);
                    Tensor ix = trial == 2 ? idx(dev, iv, is).transpose(0, is.length - 1).contiguous().transpose(0, is.length - 1) : idx(dev, iv, is);
                    Tensor out = x.gather(d, ix);
                    assertArrayEquals(is, out.shape());
                    assertEquals(t, out.dtype());
                    double[] got = out.toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        long[] p = unravel(i, is);
                        p[d] = iv[i];
                        assertEquals(v[ravel(p, sh)], got[i], t + " gather");
                    }
                }
            }
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void indexSelectMatchesReferenceForEveryDtype(Device dev) {
        Random r = new Random(11);
        for (DType t : ALL) {
            try (Scope s = Scope.open()) {
                long[] sh = randomShape(r, 1, 4, 5);
                int d = r.nextInt(sh.length);
                double[] v = ints(r, Shapes.numel(sh), t);
                Tensor x = tensor(dev, t, v, true, sh);
                long[] iv = randomIndex(r, new long[]{7}, sh[d]);
                int[] iv32 = new int[iv.length];
                for (int i = 0; i < iv.length; i++) iv32[i] = (int) iv[i];
                Tensor out = x.indexSelect(d, Tensor.of(iv32).to(dev));   // int32 is accepted here, as PyTorch
                long[] os = sh.clone();
                os[d] = iv.length;
                assertArrayEquals(os, out.shape());
                double[] got = out.toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    long[] p = unravel(i, os);
                    p[d] = iv[(int) p[d]];
                    assertEquals(v[ravel(p, sh)], got[i], t + " index_select");
                }
                assertArrayEquals(new long[]{0}, Tensor.zeros(3).indexSelect(0, Tensor.of(new long[0])).shape());
            }
        }
    }

    /** Reference scatter in index order (row-major over index), as the backend promises. */
    private static double[] refScatter(double[] self, long[] sh, int d, long[] iv, long[] is, double[] src, long[] ss, String mode) {
        double[] out = self.clone();
        for (int i = 0; i < iv.length; i++) {
            long[] p = unravel(i, is);
            double sv = src[ravel(p, ss)];
            p[d] = iv[i];
            int o = ravel(p, sh);
            out[o] = switch (mode) {
                case "sum" -> out[o] + sv;
                case "prod" -> out[o] * sv;
                case "amax" -> Math.max(out[o], sv);
                case "amin" -> Math.min(out[o], sv);
                default -> sv;
            };
        }
        return out;
    }

    /**
     * Scatter without reduction where indices repeat: the CPU writes in index order (the last one wins); on CUDA,
     * as in PyTorch, any one of the writers wins. So off the CPU each target must hold one of its writers' values.
     */
    private static void assertScatterNone(Device dev, double[] self, long[] sh, int d, long[] iv, long[] is,
                                          double[] src, long[] ss, double[] got, String what) {
        if (dev.isCpu()) {
            assertArrayEquals(refScatter(self, sh, d, iv, is, src, ss, "none"), got, what);
            return;
        }
        java.util.Map<Integer, java.util.Set<Double>> writers = new java.util.HashMap<>();
        for (int i = 0; i < iv.length; i++) {
            long[] p = unravel(i, is);
            double sv = src[ravel(p, ss)];
            p[d] = iv[i];
            writers.computeIfAbsent(ravel(p, sh), k -> new java.util.HashSet<>()).add(sv);
        }
        for (int o = 0; o < self.length; o++) {
            java.util.Set<Double> w = writers.get(o);
            if (w == null) assertEquals(self[o], got[o], what + ": untouched element " + o);
            else assertTrue(w.contains(got[o]), what + ": element " + o + " is " + got[o] + ", none of its writers " + w);
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void scatterWithDuplicatesMatchesReferenceForEveryDtype(Device dev) {
        Random r = new Random(12);
        for (DType t : ALL) {
            for (int trial = 0; trial < 3; trial++) {
                try (Scope s = Scope.open()) {
                    long[] sh = randomShape(r, 1, 3, 4);
                    int d = r.nextInt(sh.length);
                    double[] v = ints(r, Shapes.numel(sh), t);
                    Tensor x = tensor(dev, t, v, trial == 1, sh);
                    long[] is = smallerShape(r, sh, d);
                    is[d] = 2 + r.nextInt(6);   // more entries than targets: duplicates
                    long[] ss = is.clone();
                    ss[0] += 1;                 // src larger than index: only its leading part is used
                    double[] sv = ints(r, Shapes.numel(ss), t);
                    Tensor src = tensor(dev, t, sv, trial == 2, ss);
                    long[] iv = randomIndex(r, is, sh[d]);
                    Tensor ix = idx(dev, iv, is);
                    assertScatterNone(dev, v, sh, d, iv, is, sv, ss, x.scatter(d, ix, src).toDoubleArray(), t + " scatter");
                    if (t != DType.BOOL) {
                        double[] exp = Conformance.roundTo(t, refScatter(v, sh, d, iv, is, sv, ss, "sum"));
                        if (t != DType.INT8 && t != DType.UINT8)   // small types may wrap; the wider ones check the sums
                            assertArrayEquals(exp, x.scatterAdd(d, ix, src).toDoubleArray(), t + " scatter_add");
                        for (String mode : new String[]{"amax", "amin"})
                            assertArrayEquals(refScatter(v, sh, d, iv, is, sv, ss, mode), x.scatterReduce(d, ix, src, mode).toDoubleArray(), t + " " + mode);
                    }
                    Tensor y = x.copy();
                    y.scatter_(d, ix, 1);
                    double[] ones = new double[sv.length];
                    Arrays.fill(ones, 1);
                    assertArrayEquals(refScatter(v, sh, d, iv, is, ones, ss, "none"), y.toDoubleArray(), t + " scatter_ value");
                }
            }
        }
    }

    @Test
    void scatterHandComputedAndReduceModes() {
        try (Scope s = Scope.open()) {
            Tensor self = Tensor.of(new float[]{1, 1, 1, 1});
            Tensor ix = Tensor.of(new long[]{0, 2, 0, 2, 2});
            Tensor src = Tensor.of(new float[]{2, 3, 4, 5, 6});
            assertArrayEquals(new double[]{4, 1, 6, 1}, self.scatter(0, ix, src).toDoubleArray());     // last write wins
            assertArrayEquals(new double[]{7, 1, 15, 1}, self.scatterAdd(0, ix, src).toDoubleArray());
            assertArrayEquals(new double[]{8, 1, 90, 1}, self.scatterReduce(0, ix, src, "prod").toDoubleArray());
            assertArrayEquals(new double[]{6, 1, 14, 1}, self.scatterReduce(0, ix, src, "sum", false).toDoubleArray());
            assertArrayEquals(new double[]{2, 1, 3, 1}, self.scatterReduce(0, ix, src, "amin", false).toDoubleArray());
            assertArrayEquals(new double[]{4, 1, 6, 1}, self.scatterReduce(0, ix, src, "amax", true).toDoubleArray());
            Tensor i8 = Tensor.of(new byte[]{5, 5});
            assertArrayEquals(new long[]{-128, 5}, i8.scatterReduce(0, Tensor.of(new long[]{0, 0}), Tensor.of(new byte[]{-128, -100}), "amin", false).toLongArray());
            Tensor nan = Tensor.of(new float[]{0, 0}).scatterReduce(0, Tensor.of(new long[]{0, 0}), Tensor.of(new float[]{Float.NaN, 1}), "amax");
            assertTrue(Double.isNaN(nan.toDoubleArray()[0]));
            Tensor two = Tensor.zeros(2, 3);
            two.scatter_(1, Tensor.of(new long[]{2, 0}, 2, 1), 5);
            assertArrayEquals(new double[]{0, 0, 5, 5, 0, 0}, two.toDoubleArray());
            assertThrows(TensorException.class, () -> self.scatterReduce(0, ix, src, "median"));
        }
    }

    @Test
    void scatterAddIsIndependentOfThreadCount() {
        int before = Parallel.threads();
        try (Scope s = Scope.open()) {
            Random r = new Random(13);
            int rows = 1 << 15, m = 9;
            float[] src = new float[rows * m];
            long[] iv = new long[rows * m];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) r.nextGaussian() * (r.nextBoolean() ? 1e6f : 1e-3f);
                iv[i] = r.nextInt(3);
            }
            Tensor x = Tensor.zeros(3, rows), st = Tensor.of(src, m, rows), ix = Tensor.of(iv, m, rows);
            Parallel.setThreads(1);
            float[] serial = x.scatterAdd(0, ix, st).toFloatArray();
            Parallel.setThreads(4);
            float[] parallel = x.scatterAdd(0, ix, st).toFloatArray();
            assertArrayEquals(serial, parallel);
            // exact float32 accumulation in index order
            float[] ref = new float[3 * rows];
            for (int j = 0; j < m; j++) for (int c = 0; c < rows; c++) ref[(int) iv[j * rows + c] * rows + c] += src[j * rows + c];
            assertArrayEquals(ref, serial);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void indexPutBroadcastsWrapsAndAccumulates() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(3, 4);
            Tensor rows = Tensor.of(new long[]{0, 2}, 2, 1), cols = Tensor.of(new long[]{1, -1});
            Tensor y = x.indexPut(new Tensor[]{rows, cols}, Tensor.of(new float[]{1, 2, 3, 4}, 2, 2), false);
            assertArrayEquals(new double[]{0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4}, y.toDoubleArray());
            Tensor acc = x.indexPut(new Tensor[]{Tensor.of(new long[]{1, 1, 1})}, Tensor.of(new float[]{1, 2, 3, 4}), true);
            assertArrayEquals(new double[]{0, 0, 0, 0, 3, 6, 9, 12, 0, 0, 0, 0}, acc.toDoubleArray());
            Tensor last = x.indexPut(new Tensor[]{Tensor.of(new long[]{0, 0}), Tensor.of(new long[]{0, 0})}, Tensor.of(new float[]{5, 6}), false);
            assertEquals(6.0, last.getDouble(0, 0));
            Tensor mask = Tensor.of(new boolean[]{true, false, true});
            Tensor m = x.indexPut(new Tensor[]{mask}, Tensor.scalar(7), false);
            assertArrayEquals(new double[]{7, 7, 7, 7, 0, 0, 0, 0, 7, 7, 7, 7}, m.toDoubleArray());
            Tensor full = Tensor.of(new boolean[]{true, false, false, false, false, false, false, false, false, false, false, true}, 3, 4);
            assertArrayEquals(new double[]{9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}, x.indexPut(new Tensor[]{full}, Tensor.scalar(9), false).toDoubleArray());
            Tensor rowsOf = x.indexPut(new Tensor[]{mask}, Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 2, 4), false);
            assertArrayEquals(new double[]{1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8}, rowsOf.toDoubleArray());
            Tensor accMask = m.indexPut(new Tensor[]{full}, Tensor.scalar(1), true);
            assertArrayEquals(new double[]{8, 7, 7, 7, 0, 0, 0, 0, 7, 7, 7, 8}, accMask.toDoubleArray());
            assertThrows(TensorException.class, () -> x.indexPut(new Tensor[]{Tensor.of(new boolean[]{true, false})}, Tensor.scalar(1), false));
            // in place through a non-contiguous view writes into the base
            Tensor base = Tensor.zeros(4, 3);
            base.t().indexPut_(new Tensor[]{Tensor.of(new long[]{2})}, Tensor.of(new float[]{1, 2, 3, 4}), false);
            assertArrayEquals(new double[]{0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4}, base.toDoubleArray());
            assertArrayEquals(new double[12], x.toDoubleArray());   // the out-of-place forms left x alone
            assertThrows(TensorException.class, () -> x.indexPut(new Tensor[]{Tensor.of(new long[]{3})}, Tensor.scalar(1), false));
            assertThrows(TensorException.class, () -> x.indexPut(new Tensor[]{Tensor.of(new long[]{0}), Tensor.of(new long[]{0}), Tensor.of(new long[]{0})}, Tensor.scalar(1), false));
            assertThrows(TensorException.class, () -> x.indexPut(new Tensor[]{Tensor.of(new long[]{0})}, Tensor.zeros(5), false));
        }
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void maskedFillAndSelectBroadcast(Device dev) {
        Random r = new Random(14);
        for (DType t : ALL) {
            try (Scope s = Scope.open()) {
                long[] sh = {3, 4, 5};
                double[] v = ints(r, 60, t);
                Tensor x = tensor(dev, t, v, true, sh);
                boolean[] mv = new boolean[20];
                for (int i = 0; i < mv.length; i++) mv[i] = r.nextBoolean();
                Tensor mask = Tensor.of(mv, 4, 5).to(dev);
                double fill = t == DType.BOOL ? 1 : 3;
                double[] got = x.maskedFill(mask, fill).toDoubleArray();
                List<Double> sel = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    boolean on = mv[i % 20];
                    assertEquals(on ? fill : v[i], got[i], t + " masked_fill");
                    if (on) sel.add(v[i]);
                }
                double[] picked = x.maskedSelect(mask).toDoubleArray();
                assertArrayEquals(sel.stream().mapToDouble(Double::doubleValue).toArray(), picked, t + " masked_select");
                Tensor y = x.copy();
                assertSame(y, y.maskedFill_(mask, fill));
                assertArrayEquals(got, y.toDoubleArray());
            }
        }
    }

    @Test
    void maskedOpsEdgeCases() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new int[]{1, 2, 3});
            assertArrayEquals(new long[]{1, 0, 3}, x.maskedFill(Tensor.of(new boolean[]{false, true, false}), 0.9).toLongArray());
            Tensor col = Tensor.of(new boolean[]{true, false}, 2, 1);
            assertArrayEquals(new long[]{2, 3}, x.maskedFill(col, 7).shape());   // out-of-place broadcasts self too
            assertThrows(TensorException.class, () -> x.maskedFill_(col, 7));
            assertThrows(TensorException.class, () -> x.maskedFill(Tensor.of(new int[]{1, 0, 1}), 0));
            assertArrayEquals(new long[]{0}, x.maskedSelect(Tensor.of(new boolean[]{false, false, false})).shape());
            assertThrows(TensorException.class, () -> Tensor.zeros(3).expand(2, 3).maskedFill_(Tensor.of(new boolean[]{true, false, true}), 1));
        }
    }

    @Test
    void nonzeroMatchesReference() {
        try (Scope s = Scope.open()) {
            Random r = new Random(15);
            long[] sh = {37, 41, 29};   // above the parallel grain
            double[] v = new double[(int) Shapes.numel(sh)];
            for (int i = 0; i < v.length; i++) v[i] = r.nextInt(5) == 0 ? (r.nextBoolean() ? Double.NaN : 1) : (r.nextBoolean() ? -0.0 : 0);
            Tensor x = tensor(Device.CPU, DType.FLOAT32, v, true, sh);
            long[] got = x.nonzero().toLongArray();
            List<Long> exp = new ArrayList<>();
            for (int i = 0; i < v.length; i++) if (v[i] != 0) for (long c : unravel(i, sh)) exp.add(c);
            assertArrayEquals(exp.stream().mapToLong(Long::longValue).toArray(), got);
            assertArrayEquals(new long[]{exp.size() / 3, 3}, x.nonzero().shape());
            assertArrayEquals(new long[]{1, 0}, Tensor.scalar(5).nonzero().shape());
            assertArrayEquals(new long[]{0, 2}, Tensor.zeros(0, 4).nonzero().shape());
            assertArrayEquals(new long[]{0, 0, 1, 1}, Tensor.of(new boolean[]{true, false, false, true}, 2, 2).nonzero().toLongArray());
        }
    }

    @Test
    void takeAlongDimAndOneHot() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[]{10, 30, 20, 60, 40, 50}, 2, 3);
            Tensor order = Tensor.of(new long[]{0, 2, 1, 1, 2, 0}, 2, 3);
            assertArrayEquals(new double[]{10, 20, 30, 40, 50, 60}, x.takeAlongDim(order, 1).toDoubleArray());
            Tensor first = Tensor.of(new long[]{1}, 1, 1);   // broadcast against rows
            assertArrayEquals(new double[]{30, 40}, x.takeAlongDim(first, 1).toDoubleArray());
            assertArrayEquals(new double[]{50, 10}, x.takeAlongDim(Tensor.of(new long[]{5, 0})).toDoubleArray());
            assertThrows(TensorException.class, () -> x.takeAlongDim(Tensor.of(new long[]{0}), 1));
            Tensor labels = Tensor.of(new long[]{0, 2, 1, 2}, 2, 2);
            Tensor oh = labels.oneHot(-1);
            assertEquals(DType.INT64, oh.dtype());
            assertArrayEquals(new long[]{2, 2, 3}, oh.shape());
            assertArrayEquals(new long[]{1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, oh.toLongArray());
            assertArrayEquals(new long[]{2, 2, 5}, labels.oneHot(5).shape());
            assertArrayEquals(new long[]{0, 4}, Tensor.of(new long[0]).oneHot(4).shape());
            assertThrows(TensorException.class, () -> labels.oneHot(2));
            assertThrows(TensorException.class, () -> Tensor.of(new long[]{-1}).oneHot(3));
            assertThrows(TensorException.class, () -> Tensor.of(new int[]{1}).oneHot(3));
            assertThrows(TensorException.class, () -> Tensor.of(new long[0]).oneHot(-1));
        }
    }

    @Test
    void badIndicesAreClearErrors() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3);
            TensorException e = assertThrows(TensorException.class, () -> x.gather(1, Tensor.of(new long[]{0, 3}, 2, 1)));
            assertTrue(e.getMessage().startsWith("gather:") && e.getMessage().contains("index 3") && e.getMessage().contains("size 3"), e.getMessage());
            e = assertThrows(TensorException.class, () -> x.indexSelect(0, Tensor.of(new long[]{-1})));
            assertTrue(e.getMessage().startsWith("index_select:") && e.getMessage().contains("-1"), e.getMessage());
            e = assertThrows(TensorException.class, () -> x.gather(0, Tensor.of(new int[]{0}, 1, 1)));
            assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("int32"), e.getMessage());
            assertThrows(TensorException.class, () -> x.indexSelect(0, Tensor.of(new float[]{0})));
            assertThrows(TensorException.class, () -> x.gather(0, Tensor.of(new long[]{0})));                // rank differs
            assertThrows(TensorException.class, () -> x.gather(0, Tensor.zeros(DType.INT64, Device.CPU, 1, 4)));   // larger off dim
            assertThrows(TensorException.class, () -> x.scatter(0, Tensor.of(new long[]{1}, 1, 1), Tensor.zeros(DType.FLOAT64, Device.CPU, 1, 1)));
            assertThrows(TensorException.class, () -> x.scatter(0, Tensor.of(new long[]{2}, 1, 1), 1));
            assertThrows(TensorException.class, () -> x.scatter_(0, Tensor.of(new long[]{1, 1}, 2, 1), Tensor.zeros(1, 1)));   // src too small
            assertThrows(TensorException.class, () -> x.indexSelect(2, Tensor.of(new long[]{0})));
            Tensor dead = Tensor.of(new long[]{0}, 1, 1);
            dead.close();
            assertThrows(UseAfterFreeException.class, () -> x.gather(0, dead));
            assertArrayEquals(new long[]{2, 0}, x.gather(1, Tensor.zeros(DType.INT64, Device.CPU, 2, 0)).shape());
            assertArrayEquals(new long[]{0, 3}, Tensor.zeros(0, 3).scatter(0, Tensor.zeros(DType.INT64, Device.CPU, 0, 3), 1).shape());
            assertArrayEquals(new double[6], x.toDoubleArray());   // failed ops left x as it was
        }
    }
    @Test
    void zeroDimTensorsActAsOneElement() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.scalar(2.5);
            Tensor i0 = Tensor.scalar(DType.INT64, Device.CPU, 0);
            assertEquals(0, x.gather(0, i0).dim());
            assertEquals(2.5, x.gather(0, i0).item());
            assertEquals(0, x.indexSelect(0, Tensor.of(new long[]{0})).dim());
            assertThrows(TensorException.class, () -> x.indexSelect(0, Tensor.of(new long[]{0, 0})));
            assertEquals(4.0, x.scatter(0, i0, 4).item());
            assertEquals(2.5, x.item());
            assertEquals(3.5, x.indexPut(new Tensor[0], Tensor.scalar(1), true).item());
            assertEquals(0, x.maskedFill(Tensor.of(new boolean[]{true}).view(), 0).item());
        }
    }
}
