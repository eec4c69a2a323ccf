package dev.axial.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random chains of view ops applied both to a Tensor and to a plain-Java model (an explicit row-major array
 * rebuilt by an index mapping per op), compared after every step; plus view()/reshape() against a brute-force
 * "is there any stride vector that describes these offsets" oracle, and isContiguous against its definition.
 */
class ViewsPropertyTest {
    /** The model: a shape and its elements, row-major. */
    record Ref(long[] shape, double[] data) {
        long numel() { return data.length; }

        /** out[idx] = this[map(idx)] for every index of {@code outShape}. */
        Ref gather(long[] outShape, UnaryOperator<long[]> map) {
            int n = (int) Shapes.numel(outShape);
            double[] out = new double[n];
            long[] idx = new long[outShape.length];
            for (int e = 0; e < n; e++) {
                out[e] = data[(int) linear(shape, map.apply(idx.clone()))];
                for (int d = outShape.length - 1; d >= 0; d--) {
                    if (++idx[d] < outShape[d]) break;
                    idx[d] = 0;
                }
            }
            return new Ref(outShape, out);
        }
    }

    static long linear(long[] shape, long[] idx) {
        long off = 0;
        for (int i = 0; i < shape.length; i++) off = off * shape[i] + idx[i];
        return off;
    }

    /** Storage offsets of every element of {@code t}, row-major, from its shape, strides and offset. */
    static long[] offsets(Tensor t) {
        long[] shape = t.shape(), st = t.strides();
        int n = (int) t.numel();
        long[] out = new long[n];
        long[] idx = new long[shape.length];
        for (int e = 0; e < n; e++) {
            long o = t.offset();
            for (int d = 0; d < shape.length; d++) o += idx[d] * st[d];
            out[e] = o;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    /** PyTorch's definition: empty, or the elements sit at consecutive offsets in row-major order. */
    static boolean contiguousByDefinition(Tensor t) {
        long[] o = offsets(t);
        for (int e = 0; e < o.length; e++) if (o[e] != o[0] + e) return false;
        return true;
    }

    /** True if some strides make {@code newShape} address the same offsets, in row-major order, as {@code t}. */
    static boolean viewableByOracle(Tensor t, long[] newShape) {
        long[] o = offsets(t);
        if (o.length == 0) return true;
        int r = newShape.length;
        long[] st = new long[r];
        long inner = 1;
        for (int d = r - 1; d >= 0; d--) {
            if (newShape[d] > 1) st[d] = o[(int) inner] - o[0];
            inner *= newShape[d];
        }
        long[] idx = new long[r];
        for (int e = 0; e < o.length; e++) {
            long x = o[0];
            for (int d = 0; d < r; d++) x += idx[d] * st[d];
            if (x != o[e]) return false;
            for (int d = r - 1; d >= 0; d--) {
                if (++idx[d] < newShape[d]) break;
                idx[d] = 0;
            }
        }
        return true;
    }

    // ---- random inputs ------------------------------------------------------------------------

    static long[] randomShape(Random r, int maxRank) {
        int rank = r.nextInt(maxRank + 1);
        long[] s = new long[rank];
        for (int i = 0; i < rank; i++) {
            int p = r.nextInt(12);
            s[i] = p == 0 && r.nextInt(3) == 0 ? 0 : p < 3 ? 1 : 2 + r.nextInt(3);
        }
        return s;
    }

    /** A random shape with {@code numel} elements (one dim may be written -1). */
    static long[] randomReshape(Random r, long numel, boolean allowInfer) {
        List<Long> dims = new ArrayList<>();
        if (numel == 0) {
            int k = 1 + r.nextInt(3);
            for (int i = 0; i < k; i++) dims.add((long) r.nextInt(4));
            dims.set(r.nextInt(k), 0L);
        } else {
            long rest = numel;
            while (rest > 1) {
                long f = 2;
                List<Long> divs = new ArrayList<>();
                for (f = 2; f <= rest; f++) if (rest % f == 0) divs.add(f);
                long d = divs.get(r.nextInt(Math.min(divs.size(), 3)));
                dims.add(d);
                rest /= d;
                if (r.nextInt(4) == 0) dims.add(1L);
            }
            if (dims.isEmpty() && r.nextBoolean()) dims.add(1L);
        }
        java.util.Collections.shuffle(dims, r);
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) s[i] = dims.get(i);
        if (allowInfer && numel > 0 && s.length > 0 && r.nextInt(3) == 0) s[r.nextInt(s.length)] = -1;
        return s;
    }

    static double[] iota(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    static Tensor start(long[] shape) {
        int n = (int) Shapes.numel(shape);
        return Tensor.of(iota(n), shape.length == 0 ? new long[]{1} : shape).reshape(shape);
    }

    // ---- one random op on both sides ----------------------------------------------------------

    private record Step(Tensor t, Ref ref, String what) {}

    private static int[] randomPerm(Random r, int n) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < n; i++) p.add(i);
        java.util.Collections.shuffle(p, r);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = p.get(i) - (r.nextInt(4) == 0 ? n : 0);   // sometimes negative dims
        return a;
    }

    private static int wrap(int d, int rank) { return d < 0 ? d + Math.max(rank, 1) : d; }

    private static int randomDim(Random r, int rank) {
        int d = r.nextInt(rank);
        return r.nextBoolean() ? d : d - rank;
    }

    static long[] remove(long[] a, int d) {
        long[] o = new long[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) if (i != d) o[j++] = a[i];
        return o;
    }

    static long[] insert(long[] a, int d, long v) {
        long[] o = new long[a.length + 1];
        for (int i = 0, j = 0; i < o.length; i++) o[i] = i == d ? v : a[j++];
        return o;
    }

    static Step apply(Random r, Tensor t, Ref ref) {
        long[] s = ref.shape;
        int rank = s.length;
        int op = r.nextInt(15);
        if (rank == 0 && op < 9) op = 9 + r.nextInt(6);
        switch (op) {
            case 0: {
                int[] p = randomPerm(r, rank);
                long[] os = new long[rank];
                for (int i = 0; i < rank; i++) os[i] = s[wrap(p[i], rank)];
                return new Step(t.permute(p), ref.gather(os, idx -> {
                    long[] in = new long[rank];
                    for (int i = 0; i < rank; i++) in[wrap(p[i], rank)] = idx[i];
                    return in;
                }), "permute" + Arrays.toString(p));
            }
            case 1: {
                int a = randomDim(r, rank), b = randomDim(r, rank);
                int wa = wrap(a, rank), wb = wrap(b, rank);
                long[] os = s.clone();
                os[wa] = s[wb];
                os[wb] = s[wa];
                return new Step(t.transpose(a, b), ref.gather(os, idx -> {
                    long[] in = idx.clone();
                    in[wa] = idx[wb];
                    in[wb] = idx[wa];
                    return in;
                }), "transpose(" + a + ", " + b + ")");
            }
            case 2: {
                int d = randomDim(r, rank), w = wrap(d, rank);
                long n = s[w];
                long st = r.nextInt(3) + 1 + (r.nextInt(5) == 0 ? 3 : 0);
                long a = r.nextInt((int) n + 3) - (int) n - 1 + (r.nextBoolean() ? n + 1 : 0);
                long b = r.nextInt(4) == 0 ? Long.MAX_VALUE : r.nextInt((int) n + 3) - (int) n - 1 + (r.nextBoolean() ? n + 1 : 0);
                // Python's slice bounds: negative counts from the end, then clamped to [0, n]
                long sa = a < 0 ? Math.max(a + n, 0) : Math.min(a, n), sb = b < 0 ? Math.max(b + n, 0) : Math.min(b, n);
                long len = sb > sa ? (sb - sa + st - 1) / st : 0;
                long[] os = s.clone();
                os[w] = len;
                return new Step(t.slice(d, a, b, st), ref.gather(os, idx -> {
                    long[] in = idx.clone();
                    in[w] = sa + idx[w] * st;
                    return in;
                }), "slice(" + d + ", " + a + ", " + b + ", " + st + ")");
            }
            case 3: {
                int d = randomDim(r, rank), w = wrap(d, rank);
                if (s[w] == 0) return apply(r, t, ref);
                long i = r.nextInt((int) s[w]);
                long given = r.nextBoolean() ? i : i - s[w];
                return new Step(t.select(d, given), ref.gather(remove(s, w), idx -> insert(idx, w, i)), "select(" + d + ", " + given + ")");
            }
            case 4: {
                int d = randomDim(r, rank), w = wrap(d, rank);
                long a = r.nextInt((int) s[w] + 1), len = r.nextInt((int) (s[w] - a) + 1);
                long given = r.nextBoolean() || a == s[w] ? a : a - s[w];
                long[] os = s.clone();
                os[w] = len;
                return new Step(t.narrow(d, given, len), ref.gather(os, idx -> {
                    long[] in = idx.clone();
                    in[w] += a;
                    return in;
                }), "narrow(" + d + ", " + given + ", " + len + ")");
            }
            case 5: {
                int d = randomDim(r, rank), w = wrap(d, rank);
                long n = s[w];
                long size = r.nextInt((int) n + 1), step = 1 + r.nextInt(3);
                long windows = (n - size) / step + 1;
                long[] os = Arrays.copyOf(s, rank + 1);
                os[w] = windows;
                os[rank] = size;
                return new Step(t.unfold(d, size, step), ref.gather(os, idx -> {
                    long[] in = Arrays.copyOf(idx, rank);
                    in[w] = idx[w] * step + idx[rank];
                    return in;
                }), "unfold(" + d + ", " + size + ", " + step + ")");
            }
            case 6: {
                int src = randomDim(r, rank), dst = randomDim(r, rank);
                int ws = wrap(src, rank), wd = wrap(dst, rank);
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < rank; i++) if (i != ws) order.add(i);
                order.add(wd, ws);
                long[] os = new long[rank];
                for (int i = 0; i < rank; i++) os[i] = s[order.get(i)];
                return new Step(t.movedim(src, dst), ref.gather(os, idx -> {
                    long[] in = new long[rank];
                    for (int i = 0; i < rank; i++) in[order.get(i)] = idx[i];
                    return in;
                }), "movedim(" + src + ", " + dst + ")");
            }
            case 7: {
                if (rank < 2) return apply(r, t, ref);
                long[] os = s.clone();
                os[rank - 1] = s[rank - 2];
                os[rank - 2] = s[rank - 1];
                return new Step(t.mT(), ref.gather(os, idx -> {
                    long[] in = idx.clone();
                    in[rank - 1] = idx[rank - 2];
                    in[rank - 2] = idx[rank - 1];
                    return in;
                }), "mT");
            }
            case 8: {
                int a = r.nextInt(rank), b = a + r.nextInt(rank - a);
                long m = 1;
                for (int i = a; i <= b; i++) m *= s[i];
                long[] os = new long[rank - (b - a)];
                for (int i = 0, j = 0; i < rank; i++) {
                    if (i < a || i > b) os[j++] = s[i];
                    else if (i == a) os[j++] = m;
                }
                return new Step(t.flatten(a, b - rank), new Ref(os, ref.data), "flatten(" + a + ", " + (b - rank) + ")");
            }
            case 9: {
                int d = r.nextInt(rank + 1);
                int given = r.nextBoolean() ? d : d - rank - 1;
                return new Step(t.unsqueeze(given), ref.gather(insert(s, d, 1), idx -> remove(idx, d)), "unsqueeze(" + given + ")");
            }
            case 10: {
                if (rank > 0 && r.nextBoolean()) {
                    int d = randomDim(r, rank), w = wrap(d, rank);
                    if (s[w] != 1) return new Step(t.squeeze(d), ref, "squeeze(" + d + ") of a non-1 dim");
                    return new Step(t.squeeze(d), ref.gather(remove(s, w), idx -> insert(idx, w, 0)), "squeeze(" + d + ")");
                }
                List<Long> keep = new ArrayList<>();
                for (long x : s) if (x != 1) keep.add(x);
                long[] os = new long[keep.size()];
                for (int i = 0; i < os.length; i++) os[i] = keep.get(i);
                return new Step(t.squeeze(), new Ref(os, ref.data), "squeeze()");
            }
            case 11: {
                int lead = r.nextInt(3);
                long[] os = new long[rank + lead];
                long[] given = new long[rank + lead];
                for (int i = 0; i < lead; i++) os[i] = given[i] = r.nextInt(4);
                for (int i = 0; i < rank; i++) {
                    long x = s[i];
                    os[lead + i] = x == 1 ? r.nextInt(4) : x;
                    given[lead + i] = os[lead + i] == x && r.nextBoolean() ? -1 : os[lead + i];
                }
                if (Shapes.numel(os) > 2000) return apply(r, t, ref);
                return new Step(t.expand(given), ref.gather(os, idx -> {
                    long[] in = new long[rank];
                    for (int i = 0; i < rank; i++) in[i] = s[i] == 1 ? 0 : idx[lead + i];
                    return in;
                }), "expand" + Arrays.toString(given));
            }
            case 12: {
                long[] ns = randomReshape(r, ref.numel(), true);
                long[] os = inferred(ns, ref.numel());
                return new Step(t.reshape(ns), new Ref(os, ref.data), "reshape" + Arrays.toString(ns));
            }
            case 13: {
                long[] ns = randomReshape(r, ref.numel(), true);
                long[] os = inferred(ns, ref.numel());
                if (!viewableByOracle(t, os)) {
                    TensorException e = assertThrows(TensorException.class, () -> t.view(ns), "view" + Arrays.toString(ns) + " of " + describe(t));
                    assertTrue(e.getMessage().contains("view") && e.getMessage().contains(Shapes.str(os)), e.getMessage());
                    return new Step(t, ref, "view" + Arrays.toString(ns) + " refused");
                }
                return new Step(t.view(ns), new Ref(os, ref.data), "view" + Arrays.toString(ns));
            }
            default: {
                if (rank == 0) return new Step(t.flatten(), new Ref(new long[]{1}, ref.data), "flatten() of 0-dim");
                return new Step(t.flatten(), new Ref(new long[]{ref.numel()}, ref.data), "flatten()");
            }
        }
    }

    static long[] inferred(long[] ns, long numel) {
        long[] o = ns.clone();
        long known = 1;
        int inf = -1;
        for (int i = 0; i < o.length; i++) if (o[i] == -1) inf = i; else known *= o[i];
        if (inf >= 0) o[inf] = numel / known;
        return o;
    }

    static String describe(Tensor t) {
        return Shapes.str(t.shape()) + " strides " + Shapes.str(t.strides()) + " offset " + t.offset();
    }

    @Test
    void randomViewChainsMatchThePlainJavaModel() {
        Random r = new Random(20261122);
        int steps = 0;
        try (Scope s = Scope.open()) {
            for (int trial = 0; trial < 300; trial++) {
                long[] shape = randomShape(r, 5);
                if (Shapes.numel(shape) > 500) continue;
                Tensor t = start(shape);
                Ref ref = new Ref(shape, iota((int) Shapes.numel(shape)));
                StringBuilder chain = new StringBuilder(Shapes.str(shape));
                int len = 1 + r.nextInt(6);
                for (int k = 0; k < len; k++) {
                    Step st = apply(r, t, ref);
                    t = st.t;
                    ref = st.ref;
                    chain.append(" . ").append(st.what);
                    String where = chain + " -> " + describe(t);
                    assertArrayEquals(ref.shape, t.shape(), where);
                    assertEquals(ref.numel(), t.numel(), where);
                    assertEquals(contiguousByDefinition(t), t.isContiguous(), "isContiguous of " + where);
                    for (long o : offsets(t)) assertTrue(o >= 0 && o < t.storage().numel(), "offset " + o + " outside storage: " + where);
                    assertArrayEquals(ref.data, t.contiguous().toDoubleArray(), where);
                    assertArrayEquals(ref.data, t.toDoubleArray(), where);
                    assertTrue(t.contiguous().isContiguous(), where);
                    steps++;
                }
            }
        }
        assertTrue(steps > 500, "steps " + steps);
    }

    @Test
    void viewSucceedsExactlyWhenStridesAllowAndReshapeAlwaysDoes() {
        Random r = new Random(99);
        int refused = 0, allowed = 0;
        try (Scope s = Scope.open()) {
            for (int trial = 0; trial < 600; trial++) {
                long[] shape = randomShape(r, 4);
                if (Shapes.numel(shape) > 300) continue;
                Tensor t = start(shape);
                Ref ref = new Ref(shape, iota((int) Shapes.numel(shape)));
                for (int k = 0; k < 3; k++) {
                    Step st = apply(r, t, ref);
                    t = st.t;
                    ref = st.ref;
                }
                if (ref.numel() > 2000) continue;
                long[] ns = randomReshape(r, ref.numel(), false);
                Tensor tt = t;
                if (viewableByOracle(t, ns)) {
                    Tensor v = t.view(ns);
                    assertSame(t.storage(), v.storage());
                    assertArrayEquals(ref.data, v.toDoubleArray(), describe(t) + " view " + Arrays.toString(ns));
                    allowed++;
                } else {
                    assertThrows(TensorException.class, () -> tt.view(ns), describe(t) + " view " + Arrays.toString(ns));
                    refused++;
                }
                Tensor re = t.reshape(ns);
                assertArrayEquals(ns, re.shape());
                assertArrayEquals(ref.data, re.toDoubleArray(), describe(t) + " reshape " + Arrays.toString(ns));
                if (viewableByOracle(t, ns)) assertSame(t.storage(), re.storage(), "reshape is a view when it can be");
            }
        }
        assertTrue(refused > 20 && allowed > 100, "refused " + refused + ", allowed " + allowed);
    }

    @Test
    void namedViewCases() {
        try (Scope s = Scope.open()) {
            Tensor x = start(new long[]{2, 3, 4});
            Tensor tr = x.transpose(0, 2);
            TensorException e = assertThrows(TensorException.class, () -> tr.view(24));
            assertTrue(e.getMessage().contains("view") && e.getMessage().contains("[24]") && e.getMessage().contains("reshape"), e.getMessage());
            // merging compatible dims of a permuted tensor works: [4,3,2] strides [1,4,12] -> dims 1,2 merge? no; x.permute(1,2,0) merges 0,1
            Tensor p = x.permute(1, 2, 0);   // [3, 4, 2], strides [4, 1, 12]
            assertArrayEquals(new long[]{12, 2}, p.view(12, 2).shape());
            assertArrayEquals(new long[]{1, 12}, p.view(12, 2).strides());
            assertThrows(TensorException.class, () -> p.view(3, 8));
            // slices of a row keep a viewable inner block
            Tensor sl = x.slice(2, 0, 2);   // [2, 3, 2], strides [12, 4, 1]
            assertArrayEquals(new long[]{2, 3, 2}, sl.view(2, 3, 2).shape());
            assertThrows(TensorException.class, () -> sl.view(12));
            assertArrayEquals(new long[]{6, 2}, sl.view(6, 2).shape());
            // expanded dims view into other splits of themselves
            Tensor ex = Tensor.of(new double[]{1, 2, 3}).expand(4, 3);
            assertArrayEquals(new long[]{2, 2, 3}, ex.view(2, 2, 3).shape());
            assertArrayEquals(new long[]{0, 0, 1}, ex.view(2, 2, 3).strides());
            assertThrows(TensorException.class, () -> ex.view(12));
            // contiguity of empty tensors: PyTorch calls every empty tensor contiguous
            Tensor empty = Tensor.zeros(2, 0, 3).permute(2, 1, 0);
            assertTrue(empty.isContiguous(), describe(empty));
            assertTrue(Tensor.zeros(0, 3).t().isContiguous());
            // an empty view taken at a nonzero position reads back as empty (it used to run past the empty storage)
            Tensor sel = Tensor.zeros(3, 0).select(0, 2);
            assertArrayEquals(new double[0], sel.toDoubleArray());
            assertArrayEquals(new double[0], Tensor.zeros(DType.FLOAT64, Device.CPU, 4, 0, 2).narrow(0, 3, 1).contiguous().toDoubleArray());
        }
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void badInputNamesTheOpAndTheShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = start(new long[]{2, 3, 4});
            Tensor z = start(new long[0]);
            // dims out of range: the op, the dim and the rank
            assertMessage(assertThrows(TensorException.class, () -> x.transpose(0, 3)), "transpose", "dim 3", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.permute(0, 1, -4)), "permute", "-4", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.permute(0, 1)), "permute", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.permute(0, 1, 1)), "permute", "repeated");
            assertMessage(assertThrows(TensorException.class, () -> x.select(3, 0)), "select", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.slice(-4, 0, 1)), "slice", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.narrow(5, 0, 1)), "narrow", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.unsqueeze(4)), "unsqueeze", "dim 4");
            assertMessage(assertThrows(TensorException.class, () -> x.unsqueeze(-5)), "unsqueeze", "-5");
            assertMessage(assertThrows(TensorException.class, () -> x.squeeze(3)), "squeeze", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.unfold(3, 1, 1)), "unfold", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.movedim(0, 3)), "movedim", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.flatten(2, 0)), "flatten", "start_dim");
            assertMessage(assertThrows(TensorException.class, () -> x.flatten(0, 3)), "flatten", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.size(3)), "size", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.stride(-4)), "stride", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.mT().t()), "t", "2 dims");
            // a 0-dim tensor takes dims in [-1, 0] only, as PyTorch
            assertSame(z, z.transpose(0, -1));
            assertMessage(assertThrows(TensorException.class, () -> z.transpose(0, 1)), "transpose", "rank 0");
            assertMessage(assertThrows(TensorException.class, () -> z.flatten(0, 1)), "flatten", "rank 0");
            assertArrayEquals(new long[]{1}, z.flatten(0, -1).shape());
            assertMessage(assertThrows(TensorException.class, () -> z.select(0, 0)), "select", "0-dim");
            assertMessage(assertThrows(TensorException.class, () -> z.mT()), "mT");
            assertArrayEquals(new long[]{1}, z.unsqueeze(-1).shape());
            // select/narrow/slice ranges
            assertMessage(assertThrows(TensorException.class, () -> x.select(1, 3)), "select", "index 3", "size 3");
            assertMessage(assertThrows(TensorException.class, () -> x.select(1, -4)), "select", "index -4");
            assertMessage(assertThrows(TensorException.class, () -> x.narrow(2, 3, 2)), "narrow", "size 4");
            assertMessage(assertThrows(TensorException.class, () -> x.narrow(2, 0, -1)), "narrow");
            assertMessage(assertThrows(TensorException.class, () -> x.slice(0, 0, 2, 0)), "slice", "step");
            assertMessage(assertThrows(TensorException.class, () -> x.slice(0, 0, 2, -1)), "slice", "step");
            // view and reshape shapes
            assertMessage(assertThrows(TensorException.class, () -> x.view(5, 5)), "view", "[5, 5]", "size 24");
            assertMessage(assertThrows(TensorException.class, () -> x.reshape(-1, -1)), "reshape", "only one");
            assertMessage(assertThrows(TensorException.class, () -> x.reshape(-2, 12)), "reshape", "-2");
            assertMessage(assertThrows(TensorException.class, () -> x.reshape(7, -1)), "reshape", "[7, -1]");
            Tensor e = start(new long[]{0, 3});
            assertMessage(assertThrows(TensorException.class, () -> e.reshape(0, -1)), "reshape", "[0, -1]");
            assertThrows(TensorException.class, () -> e.reshape(-1, 0));   // -1 could be anything: PyTorch refuses too
            assertArrayEquals(new long[]{3, 0}, e.reshape(3, 0).shape());
            // expand
            assertMessage(assertThrows(TensorException.class, () -> x.expand(2, 5, 4)), "expand", "[2, 5, 4]");
            assertMessage(assertThrows(TensorException.class, () -> x.expand(3, 4)), "expand", "rank 3");
            assertMessage(assertThrows(TensorException.class, () -> x.expand(-1, 2, 3, 4)), "expand", "-1");
            assertMessage(assertThrows(TensorException.class, () -> x.unsqueeze(0).expand(-2, 2, 3, 4)), "expand", "-2");
            // unfold
            assertMessage(assertThrows(TensorException.class, () -> x.unfold(2, 5, 1)), "unfold", "size 5");
            assertMessage(assertThrows(TensorException.class, () -> x.unfold(2, -1, 1)), "unfold", "size -1");
            assertMessage(assertThrows(TensorException.class, () -> x.unfold(2, 2, 0)), "unfold", "step");
            // errors also carry the operand's dtype and shape
            assertMessage(assertThrows(TensorException.class, () -> x.select(0, 9)), "float64[2, 3, 4] on cpu");
        }
    }

    @Test
    void viewsOutsideTheStorageAndOverlappingWritesAreRefused() {
        try (Scope s = Scope.open()) {
            Tensor x = start(new long[]{2, 3});
            Storage st = x.storage();
            TensorException e = assertThrows(TensorException.class, () -> new Tensor(st, x.backend(), new long[]{2, 3}, new long[]{3, 1}, 1));
            assertTrue(e.getMessage().contains("outside the storage of 6"), e.getMessage());
            assertThrows(TensorException.class, () -> new Tensor(st, x.backend(), new long[]{3}, new long[]{-1}, 1));
            assertThrows(TensorException.class, () -> new Tensor(st, x.backend(), new long[]{-1}, new long[]{1}, 0));
            assertArrayEquals(new double[]{5, 4, 3}, new Tensor(st, x.backend(), new long[]{3}, new long[]{-1}, 5).toDoubleArray());
            assertEquals(0, new Tensor(st, x.backend(), new long[]{0, 9}, new long[]{100, 100}, 50).numel(), "empty views may point anywhere");
            Tensor ex = Tensor.zeros(DType.FLOAT64, Device.CPU, 3).unsqueeze(0).expand(4, 3);
            TensorException w = assertThrows(TensorException.class, () -> ex.copy_(x.select(0, 0)));
            assertTrue(w.getMessage().contains("copy_") && w.getMessage().contains("single memory location"), w.getMessage());
            Tensor one = Tensor.zeros(DType.FLOAT64, Device.CPU, 1).expand(1, 1);   // stride 0 over size 1 is fine
            one.copy_(Tensor.scalar(DType.FLOAT64, Device.CPU, 2));
            assertEquals(2.0, one.item());
        }
    }

    @Test
    void viewsOfAFreedTensorThrow() {
        Tensor x = start(new long[]{2, 3});
        Tensor v = x.t();
        x.close();
        assertThrows(UseAfterFreeException.class, () -> v.view(6));
        assertThrows(UseAfterFreeException.class, () -> x.permute(1, 0));
        assertThrows(UseAfterFreeException.class, v::toDoubleArray);
        assertThrows(UseAfterFreeException.class, () -> v.to(DType.FLOAT32));
        assertThrows(UseAfterFreeException.class, () -> x.getDouble(0, 0));
    }
}
