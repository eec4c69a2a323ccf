package dev.axial.tensor.cuda;

import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cuda.CudnnState.ConvPlan;
import dev.axial.tensor.cuda.ffi.Cudnn.ConvKind;
import dev.axial.tensor.spi.ConvParams;

import java.util.Arrays;

/**
 * Convolution on CUDA through cuDNN's legacy API (Backend.convolution*): forward (+ bias by cudnnAddTensor), backward
 * data, backward filter; backward bias by our sum kernel; 1-3 spatial dims, stride, padding, dilation, groups; float32 and float64.
 * Descriptors and the algorithm are made once per geometry ({@link CudnnState}); the workspace comes from the caching
 * allocator. A 1-D convolution runs as 2-D with a spatial dim of 1 in front (cuDNN wants 4-D and up), as PyTorch does.
 *
 * <pre>{@code
 * CudaConvolution.forward(ctx, y, x, w, bias, new ConvParams(new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1));
 * }</pre>
 */
final class CudaConvolution {
    private CudaConvolution() {}

    /** y = conv(x, w) + bias; y's spatial size may be smaller than the full output (the leading part is kept). */
    static void forward(CudaContext ctx, Tensor y, Tensor x, Tensor w, Tensor bias, ConvParams p) {
        CudnnState.guarded("convolutionForward", () -> forwardImpl(ctx, y, x, w, bias, p), x, w, y);
    }

    private static void forwardImpl(CudaContext ctx, Tensor y, Tensor x, Tensor w, Tensor bias, ConvParams p) {
        String op = "convolutionForward";
        if (y.numel() == 0) return;
        Geometry g = Geometry.of(op, x, w, p, y);
        CudnnState st = CudnnState.of(ctx);
        synchronized (st) {
            int[] yDims = g.dims(op, y);
            if (x.numel() == 0 || w.numel() == 0) {
                zero(ctx, y);   // NOTE: an empty sum (no input channels); cuDNN rejects dims of 0
            } else if (Arrays.equals(yDims, g.out)) {
                ConvPlan plan = g.plan(st);
                st.convolve(op, ConvKind.FORWARD, plan, CudaStorage.address(x), CudaStorage.address(w), CudaStorage.address(y), x);
            } else {
                for (int i = 0; i < yDims.length; i++)
                    if (i < 2 ? yDims[i] != g.out[i] : yDims[i] > g.out[i])
                        throw TensorException.of(op, "output shape does not fit the convolution's output " + Arrays.toString(g.out), x, w, y);
                // NOTE: cuDNN wants y at the full output size; compute that, then copy the leading part (a strided view
                // of the full buffer) with cudnnAddTensor (beta 0).
                ConvPlan plan = g.plan(st);
                try (Scope s = Scope.open()) {
                    Tensor full = Tensor.empty(y.dtype(), y.device(), Geometry.longs(g.out));
                    st.convolve(op, ConvKind.FORWARD, plan, CudaStorage.address(x), CudaStorage.address(w), CudaStorage.address(full), x);
                    long view = st.tensor(g.dataType, yDims, CudnnState.packed(g.out));
                    st.dnn.addTensor(st.handle, g.dataType, 1, view, CudaStorage.address(full), 0, st.tensor(g.dataType, yDims),
                            CudaStorage.address(y));
                }
            }
            if (bias != null) {
                int[] bDims = new int[yDims.length];
                Arrays.fill(bDims, 1);
                bDims[1] = yDims[1];
                st.dnn.addTensor(st.handle, g.dataType, 1, st.tensor(g.dataType, bDims), CudaStorage.address(bias), 1,
                        st.tensor(g.dataType, yDims), CudaStorage.address(y));
            }
        }
    }

    /** dx = the gradient of conv(x, w) wrt x for upstream dy; overwrites dx. */
    static void backwardData(CudaContext ctx, Tensor dx, Tensor w, Tensor dy, ConvParams p) {
        CudnnState.guarded("convolutionBackwardData",
                () -> backward(ctx, ConvKind.BACKWARD_DATA, "convolutionBackwardData", dx, dx, w, dy, p, w), dx, w, dy);
    }

    /** dw = the gradient of conv(x, w) wrt w for upstream dy; overwrites dw. */
    static void backwardFilter(CudaContext ctx, Tensor dw, Tensor x, Tensor dy, ConvParams p) {
        CudnnState.guarded("convolutionBackwardFilter",
                () -> backward(ctx, ConvKind.BACKWARD_FILTER, "convolutionBackwardFilter", dw, x, dw, dy, p, x), dw, x, dy);
    }

    /** Either backward convolution into {@code out} (dx or dw) from {@code in} (w or x) and dy; x, w give the geometry. */
    private static void backward(CudaContext ctx, ConvKind kind, String op, Tensor out, Tensor x, Tensor w, Tensor dy,
                                 ConvParams p, Tensor in) {
        if (out.numel() == 0) return;
        if (dy.numel() == 0 || in.numel() == 0) {
            zero(ctx, out);   // NOTE: an empty sum; cuDNN rejects dims of 0
            return;
        }
        Geometry g = Geometry.of(op, x, w, p, dy);
        try (Scope s = Scope.open()) {
            Tensor full = g.padToFull(op, dy, x, w);
            CudnnState st = CudnnState.of(ctx);
            synchronized (st) {
                st.convolve(op, kind, g.plan(st), CudaStorage.address(in), CudaStorage.address(full), CudaStorage.address(out), x);
            }
        }
    }

    /**
     * db (K) = dy (N, K, spatial...) summed over N and every spatial dim, by our reduction kernel: cuDNN's
     * cudnnConvolutionBackwardBias took 0.8 ms for 8 x 16 x 48³ and 3.3 ms for 8 x 1 x 96³ on the H100, where a
     * bandwidth-bound sum (PyTorch's way) takes 0.03 to 0.05 ms (benchmarks' ConvLayerTiming).
     */
    static void backwardBias(CudaContext ctx, Tensor db, Tensor dy) {
        if (db.numel() == 0) return;
        if (dy.numel() == 0) {
            zero(ctx, db);   // an empty sum
            return;
        }
        long[] keep = new long[dy.dim()];
        java.util.Arrays.fill(keep, 1);
        keep[1] = db.numel();
        int[] dims = new int[dy.dim() - 1];
        for (int d = 0, j = 0; d < dy.dim(); d++) if (d != 1) dims[j++] = d;
        // a view of db with dy's rank (the reduction's layout); views own nothing, so it is not closed
        CudaReduce.reduce(ctx, dev.axial.tensor.spi.ReduceOp.SUM, db.reshape(keep), dy, dims, 0);
    }

    private static void zero(CudaContext ctx, Tensor t) {
        ctx.memset(CudaStorage.address(t), (byte) 0, t.numel() * t.dtype().byteSize());
    }

    /** x (N, C, in...), w (K, C/groups, kernel...) and the parameters as cuDNN sees them (1-D lifted to 2-D). */
    private record Geometry(int dataType, int[] x, int[] w, int[] out, int[] pad, int[] stride, int[] dil, int groups,
                            boolean lifted) {
        static Geometry of(String op, Tensor x, Tensor w, ConvParams p, Tensor y) {
            int dt = CudnnState.dataType(op, x);
            int rank = p.rank();
            if (x.dim() != rank + 2 || w.dim() != rank + 2 || y.dim() != rank + 2)
                throw TensorException.of(op, "expected (N, C, spatial...) tensors of rank " + (rank + 2) + " for " + p, x, w, y);
            if (w.dtype() != x.dtype() || y.dtype() != x.dtype())
                throw TensorException.of(op, "operands must share one dtype", x, w, y);
            boolean lift = rank == 1;
            int r = lift ? 2 : rank;
            int[] xd = new int[r + 2], wd = new int[r + 2], out = new int[r + 2];
            int[] pad = new int[r], str = new int[r], dil = new int[r];
            xd[0] = CudnnState.dim(op, x.size(0), x);
            xd[1] = CudnnState.dim(op, x.size(1), x);
            wd[0] = CudnnState.dim(op, w.size(0), w);
            wd[1] = CudnnState.dim(op, w.size(1), w);
            int off = lift ? 1 : 0;
            if (lift) {
                xd[2] = 1;
                wd[2] = 1;
                pad[0] = 0;
                str[0] = 1;
                dil[0] = 1;
            }
            for (int i = 0; i < rank; i++) {
                xd[2 + off + i] = CudnnState.dim(op, x.size(2 + i), x);
                wd[2 + off + i] = CudnnState.dim(op, w.size(2 + i), w);
                pad[off + i] = p.padding()[i];
                str[off + i] = p.stride()[i];
                dil[off + i] = p.dilation()[i];
            }
            for (int i = 0; i < rank; i++)
                if (p.stride()[i] < 1 || p.dilation()[i] < 1 || p.padding()[i] < 0)
                    throw TensorException.of(op, "stride and dilation must be >= 1 and padding >= 0, got " + p, x, w);
            if (p.groups() < 1 || xd[1] != wd[1] * p.groups() || wd[0] % p.groups() != 0)
                throw TensorException.of(op, "channels do not match groups " + p.groups() + " (input C " + xd[1]
                        + ", weight " + Arrays.toString(wd) + ")", x, w);
            out[0] = xd[0];
            out[1] = wd[0];
            for (int i = 0; i < r; i++) {
                long span = (long) dil[i] * (wd[2 + i] - 1) + 1, full = (long) xd[2 + i] + 2L * pad[i] - span;
                if (full < 0)
                    throw TensorException.of(op, "kernel " + Arrays.toString(wd) + " larger than the padded input for " + p, x, w);
                out[2 + i] = (int) (full / str[i] + 1);
            }
            return new Geometry(dt, xd, wd, out, pad, str, dil, p.groups(), lift);
        }

        ConvPlan plan(CudnnState st) {
            return st.plan(dataType, x, w, out, pad, stride, dil, groups);
        }

        /** t's dims as cuDNN sees them (1-D lifted). */
        int[] dims(String op, Tensor t) {
            int[] d = new int[x.length];
            d[0] = CudnnState.dim(op, t.size(0), t);
            d[1] = CudnnState.dim(op, t.size(1), t);
            int off = lifted ? 1 : 0;
            if (lifted) d[2] = 1;
            for (int i = 2; i < t.dim(); i++) d[i + off] = CudnnState.dim(op, t.size(i), t);
            return d;
        }

        /**
         * dy itself when it has the full output shape of conv(x, w), else dy zero-padded at the end of each spatial dim to
         * that shape: a transposed convolution with output_padding makes x longer than dy implies, and cuDNN wants the
         * full shape; the added outputs read only padding, so their zero gradient changes nothing.
         */
        Tensor padToFull(String op, Tensor dy, Tensor... others) {
            int[] d = dims(op, dy);
            boolean fits = d.length == out.length && d[0] == out[0] && d[1] == out[1];
            for (int i = 2; fits && i < d.length; i++) fits = d[i] <= out[i];
            if (!fits || Arrays.equals(d, out)) {
                requireFull(op, dy, others);
                return dy;
            }
            long[] shape = new long[dy.dim()];
            shape[0] = out[0];
            shape[1] = out[1];
            for (int i = 2; i < dy.dim(); i++) shape[i] = out[i + (lifted ? 1 : 0)];
            Tensor full = Tensor.zeros(dy.dtype(), dy.device(), shape);
            Tensor lead = full;
            for (int i = 2; i < dy.dim(); i++) lead = lead.narrow(i, 0, dy.size(i));
            lead.copy_(dy);
            return full;
        }

        void requireFull(String op, Tensor dy, Tensor... others) {
            if (!Arrays.equals(dims(op, dy), out)) {
                Tensor[] all = Arrays.copyOf(others, others.length + 1);
                all[others.length] = dy;
                throw TensorException.of(op, "gradient shape does not match the convolution's output shape "
                        + Arrays.toString(out) + (lifted ? " (1-D lifted to 2-D)" : ""), all);
            }
        }

        static long[] longs(int[] v) {
            long[] l = new long[v.length];
            for (int i = 0; i < v.length; i++) l[i] = v[i];
            return l;
        }
    }
}
