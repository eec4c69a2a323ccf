package dev.axial.tensor.cuda;

import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Packs a kernel's one by-value argument struct (kernels/include/axial.cuh) field by field, in declaration order,
 * with C's natural alignment: int and float at multiples of 4, pointers, long long and double at multiples of 8;
 * the struct's size is padded to 8.
 *
 * <pre>{@code
 * // struct ScaleArgs { float* out; const float* in; long long n; float s; };
 * KernelArgs args = new KernelArgs().ptr(CudaStorage.address(out)).ptr(CudaStorage.address(in)).i64(n).f32(2f);
 * ctx.launch("scale", "scale_f32", ctx.gridFor(n, 256), 256, 0, args);
 *
 * // struct UnaryArgs { AxShape shape; AxView out; AxView in; int op; };
 * new KernelArgs().strided(out, in).i32(op.ordinal());
 * }</pre>
 *
 * {@link #strided} writes one AxShape {int ndim; i64 numel; i64 sizes[8]} (80 bytes) and then one AxView
 * {char* data; i64 strides[8]} (72 bytes) per operand, after coalescing the dims that every operand allows to merge.
 * {@link #shape} and {@link #view} write the same structs uncoalesced, for kernels whose operands differ in shape
 * (a reduction's input and output): {@code new KernelArgs().shape(in.shape()).view(in).view(out)}.
 */
public final class KernelArgs {
    /** AX_MAX_DIMS. */
    public static final int MAX_DIMS = 8;
    /** sizeof(AxShape), sizeof(AxView). */
    public static final int SHAPE_BYTES = 8 + 8 + 8 * MAX_DIMS, VIEW_BYTES = 8 + 8 * MAX_DIMS;
    /** CUDA's classic limit on a kernel's parameter space. */
    public static final int MAX_BYTES = 4096;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private byte[] buf = new byte[256];
    private MemorySegment seg = MemorySegment.ofArray(buf);
    private int pos;

    /** Reserves {@code bytes} at the next multiple of {@code align}; may replace {@link #seg}, so read it after. */
    private int reserve(int align, int bytes) {
        int at = (pos + align - 1) & -align;
        int end = at + bytes;
        if (end > MAX_BYTES)
            throw new IllegalArgumentException("kernel arguments of " + end + " bytes exceed CUDA's " + MAX_BYTES + "-byte parameter limit");
        if (end > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(end, buf.length * 2));
            seg = MemorySegment.ofArray(buf);
        }
        pos = end;
        return at;
    }

    /** A pointer (device address). */
    public KernelArgs ptr(long address) { int at = reserve(8, 8); seg.set(I64, at, address); return this; }

    /** An int. */
    public KernelArgs i32(int v) { int at = reserve(4, 4); seg.set(I32, at, v); return this; }

    /** A long long. */
    public KernelArgs i64(long v) { int at = reserve(8, 8); seg.set(I64, at, v); return this; }

    /** A float. */
    public KernelArgs f32(float v) { int at = reserve(4, 4); seg.set(F32, at, v); return this; }

    /** A double. */
    public KernelArgs f64(double v) { int at = reserve(8, 8); seg.set(F64, at, v); return this; }

    /** A fixed C array {@code long long x[len]}: v's elements, zero-padded to len. */
    public KernelArgs i64s(long[] v, int len) {
        checkArray(v.length, len);
        int at = reserve(8, 8 * len);
        for (int i = 0; i < len; i++) seg.set(I64, at + 8L * i, i < v.length ? v[i] : 0);
        return this;
    }

    /** A fixed C array {@code int x[len]}, zero-padded. */
    public KernelArgs i32s(int[] v, int len) {
        checkArray(v.length, len);
        int at = reserve(4, 4 * len);
        for (int i = 0; i < len; i++) seg.set(I32, at + 4L * i, i < v.length ? v[i] : 0);
        return this;
    }

    /** A fixed C array {@code double x[len]}, zero-padded. */
    public KernelArgs f64s(double[] v, int len) {
        checkArray(v.length, len);
        int at = reserve(8, 8 * len);
        for (int i = 0; i < len; i++) seg.set(F64, at + 8L * i, i < v.length ? v[i] : 0);
        return this;
    }

    private static void checkArray(int n, int len) {
        if (len <= 0 || n > len) throw new IllegalArgumentException("KernelArgs: " + n + " values do not fit a C array of " + len);
    }

    /**
     * One AxShape (the operands' common shape, coalesced) and one AxView per operand, in order. All operands must be
     * CUDA tensors of one shape (broadcast views with stride 0 and flipped views with negative strides are fine).
     */
    public KernelArgs strided(Tensor... operands) {
        if (operands.length == 0) throw new IllegalArgumentException("KernelArgs.strided: no operand");
        long[] shape = operands[0].shape();
        long[] addresses = new long[operands.length];
        long[][] strides = new long[operands.length][];
        for (int k = 0; k < operands.length; k++) {
            Tensor t = operands[k];
            if (!Arrays.equals(shape, t.shape()))
                throw new IllegalArgumentException("KernelArgs.strided: operand " + k + " has shape " + Shapes.str(t.shape())
                        + ", operand 0 has " + Shapes.str(shape) + " (the frontend broadcasts before a launch)");
            addresses[k] = CudaStorage.address(t);
            strides[k] = t.strides();
        }
        return strided(shape, addresses, strides);
    }

    /**
     * One AxShape of {@code shape} as it is (no coalescing; at most {@link #MAX_DIMS} dims): for kernels that index
     * dims themselves, e.g. a reduction's input with its reduced dims, followed by {@link #view} for each operand.
     */
    public KernelArgs shape(long... shape) {
        checkRank(shape, "shape");
        int at = reserve(8, SHAPE_BYTES);
        seg.set(I32, at, shape.length);
        seg.set(I64, at + 8, Shapes.numel(shape));
        for (int d = 0; d < MAX_DIMS; d++) seg.set(I64, at + 16 + 8L * d, d < shape.length ? shape[d] : 0);
        return this;
    }

    /** One AxView of {@code t} with its own strides (no coalescing; at most {@link #MAX_DIMS} dims). */
    public KernelArgs view(Tensor t) {
        long[] st = t.strides();
        checkRank(st, "view of " + t.describe());
        long address = CudaStorage.address(t);
        int at = reserve(8, VIEW_BYTES);
        seg.set(I64, at, address);
        for (int d = 0; d < MAX_DIMS; d++) seg.set(I64, at + 8 + 8L * d, d < st.length ? st[d] : 0);
        return this;
    }

    private static void checkRank(long[] dims, String what) {
        if (dims.length > MAX_DIMS)
            throw new IllegalArgumentException("a CUDA kernel takes at most " + MAX_DIMS + " dims, got " + what + " " + Shapes.str(dims)
                    + " (" + dims.length + " dims)");
    }

    /** {@link #strided(Tensor...)} from raw shape, addresses and strides (in elements). */
    KernelArgs strided(long[] shape, long[] addresses, long[][] strides) {
        long numel = Shapes.numel(shape);
        long[][] merged = coalesce(shape, strides);   // merged[0] = sizes, merged[1 + k] = operand k's strides
        int nd = merged[0].length;
        int at = reserve(8, SHAPE_BYTES);
        seg.set(I32, at, nd);
        seg.set(I64, at + 8, numel);
        for (int d = 0; d < MAX_DIMS; d++) seg.set(I64, at + 16 + 8L * d, d < nd ? merged[0][d] : 0);
        for (int k = 0; k < addresses.length; k++) {
            at = reserve(8, VIEW_BYTES);
            seg.set(I64, at, addresses[k]);
            for (int d = 0; d < MAX_DIMS; d++) seg.set(I64, at + 8 + 8L * d, d < nd ? merged[1 + k][d] : 0);
        }
        return this;
    }

    /**
     * The coalesced shape: size-1 dims dropped, adjacent dims d, d+1 merged when stride[d] == size[d+1] * stride[d+1]
     * for every operand. Returns {sizes, strides of operand 0, strides of operand 1, ...}; an empty tensor gives one
     * dim of size 0, a tensor of one element no dims. More than {@link #MAX_DIMS} dims left throws.
     */
    static long[][] coalesce(long[] shape, long[][] strides) {
        int ops = strides.length, r = shape.length;
        for (long[] s : strides)
            if (s.length != r) throw new IllegalArgumentException("KernelArgs: strides " + Shapes.str(s) + " do not match shape " + Shapes.str(shape));
        long[][] out = new long[1 + ops][];
        if (Shapes.numel(shape) == 0) {
            out[0] = new long[]{0};
            for (int k = 0; k < ops; k++) out[1 + k] = new long[]{0};
            return out;
        }
        long[] sizes = new long[r];
        long[][] st = new long[ops][r];
        int n = 0;                       // groups built so far, innermost first
        for (int d = r - 1; d >= 0; d--) {
            if (shape[d] == 1) continue;
            boolean merge = n > 0;
            for (int k = 0; k < ops && merge; k++) merge = strides[k][d] == sizes[n - 1] * st[k][n - 1];
            if (merge) {
                sizes[n - 1] *= shape[d];
            } else {
                sizes[n] = shape[d];
                for (int k = 0; k < ops; k++) st[k][n] = strides[k][d];
                n++;
            }
        }
        if (n > MAX_DIMS)
            throw new IllegalArgumentException("a CUDA kernel takes at most " + MAX_DIMS + " dims, but shape " + Shapes.str(shape)
                    + " with strides " + Arrays.deepToString(strides) + " still has " + n + " after merging contiguous dims");
        out[0] = new long[n];
        for (int k = 0; k < ops; k++) out[1 + k] = new long[n];
        for (int g = 0; g < n; g++) {           // back to row-major order
            out[0][n - 1 - g] = sizes[g];
            for (int k = 0; k < ops; k++) out[1 + k][n - 1 - g] = st[k][g];
        }
        return out;
    }

    /** The struct's size in bytes, padded to 8. */
    public int size() { return Math.max(8, (pos + 7) & -8); }

    /** The packed bytes ({@link #size()} of them). */
    public byte[] toByteArray() { return Arrays.copyOf(buf, size()); }

    /** Copies the packed struct to {@code dst} (at least {@link #size()} bytes). */
    void copyTo(MemorySegment dst) {
        int n = size();
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, n);
            seg = MemorySegment.ofArray(buf);
        }
        MemorySegment.copy(seg, 0, dst, 0, n);
    }
}
