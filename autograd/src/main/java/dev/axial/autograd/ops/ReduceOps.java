package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.autograd.VariableValuesIndices;
import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.ValuesIndices;

import java.util.Arrays;

import static dev.axial.autograd.Graph.grads;
import static dev.axial.autograd.ops.MathOps.drop;
import static dev.axial.autograd.ops.MathOps.keep;

/**
 * The backward table of the reductions, scans, selections and softmax family (see {@link MathOps} for the
 * conventions). A null or empty {@code dims} means all dims, as in the tensor core; negative dims count from the end.
 *
 * <pre>{@code
 * Variable loss = ReduceOps.mean(x);       // usually written x.mean()
 * }</pre>
 */
public final class ReduceOps {
    private ReduceOps() {}

    // ---- sum, mean, prod ----------------------------------------------------------------------------

    /** sum of all elements: d/da = g broadcast to a's shape. */
    public static Variable sum(Variable a) { return sum(a, null, false, null); }

    /** sum over {@code dims}: d/da = g (with the reduced dims restored as size 1) broadcast to a's shape. */
    public static Variable sum(Variable a, int[] dims, boolean keepdim) { return sum(a, dims, keepdim, null); }

    /** sum with the input cast to {@code dtype} first (null: none); the engine casts the gradient back. */
    public static Variable sum(Variable a, int[] dims, boolean keepdim, DType dtype) {
        long[] shape = a.shape();
        return Graph.record("sum", a.data().sum(dims, keepdim, dtype), (g, need) -> grads(restore(g, dims, shape, keepdim).expand(shape)), a);
    }

    /** nansum: as sum, with zero gradient at the NaNs. */
    public static Variable nansum(Variable a, int[] dims, boolean keepdim) {
        Tensor x = a.data();
        long[] shape = a.shape();
        return Graph.record("nansum", x.nansum(dims, keepdim), (g, need) -> grads(drop(restore(g, dims, shape, keepdim), x.isnan())), a);
    }

    /** mean of all elements: d/da = g / numel. */
    public static Variable mean(Variable a) { return mean(a, null, false); }

    /** mean over {@code dims}: d/da = g / (number of reduced elements), broadcast. */
    public static Variable mean(Variable a, int[] dims, boolean keepdim) {
        long[] shape = a.shape();
        long n = reducedCount(shape, dims);
        return Graph.record("mean", a.data().mean(dims, keepdim), (g, need) -> grads(restore(g, dims, shape, keepdim).div(n).expand(shape)), a);
    }

    /** nanmean: d/da = g / (non-NaN count of the slice) at the non-NaN elements, 0 at the NaNs. */
    public static Variable nanmean(Variable a, int[] dims, boolean keepdim) {
        Tensor x = a.data();
        long[] shape = a.shape();
        return Graph.record("nanmean", x.nanmean(dims, keepdim), (g, need) -> {
            Tensor nan = x.isnan();
            Tensor count = nan.logicalNot().sum(all(dims, shape), true);
            return grads(drop(restore(g, dims, shape, keepdim).div(count), nan));
        }, a);
    }

    /** Product of all elements; see {@link #prod(Variable, int, boolean)}. */
    public static Variable prod(Variable a) {
        Tensor x = a.data();
        long[] shape = a.shape();
        return Graph.record("prod", x.prod(), (g, need) -> grads(productOfOthers(x.reshape(-1), 0).mul(g).reshape(shape)), a);
    }

    /**
     * Product along {@code dim}: d/da_i = g * (product of the slice's other elements), computed from exclusive
     * prefix and suffix products, so it is exact with zeros (one zero: the gradient at it is the product of the
     * rest; two or more: all zero), never NaN, as PyTorch's prod_backward.
     */
    public static Variable prod(Variable a, int dim, boolean keepdim) {
        Tensor x = a.data();
        long[] shape = a.shape();
        int[] dims = {dim};
        return Graph.record("prod", x.prod(dim, keepdim),
                (g, need) -> grads(productOfOthers(x, norm(dim, shape.length)).mul(restore(g, dims, shape, keepdim))), a);
    }

    // ---- max, min, amax, amin -----------------------------------------------------------------------

    /** The largest element: g split evenly among the elements equal to it (PyTorch's evenly_distribute_backward). */
    public static Variable max(Variable a) {
        Tensor x = a.data(), out = x.max();
        return Graph.record("max", out, (g, need) -> grads(evenly(g, x, out)), a);
    }

    /** The smallest element: g split evenly among the elements equal to it. */
    public static Variable min(Variable a) {
        Tensor x = a.data(), out = x.min();
        return Graph.record("min", out, (g, need) -> grads(evenly(g, x, out)), a);
    }

    /** amax over {@code dims}: g split evenly among each slice's maxima (PyTorch). */
    public static Variable amax(Variable a, int[] dims, boolean keepdim) {
        Tensor x = a.data(), out = x.amax(dims, keepdim);
        return Graph.record("amax", out, (g, need) -> grads(evenly(x, restore(out, dims, x.shape(), keepdim), restore(g, dims, x.shape(), keepdim), dims)), a);
    }

    /** amin over {@code dims}: g split evenly among each slice's minima (PyTorch). */
    public static Variable amin(Variable a, int[] dims, boolean keepdim) {
        Tensor x = a.data(), out = x.amin(dims, keepdim);
        return Graph.record("amin", out, (g, need) -> grads(evenly(x, restore(out, dims, x.shape(), keepdim), restore(g, dims, x.shape(), keepdim), dims)), a);
    }

    /** Max along {@code dim} and its index: g goes to the returned index. */
    public static VariableValuesIndices max(Variable a, int dim, boolean keepdim) { return selected("max", a, a.data().max(dim, keepdim), dim, keepdim); }

    /** Min along {@code dim} and its index: g goes to the returned index. */
    public static VariableValuesIndices min(Variable a, int dim, boolean keepdim) { return selected("min", a, a.data().min(dim, keepdim), dim, keepdim); }

    // ---- sorting and order statistics ------------------------------------------------------------------

    /** The lower median of all elements: g split evenly among the elements equal to it (PyTorch). */
    public static Variable median(Variable a) {
        Tensor x = a.data(), out = x.median();
        return Graph.record("median", out, (g, need) -> grads(evenly(g, x, out)), a);
    }

    /** The lower median of the non-NaN elements: g split evenly among the elements equal to it. */
    public static Variable nanmedian(Variable a) {
        Tensor x = a.data(), out = x.nanmedian();
        return Graph.record("nanmedian", out, (g, need) -> grads(evenly(g, x, out)), a);
    }

    /** Median along {@code dim}: g goes to the returned index. */
    public static VariableValuesIndices median(Variable a, int dim, boolean keepdim) {
        return selected("median", a, a.data().median(dim, keepdim), dim, keepdim);
    }

    /** Median along {@code dim} ignoring NaNs: g goes to the returned index. */
    public static VariableValuesIndices nanmedian(Variable a, int dim, boolean keepdim) {
        return selected("nanmedian", a, a.data().nanmedian(dim, keepdim), dim, keepdim);
    }

    /** The k-th smallest along {@code dim}: g goes to the returned index. */
    public static VariableValuesIndices kthvalue(Variable a, long k, int dim, boolean keepdim) {
        return selected("kthvalue", a, a.data().kthvalue(k, dim, keepdim), dim, keepdim);
    }

    /** Stable sort along {@code dim}: each gradient goes back to its element's original place. */
    public static VariableValuesIndices sort(Variable a, int dim, boolean descending) {
        return selected("sort", a, a.data().sort(dim, descending), dim, true);
    }

    /** The k largest (or smallest) along {@code dim}: g goes to the selected elements, zero elsewhere. */
    public static VariableValuesIndices topk(Variable a, long k, int dim, boolean largest, boolean sorted) {
        return selected("topk", a, a.data().topk(k, dim, largest, sorted), dim, true);
    }

    /** Running max along {@code dim}: each output's gradient is added at the index it came from. */
    public static VariableValuesIndices cummax(Variable a, int dim) { return cumSelected("cummax", a, a.data().cummax(dim), dim); }

    /** Running min along {@code dim}: each output's gradient is added at the index it came from. */
    public static VariableValuesIndices cummin(Variable a, int dim) { return cumSelected("cummin", a, a.data().cummin(dim), dim); }

    /**
     * The q-th quantile along {@code dim} (null: of all elements), as torch.quantile with a scalar q: the output
     * interpolates between the sorted elements at ranks floor and ceil of q (n - 1) with weight w ("linear": the
     * fraction, "midpoint": 1/2; "lower", "higher", "nearest" pick one rank), so (1 - w) g goes to the lower
     * element and w g to the upper one. Slices holding NaN are not differentiated (their output is NaN).
     */
    public static Variable quantile(Variable a, double q, Integer dim, boolean keepdim, String interpolation) {
        Tensor x = a.data(), out = x.quantile(q, dim, keepdim, interpolation);
        long[] shape = x.shape();
        return Graph.record("quantile", out, (g, need) -> {
            Tensor xs = dim == null ? x.reshape(-1) : x;
            int d = dim == null ? 0 : norm(dim, Math.max(1, shape.length));
            if (xs.dim() == 0) return grads(g.reshape(shape));
            long n = xs.size(d);
            double rank = q * (n - 1);
            rank = switch (interpolation) {
                case "lower" -> Math.floor(rank);
                case "higher" -> Math.ceil(rank);
                case "nearest" -> Math.rint(rank);   // round half to even, as torch.round
                default -> rank;
            };
            long lo = (long) Math.floor(rank), hi = (long) Math.ceil(rank);
            double w = interpolation.equals("midpoint") ? 0.5 : rank - lo;
            Tensor gk = dim == null ? g.reshape(1) : restore(g, new int[]{d}, shape, keepdim);
            Tensor order = xs.argsort(d);
            Tensor r = Tensor.zeros(g.dtype(), g.device(), xs.shape())
                    .scatterAdd(d, order.narrow(d, lo, 1), gk.mul(1 - w))
                    .scatterAdd(d, order.narrow(d, hi, 1), gk.mul(w));
            return grads(r.reshape(shape));
        }, a);
    }

    // ---- var, std, norm, logsumexp ----------------------------------------------------------------------

    /** Variance over {@code dims} dividing by N - correction: d/da = g 2 (a - mean) / (N - correction). */
    public static Variable var(Variable a, int[] dims, double correction, boolean keepdim) {
        Tensor x = a.data();
        return Graph.record("var", x.var(dims, correction, keepdim), (g, need) -> grads(varBackward(restore(g, dims, x.shape(), keepdim), x, dims, correction)), a);
    }

    /** Standard deviation: d/da = var's gradient of g / (2 out), zero where out == 0 (PyTorch's std_backward). */
    public static Variable std(Variable a, int[] dims, double correction, boolean keepdim) {
        Tensor x = a.data(), out = x.std(dims, correction, keepdim);
        return Graph.record("std", out, (g, need) -> {
            Tensor gv = drop(g.div(out.mul(2)), out.eq(0));
            return grads(varBackward(restore(gv, dims, x.shape(), keepdim), x, dims, correction));
        }, a);
    }

    /**
     * The p-norm over {@code dims} (PyTorch's norm_backward): p = 0 zero; p = 1 g sign(a); p = 2 g a / norm (zero where
     * the norm is 0); p = +-inf g sign(a) split evenly among the elements with |a| == norm; other p
     * g sign(a) |a|^(p-1) / norm^(p-1), zero where the norm is 0.
     */
    public static Variable norm(Variable a, double p, int[] dims, boolean keepdim) {
        Tensor x = a.data(), out = x.norm(p, dims, keepdim);
        long[] shape = x.shape();
        return Graph.record("norm", out, (g, need) -> {
            Tensor gr = restore(g, dims, shape, keepdim), n = restore(out, dims, shape, keepdim);
            if (p == 0) return grads(x.zerosLike());
            if (p == 1) return grads(x.sign().mul(gr));
            if (p == 2) return grads(x.mul(drop(gr.div(n), n.eq(0))));
            if (Double.isInfinite(p)) return grads(x.sign().mul(evenly(x.abs(), n, gr, dims)));
            if (p < 1) {
                // |a|^(p-1) is infinite at 0: PyTorch sets those elements' gradient to 0
                Tensor scaled = drop(x.sign().mul(x.abs().pow(p - 1)), x.eq(0));
                return grads(scaled.mul(gr).mul(n.pow(1 - p)));
            }
            Tensor scale = drop(gr.div(n.pow(p - 1)), n.eq(0));
            return grads(x.sign().mul(x.abs().pow(p - 1)).mul(scale));
        }, a);
    }

    /** log(sum(exp(a))) over {@code dims}: d/da = g exp(a - out). */
    public static Variable logsumexp(Variable a, int[] dims, boolean keepdim) {
        Tensor x = a.data(), out = x.logsumexp(dims, keepdim);
        long[] shape = x.shape();
        return Graph.record("logsumexp", out,
                (g, need) -> grads(restore(g, dims, shape, keepdim).mul(x.sub(restore(out, dims, shape, keepdim)).exp())), a);
    }

    // ---- softmax -----------------------------------------------------------------------------------

    /** softmax along {@code dim} (input cast to {@code dtype} first; null: none): d/da = y (g - sum(g y)). */
    public static Variable softmax(Variable a, int dim, DType dtype) {
        Tensor y = a.data().softmax(dim, dtype);
        return Graph.record("softmax", y, (g, need) -> {
            Tensor gy = g.mul(y);
            return grads(gy.sub(y.mul(gy.sum(new int[]{dim}, true))));
        }, a);
    }

    /** log_softmax along {@code dim}: d/da = g - exp(y) sum(g). */
    public static Variable logSoftmax(Variable a, int dim, DType dtype) {
        Tensor y = a.data().logSoftmax(dim, dtype);
        return Graph.record("logSoftmax", y, (g, need) -> grads(g.sub(y.exp().mul(g.sum(new int[]{dim}, true)))), a);
    }

    // ---- scans -------------------------------------------------------------------------------------

    /** Inclusive cumulative sum along {@code dim} (input cast to {@code dtype}; null: none): d/da = reversed cumsum of g. */
    public static Variable cumsum(Variable a, int dim, DType dtype) {
        return Graph.record("cumsum", a.data().cumsum(dim, dtype), (g, need) -> grads(reverseCumsum(g, dim)), a);
    }

    /**
     * Inclusive cumulative product along {@code dim}: d/da_i = sum_{k &gt;= i} g_k out_k / a_i when a has no zero;
     * with zeros, the exact form prefix_i * S_i, S_i = g_i + a_{i+1} S_{i+1} (one step per element along dim).
     */
    public static Variable cumprod(Variable a, int dim, DType dtype) {
        Tensor x = a.data(), out = x.cumprod(dim, dtype);
        int d = norm(dim, Math.max(1, x.dim()));
        return Graph.record("cumprod", out, (g, need) -> {
            if (x.dim() == 0 || x.numel() == 0) return grads(g);
            if (x.eq(0).any().item() == 0) return grads(reverseCumsum(g.mul(out), d).div(x));
            long n = x.size(d);
            Tensor s = g.copy();   // contiguous, ours to update in place
            for (long i = n - 2; i >= 0; i--) s.narrow(d, i, 1).add_(x.narrow(d, i + 1, 1).mul(s.narrow(d, i + 1, 1)));
            return grads(exclusiveCumprod(x, d).mul(s));
        }, a);
    }

    /**
     * log(cumsum(exp(a))) along {@code dim}: d/da_i = sum_{k &gt;= i} g_k exp(a_i - out_k), computed in log space
     * with the positive and negative parts of g apart, as PyTorch (from TensorFlow), so it neither overflows nor
     * underflows.
     */
    public static Variable logcumsumexp(Variable a, int dim) {
        Tensor x = a.data(), out = x.logcumsumexp(dim);
        return Graph.record("logcumsumexp", out, (g, need) -> {
            if (x.dim() == 0) return grads(g);
            double lowest = g.dtype() == DType.FLOAT64 ? -Double.MAX_VALUE : -Float.MAX_VALUE;
            Tensor logAbs = g.abs().log();
            Tensor pos = logAbs.where(g.gt(0), lowest).sub(out), neg = logAbs.where(g.lt(0), lowest).sub(out);
            Tensor outPos = pos.flip(dim).logcumsumexp(dim).flip(dim).add(x).exp();
            Tensor outNeg = neg.flip(dim).logcumsumexp(dim).flip(dim).add(x).exp();
            return grads(outPos.sub(outNeg));
        }, a);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** g of a reduction over {@code dims} reshaped so it broadcasts against the input (size-1 reduced dims). */
    public static Tensor restore(Tensor g, int[] dims, long[] inShape, boolean keepdim) {
        if (keepdim) return g;
        boolean[] reduced = reducedMask(inShape.length, dims);
        long[] s = new long[inShape.length];
        for (int i = 0; i < s.length; i++) s[i] = reduced[i] ? 1 : inShape[i];
        return g.reshape(s);
    }

    private static boolean[] reducedMask(int rank, int[] dims) {
        boolean[] reduced = new boolean[rank];
        if (dims == null || dims.length == 0) Arrays.fill(reduced, true);
        else for (int d : dims) reduced[norm(d, rank)] = true;
        return reduced;
    }

    /** The dims a reduction over {@code dims} covers, explicit (null/empty: all of them). */
    private static int[] all(int[] dims, long[] shape) {
        if (dims != null && dims.length > 0) return dims;
        int[] r = new int[shape.length];
        for (int i = 0; i < r.length; i++) r[i] = i;
        return r;
    }

    private static long reducedCount(long[] shape, int[] dims) {
        boolean[] reduced = reducedMask(shape.length, dims);
        long n = 1;
        for (int i = 0; i < shape.length; i++) if (reduced[i]) n *= shape[i];
        return n;
    }

    private static int norm(int dim, int rank) { return dim < 0 ? dim + rank : dim; }

    /** g (0-dim) split evenly among the elements of x equal to out (NaN counts as equal to a NaN result). */
    private static Tensor evenly(Tensor g, Tensor x, Tensor out) {
        Tensor mask = x.eq(out);
        if (Double.isNaN(out.item())) mask = x.isnan();
        return keep(g.div(mask.sum()), mask).expand(x.shape());
    }

    /** gr (broadcastable) split evenly among the elements of x equal to ext (keepdim form), per slice over dims. */
    private static Tensor evenly(Tensor x, Tensor ext, Tensor gr, int[] dims) {
        Tensor mask = x.eq(ext);
        return keep(gr.div(mask.sum(all(dims, x.shape()), true)), mask);
    }

    /** A value-selecting op's result: the gradient is scattered to the selected indices along dim. */
    private static VariableValuesIndices selected(String op, Variable a, ValuesIndices r, int dim, boolean keepdim) {
        long[] shape = a.shape();
        Tensor idx = r.indices();
        int[] dims = {dim};
        Variable v = Graph.record(op, r.values(), (g, need) -> {
            if (shape.length == 0) return grads(g.reshape(shape));
            return grads(Tensor.zeros(g.dtype(), g.device(), shape).scatter(dim, restore(idx, dims, shape, keepdim), restore(g, dims, shape, keepdim)));
        }, a);
        return new VariableValuesIndices(v, idx);
    }

    /** cummax/cummin: indices repeat along dim, so their gradients are added. */
    private static VariableValuesIndices cumSelected(String op, Variable a, ValuesIndices r, int dim) {
        long[] shape = a.shape();
        Tensor idx = r.indices();
        Variable v = Graph.record(op, r.values(), (g, need) -> {
            if (shape.length == 0) return grads(g);
            return grads(Tensor.zeros(g.dtype(), g.device(), shape).scatterAdd(dim, idx, g));
        }, a);
        return new VariableValuesIndices(v, idx);
    }

    /** var's backward for a gradient in keepdim form: gr 2 (x - mean) / (N - correction). */
    private static Tensor varBackward(Tensor gr, Tensor x, int[] dims, double correction) {
        int[] ds = all(dims, x.shape());
        double n = reducedCount(x.shape(), dims) - correction;
        return gr.mul(x.sub(x.mean(ds, true))).mul(2 / n);
    }

    /** Reversed inclusive cumulative sum along dim: r_i = sum_{k &gt;= i} g_k. */
    private static Tensor reverseCumsum(Tensor g, int dim) {
        if (g.dim() == 0) return g;
        return g.flip(dim).cumsum(dim).flip(dim);
    }

    /** Exclusive cumulative product along dim: e_i = prod_{k &lt; i} x_k (e_0 = 1). */
    private static Tensor exclusiveCumprod(Tensor x, int dim) {
        long n = x.size(dim);
        Tensor one = x.narrow(dim, 0, 1).onesLike();
        return n == 1 ? one : Tensor.cat(dim, one, x.narrow(dim, 0, n - 1)).cumprod(dim);
    }

    /** For each element, the product of the other elements of its slice along dim (exact with zeros). */
    private static Tensor productOfOthers(Tensor x, int dim) {
        if (x.size(dim) == 0) return x.zerosLike();
        return exclusiveCumprod(x, dim).mul(exclusiveCumprod(x.flip(dim), dim).flip(dim));
    }
}
