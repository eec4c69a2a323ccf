package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.cuda.ffi.CudaException;
import dev.axial.tensor.cuda.ffi.CudaOutOfMemoryException;
import dev.axial.tensor.cuda.ffi.Cudnn;
import dev.axial.tensor.cuda.ffi.Cudnn.AlgoPerf;
import dev.axial.tensor.cuda.ffi.Cudnn.ConvKind;
import dev.axial.tensor.cuda.ffi.NativeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What cuDNN keeps per CUDA context: one handle bound to the context's stream, tensor and filter descriptors cached
 * by (dtype, dims, strides), convolution plans cached by geometry, and each plan's way of running per direction
 * chosen once (as PyTorch's {@code cudnn.benchmark}). On a real GPU that is a graph-API execution plan
 * ({@link CudnnGraphPlan}), else, or when the graph API offers none, a legacy algorithm: timed by
 * cudnnFind*AlgorithmEx, or cuDNN's heuristic ranking (cudnnGet*Algorithm_v7) on the emulator or with
 * {@code -Daxial.cudnn.benchmark=false}. Callers hold the state's
 * monitor around every use ({@code synchronized (state)}): a cuDNN handle is not to be used by two threads at once.
 *
 * <p>Math: float32 convolutions may use TF32 tensor cores (CUDNN_DEFAULT_MATH, PyTorch's default
 * {@code allow_tf32=True}); {@code -Daxial.cuda.allowTf32=false} forces strict FP32 (CUDNN_FMA_MATH, and algorithms
 * that report a tensor-op math type are skipped), as PyTorch does for {@code allow_tf32=False}
 * (ATen's cudnn ConvolutionDescriptor::set).
 */
final class CudnnState {
    /** Strict FP32 switch (ARCHITECTURE.md: "offer a strict-fp32 switch"). */
    static final boolean ALLOW_TF32 = !"false".equalsIgnoreCase(System.getProperty("axial.cuda.allowTf32", "true"));
    /** Time the algorithms once per shape (cudnnFind*Ex) instead of trusting cuDNN's heuristics. */
    static final boolean BENCHMARK = !"false".equalsIgnoreCase(System.getProperty("axial.cudnn.benchmark", "true"))
            && System.getProperty(NativeLibrary.EMULATOR_PROPERTY) == null;
    /** Print each algorithm choice to stderr ({@code -Daxial.cudnn.log=true}): the op, direction, input, algorithm, ranking. */
    static final boolean LOG = Boolean.getBoolean("axial.cudnn.log");
    /** The largest workspace an algorithm may ask for (bytes). */
    static final long MAX_WORKSPACE = Long.getLong("axial.cudnn.maxWorkspaceBytes", 1L << 30);

    private static final Map<CudaContext, CudnnState> STATES = new ConcurrentHashMap<>();

    final CudaContext ctx;
    final Cudnn dnn;
    final long handle;
    private final Map<String, Long> descriptors = new HashMap<>();
    private final Map<String, ConvPlan> plans = new HashMap<>();

    private CudnnState(CudaContext ctx) {
        this.ctx = ctx;
        this.dnn = Cudnn.get();
        this.handle = dnn.create();
        dnn.setStream(handle, ctx.stream());
    }

    /** The state of {@code ctx}, made on first use (loads cuDNN: BackendUnavailableException when it cannot). */
    static CudnnState of(CudaContext ctx) {
        ctx.makeCurrent();
        return STATES.computeIfAbsent(ctx, CudnnState::new);
    }

    /**
     * Runs {@code body}; a cuDNN status error (a shape or parameter cuDNN rejects; out-of-memory passes as it is) becomes
     * a TensorException naming the op, the operands' shapes, dtype and device, with cuDNN's call and status as cause.
     */
    static void guarded(String op, Runnable body, Tensor... operands) {
        try {
            body.run();
        } catch (CudaOutOfMemoryException e) {
            throw e;
        } catch (CudaException e) {
            TensorException t = TensorException.of(op, "cuDNN rejected it: " + e.getMessage(),
                    Arrays.stream(operands).filter(java.util.Objects::nonNull).toArray(Tensor[]::new));
            t.initCause(e);
            throw t;
        }
    }

    /** cuDNN's data type for a tensor dtype; float32 and float64 only. */
    static int dataType(String op, Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> Cudnn.DATA_FLOAT;
            case FLOAT64 -> Cudnn.DATA_DOUBLE;
            default -> throw TensorException.of(op, "cuDNN path supports float32 and float64, got " + t.dtype(), t);
        };
    }

    /** {@code v} as a cuDNN int dimension, or a clear error naming the op and tensor. */
    static int dim(String op, long v, Tensor t) {
        if (v > Integer.MAX_VALUE) throw TensorException.of(op, "a dimension of " + v + " exceeds cuDNN's int range", t);
        return (int) v;
    }

    /** Packed row-major strides of {@code dims}. */
    static int[] packed(int[] dims) {
        int[] s = new int[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = (int) Math.min(acc, Integer.MAX_VALUE);
            acc *= dims[i];
        }
        return s;
    }

    /** A tensor descriptor (cached; lives as long as the context). */
    long tensor(int dataType, int[] dims, int[] strides) {
        String key = "t" + dataType + Arrays.toString(dims) + Arrays.toString(strides);
        Long d = descriptors.get(key);
        if (d == null) {
            long nd = dnn.createTensor();
            try {
                dnn.setTensorNd(nd, dataType, dims, strides);
            } catch (RuntimeException e) {
                dnn.destroyTensor(nd);
                throw e;
            }
            descriptors.put(key, d = nd);
        }
        return d;
    }

    long tensor(int dataType, int[] dims) { return tensor(dataType, dims, packed(dims)); }

    /** A packed NCHW filter descriptor (cached). */
    long filter(int dataType, int[] dims) {
        String key = "f" + dataType + Arrays.toString(dims);
        Long d = descriptors.get(key);
        if (d == null) {
            long nd = dnn.createFilter();
            try {
                dnn.setFilterNd(nd, dataType, Cudnn.TENSOR_NCHW, dims);
            } catch (RuntimeException e) {
                dnn.destroyFilter(nd);
                throw e;
            }
            descriptors.put(key, d = nd);
        }
        return d;
    }

    /** The plan of one convolution geometry (descriptors made once, algorithms chosen lazily per direction). */
    ConvPlan plan(int dataType, int[] x, int[] w, int[] y, int[] pad, int[] stride, int[] dil, int groups) {
        String key = dataType + Arrays.toString(x) + Arrays.toString(w) + Arrays.toString(y) + Arrays.toString(pad)
                + Arrays.toString(stride) + Arrays.toString(dil) + groups;
        ConvPlan p = plans.get(key);
        if (p == null) {
            long conv = dnn.createConvolution();
            try {
                dnn.setConvolutionNd(conv, pad, stride, dil, Cudnn.CROSS_CORRELATION, dataType);
                dnn.setConvolutionGroupCount(conv, groups);
                dnn.setConvolutionMathType(conv, defaultMath(dataType));
            } catch (RuntimeException e) {
                dnn.destroyConvolution(conv);
                throw e;
            }
            p = new ConvPlan(dataType, tensor(dataType, x), filter(dataType, w), tensor(dataType, y), conv, x, w, y, pad,
                    stride, dil);
            plans.put(key, p);
        }
        return p;
    }

    // NOTE: searching with CUDNN_TENSOR_OP_MATH instead made no difference on the H100 (UNetStepProfile, 4 runs
    // each: 45-52 ms per step either way), so the legacy search's gap to PyTorch is not the math type.
    private static int defaultMath(int dataType) {
        return dataType == Cudnn.DATA_FLOAT && !ALLOW_TF32 ? Cudnn.FMA_MATH : Cudnn.DEFAULT_MATH;
    }

    private static boolean allowed(int dataType, AlgoPerf r) {
        if (r.status() != Cudnn.STATUS_SUCCESS || r.memory() > MAX_WORKSPACE) return false;
        boolean tensorOp = r.mathType() == Cudnn.TENSOR_OP_MATH || r.mathType() == Cudnn.TENSOR_OP_MATH_ALLOW_CONVERSION;
        return !(dataType == Cudnn.DATA_FLOAT && !ALLOW_TF32 && tensorOp);
    }

    /** A chosen algorithm: cuDNN's enum value, the math type to run it with, its workspace in bytes. */
    record Algo(int algo, int mathType, long workspace) {}

    /**
     * One convolution geometry: x, w, y descriptors in cuDNN's roles and the convolution descriptor (legacy API), the
     * dims and parameters they were made from, and per direction the legacy algorithm and the graph plans (by pointer
     * alignment, 1 to 16 bytes) once chosen.
     */
    static final class ConvPlan {
        final int dataType;
        final long x, w, y, conv;
        final int[] xDims, wDims, yDims, pad, stride, dil;
        private final Algo[] algos = new Algo[ConvKind.values().length];
        private final CudnnGraphPlan[][] graphs = new CudnnGraphPlan[ConvKind.values().length][5];
        /** Per direction: cuDNN's graph API offered no plan, so the legacy call runs. */
        private final boolean[] legacyOnly = new boolean[ConvKind.values().length];

        ConvPlan(int dataType, long x, long w, long y, long conv, int[] xDims, int[] wDims, int[] yDims, int[] pad,
                 int[] stride, int[] dil) {
            this.dataType = dataType;
            this.x = x;
            this.w = w;
            this.y = y;
            this.conv = conv;
            this.xDims = xDims.clone();
            this.wDims = wDims.clone();
            this.yDims = yDims.clone();
            this.pad = pad.clone();
            this.stride = stride.clone();
            this.dil = dil.clone();
        }

        /** Descriptors in the order cuDNN's calls of {@code kind} take them (d1, d2, d3 around conv). */
        long[] order(ConvKind kind) {
            return switch (kind) {
                case FORWARD -> new long[]{x, w, y};
                case BACKWARD_DATA -> new long[]{w, y, x};
                case BACKWARD_FILTER -> new long[]{x, y, w};
            };
        }
    }

    /**
     * Runs convolution {@code kind} of plan {@code p} on the buffers {@code p1, p2} (inputs) into {@code p3} (output,
     * overwritten), addresses in the order of {@link ConvPlan#order}; the algorithm is chosen on first use.
     */
    void convolve(String op, ConvKind kind, ConvPlan p, long p1, long p2, long p3, Tensor like) {
        if (CudnnGraphPlan.ENABLED && !p.legacyOnly[kind.ordinal()]) {
            int align = CudnnGraphPlan.alignment(p1, p2, p3);
            CudnnGraphPlan[] byAlign = p.graphs[kind.ordinal()];
            int slot = Integer.numberOfTrailingZeros(align);
            CudnnGraphPlan g = byAlign[slot];
            if (g == null) {
                g = CudnnGraphPlan.build(this, op, kind, p, align, p1, p2, p3, like);
                if (g == null) p.legacyOnly[kind.ordinal()] = true;
                else byAlign[slot] = g;
            }
            if (g != null) {
                g.execute(this, kind, p1, p2, p3, like);
                return;
            }
        }
        long[] d = p.order(kind);
        Algo a = p.algos[kind.ordinal()];
        if (a == null) p.algos[kind.ordinal()] = a = choose(op, kind, p, d, p1, p2, p3, like);
        dnn.setConvolutionMathType(p.conv, a.mathType());
        try (Scope s = Scope.open()) {
            long ws = a.workspace() > 0 ? CudaStorage.address(Tensor.empty(DType.UINT8, like.device(), a.workspace())) : 0;
            dnn.convolution(kind, handle, p.dataType, 1, d[0], p1, d[1], p2, p.conv, a.algo(), ws, a.workspace(), 0, d[2], p3);
        }
    }

    /**
     * The address of a {@code bytes}-byte workspace for timing candidates, in the caller's scope; 0 when none is
     * needed or the device cannot spare it, and then only candidates that need no workspace are timed (as PyTorch
     * does when short).
     */
    static long searchWorkspace(Tensor like, long bytes) {
        if (bytes <= 0) return 0;
        try {
            return CudaStorage.address(Tensor.empty(DType.UINT8, like.device(), bytes));
        } catch (CudaOutOfMemoryException e) {
            return 0;
        }
    }

    private Algo choose(String op, ConvKind kind, ConvPlan p, long[] d, long p1, long p2, long p3, Tensor like) {
        dnn.setConvolutionMathType(p.conv, defaultMath(p.dataType));
        AlgoPerf[] ranked = dnn.algorithms(kind, handle, d[0], d[1], p.conv, d[2]);
        if (BENCHMARK) {
            long search = 0;
            for (AlgoPerf r : ranked) if (allowed(p.dataType, r)) search = Math.max(search, r.memory());
            try (Scope s = Scope.open()) {
                long ws = searchWorkspace(like, search);
                if (ws == 0) search = 0;
                ranked = dnn.find(kind, handle, d[0], p1, d[1], p2, p.conv, d[2], p3, ws, search);
            }
        }
        for (AlgoPerf r : ranked) {
            if (!allowed(p.dataType, r)) continue;
            dnn.setConvolutionMathType(p.conv, r.mathType());
            long ws = dnn.workspaceSize(kind, handle, d[0], d[1], p.conv, d[2], r.algo());
            if (ws <= MAX_WORKSPACE) {
                if (LOG) System.err.printf(java.util.Locale.ROOT, "cudnn: %s %s on %s: algo %d, math %d, workspace %d B; ranked %s%n",
                        op, kind, like.describe(), r.algo(), r.mathType(), ws, Arrays.stream(ranked).limit(4)
                                .map(q -> q.algo() + "/" + q.mathType() + (BENCHMARK ? String.format(java.util.Locale.ROOT, " %.3f ms", q.time()) : "")).toList());
                return new Algo(r.algo(), r.mathType(), ws);
            }
        }
        throw TensorException.of(op, "cuDNN offers no usable " + kind + " algorithm for this shape (statuses "
                + Arrays.stream(ranked).map(r -> r.algo() + ":" + dnn.errorString(r.status())).toList() + ", tf32 "
                + ALLOW_TF32 + ", workspace cap " + MAX_WORKSPACE + " bytes)", like);
    }

    /** A C-vector of {@code value} on the device (scratch of the current scope). */
    Tensor constant(Tensor like, long c, double value) {
        Tensor t = Tensor.empty(like.dtype(), like.device(), c);
        long bytes = c * like.dtype().byteSize();
        if (value == 0) {
            ctx.memset(CudaStorage.address(t), (byte) 0, bytes);
            return t;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(bytes, 8);
            for (long i = 0; i < c; i++) {
                if (like.dtype() == DType.FLOAT64) host.setAtIndex(ValueLayout.JAVA_DOUBLE, i, value);
                else host.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) value);
            }
            ctx.copyFromHost(host, CudaStorage.address(t), bytes);
        }
        return t;
    }
}
