package dev.axial.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape ops that combine or copy: cat, stack, split, chunk, flip, roll, repeat, tile, pad. Every copy goes
 * through the backend's strided copy (exact for every dtype), pads of the non-constant modes through
 * index_select with computed indices, so each works on any backend.
 */
final class ShapeOps {
    private ShapeOps() {}

    // ---- cat / stack -----------------------------------------------------------------------------

    static Tensor cat(int dim, Tensor... tensors) {
        String op = "cat";
        if (tensors == null || tensors.length == 0) throw new TensorException(op + ": expected a non-empty list of tensors");
        List<Tensor> parts = new ArrayList<>();
        DType dt = null;
        Tensor ref = null;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t == null) throw new TensorException(op + ": tensor " + i + " is null");
            t.checkAlive(op);
            if (t.dim() == 0) throw TensorException.of(op, "zero-dimensional tensor (at position " + i + ") cannot be concatenated", t);
            if (ref != null && !ref.device().equals(t.device()))
                throw TensorException.of(op, "expected all tensors on the same device, got " + ref.device() + " and " + t.device(), ref, t);
            if (ref == null) ref = t;
            dt = dt == null ? t.dtype() : DType.promote(dt, t.dtype());
            // NOTE: legacy behaviour kept by PyTorch: 1-D empty tensors are skipped whatever the others' shapes
            if (!(t.dim() == 1 && t.size(0) == 0)) parts.add(t);
        }
        if (parts.isEmpty()) return Tensor.empty(dt, ref.device(), 0);
        Tensor first = parts.get(0);
        int d = Shapes.dim(op, dim, first.dim());
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            boolean ok = t.dim() == first.dim();
            for (int k = 0; ok && k < t.dim(); k++) ok = k == d || t.size(k) == first.size(k);
            if (!ok)
                throw TensorException.of(op, "sizes of tensors must match except in dim " + d + ": " + Shapes.str(first.shape())
                        + " vs " + Shapes.str(t.shape()) + " (tensor " + Arrays.asList(tensors).indexOf(t) + ")", first, t);
            total += t.size(d);
        }
        long[] os = first.shape();
        os[d] = total;
        Tensor out = Tensor.empty(dt, ref.device(), os);
        long at = 0;
        for (Tensor t : parts) {
            long n = t.size(d);
            if (n > 0 && out.numel() > 0) out.backend().copy(out.narrow(d, at, n), t);
            at += n;
        }
        return out;
    }

    static Tensor stack(int dim, Tensor... tensors) {
        String op = "stack";
        if (tensors == null || tensors.length == 0) throw new TensorException(op + ": expected a non-empty list of tensors");
        long[] s0 = tensors[0].checkAlive(op).shape();
        int d = Shapes.dim(op, dim, s0.length + 1);
        Tensor[] u = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].checkAlive(op).shape(), s0))
                throw TensorException.of(op, "expects each tensor to be equal size, but got " + Shapes.str(s0) + " at entry 0 and "
                        + Shapes.str(tensors[i].shape()) + " at entry " + i, tensors[0], tensors[i]);
            u[i] = tensors[i].unsqueeze(d);
        }
        return cat(d, u);
    }

    // ---- split / chunk ---------------------------------------------------------------------------

    static Tensor[] split(Tensor self, long splitSize, int dim) {
        String op = "split";
        self.checkAlive(op);
        if (self.dim() == 0) throw TensorException.of(op, "expects at least a 1-dimensional tensor", self);
        int d = Shapes.dim(op, dim, self.dim());
        long n = self.size(d);
        if (splitSize < 0 || splitSize == 0 && n != 0)
            throw TensorException.of(op, "split_size must be positive (or 0 for a dim of size 0), got " + splitSize, self);
        long parts = splitSize == 0 ? 1 : Math.max(1, (n + splitSize - 1) / splitSize);
        Tensor[] out = new Tensor[Math.toIntExact(parts)];
        for (int i = 0; i < out.length; i++) {
            long start = i * splitSize;
            out[i] = self.narrow(d, start, Math.min(splitSize, n - start));
        }
        return out;
    }

    static Tensor[] split(Tensor self, long[] sizes, int dim) {
        String op = "split_with_sizes";
        self.checkAlive(op);
        if (self.dim() == 0) throw TensorException.of(op, "expects at least a 1-dimensional tensor", self);
        int d = Shapes.dim(op, dim, self.dim());
        long sum = 0;
        for (long s : sizes) {
            if (s < 0) throw TensorException.of(op, "split sizes must be non-negative, got " + Shapes.str(sizes), self);
            sum += s;
        }
        if (sum != self.size(d))
            throw TensorException.of(op, "split sizes " + Shapes.str(sizes) + " must sum to the size of dim " + d + " (" + self.size(d) + ")", self);
        Tensor[] out = new Tensor[sizes.length];
        long at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = self.narrow(d, at, sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    static Tensor[] chunk(Tensor self, int chunks, int dim) {
        String op = "chunk";
        self.checkAlive(op);
        if (self.dim() == 0) throw TensorException.of(op, "expects at least a 1-dimensional tensor", self);
        if (chunks <= 0) throw TensorException.of(op, "chunks must be positive, got " + chunks, self);
        int d = Shapes.dim(op, dim, self.dim());
        long n = self.size(d);
        long size = (n + chunks - 1) / chunks;
        if (n == 0) return split(self, new long[chunks], d);   // PyTorch keeps the requested number of empty chunks
        return split(self, size, d);
    }

    // ---- flip / roll / repeat / tile -------------------------------------------------------------

    static Tensor flip(Tensor self, int... dims) {
        String op = "flip";
        self.checkAlive(op);
        int[] ds = dims.length == 0 ? new int[0] : Shapes.dims(op, dims, self.dim());
        long[] sh = self.shape(), st = self.strides();
        long off = self.offset();
        for (int d : ds) {
            if (sh[d] > 0) off += (sh[d] - 1) * st[d];
            st[d] = -st[d];
        }
        Tensor out = Tensor.empty(self.dtype(), self.device(), sh);
        if (out.numel() > 0) self.backend().copy(out, self.asStrided(sh, st, off));
        return out;
    }

    static Tensor roll(Tensor self, long[] shifts, int[] dims) {
        String op = "roll";
        self.checkAlive(op);
        if (dims == null || dims.length == 0) {
            if (shifts.length != 1) throw TensorException.of(op, "without dims, exactly one shift is expected, got " + shifts.length, self);
            try (Scope sc = Scope.open()) {
                Tensor r = roll(self.reshape(-1), shifts, new int[]{0}).view(self.shape());
                return sc.keep(r);
            }
        }
        if (shifts.length != dims.length)
            throw TensorException.of(op, "shifts " + Arrays.toString(shifts) + " and dims " + Arrays.toString(dims) + " differ in length", self);
        try (Scope sc = Scope.open()) {
            Tensor cur = self;
            for (int i = 0; i < dims.length; i++) {
                int d = Shapes.dim(op, dims[i], self.dim());
                Tensor out = Tensor.empty(self.dtype(), self.device(), self.shape());
                long n = self.dim() == 0 ? 1 : self.size(d);
                long s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
                if (out.numel() > 0) {
                    if (self.dim() == 0) {
                        out.backend().copy(out, cur);
                    } else {
                        if (s > 0) out.backend().copy(out.narrow(d, 0, s), cur.narrow(d, n - s, s));
                        if (n - s > 0) out.backend().copy(out.narrow(d, s, n - s), cur.narrow(d, 0, n - s));
                    }
                }
                cur = out;
            }
            if (cur == self) cur = self.copy();
            return sc.keep(cur);
        }
    }

    static Tensor repeat(Tensor self, long... repeats) {
        String op = "repeat";
        self.checkAlive(op);
        int r = repeats.length, lead = r - self.dim();
        if (lead < 0)
            throw TensorException.of(op, "number of repeats " + Arrays.toString(repeats) + " can not be smaller than the number of dims", self);
        long[] sh = self.shape(), st = self.strides();
        long[] os = new long[r], inter = new long[2 * r], interSt = new long[2 * r];
        for (int i = 0; i < r; i++) {
            if (repeats[i] < 0) throw TensorException.of(op, "repeats must be non-negative, got " + Arrays.toString(repeats), self);
            long size = i < lead ? 1 : sh[i - lead];
            os[i] = repeats[i] * size;
            inter[2 * i] = repeats[i];
            inter[2 * i + 1] = size;
            interSt[2 * i + 1] = i < lead ? 0 : st[i - lead];
        }
        Tensor out = Tensor.empty(self.dtype(), self.device(), os);
        // the output viewed as (r0, s0, r1, s1, ...) is the input broadcast along every r_i: one strided copy
        if (out.numel() > 0) self.backend().copy(out.view(inter), self.asStrided(inter, interSt, self.offset()));
        return out;
    }

    static Tensor tile(Tensor self, long... dims) {
        self.checkAlive("tile");
        int r = Math.max(dims.length, self.dim());
        long[] reps = new long[r];
        Arrays.fill(reps, 1);
        System.arraycopy(dims, 0, reps, r - dims.length, dims.length);
        return repeat(self, reps);
    }

    // ---- pad -------------------------------------------------------------------------------------

    /**
     * torch.nn.functional.pad: {@code pad} holds (left, right) pairs starting at the last dim. "constant" pads any
     * number of dims (negative pads crop); "reflect", "replicate" and "circular" pad the last 1 to 3 dims of a
     * batched or unbatched input, as PyTorch restricts them.
     */
    static Tensor pad(Tensor self, long[] pad, String mode, double value) {
        String op = "pad";
        self.checkAlive(op);
        int r = self.dim();
        if (pad.length % 2 != 0) throw TensorException.of(op, "padding length must be even, got " + Shapes.str(pad), self);
        int np = pad.length / 2;
        if (np > r) throw TensorException.of(op, "padding " + Shapes.str(pad) + " has more dims than the input", self);
        long[] sh = self.shape(), lo = new long[r], hi = new long[r], os = sh.clone();
        for (int i = 0; i < np; i++) {
            int d = r - 1 - i;
            lo[d] = pad[2 * i];
            hi[d] = pad[2 * i + 1];
            os[d] = sh[d] + lo[d] + hi[d];
            if (os[d] < 0)
                throw TensorException.of(op, "the input size " + sh[d] + " of dim " + d + ", plus padding " + lo[d] + " and " + hi[d]
                        + ", gives a negative output size", self);
        }
        if (mode.equals("constant")) return padConstant(self, lo, hi, os, value);
        if (!mode.equals("reflect") && !mode.equals("replicate") && !mode.equals("circular"))
            throw TensorException.of(op, "unknown mode '" + mode + "' (expected constant, reflect, replicate or circular)", self);
        String mop = op + " (" + mode + ")";
        if (np == 0 || np > 3) throw TensorException.of(mop, "pads the last 1 to 3 dims only, got padding " + Shapes.str(pad), self);
        if (r != np + 1 && r != np + 2)
            throw TensorException.of(mop, np + "-D padding expects a " + (np + 1) + "-D or " + (np + 2) + "-D input", self);
        for (int d = r - np; d < r; d++) {
            boolean ok = switch (mode) {
                case "reflect" -> lo[d] < sh[d] && hi[d] < sh[d];
                case "circular" -> lo[d] <= sh[d] && hi[d] <= sh[d];
                default -> sh[d] > 0 || os[d] == 0;
            };
            if (!ok)
                throw TensorException.of(mop, "padding (" + lo[d] + ", " + hi[d] + ") at dim " + d + " must be "
                        + (mode.equals("reflect") ? "smaller than" : mode.equals("circular") ? "at most" : "used with a nonzero")
                        + " the input size " + sh[d], self);
        }
        try (Scope sc = Scope.open()) {
            Tensor cur = self;
            for (int d = r - np; d < r; d++) {
                if (lo[d] == 0 && hi[d] == 0) continue;
                long[] idx = new long[Math.toIntExact(os[d])];
                long n = sh[d];
                for (int j = 0; j < idx.length; j++) {
                    long src = j - lo[d];
                    idx[j] = switch (mode) {
                        case "reflect" -> src < 0 ? -src : src >= n ? 2 * (n - 1) - src : src;
                        case "circular" -> Math.floorMod(src, n);
                        default -> Math.min(Math.max(src, 0), n - 1);
                    };
                }
                long[] s = cur.shape();
                s[d] = idx.length;
                Tensor next = Tensor.empty(self.dtype(), self.device(), s);
                if (next.numel() > 0) self.backend().indexSelect(next, cur, d, Tensor.of(idx).to(self.device()));
                cur = next;
            }
            if (cur == self) cur = self.copy();
            return sc.keep(cur);
        }
    }

    private static Tensor padConstant(Tensor self, long[] lo, long[] hi, long[] os, double value) {
        Tensor out = Tensor.full(self.dtype(), self.device(), value, os);
        Tensor src = self, dst = out;
        for (int d = 0; d < self.dim(); d++) {
            long cutLo = Math.max(-lo[d], 0), cutHi = Math.max(-hi[d], 0);
            long len = self.size(d) - cutLo - cutHi;
            if (len <= 0) return out;
            src = src.narrow(d, cutLo, len);
            dst = dst.narrow(d, Math.max(lo[d], 0), len);
        }
        if (dst.numel() > 0) self.backend().copy(dst, src);
        return out;
    }
}
