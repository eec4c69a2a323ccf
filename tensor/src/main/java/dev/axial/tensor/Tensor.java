package dev.axial.tensor;

import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.RandomOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An n-dimensional array of one {@link DType} on one {@link Device}: a {@link Storage}, a shape, strides
 * (in elements) and an offset. Views (reshape, permute, slice, expand ...) share the storage; ops return
 * new tensors owned by the current {@link Scope}. Names and semantics follow PyTorch.
 *
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *     Tensor x = Tensor.arange(6).reshape(2, 3).to(DType.FLOAT32);
 *     Tensor y = x.transpose(0, 1).mul(2).sum(0);     // [6, 24]
 *     System.out.println(y);
 * }
 * }</pre>
 *
 * The ops are declared by family in {@link TensorMath}, {@link TensorReductions}, {@link TensorShaping}, {@link TensorLinalg},
 * {@link TensorIndexing} and {@link TensorSorting}, so that each file stays readable; all of them are
 * methods of Tensor.
 */
public final class Tensor implements AutoCloseable, TensorMath, TensorReductions, TensorShaping, TensorIndexing, TensorSorting, TensorLinalg {
    private final Storage storage;
    private final Backend backend;
    private final long[] shape;
    private final long[] strides;
    private final long offset;

    /** For backends and views: a tensor over {@code storage}. Checks that the view stays inside the storage. */
    public Tensor(Storage storage, Backend backend, long[] shape, long[] strides, long offset) {
        this.storage = storage;
        this.backend = backend;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        if (shape.length != strides.length)
            throw new TensorException("Tensor: shape " + Shapes.str(shape) + " and strides " + Shapes.str(strides) + " differ in rank");
        long lo = offset, hi = offset;
        boolean empty = false;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new TensorException("Tensor: negative dimension in shape " + Shapes.str(shape));
            if (shape[i] == 0) empty = true;
            long span = (shape[i] - 1) * strides[i];
            if (span < 0) lo += span; else hi += span;
        }
        if (!empty && (lo < 0 || hi >= storage.numel()))
            throw new TensorException("Tensor: shape " + Shapes.str(shape) + ", strides " + Shapes.str(strides) + " and offset " + offset
                    + " reach elements [" + lo + ", " + hi + "] outside the storage of " + storage.numel() + " elements");
    }

    // ---- creation --------------------------------------------------------------------------------

    /** An uninitialised tensor on {@code device}. */
    public static Tensor empty(DType dtype, Device device, long... shape) {
        for (long d : shape)
            if (d < 0) throw new TensorException("empty: negative dimension in shape " + Shapes.str(shape));
        Backend b = Backends.get(device);
        long n = Shapes.numel(shape);
        Storage st = b.allocate(dtype, n);
        Scope.adopt(st);
        return new Tensor(st, b, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** An uninitialised float32 tensor on the CPU. */
    public static Tensor empty(long... shape) { return empty(DType.FLOAT32, Device.CPU, shape); }

    public static Tensor full(DType dtype, Device device, Number value, long... shape) {
        Tensor t = empty(dtype, device, shape);
        t.backend.fill(t, value);
        return t;
    }

    public static Tensor zeros(DType dtype, Device device, long... shape) { return full(dtype, device, 0, shape); }

    public static Tensor zeros(long... shape) { return zeros(DType.FLOAT32, Device.CPU, shape); }

    public static Tensor ones(DType dtype, Device device, long... shape) { return full(dtype, device, 1, shape); }

    public static Tensor ones(long... shape) { return ones(DType.FLOAT32, Device.CPU, shape); }

    /** A float32 (or int64 for an integer value) tensor filled with {@code value}, on the CPU. */
    public static Tensor full(Number value, long... shape) { return full(DType.defaultFor(value), Device.CPU, value, shape); }

    /** A 0-dim tensor holding {@code value}. */
    public static Tensor scalar(DType dtype, Device device, Number value) { return full(dtype, device, value); }

    public static Tensor scalar(double value) { return scalar(DType.FLOAT32, Device.CPU, value); }

    public Tensor emptyLike() { return empty(dtype(), device(), shape); }

    public Tensor zerosLike() { return zeros(dtype(), device(), shape); }

    public Tensor onesLike() { return ones(dtype(), device(), shape); }

    public Tensor fullLike(Number value) { return full(dtype(), device(), value, shape); }

    /** [start, start+step, ...) below end, as torch.arange; dtype as given. */
    public static Tensor arange(DType dtype, Device device, double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new TensorException("arange: step must be nonzero, got " + step);
        if (!Double.isFinite(start) || !Double.isFinite(end))
            throw new TensorException("arange: start and end must be finite, got " + start + ", " + end);
        if ((end - start) / step < 0)
            throw new TensorException("arange: upper bound and larger bound inconsistent with step sign (start "
                    + start + ", end " + end + ", step " + step + ")");
        long n = (long) Math.ceil((end - start) / step);
        Tensor t = empty(dtype, device, n);
        // NOTE: as PyTorch, an integral arange steps by the truncated start and step: arange(0, 5, 1.5, int64) = [0, 1, 2, 3]
        double s0 = dtype.isFloatingPoint() ? start : (long) start, st = dtype.isFloatingPoint() ? step : (long) step;
        if (st == 0) {
            t.close();
            throw new TensorException("arange: step " + step + " truncates to 0 for " + dtype);
        }
        if (n > 0) t.backend.fillLinear(t, s0, st, Double.NaN);
        return t;
    }

    /** 0, 1, ..., end-1 as int64 on the CPU. */
    public static Tensor arange(long end) { return arange(DType.INT64, Device.CPU, 0, end, 1); }

    /** {@code steps} evenly spaced values from start to end inclusive, as torch.linspace (float32 on the CPU). */
    public static Tensor linspace(double start, double end, long steps) { return linspace(DType.FLOAT32, Device.CPU, start, end, steps); }

    public static Tensor linspace(DType dtype, Device device, double start, double end, long steps) {
        if (steps < 0) throw new TensorException("linspace: number of steps must be non-negative, got " + steps);
        Tensor t = empty(dtype, device, steps);
        if (steps == 1) t.backend.fill(t, start);
        else if (steps > 1) t.backend.fillLinear(t, start, (end - start) / (steps - 1), end);
        return t;
    }

    /** The n x m identity matrix. */
    public static Tensor eye(DType dtype, Device device, long n, long m) {
        Tensor t = zeros(dtype, device, n, m);
        long k = Math.min(n, m);
        if (k > 0) t.backend.fill(new Tensor(t.storage, t.backend, new long[]{k}, new long[]{m + 1}, 0), 1);
        return t;
    }

    public static Tensor eye(long n) { return eye(DType.FLOAT32, Device.CPU, n, n); }

    // ---- ops of several tensors -------------------------------------------------------------------

    /** Concatenates along {@code dim} (shapes equal except there), as torch.cat. */
    public static Tensor cat(int dim, Tensor... tensors) { return ShapeOps.cat(dim, tensors); }

    /** Stacks equal shapes along a new dim {@code dim}, as torch.stack. */
    public static Tensor stack(int dim, Tensor... tensors) { return ShapeOps.stack(dim, tensors); }

    /** {@code cond ? a : b} elementwise with broadcasting and type promotion, as torch.where. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return ElementwiseOps.where(cond, a, b); }

    // ---- random (seeded, counter-based: see Generator) --------------------------------------------

    private static Tensor random(RandomOp op, Generator g, DType dtype, Device device, double a, double b, long[] shape) {
        Tensor t = empty(dtype, device, shape);
        t.fillRandom(op, g, a, b);
        return t;
    }

    private void fillRandom(RandomOp op, Generator g, double a, double b) {
        storage.checkAlive(op.opName());
        long n = numel();
        backend.random(op, this, g.seed(), g.reserve(n), a, b);
    }

    /** U[0, 1) float32. */
    public static Tensor rand(Generator g, long... shape) { return random(RandomOp.UNIFORM, g, DType.FLOAT32, Device.CPU, 0, 1, shape); }

    /** N(0, 1) float32. */
    public static Tensor randn(Generator g, long... shape) { return random(RandomOp.NORMAL, g, DType.FLOAT32, Device.CPU, 0, 1, shape); }

    /** Integers in [low, high), int64 on the CPU. */
    public static Tensor randint(Generator g, long low, long high, long... shape) {
        return randint(g, DType.INT64, Device.CPU, low, high, shape);
    }

    /** Integers in [low, high), any dtype and device. */
    public static Tensor randint(Generator g, DType dtype, Device device, long low, long high, long... shape) {
        if (high <= low) throw new TensorException("randint: empty range [" + low + ", " + high + ")");
        return random(RandomOp.RANDINT, g, dtype, device, low, high, shape);
    }

    /** Any dtype and device: U[low, high). */
    public static Tensor uniform(Generator g, DType dtype, Device device, double low, double high, long... shape) {
        return random(RandomOp.UNIFORM, g, dtype, device, low, high, shape);
    }

    /** Any dtype and device: N(mean, std^2). */
    public static Tensor normal(Generator g, DType dtype, Device device, double mean, double std, long... shape) {
        if (std < 0) throw new TensorException("normal: std must be >= 0, got " + std);
        return random(RandomOp.NORMAL, g, dtype, device, mean, std, shape);
    }

    /** 1 with probability {@code p}, else 0 (float32 on the CPU). */
    public static Tensor bernoulli(Generator g, double p, long... shape) { return bernoulli(g, DType.FLOAT32, Device.CPU, p, shape); }

    /** 1 with probability {@code p}, else 0, any dtype and device. */
    public static Tensor bernoulli(Generator g, DType dtype, Device device, double p, long... shape) {
        if (!(p >= 0 && p <= 1)) throw new TensorException("bernoulli: p must be in [0, 1], got " + p);
        return random(RandomOp.BERNOULLI, g, dtype, device, p, 0, shape);
    }

    /** 1 with probability {@code this[i]}, elementwise, in this tensor's dtype. */
    public Tensor bernoulli(Generator g) {
        storage.checkAlive("bernoulli");
        if (!dtype().isFloatingPoint()) throw TensorException.of("bernoulli", "probabilities must be floating", this);
        Tensor out = emptyLike();
        Tensor p = contiguous();
        backend.bernoulli(out, p, g.seed(), g.reserve(numel()));
        return out;
    }

    /** A random permutation of 0..n-1 (int64), as torch.randperm: sorts n uniform keys. */
    public static Tensor randperm(Generator g, long n) { return randperm(g, n, Device.CPU); }

    /** A random permutation of 0..n-1 (int64) on {@code device}. */
    public static Tensor randperm(Generator g, long n, Device device) {
        if (n < 0) throw new TensorException("randperm: n must be non-negative, got " + n);
        try (Scope s = Scope.open()) {
            Tensor keys = random(RandomOp.UNIFORM, g, DType.FLOAT64, device, 0, 1, new long[]{n});
            return s.keep(keys.argsort(0, false));
        }
    }

    /** In place: U[low, high). */
    public Tensor uniform_(Generator g, double low, double high) { fillRandom(RandomOp.UNIFORM, g, low, high); return this; }

    /** In place: N(mean, std^2). */
    public Tensor normal_(Generator g, double mean, double std) { fillRandom(RandomOp.NORMAL, g, mean, std); return this; }

    // ---- from and to Java arrays and memory ------------------------------------------------------

    private static Tensor fromHost(DType dtype, MemorySegment src, long count, long[] shape) {
        long n = Shapes.numel(shape);
        if (n != count)
            throw new TensorException("Tensor.of: " + count + " values do not fill shape " + Shapes.str(shape) + " (" + n + " elements)");
        Tensor t = empty(dtype, Device.CPU, shape);
        t.backend.copyFromHost(t, src);
        return t;
    }

    private static long[] orFlat(long[] shape, long n) { return shape.length == 0 ? new long[]{n} : shape; }

    /** A float32 tensor from {@code data} (copied), shaped as {@code shape} (1-D if no shape is given). */
    public static Tensor of(float[] data, long... shape) {
        return fromHost(DType.FLOAT32, MemorySegment.ofArray(data), data.length, orFlat(shape, data.length));
    }

    public static Tensor of(double[] data, long... shape) {
        return fromHost(DType.FLOAT64, MemorySegment.ofArray(data), data.length, orFlat(shape, data.length));
    }

    public static Tensor of(int[] data, long... shape) {
        return fromHost(DType.INT32, MemorySegment.ofArray(data), data.length, orFlat(shape, data.length));
    }

    public static Tensor of(long[] data, long... shape) {
        return fromHost(DType.INT64, MemorySegment.ofArray(data), data.length, orFlat(shape, data.length));
    }

    public static Tensor of(short[] data, long... shape) {
        return fromHost(DType.INT16, MemorySegment.ofArray(data), data.length, orFlat(shape, data.length));
    }

    /** int8 from bytes; use {@link #fromSegment} with UINT8 for unsigned data. */
    public static Tensor of(byte[] data, long... shape) {
        return fromHost(DType.INT8, MemorySegment.ofArray(data), data.length, orFlat(shape, data.length));
    }

    public static Tensor of(boolean[] data, long... shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return fromHost(DType.BOOL, MemorySegment.ofArray(b), data.length, orFlat(shape, data.length));
    }

    /** Copies {@code numel(shape)} elements laid out contiguously as {@code dtype} (little-endian) from {@code src}. */
    public static Tensor fromSegment(MemorySegment src, DType dtype, long... shape) {
        long n = Shapes.numel(shape);
        if (src.byteSize() < n * dtype.byteSize())
            throw new TensorException("fromSegment: segment of " + src.byteSize() + " bytes is smaller than " + dtype
                    + Shapes.str(shape) + " (" + n * dtype.byteSize() + " bytes)");
        Tensor t = empty(dtype, Device.CPU, shape);
        t.backend.copyFromHost(t, src);
        return t;
    }

    /** Copies this tensor's elements, row-major, as its own dtype, into {@code dst}. */
    public void copyTo(MemorySegment dst) {
        storage.checkAlive("copyTo");
        if (dst.byteSize() < numel() * dtype().byteSize())
            throw TensorException.of("copyTo", "segment of " + dst.byteSize() + " bytes is too small", this);
        backend.copyToHost(this, dst);
    }

    private MemorySegment hostCopy(DType as, MemorySegment dst) {
        if (dtype() == as) {
            copyTo(dst);
        } else {
            try (Tensor t = to(as)) {
                t.copyTo(dst);
            }
        }
        return dst;
    }

    private int arrayLength(String op) {
        if (numel() > Integer.MAX_VALUE - 8) throw TensorException.of(op, "too many elements for a Java array", this);
        return (int) numel();
    }

    /** The elements, row-major, converted to float. */
    public float[] toFloatArray() {
        float[] a = new float[arrayLength("toFloatArray")];
        hostCopy(DType.FLOAT32, MemorySegment.ofArray(a));
        return a;
    }

    public double[] toDoubleArray() {
        double[] a = new double[arrayLength("toDoubleArray")];
        hostCopy(DType.FLOAT64, MemorySegment.ofArray(a));
        return a;
    }

    public int[] toIntArray() {
        int[] a = new int[arrayLength("toIntArray")];
        hostCopy(DType.INT32, MemorySegment.ofArray(a));
        return a;
    }

    public long[] toLongArray() {
        long[] a = new long[arrayLength("toLongArray")];
        hostCopy(DType.INT64, MemorySegment.ofArray(a));
        return a;
    }

    public boolean[] toBooleanArray() {
        byte[] b = new byte[arrayLength("toBooleanArray")];
        hostCopy(DType.BOOL, MemorySegment.ofArray(b));
        boolean[] a = new boolean[b.length];
        for (int i = 0; i < b.length; i++) a[i] = b[i] != 0;
        return a;
    }

    /** The value of a one-element tensor, as double. */
    public double item() {
        if (numel() != 1) throw TensorException.of("item", "only one-element tensors can be converted to a scalar", this);
        return toDoubleArray()[0];
    }

    /** The value of a one-element integral tensor, exactly. */
    public long itemLong() {
        if (numel() != 1) throw TensorException.of("itemLong", "only one-element tensors can be converted to a scalar", this);
        return toLongArray()[0];
    }

    /** The element at {@code index} (one index per dim; negative counts from the end), as double. */
    public double getDouble(long... index) { return at("getDouble", index).item(); }

    /** The element at {@code index}, as long (exact for int64). */
    public long getLong(long... index) { return at("getLong", index).itemLong(); }

    private Tensor at(String op, long[] index) {
        if (index.length != shape.length)
            throw TensorException.of(op, index.length + " indices for a tensor of rank " + shape.length, this);
        long off = offset;
        for (int i = 0; i < index.length; i++) {
            long j = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (j < 0 || j >= shape[i])
                throw TensorException.of(op, "index " + index[i] + " out of range for dim " + i + " of size " + shape[i], this);
            off += j * strides[i];
        }
        return new Tensor(storage, backend, new long[0], new long[0], off);
    }

    // ---- metadata --------------------------------------------------------------------------------

    public DType dtype() { return storage.dtype(); }

    public Device device() { return backend.device(); }

    /** The backend that runs this tensor's ops. */
    public Backend backend() { return backend; }

    public Storage storage() { return storage; }

    /** A copy of the shape. */
    public long[] shape() { return shape.clone(); }

    /** Size of {@code dim} (negative counts from the end). */
    public long size(int dim) { return shape[Shapes.dim("size", dim, shape.length)]; }

    /** A copy of the strides, in elements. */
    public long[] strides() { return strides.clone(); }

    public long stride(int dim) { return strides[Shapes.dim("stride", dim, shape.length)]; }

    /** Offset of element [0, ..., 0] in the storage, in elements. */
    public long offset() { return offset; }

    /** Number of dims (rank). */
    public int dim() { return shape.length; }

    public long numel() { return Shapes.numel(shape); }

    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    /**
     * The elements of a contiguous CPU tensor as a writable native segment ({@code numel * byteSize} bytes,
     * row-major, little-endian), for readers that decode straight into tensor storage. Valid until the
     * storage is freed; the caller must not keep it longer.
     *
     * <pre>{@code
     * Tensor t = Tensor.empty(DType.INT16, Device.CPU, 4, 4);
     * t.hostSegment().set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) 7);
     * }</pre>
     */
    public MemorySegment hostSegment() {
        storage.checkAlive("hostSegment");
        if (!(storage instanceof dev.axial.tensor.cpu.CpuStorage cpu))
            throw TensorException.of("hostSegment", "needs a CPU tensor", this);
        if (!isContiguous())
            throw TensorException.of("hostSegment", "needs a contiguous tensor (call contiguous() first)", this);
        long bytes = numel() * dtype().byteSize();
        return cpu.segment().asSlice(offset * dtype().byteSize(), bytes);
    }

    /**
     * A copy of this CPU tensor in page-locked (pinned) host memory of {@code cudaDevice}, which the GPU copies at
     * its copy engine's speed (PyTorch's {@code pin_memory()}: on the H100 28 MB went to the device in 0.56 ms from
     * pinned memory, 3.4 ms from ordinary memory); this tensor itself when it is pinned already. The copy is a CPU
     * tensor like any other, owned by the current scope.
     *
     * <pre>{@code
     * Tensor pinned = batch.pinMemory(Device.cuda(0));   // e.g. on a loader thread
     * Tensor onGpu = pinned.to(Device.cuda(0));            // the fast copy
     * }</pre>
     */
    public Tensor pinMemory(Device cudaDevice) {
        storage.checkAlive("pinMemory");
        if (!device().isCpu()) throw TensorException.of("pinMemory", "needs a CPU tensor", this);
        if (isPinned()) return this;
        if (cudaDevice.isCpu()) throw TensorException.of("pinMemory", "pins memory for a GPU, got device " + cudaDevice, this);
        Storage st = Backends.get(cudaDevice).allocatePinnedHost(dtype(), numel());
        Scope.adopt(st);
        Tensor out = new Tensor(st, backend, shape.clone(), Shapes.contiguousStrides(shape), 0);
        out.copy_(this);
        return out;
    }

    /** {@link #pinMemory(Device)} for cuda:0. */
    public Tensor pinMemory() { return pinMemory(Device.cuda(0)); }

    /** True for a CPU tensor in page-locked memory ({@link #pinMemory}). */
    public boolean isPinned() { return storage instanceof dev.axial.tensor.cpu.CpuStorage c && c.isPinned(); }

    /** "float32[2, 3] on cpu". */
    public String describe() { return dtype() + Shapes.str(shape) + " on " + device(); }

    /** Throws if the storage was freed; {@code op} names the caller. */
    public Tensor checkAlive(String op) {
        storage.checkAlive(op);
        return this;
    }

    // ---- lifetime --------------------------------------------------------------------------------

    /** Frees the storage now (every view of it too). Idempotent. */
    @Override public void close() { storage.free(); }

    // ---- views -----------------------------------------------------------------------------------

    /** A view with other shape, strides and offset over the same storage (no copy). */
    Tensor asStrided(long[] newShape, long[] newStrides, long newOffset) {
        // NOTE: an empty view addresses nothing; offset 0 keeps kernels' bounds checks inside an empty storage
        return new Tensor(storage, backend, newShape, newStrides, Shapes.numel(newShape) == 0 ? 0 : newOffset);
    }

    /** A view with a new shape (one dim may be -1); fails if the strides do not allow it (use {@link #reshape}). */
    public Tensor view(long... newShape) {
        storage.checkAlive("view");
        long[] s = Shapes.inferShape("view", newShape, this);
        long[] st = Shapes.viewStrides(shape, strides, s);
        if (st == null)
            throw TensorException.of("view", "size " + Shapes.str(s) + " is not compatible with the input's strides "
                    + Shapes.str(strides) + "; use reshape(...) instead", this);
        return asStrided(s, st, offset);
    }

    /** A view when the strides allow it, else a contiguous copy. */
    public Tensor reshape(long... newShape) {
        storage.checkAlive("reshape");
        long[] s = Shapes.inferShape("reshape", newShape, this);
        long[] st = Shapes.viewStrides(shape, strides, s);
        if (st != null) return asStrided(s, st, offset);
        return contiguous().view(s);
    }

    /** Flattens dims start..end (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) {
        int a = Shapes.dim("flatten", startDim, shape.length), b = Shapes.dim("flatten", endDim, shape.length);
        if (shape.length == 0) return reshape(1);
        if (a > b) throw TensorException.of("flatten", "start_dim " + startDim + " is after end_dim " + endDim, this);
        long[] ns = new long[shape.length - (b - a)];
        int j = 0;
        for (int i = 0; i < a; i++) ns[j++] = shape[i];
        long m = 1;
        for (int i = a; i <= b; i++) m *= shape[i];
        ns[j++] = m;
        for (int i = b + 1; i < shape.length; i++) ns[j++] = shape[i];
        return reshape(ns);
    }

    public Tensor flatten() { return flatten(0, -1); }

    /** Reorders dims: result dim i is this tensor's dim {@code dims[i]}. */
    public Tensor permute(int... dims) {
        storage.checkAlive("permute");
        if (dims.length != shape.length)
            throw TensorException.of("permute", "number of dims " + Arrays.toString(dims) + " does not match the rank " + shape.length, this);
        long[] ns = new long[dims.length], nst = new long[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.dim("permute", dims[i], shape.length);
            if (seen[d]) throw TensorException.of("permute", "repeated dim in " + Arrays.toString(dims), this);
            seen[d] = true;
            ns[i] = shape[d];
            nst[i] = strides[d];
        }
        return asStrided(ns, nst, offset);
    }

    /** Swaps two dims. */
    public Tensor transpose(int dim0, int dim1) {
        storage.checkAlive("transpose");
        int a = Shapes.dim("transpose", dim0, shape.length), b = Shapes.dim("transpose", dim1, shape.length);
        if (shape.length == 0) return this;
        long[] ns = shape.clone(), nst = strides.clone();
        ns[a] = shape[b]; ns[b] = shape[a];
        nst[a] = strides[b]; nst[b] = strides[a];
        return asStrided(ns, nst, offset);
    }

    /** Transpose of a matrix (rank &lt;= 2), as torch.t. */
    public Tensor t() {
        if (shape.length > 2) throw TensorException.of("t", "expects a tensor with <= 2 dims; use transpose or mT", this);
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** Transposes the last two dims (matrix transpose of a batch). */
    public Tensor mT() {
        if (shape.length < 2) throw TensorException.of("mT", "needs at least 2 dims", this);
        return transpose(-2, -1);
    }

    /** Moves dim {@code source} to position {@code destination}. */
    public Tensor movedim(int source, int destination) {
        int s = Shapes.dim("movedim", source, shape.length), d = Shapes.dim("movedim", destination, shape.length);
        int[] order = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) if (i != s) order[k++] = i;
        int[] perm = new int[shape.length];
        for (int i = 0, j = 0; i < shape.length; i++) perm[i] = i == d ? s : order[j++];
        return permute(perm);
    }

    /** Removes every dim of size 1. */
    public Tensor squeeze() {
        storage.checkAlive("squeeze");
        int n = 0;
        for (long d : shape) if (d != 1) n++;
        long[] ns = new long[n], nst = new long[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (shape[i] != 1) { ns[j] = shape[i]; nst[j++] = strides[i]; }
        }
        return asStrided(ns, nst, offset);
    }

    /** Removes the given dims where their size is 1 (others are left as PyTorch does). */
    public Tensor squeeze(int... dims) {
        storage.checkAlive("squeeze");
        boolean[] drop = new boolean[shape.length];
        for (int d : dims) {
            int w = Shapes.dim("squeeze", d, shape.length);
            if (shape.length > 0 && shape[w] == 1) drop[w] = true;
        }
        int n = 0;
        for (boolean b : drop) if (!b) n++;
        long[] ns = new long[n], nst = new long[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!drop[i]) { ns[j] = shape[i]; nst[j++] = strides[i]; }
        }
        return asStrided(ns, nst, offset);
    }

    /** Inserts a dim of size 1 at {@code dim} (in [-rank-1, rank]). */
    public Tensor unsqueeze(int dim) {
        storage.checkAlive("unsqueeze");
        int d = Shapes.dim("unsqueeze", dim, shape.length + 1);
        long[] ns = new long[shape.length + 1], nst = new long[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) {
            if (i == d) {
                ns[i] = 1;
                nst[i] = d < shape.length ? strides[d] * shape[d] : 1;
            } else {
                ns[i] = shape[j];
                nst[i] = strides[j++];
            }
        }
        return asStrided(ns, nst, offset);
    }

    /** A broadcast view to {@code newShape}; -1 keeps a dim; new leading dims are allowed. No copy. */
    public Tensor expand(long... newShape) {
        storage.checkAlive("expand");
        if (newShape.length < shape.length)
            throw TensorException.of("expand", "the number of sizes " + Shapes.str(newShape) + " must be >= the rank " + shape.length, this);
        long[] ns = new long[newShape.length], nst = new long[newShape.length];
        int lead = newShape.length - shape.length;
        for (int i = 0; i < newShape.length; i++) {
            int j = i - lead;
            long want = newShape[i];
            if (j < 0) {
                if (want < 0) throw TensorException.of("expand", "-1 is not allowed in a new leading dim " + Shapes.str(newShape), this);
                ns[i] = want;
                nst[i] = 0;
            } else if (want == -1 || want == shape[j]) {
                ns[i] = shape[j];
                nst[i] = strides[j];
            } else if (shape[j] == 1) {
                if (want < 0) throw TensorException.of("expand", "invalid size " + want, this);
                ns[i] = want;
                nst[i] = 0;
            } else {
                throw TensorException.of("expand", "the size of dim " + j + " (" + shape[j] + ") must match " + want
                        + " or be 1 to expand to " + Shapes.str(newShape), this);
            }
        }
        return asStrided(ns, nst, offset);
    }

    /** Same as {@link #expand}. */
    public Tensor broadcastTo(long... newShape) { return expand(newShape); }

    public Tensor expandAs(Tensor other) { return expand(other.shape); }

    /**
     * Python's {@code t[..., start:end:step, ...]} on {@code dim}: negative start/end count from the end and
     * out-of-range bounds are clamped; step must be positive. Use {@link Long#MAX_VALUE} for "to the end".
     */
    public Tensor slice(int dim, long start, long end, long step) {
        storage.checkAlive("slice");
        int d = Shapes.dim("slice", dim, shape.length);
        if (step <= 0) throw TensorException.of("slice", "step must be positive, got " + step, this);
        long n = shape[d];
        long s = start < 0 ? Math.max(start + n, 0) : Math.min(start, n);
        long e = end < 0 ? Math.max(end + n, 0) : Math.min(end, n);
        long len = e > s ? (e - s + step - 1) / step : 0;
        long[] ns = shape.clone(), nst = strides.clone();
        ns[d] = len;
        nst[d] = strides[d] * step;
        return asStrided(ns, nst, offset + (len > 0 ? s * strides[d] : 0));
    }

    public Tensor slice(int dim, long start, long end) { return slice(dim, start, end, 1); }

    /** Removes {@code dim} by taking index {@code index} of it (negative counts from the end). */
    public Tensor select(int dim, long index) {
        storage.checkAlive("select");
        if (shape.length == 0) throw TensorException.of("select", "cannot select on a 0-dim tensor", this);
        int d = Shapes.dim("select", dim, shape.length);
        long i = index < 0 ? index + shape[d] : index;
        if (i < 0 || i >= shape[d])
            throw TensorException.of("select", "index " + index + " out of range for dim " + dim + " of size " + shape[d], this);
        long[] ns = new long[shape.length - 1], nst = new long[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != d) { ns[j] = shape[k]; nst[j++] = strides[k]; }
        }
        return asStrided(ns, nst, offset + i * strides[d]);
    }

    /** {@code length} elements of {@code dim} from {@code start} (negative counts from the end). */
    public Tensor narrow(int dim, long start, long length) {
        int d = Shapes.dim("narrow", dim, shape.length);
        long s = start < 0 ? start + shape[d] : start;
        if (s < 0 || length < 0 || s + length > shape[d])
            throw TensorException.of("narrow", "start " + start + " + length " + length + " exceeds dim " + dim + " of size " + shape[d], this);
        return slice(d, s, s + length, 1);
    }

    /** All windows of {@code size} along {@code dim} with step {@code step}, as a new last dim (torch.Tensor.unfold). */
    public Tensor unfold(int dim, long size, long step) {
        storage.checkAlive("unfold");
        int d = shape.length == 0 ? 0 : Shapes.dim("unfold", dim, shape.length);
        long n = shape.length == 0 ? 1 : shape[d];
        if (size > n || size < 0)
            throw TensorException.of("unfold", "size " + size + " must be in [0, " + n + "] (the size of dim " + dim + ")", this);
        if (step <= 0) throw TensorException.of("unfold", "step must be positive, got " + step, this);
        long[] ns = Arrays.copyOf(shape, shape.length + 1), nst = Arrays.copyOf(strides, strides.length + 1);
        long sd = shape.length == 0 ? 1 : strides[d];
        if (shape.length > 0) {
            ns[d] = (n - size) / step + 1;
            nst[d] = sd * step;
        }
        ns[shape.length] = size;
        nst[shape.length] = sd;
        return asStrided(ns, nst, offset);
    }

    // ---- copies, casts, devices ------------------------------------------------------------------

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        storage.checkAlive("contiguous");
        return isContiguous() ? this : copyAs(dtype(), device());
    }

    /** A contiguous copy. */
    public Tensor copy() {
        storage.checkAlive("clone");
        return copyAs(dtype(), device());
    }

    /** Same as {@link #copy()} (PyTorch's name). */
    public Tensor cloneTensor() { return copy(); }

    private Tensor copyAs(DType dt, Device dev) {
        Tensor out = empty(dt, dev, shape);
        if (dev.equals(device())) {
            backend.copy(out, this);
        } else {
            Transfers.copyAcross(out, this);
        }
        return out;
    }

    /** This tensor converted to {@code dt} (this tensor itself if it already is). */
    public Tensor to(DType dt) {
        storage.checkAlive("to");
        return dt == dtype() ? this : copyAs(dt, device());
    }

    /** This tensor on {@code dev} (this tensor itself if it already is). */
    public Tensor to(Device dev) {
        storage.checkAlive("to");
        return dev.equals(device()) ? this : copyAs(dtype(), dev);
    }

    public Tensor to(Device dev, DType dt) {
        storage.checkAlive("to");
        return dev.equals(device()) && dt == dtype() ? this : copyAs(dt, dev);
    }

    public Tensor cpu() { return to(Device.CPU); }

    /** In place: copies {@code src} (broadcast to this shape, cast to this dtype, from any device) into this tensor. */
    public Tensor copy_(Tensor src) {
        storage.checkAlive("copy_");
        src.storage.checkAlive("copy_");
        checkWritable("copy_");
        Tensor s = src.expand(shape);
        if (src.device().equals(device())) {
            backend.copy(this, s);
        } else {
            Transfers.copyAcross(this, s);
        }
        return this;
    }

    /**
     * Throws unless every element of this tensor has its own memory: an in-place write through a broadcast
     * (stride-0) dim would depend on which thread wrote last, and PyTorch refuses it too.
     */
    void checkWritable(String op) {
        for (int i = 0; i < shape.length; i++)
            if (strides[i] == 0 && shape[i] > 1)
                throw TensorException.of(op, "unsupported operation: more than one element of the written-to tensor refers to a"
                        + " single memory location (dim " + i + " has stride 0); copy() the tensor before writing to it", this);
    }

    /** In place: every element set to {@code value}. */
    public Tensor fill_(Number value) {
        storage.checkAlive("fill_");
        checkWritable("fill_");
        backend.fill(this, value);
        return this;
    }

    public Tensor zero_() { return fill_(0); }

    @Override public String toString() { return TensorFormatter.format(this); }
}
