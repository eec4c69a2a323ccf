package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.ScatterReduce;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * index_select, gather, scatter, nonzero and the index bounds check on CUDA (kernels/indexing.cu), with the
 * semantics of the CPU backend's CpuIndexing. Gather and scatter NONE move raw element bits; scatter with a
 * reduction combines through atomics, so float sums of duplicate indices add in an unspecified order (within
 * tolerance of the CPU's index order) and NONE with duplicates keeps any one of them, as PyTorch on CUDA.
 * nonzero counts per block, prefixes on the device, reads the total back (the one host sync) and writes the
 * coordinates in row-major order.
 */
final class CudaIndexing {
    private static final String FAMILY = "indexing";
    private static final int BLOCK = 256;   // NZ_BLOCK in indexing.cu: nonzero and bounds use static shared arrays of this size
    private static final long SIGN = Long.MIN_VALUE;

    private CudaIndexing() {}

    /** index_select is gather with the 1-D index broadcast over out's shape (stride 0 off {@code dim}). */
    static void indexSelect(CudaContext ctx, Tensor out, Tensor in, int dim, Tensor index) {
        long[] st = new long[out.dim()];
        st[dim] = index.stride(0);
        Tensor wide = new Tensor(index.storage(), index.backend(), out.shape(), st, index.offset());
        gather(ctx, out, in, dim, wide);
    }

    static void gather(CudaContext ctx, Tensor out, Tensor in, int dim, Tensor index) {
        long n = out.numel();
        if (n == 0) return;
        // in seen with out's shape and stride 0 along dim: the element's base; the index adds idx * stride(dim)
        long[] inSt = in.strides();
        long sd = inSt[dim];
        inSt[dim] = 0;
        Tensor base = new Tensor(in.storage(), in.backend(), out.shape(), inSt, in.offset());
        KernelArgs args = new KernelArgs().strided(out, index, base).i64(sd);
        ctx.launch(FAMILY, "gather_" + CudaDTypes.suffix(out.dtype()), ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    static void scatter(CudaContext ctx, Tensor out, int dim, Tensor index, Tensor src, ScatterReduce reduce) {
        long n = index.numel();
        if (n == 0) return;
        // out seen with index's shape and stride 0 along dim; the index adds idx * out.stride(dim)
        long[] os = out.strides();
        long od = os[dim];
        os[dim] = 0;
        Tensor target = new Tensor(out.storage(), out.backend(), index.shape(), os, out.offset());
        KernelArgs args = new KernelArgs().strided(target, index, src).i64(od).i32(reduce.ordinal());
        ctx.launch(FAMILY, "scatter_" + CudaDTypes.suffix(out.dtype()), ctx.gridFor(n, BLOCK), BLOCK, 0, args);
    }

    /** The coordinates (INT64, (count, in.dim())) of in's nonzero elements, row-major; allocated here. */
    static Tensor nonzero(CudaContext ctx, Tensor in) {
        in.checkAlive("nonzero");
        long n = in.numel();
        int r = in.dim();
        if (r > 8) throw TensorException.of("nonzero", "supports at most 8 dims on " + in.device(), in);
        if (n == 0) return Tensor.empty(DType.INT64, in.device(), 0, r);
        String sfx = CudaDTypes.suffix(in.dtype());
        long blocks = ctx.gridFor(n, BLOCK);
        try (Scope s = Scope.open()) {
            Tensor counts = Tensor.empty(DType.INT64, in.device(), blocks + 1);
            long c = CudaStorage.address(counts);
            ctx.launch(FAMILY, "nonzero_count_" + sfx, blocks, BLOCK, 0, new KernelArgs().strided(in).ptr(c).i64(blocks));
            ctx.launch(FAMILY, "nonzero_scan", 1, 1, 0, new KernelArgs().ptr(c).i64(blocks));
            long total;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment host = arena.allocate(Long.BYTES, Long.BYTES);
                ctx.copyToHost(c + blocks * Long.BYTES, host, Long.BYTES);
                total = host.get(ValueLayout.JAVA_LONG, 0);
            }
            Tensor out = s.keep(Tensor.empty(DType.INT64, in.device(), total, r));
            if (total > 0 && r > 0) {
                KernelArgs args = new KernelArgs().strided(in).ptr(c).i64(blocks).ptr(CudaStorage.address(out)).i32(r)
                        .i64s(in.shape(), r);
                ctx.launch(FAMILY, "nonzero_write_" + sfx, blocks, BLOCK, 0, args);
            }
            return out;
        }
    }

    /** {min, max} of an integral tensor with at least one element: one block reduction, 16 bytes back. */
    static long[] indexBounds(CudaContext ctx, Tensor index) {
        index.checkAlive("indexBounds");
        DType t = index.dtype();
        if (t.isFloatingPoint())
            throw TensorException.of("indexBounds", "needs an integral tensor, got " + t + " on " + index.device(), index);
        long n = index.numel();
        if (n == 0) throw TensorException.of("indexBounds", "needs at least one element", index);
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            Tensor res = Tensor.empty(DType.INT64, index.device(), 2);
            long a = CudaStorage.address(res);
            ctx.memset(a, (byte) 0xff, Long.BYTES);       // min slot: the largest key
            ctx.memset(a + Long.BYTES, (byte) 0, Long.BYTES);   // max slot: the smallest key
            ctx.launch(FAMILY, "index_bounds_" + CudaDTypes.suffix(t), ctx.gridFor(n, BLOCK), BLOCK, 0,
                    new KernelArgs().strided(index).ptr(a));
            MemorySegment host = arena.allocate(2 * Long.BYTES, Long.BYTES);
            ctx.copyToHost(a, host, 2 * Long.BYTES);
            return new long[]{host.getAtIndex(ValueLayout.JAVA_LONG, 0) ^ SIGN, host.getAtIndex(ValueLayout.JAVA_LONG, 1) ^ SIGN};
        }
    }
}
