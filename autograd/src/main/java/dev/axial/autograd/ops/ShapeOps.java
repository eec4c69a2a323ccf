package dev.axial.autograd.ops;

import dev.axial.autograd.Graph;
import dev.axial.autograd.Variable;
import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import static dev.axial.autograd.Graph.grads;

/**
 * The backward table of the shape ops: views, joins, splits, padding (see {@link MathOps} for the conventions).
 * View ops give views of the input's data, as in the tensor core. Ops that return several pieces (split, chunk,
 * unbind) make each piece its own node, so a piece that does not reach the loss costs nothing in backward.
 *
 * <pre>{@code
 * Variable y = ShapeOps.reshape(x, 4, -1);           // usually written x.reshape(4, -1)
 * Variable z = ShapeOps.cat(1, a, b);                // torch.cat([a, b], 1)
 * }</pre>
 */
public final class ShapeOps {
    private ShapeOps() {}

    // ---- views that only rearrange: the gradient is g rearranged back ------------------------------

    /** view: d/da = g reshaped back (a view of the input's data, or an error where strides forbid it). */
    public static Variable view(Variable a, long... shape) {
        long[] in = a.shape();
        return Graph.record("view", a.data().view(shape), (g, need) -> grads(g.reshape(in)), a);
    }

    /** reshape: d/da = g reshaped back. */
    public static Variable reshape(Variable a, long... shape) {
        long[] in = a.shape();
        return Graph.record("reshape", a.data().reshape(shape), (g, need) -> grads(g.reshape(in)), a);
    }

    /** flatten(start, end): d/da = g reshaped back. */
    public static Variable flatten(Variable a, int startDim, int endDim) {
        long[] in = a.shape();
        return Graph.record("flatten", a.data().flatten(startDim, endDim), (g, need) -> grads(g.reshape(in)), a);
    }

    /** unflatten(dim, sizes) (torch.unflatten; one size may be -1): a reshape of dim into sizes; d/da = g reshaped back. */
    public static Variable unflatten(Variable a, int dim, long... sizes) {
        long[] in = a.shape();
        int d = Shapes.dim("unflatten", dim, in.length);
        long[] s = new long[in.length - 1 + sizes.length];
        System.arraycopy(in, 0, s, 0, d);
        System.arraycopy(sizes, 0, s, d, sizes.length);
        System.arraycopy(in, d + 1, s, d + sizes.length, in.length - d - 1);
        return Graph.record("unflatten", a.data().view(s), (g, need) -> grads(g.reshape(in)), a);
    }

    /** permute(dims): d/da = g permuted by the inverse permutation. */
    public static Variable permute(Variable a, int... dims) {
        Tensor out = a.data().permute(dims);
        int[] inv = new int[dims.length];
        for (int i = 0; i < dims.length; i++) inv[Shapes.dim("permute", dims[i], dims.length)] = i;
        return Graph.record("permute", out, (g, need) -> grads(g.permute(inv)), a);
    }

    /** transpose(d0, d1): d/da = g transposed back. */
    public static Variable transpose(Variable a, int d0, int d1) {
        return Graph.record("transpose", a.data().transpose(d0, d1), (g, need) -> grads(g.transpose(d0, d1)), a);
    }

    /** t (rank &lt;= 2): d/da = g.t(). */
    public static Variable t(Variable a) {
        return Graph.record("t", a.data().t(), (g, need) -> grads(g.t()), a);
    }

    /** mT (the last two dims swapped): d/da = g.mT(). */
    public static Variable mT(Variable a) {
        return Graph.record("mT", a.data().mT(), (g, need) -> grads(g.mT()), a);
    }

    /** movedim(src, dst): d/da = g.movedim(dst, src). */
    public static Variable movedim(Variable a, int source, int destination) {
        return Graph.record("movedim", a.data().movedim(source, destination), (g, need) -> grads(g.movedim(destination, source)), a);
    }

    /** squeeze(): d/da = g reshaped back. */
    public static Variable squeeze(Variable a) {
        long[] in = a.shape();
        return Graph.record("squeeze", a.data().squeeze(), (g, need) -> grads(g.reshape(in)), a);
    }

    /** squeeze(dims) (dims not of size 1 are left): d/da = g reshaped back. */
    public static Variable squeeze(Variable a, int... dims) {
        long[] in = a.shape();
        return Graph.record("squeeze", a.data().squeeze(dims), (g, need) -> grads(g.reshape(in)), a);
    }

    /** unsqueeze(dim): d/da = g reshaped back. */
    public static Variable unsqueeze(Variable a, int dim) {
        long[] in = a.shape();
        return Graph.record("unsqueeze", a.data().unsqueeze(dim), (g, need) -> grads(g.reshape(in)), a);
    }

    /** expand (broadcastTo): d/da = g, which the engine sums over the expanded dims back to a's shape. */
    public static Variable expand(Variable a, long... shape) {
        return Graph.record("expand", a.data().expand(shape), (g, need) -> grads(g), a);
    }

    /** expandAs(other): {@link #expand} to other's shape. */
    public static Variable expandAs(Variable a, Variable other) { return expand(a, other.shape()); }

    // ---- views that pick a part: the gradient is g written into zeros ------------------------------

    /** slice(dim, start, end, step) (Python's a[start:end:step]): d/da = zeros with g in the sliced part. */
    public static Variable slice(Variable a, int dim, long start, long end, long step) {
        long[] in = a.shape();
        return Graph.record("slice", a.data().slice(dim, start, end, step),
                (g, need) -> grads(into(in, g, z -> z.slice(dim, start, end, step))), a);
    }

    /** select(dim, index): d/da = zeros with g at that index. */
    public static Variable select(Variable a, int dim, long index) {
        long[] in = a.shape();
        return Graph.record("select", a.data().select(dim, index), (g, need) -> grads(into(in, g, z -> z.select(dim, index))), a);
    }

    /** narrow(dim, start, length): d/da = zeros with g in the narrowed part. */
    public static Variable narrow(Variable a, int dim, long start, long length) {
        long[] in = a.shape();
        return Graph.record("narrow", a.data().narrow(dim, start, length),
                (g, need) -> grads(into(in, g, z -> z.narrow(dim, start, length))), a);
    }

    /** unfold(dim, size, step) (sliding windows, a view): d/da = g summed into the elements of overlapping windows. */
    public static Variable unfold(Variable a, int dim, long size, long step) {
        long[] in = a.shape();
        return Graph.record("unfold", a.data().unfold(dim, size, step), (g, need) -> grads(scatterBack(in, g, p -> p.unfold(dim, size, step))), a);
    }

    // ---- splits: each piece is its own node ---------------------------------------------------------

    /** split(splitSize, dim): pieces of splitSize along dim (the last may be smaller), each a narrow of a. */
    public static Variable[] split(Variable a, long splitSize, int dim) { return pieces(a, a.data().split(splitSize, dim), dim); }

    /** split(sizes, dim): pieces of the given sizes along dim. */
    public static Variable[] split(Variable a, long[] sizes, int dim) { return pieces(a, a.data().split(sizes, dim), dim); }

    /** chunk(chunks, dim), as torch.chunk. */
    public static Variable[] chunk(Variable a, int chunks, int dim) { return pieces(a, a.data().chunk(chunks, dim), dim); }

    /** unbind(dim): the slices along dim, each without it (torch.unbind). */
    public static Variable[] unbind(Variable a, int dim) {
        int d = Shapes.dim("unbind", dim, a.dim());
        Variable[] out = new Variable[Math.toIntExact(a.size(d))];
        for (int i = 0; i < out.length; i++) out[i] = select(a, d, i);
        return out;
    }

    /** The core's split views turned into narrow nodes (same offsets and sizes). */
    private static Variable[] pieces(Variable a, Tensor[] parts, int dim) {
        int d = Shapes.dim("split", dim, a.dim());
        Variable[] out = new Variable[parts.length];
        long at = 0;
        for (int i = 0; i < parts.length; i++) {
            long n = parts[i].size(d);
            out[i] = narrow(a, d, at, n);
            at += n;
        }
        return out;
    }

    // ---- joins ------------------------------------------------------------------------------------

    /** cat(dim, xs) (torch.cat): d/dx_i = g narrowed to x_i's part (1-D empty inputs are skipped, as in the core). */
    public static Variable cat(int dim, Variable... xs) {
        Tensor[] ts = datas(xs);
        Tensor out = Tensor.cat(dim, ts);
        return Graph.record("cat", out, (g, need) -> {
            Tensor[] r = new Tensor[ts.length];
            int d = Shapes.dim("cat", dim, g.dim());
            long at = 0;
            for (int i = 0; i < ts.length; i++) {
                if (ts[i].dim() == 1 && ts[i].size(0) == 0) continue;
                long n = ts[i].size(d);
                if (need[i]) r[i] = g.narrow(d, at, n);
                at += n;
            }
            return r;
        }, xs);
    }

    /** stack(dim, xs) (torch.stack): d/dx_i = g.select(dim, i). */
    public static Variable stack(int dim, Variable... xs) {
        Tensor out = Tensor.stack(dim, datas(xs));
        return Graph.record("stack", out, (g, need) -> {
            int d = Shapes.dim("stack", dim, g.dim());
            Tensor[] r = new Tensor[xs.length];
            for (int i = 0; i < r.length; i++) if (need[i]) r[i] = g.select(d, i);
            return r;
        }, xs);
    }

    private static Tensor[] datas(Variable[] xs) {
        if (xs == null || xs.length == 0) throw new IllegalArgumentException("expected a non-empty list of variables");
        Tensor[] ts = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) ts[i] = xs[i].data();
        return ts;
    }

    // ---- copies that rearrange ----------------------------------------------------------------------

    /** flip(dims): d/da = g flipped back. */
    public static Variable flip(Variable a, int... dims) {
        return Graph.record("flip", a.data().flip(dims), (g, need) -> grads(g.flip(dims)), a);
    }

    /** roll(shifts, dims) (dims null or empty: the flattened tensor, one shift): d/da = g rolled back. */
    public static Variable roll(Variable a, long[] shifts, int[] dims) {
        long[] back = new long[shifts.length];
        for (int i = 0; i < shifts.length; i++) back[i] = -shifts[i];
        return Graph.record("roll", a.data().roll(shifts, dims), (g, need) -> grads(g.roll(back, dims)), a);
    }

    /** repeat(repeats): d/da = g viewed as (r0, s0, r1, s1, ...) and summed over every r_i. */
    public static Variable repeat(Variable a, long... repeats) {
        long[] in = a.shape();
        Tensor out = a.data().repeat(repeats);
        int r = repeats.length, lead = r - in.length;
        long[] inter = new long[2 * r];
        int[] sumDims = new int[r];
        for (int i = 0; i < r; i++) {
            inter[2 * i] = repeats[i];
            inter[2 * i + 1] = i < lead ? 1 : in[i - lead];
            sumDims[i] = 2 * i;
        }
        return Graph.record("repeat", out, (g, need) -> grads(g.reshape(inter).sum(sumDims, false).reshape(in)), a);
    }

    /** tile(dims): {@link #repeat} with leading 1s added to dims when it has fewer entries than a's rank. */
    public static Variable tile(Variable a, long... dims) {
        int r = Math.max(dims.length, a.dim());
        long[] reps = new long[r];
        Arrays.fill(reps, 1);
        System.arraycopy(dims, 0, reps, r - dims.length, dims.length);
        return repeat(a, reps);
    }

    /**
     * pad(pad, mode, value) (torch.nn.functional.pad). constant: d/da = g with the padding cut off (negative pads,
     * which crop, become zero padding); reflect, replicate, circular: every output element is a copy of one input
     * element, so d/da sums g into the elements the border copies came from.
     */
    public static Variable pad(Variable a, long[] pad, String mode, double value) {
        long[] in = a.shape();
        Tensor out = a.data().pad(pad, mode, value);
        if (mode.equals("constant")) {
            long[] back = new long[pad.length];
            for (int i = 0; i < pad.length; i++) back[i] = -pad[i];
            return Graph.record("pad", out, (g, need) -> grads(g.pad(back, "constant", 0)), a);
        }
        return Graph.record("pad", out, (g, need) -> grads(scatterBack(in, g, p -> p.pad(pad, mode, 0))), a);
    }

    /** Constant zero padding. */
    public static Variable pad(Variable a, long... pad) { return pad(a, pad, "constant", 0); }

    // ---- copies and casts -------------------------------------------------------------------------

    /** contiguous: a itself when its data is contiguous, else a recorded copy with d/da = g. */
    public static Variable contiguous(Variable a) {
        if (a.data().isContiguous()) return a;
        return Graph.record("contiguous", a.data().contiguous(), (g, need) -> grads(g), a);
    }

    /** clone (a contiguous copy, torch.clone): d/da = g. */
    public static Variable clone(Variable a) {
        return Graph.record("clone", a.data().copy(), (g, need) -> grads(g), a);
    }

    /**
     * to(dtype): a itself when it has that dtype; d/da = g, cast back by the engine. A cast to a non-floating
     * dtype is not differentiable and gives a constant, as in PyTorch.
     */
    public static Variable to(Variable a, DType dtype) {
        if (a.dtype() == dtype) return a;
        Tensor out = a.data().to(dtype);
        if (!dtype.isFloatingPoint()) return Variable.of(out);
        return Graph.record("to", out, (g, need) -> grads(g), a);
    }

    // ---- helpers shared with IndexOps ------------------------------------------------------------

    /** Zeros of {@code shape} (g's dtype and device) with g copied into the part {@code part} picks. */
    static Tensor into(long[] shape, Tensor g, UnaryOperator<Tensor> part) {
        Tensor z = Tensor.zeros(g.dtype(), g.device(), shape);
        Tensor dst = part.apply(z);
        if (dst.numel() > 0) dst.copy_(g);
        return z;
    }

    /**
     * The backward of any op whose output elements are copies of input elements ({@code map} applied to the
     * input): map is applied to the input's flat positions, and g is summed into the positions it names, so
     * elements copied several times (overlapping windows, padding borders, duplicate indices) accumulate.
     */
    static Tensor scatterBack(long[] inShape, Tensor g, UnaryOperator<Tensor> map) {
        long n = Shapes.numel(inShape);
        Tensor pos = map.apply(Tensor.arange(DType.INT64, g.device(), 0, n, 1).reshape(inShape));
        Tensor z = Tensor.zeros(g.dtype(), g.device(), n);
        if (g.numel() > 0) z.scatterAdd_(0, pos.reshape(-1), g.reshape(-1));
        return z.view(inShape);
    }
}
