package dev.axial.tensor.cuda.ffi;

import dev.axial.tensor.spi.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuDNN's legacy API (libcudnn.so.9, else .8): the handle, tensor / filter / convolution descriptors, the three
 * convolutions with their algorithm queries and workspace sizes, the bias gradient, cudnnAddTensor and spatial batch
 * normalization. Every status is checked: a failure throws {@link CudaException} with cudnnGetErrorString's name.
 * Handles, descriptors and device pointers are Java longs (pointers on LP64 Linux); scaling factors (alpha, beta)
 * are passed as Java doubles and written as the C type cuDNN expects for the data type (double for
 * {@link #DATA_DOUBLE}, float otherwise).
 *
 * <pre>{@code
 * Cudnn dnn = Cudnn.get();                          // BackendUnavailableException when no cuDNN loads
 * long h = dnn.create();
 * long x = dnn.createTensor();
 * dnn.setTensorNd(x, Cudnn.DATA_FLOAT, new int[]{2, 3, 8, 8}, new int[]{192, 64, 8, 1});
 * }</pre>
 *
 * Signatures and enum values: cuDNN 9's headers (cudnn_graph.h: statuses, cudnnDataType_t, cudnnMathType_t,
 * cudnnConvolutionMode_t; cudnn_ops.h: tensor/filter descriptors, cudnnAddTensor, batch norm, the algorithm enums;
 * cudnn_cnn.h: convolution descriptors, the *AlgoPerf_t structs, the convolutions), all present in cuDNN 8 too.
 *
 * <p>Also the graph (backend) API of cudnn_graph.h, which reaches engines the legacy calls do not (on the H100, the
 * sm90 kernels PyTorch's convolutions use): descriptors made by type, filled attribute by attribute, finalized;
 * engine configurations from cuDNN's heuristics; execution plans run with a variant pack of device pointers.
 * <pre>{@code
 * long t = dnn.backendCreate(Cudnn.BACKEND_TENSOR_DESCRIPTOR);
 * dnn.backendSetInt(t, Cudnn.ATTR_TENSOR_DATA_TYPE, Cudnn.TYPE_DATA_TYPE, Cudnn.DATA_FLOAT);
 * dnn.backendSetLongs(t, Cudnn.ATTR_TENSOR_DIMENSIONS, Cudnn.TYPE_INT64, 8, 1, 96, 96, 96);
 * ...
 * dnn.backendFinalize(t);
 * }</pre>
 */
public final class Cudnn {
    public static final String LIBRARY = "cuDNN";

    // cudnnDataType_t (cudnn_graph.h)
    public static final int DATA_FLOAT = 0, DATA_DOUBLE = 1, DATA_HALF = 2, DATA_BFLOAT16 = 9;
    // cudnnMathType_t (cudnn_graph.h)
    public static final int DEFAULT_MATH = 0, TENSOR_OP_MATH = 1, TENSOR_OP_MATH_ALLOW_CONVERSION = 2, FMA_MATH = 3;
    // cudnnConvolutionMode_t (cudnn_graph.h)
    public static final int CONVOLUTION = 0, CROSS_CORRELATION = 1;
    // cudnnTensorFormat_t (cudnn_graph.h)
    public static final int TENSOR_NCHW = 0;
    // cudnnBatchNormMode_t (cudnn_ops.h)
    public static final int BATCHNORM_PER_ACTIVATION = 0, BATCHNORM_SPATIAL = 1, BATCHNORM_SPATIAL_PERSISTENT = 2;
    // cudnnStatus_t (cudnn_graph.h)
    public static final int STATUS_SUCCESS = 0, STATUS_BAD_PARAM = 2000, STATUS_NOT_SUPPORTED = 3000;

    // ---- graph (backend) API enums, cudnn_graph.h of cuDNN 9 (values fixed since cuDNN 8) ----
    // cudnnBackendDescriptorType_t
    public static final int BACKEND_CONVOLUTION_DESCRIPTOR = 1, BACKEND_ENGINE_DESCRIPTOR = 2,
            BACKEND_ENGINECFG_DESCRIPTOR = 3, BACKEND_ENGINEHEUR_DESCRIPTOR = 4, BACKEND_EXECUTION_PLAN_DESCRIPTOR = 5,
            BACKEND_OPERATION_CONVOLUTION_FORWARD_DESCRIPTOR = 10,
            BACKEND_OPERATION_CONVOLUTION_BACKWARD_FILTER_DESCRIPTOR = 11,
            BACKEND_OPERATION_CONVOLUTION_BACKWARD_DATA_DESCRIPTOR = 12, BACKEND_OPERATIONGRAPH_DESCRIPTOR = 15,
            BACKEND_VARIANT_PACK_DESCRIPTOR = 16, BACKEND_TENSOR_DESCRIPTOR = 17;
    // cudnnBackendAttributeType_t
    public static final int TYPE_HANDLE = 0, TYPE_DATA_TYPE = 1, TYPE_INT64 = 3, TYPE_FLOAT = 4, TYPE_DOUBLE = 5,
            TYPE_VOID_PTR = 6, TYPE_CONVOLUTION_MODE = 7, TYPE_HEUR_MODE = 8, TYPE_NUMERICAL_NOTE = 11,
            TYPE_BACKEND_DESCRIPTOR = 15, TYPE_BEHAVIOR_NOTE = 19;
    // cudnnBackendAttributeName_t
    public static final int ATTR_CONVOLUTION_COMP_TYPE = 100, ATTR_CONVOLUTION_CONV_MODE = 101,
            ATTR_CONVOLUTION_DILATIONS = 102, ATTR_CONVOLUTION_FILTER_STRIDES = 103,
            ATTR_CONVOLUTION_POST_PADDINGS = 104, ATTR_CONVOLUTION_PRE_PADDINGS = 105,
            ATTR_CONVOLUTION_SPATIAL_DIMS = 106,
            ATTR_ENGINEHEUR_MODE = 200, ATTR_ENGINEHEUR_OPERATION_GRAPH = 201, ATTR_ENGINEHEUR_RESULTS = 202,
            ATTR_ENGINECFG_ENGINE = 300,
            ATTR_EXECUTION_PLAN_HANDLE = 400, ATTR_EXECUTION_PLAN_ENGINE_CONFIG = 401,
            ATTR_EXECUTION_PLAN_WORKSPACE_SIZE = 402,
            // per operation: alpha, beta, conv desc, then the three tensors (forward W X Y, bwd data W DX DY,
            // bwd filter DW X DY)
            ATTR_OPERATION_CONVOLUTION_FORWARD_ALPHA = 700, ATTR_OPERATION_CONVOLUTION_BWD_DATA_ALPHA = 706,
            ATTR_OPERATION_CONVOLUTION_BWD_FILTER_ALPHA = 712,
            ATTR_OPERATIONGRAPH_HANDLE = 800, ATTR_OPERATIONGRAPH_OPS = 801, ATTR_OPERATIONGRAPH_ENGINE_GLOBAL_COUNT = 802,
            ATTR_TENSOR_BYTE_ALIGNMENT = 900, ATTR_TENSOR_DATA_TYPE = 901, ATTR_TENSOR_DIMENSIONS = 902,
            ATTR_TENSOR_STRIDES = 903, ATTR_TENSOR_UNIQUE_ID = 906,
            ATTR_VARIANT_PACK_UNIQUE_IDS = 1000, ATTR_VARIANT_PACK_DATA_POINTERS = 1001,
            ATTR_VARIANT_PACK_WORKSPACE = 1003,
            ATTR_ENGINE_OPERATION_GRAPH = 1300, ATTR_ENGINE_GLOBAL_INDEX = 1301, ATTR_ENGINE_NUMERICAL_NOTE = 1303, ATTR_ENGINE_BEHAVIOR_NOTE = 1305;
    // cudnnBackendHeurMode_t
    public static final int HEUR_MODE_INSTANT = 0, HEUR_MODE_B = 1, HEUR_MODE_FALLBACK = 2, HEUR_MODE_A = 3;
    // cudnnBackendNumericalNote_t
    public static final int NOTE_TENSOR_CORE = 0, NOTE_DOWN_CONVERT_INPUTS = 1, NOTE_REDUCED_PRECISION_REDUCTION = 2,
            NOTE_FFT = 3, NOTE_NONDETERMINISTIC = 4, NOTE_WINOGRAD = 5;
    // cudnnBackendBehaviorNote_t
    public static final int BEHAVIOR_RUNTIME_COMPILATION = 0;
    /**
     * The three convolutions: the infix of their cuDNN names (cudnnConvolution{infix}, cudnnGetConvolution{infix}...)
     * and the count of their algorithm enum (cudnn_ops.h: CUDNN_CONVOLUTION_FWD_ALGO_COUNT 8, BWD_DATA 6, BWD_FILTER 7).
     */
    public enum ConvKind {
        FORWARD("Forward", 8), BACKWARD_DATA("BackwardData", 6), BACKWARD_FILTER("BackwardFilter", 7);

        final String infix;
        final int algoCount;

        ConvKind(String infix, int algoCount) {
            this.infix = infix;
            this.algoCount = algoCount;
        }
    }

    /**
     * One entry of cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t: {algo, status, time (ms), memory (workspace
     * bytes), determinism (1 = deterministic), mathType}.
     */
    public record AlgoPerf(int algo, int status, float time, long memory, int determinism, int mathType) {}

    /** The C layout shared by the three AlgoPerf structs (cudnn_cnn.h): int, int, float, size_t, int, int, int[3]. */
    static final MemoryLayout PERF = MemoryLayout.structLayout(JAVA_INT.withName("algo"), JAVA_INT.withName("status"),
            JAVA_FLOAT.withName("time"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("memory"),
            JAVA_INT.withName("determinism"), JAVA_INT.withName("mathType"), MemoryLayout.sequenceLayout(3, JAVA_INT),
            MemoryLayout.paddingLayout(4));

    private static final LoadOnce<Cudnn> INSTANCE = new LoadOnce<>(Cudnn::load);

    private final NativeLibrary lib;
    private final long version;
    private final NativeLibrary.Function cudnnGetErrorString, cudnnGetLastErrorString, cudnnCreate, cudnnDestroy, cudnnSetStream,
            cudnnCreateTensorDescriptor, cudnnDestroyTensorDescriptor, cudnnSetTensorNdDescriptor,
            cudnnCreateFilterDescriptor, cudnnDestroyFilterDescriptor, cudnnSetFilterNdDescriptor,
            cudnnCreateConvolutionDescriptor, cudnnDestroyConvolutionDescriptor, cudnnSetConvolutionNdDescriptor,
            cudnnSetConvolutionGroupCount, cudnnSetConvolutionMathType, cudnnAddTensor,
            cudnnBatchNormalizationForwardTraining, cudnnBatchNormalizationForwardInference,
            cudnnBatchNormalizationBackward, cudnnBackendCreateDescriptor, cudnnBackendDestroyDescriptor,
            cudnnBackendFinalize, cudnnBackendSetAttribute, cudnnBackendGetAttribute, cudnnBackendExecute;
    /** Per {@link ConvKind}: cudnnGetConvolution*Algorithm_v7, cudnnFindConvolution*AlgorithmEx, *WorkspaceSize, the call. */
    private final NativeLibrary.Function[] heuristic, find, workspace, convolve;

    private Cudnn(NativeLibrary lib) throws Throwable {
        this.lib = lib;
        FunctionDescriptor i_l = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);
        FunctionDescriptor i_a = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        FunctionDescriptor i_li = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT);
        version = (long) lib.function("cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG)).handle().invokeExact();
        cudnnGetErrorString = lib.function("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        cudnnGetLastErrorString = lib.function("cudnnGetLastErrorString", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        cudnnCreate = lib.function("cudnnCreate", i_a);
        cudnnDestroy = lib.function("cudnnDestroy", i_l);
        cudnnSetStream = lib.function("cudnnSetStream", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        cudnnCreateTensorDescriptor = lib.function("cudnnCreateTensorDescriptor", i_a);
        cudnnDestroyTensorDescriptor = lib.function("cudnnDestroyTensorDescriptor", i_l);
        cudnnSetTensorNdDescriptor = lib.function("cudnnSetTensorNdDescriptor",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        cudnnCreateFilterDescriptor = lib.function("cudnnCreateFilterDescriptor", i_a);
        cudnnDestroyFilterDescriptor = lib.function("cudnnDestroyFilterDescriptor", i_l);
        cudnnSetFilterNdDescriptor = lib.function("cudnnSetFilterNdDescriptor",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        cudnnCreateConvolutionDescriptor = lib.function("cudnnCreateConvolutionDescriptor", i_a);
        cudnnDestroyConvolutionDescriptor = lib.function("cudnnDestroyConvolutionDescriptor", i_l);
        cudnnSetConvolutionNdDescriptor = lib.function("cudnnSetConvolutionNdDescriptor",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        cudnnSetConvolutionGroupCount = lib.function("cudnnSetConvolutionGroupCount", i_li);
        cudnnSetConvolutionMathType = lib.function("cudnnSetConvolutionMathType", i_li);
        // (handle, desc1, desc2, conv, desc3, requested, *returned, *perf)
        FunctionDescriptor query = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_INT, ADDRESS, ADDRESS);
        heuristic = perKind("cudnnGetConvolution%sAlgorithm_v7", query);
        // (handle, d1, p1, d2, p2, conv, d3, p3, requested, *returned, *perf, workspace, workspaceBytes)
        find = perKind("cudnnFindConvolution%sAlgorithmEx", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG));
        // (handle, d1, d2, conv, d3, algo, *size)
        workspace = perKind("cudnnGetConvolution%sWorkspaceSize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
        // (handle, *alpha, d1, p1, d2, p2, conv, algo, workspace, workspaceBytes, *beta, d3, p3)
        convolve = perKind("cudnnConvolution%s", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG));
        // (handle, *alpha, d1, p1, *beta, d2, p2)
        FunctionDescriptor blend = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS,
                JAVA_LONG, JAVA_LONG);
        cudnnAddTensor = lib.function("cudnnAddTensor", blend);
        cudnnBatchNormalizationForwardTraining = lib.function("cudnnBatchNormalizationForwardTraining",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_DOUBLE, JAVA_LONG, JAVA_LONG, JAVA_DOUBLE,
                        JAVA_LONG, JAVA_LONG));
        cudnnBatchNormalizationForwardInference = lib.function("cudnnBatchNormalizationForwardInference",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_DOUBLE));
        cudnnBatchNormalizationBackward = lib.function("cudnnBatchNormalizationBackward",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG,
                        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                        JAVA_DOUBLE, JAVA_LONG, JAVA_LONG));
        cudnnBackendCreateDescriptor = lib.function("cudnnBackendCreateDescriptor", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        cudnnBackendDestroyDescriptor = lib.function("cudnnBackendDestroyDescriptor", i_l);
        cudnnBackendFinalize = lib.function("cudnnBackendFinalize", i_l);
        // (descriptor, name, type, elementCount, *elements)
        cudnnBackendSetAttribute = lib.function("cudnnBackendSetAttribute",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
        // (descriptor, name, type, requestedCount, *count, *elements)
        cudnnBackendGetAttribute = lib.function("cudnnBackendGetAttribute",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
        cudnnBackendExecute = lib.function("cudnnBackendExecute", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    }

    private NativeLibrary.Function[] perKind(String pattern, FunctionDescriptor fd) {
        NativeLibrary.Function[] f = new NativeLibrary.Function[ConvKind.values().length];
        for (ConvKind k : ConvKind.values()) f[k.ordinal()] = lib.function(pattern.formatted(k.infix), fd);
        return f;
    }

    /**
     * cuDNN, loaded once (libcudnn.so.9, else libcudnn.so.8, or the emulator); throws
     * {@link BackendUnavailableException} naming the sonames tried when none loads.
     */
    public static Cudnn get() { return INSTANCE.get(); }

    private static Cudnn load() {
        NativeLibrary lib;
        try {
            lib = NativeLibrary.open(LIBRARY, "libcudnn.so.9", "libcudnn.so.8");
        } catch (BackendUnavailableException e) {
            throw new BackendUnavailableException("cuDNN: " + e.getMessage() + " (convolution and batch norm on CUDA need it)", e);
        }
        try {
            return new Cudnn(lib);
        } catch (Throwable t) {
            throw new BackendUnavailableException("cuDNN (" + lib.soname() + ") loads but cudnnGetVersion fails: " + t, t);
        }
    }

    /** The soname that loaded. */
    public String soname() { return lib.soname(); }

    /** cudnnGetVersion: major * 10000 + minor * 100 + patch for cuDNN 9 (91400 = 9.14.0); major * 1000 + ... for 8. */
    public long version() { return version; }

    /** The major version (8 or 9). */
    public int majorVersion() { return (int) (version >= 90000 ? version / 10000 : version / 1000); }

    /**
     * CUDNN_BN_MIN_EPSILON of the loaded library: 0.0 since cuDNN 8 (cudnn_ops.h of 9.x:
     * {@code #define CUDNN_BN_MIN_EPSILON 0.0}), 1e-5 before.
     */
    public double bnMinEpsilon() { return majorVersion() >= 8 ? 0.0 : 1e-5; }

    // ---- plumbing ---------------------------------------------------------------------------------

    /**
     * Per-thread scratch: scalars at 0, 16, 32, 48, out-parameters at 64.., backend attribute values at 128..511
     * (never used across two native calls).
     */
    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(512, 16));

    private static MemorySegment scratch() { return SCRATCH.get(); }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** cudnnGetErrorString's name for {@code status} ("CUDNN_STATUS_BAD_PARAM"); never throws. */
    public String errorString(int status) {
        try {
            MemorySegment s = (MemorySegment) cudnnGetErrorString.handle().invokeExact(status);
            if (!s.equals(MemorySegment.NULL)) return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            // fall through
        }
        return "cuDNN status " + status;
    }

    private void check(int status, String call) {
        if (status != STATUS_SUCCESS) throw new CudaException(LIBRARY, call, status, errorString(status), lastError());
    }

    /**
     * cudnnGetLastErrorString (cuDNN 9): cuDNN's own account of the last failure on this thread (which attribute, which
     * check), or null before cuDNN 9 or when it has none.
     */
    private String lastError() {
        if (majorVersion() < 9) return null;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(1024);
            cudnnGetLastErrorString.handle().invokeExact(m, 1024L);
            String s = m.getString(0).strip();
            return s.isEmpty() ? null : s;
        } catch (Throwable t) {
            return null;   // the message is a courtesy; the status already says what failed
        }
    }

    /** Writes alpha and beta (as the data type's scaling type) at offsets {@code at} and {@code at + 8}. */
    private static MemorySegment scalar(MemorySegment s, long at, double v, int dataType) {
        MemorySegment p = s.asSlice(at, 8);
        if (dataType == DATA_DOUBLE) p.set(JAVA_DOUBLE, 0, v);
        else p.set(JAVA_FLOAT, 0, (float) v);
        return p;
    }

    private long create(NativeLibrary.Function f) {
        MemorySegment o = scratch().asSlice(64, 8);
        int s;
        try { s = (int) f.handle().invokeExact(o); } catch (Throwable t) { throw rethrow(t); }
        check(s, f.symbol() + "()");
        return o.get(JAVA_LONG, 0);
    }

    private void destroy(NativeLibrary.Function f, long p) {
        int s;
        try { s = (int) f.handle().invokeExact(p); } catch (Throwable t) { throw rethrow(t); }
        check(s, f.symbol() + "(0x" + Long.toHexString(p) + ")");
    }

    private static MemorySegment ints(Arena a, int[] v) {
        return a.allocateFrom(JAVA_INT, v);
    }

    // ---- handle ---------------------------------------------------------------------------------------

    /** cudnnCreate: a handle bound to the calling thread's current CUDA context. */
    public long create() { return create(cudnnCreate); }

    public void destroy(long handle) { destroy(cudnnDestroy, handle); }

    /** cudnnSetStream: later calls on {@code handle} queue on {@code stream} (a CUstream). */
    public void setStream(long handle, long stream) {
        int s;
        try { s = (int) cudnnSetStream.handle().invokeExact(handle, stream); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnSetStream");
    }

    // ---- descriptors ------------------------------------------------------------------------------

    public long createTensor() { return create(cudnnCreateTensorDescriptor); }

    public void destroyTensor(long d) { destroy(cudnnDestroyTensorDescriptor, d); }

    /** cudnnSetTensorNdDescriptor with explicit strides (in elements). */
    public void setTensorNd(long d, int dataType, int[] dims, int[] strides) {
        int s;
        try (Arena a = Arena.ofConfined()) {
            s = (int) cudnnSetTensorNdDescriptor.handle().invokeExact(d, dataType, dims.length, ints(a, dims), ints(a, strides));
        } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnSetTensorNdDescriptor(type " + dataType + ", dims " + java.util.Arrays.toString(dims) + ", strides "
                + java.util.Arrays.toString(strides) + ")");
    }

    public long createFilter() { return create(cudnnCreateFilterDescriptor); }

    public void destroyFilter(long d) { destroy(cudnnDestroyFilterDescriptor, d); }

    /** cudnnSetFilterNdDescriptor: a packed filter (K, C/groups, kernel...) in {@code format} ({@link #TENSOR_NCHW}). */
    public void setFilterNd(long d, int dataType, int format, int[] dims) {
        int s;
        try (Arena a = Arena.ofConfined()) {
            s = (int) cudnnSetFilterNdDescriptor.handle().invokeExact(d, dataType, format, dims.length, ints(a, dims));
        } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnSetFilterNdDescriptor(type " + dataType + ", dims " + java.util.Arrays.toString(dims) + ")");
    }

    public long createConvolution() { return create(cudnnCreateConvolutionDescriptor); }

    public void destroyConvolution(long d) { destroy(cudnnDestroyConvolutionDescriptor, d); }

    /** cudnnSetConvolutionNdDescriptor: per spatial dim padding, stride, dilation; mode and compute type. */
    public void setConvolutionNd(long d, int[] pad, int[] stride, int[] dilation, int mode, int computeType) {
        int s;
        try (Arena a = Arena.ofConfined()) {
            s = (int) cudnnSetConvolutionNdDescriptor.handle().invokeExact(d, pad.length, ints(a, pad), ints(a, stride),
                    ints(a, dilation), mode, computeType);
        } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnSetConvolutionNdDescriptor(pad " + java.util.Arrays.toString(pad) + ", stride "
                + java.util.Arrays.toString(stride) + ", dilation " + java.util.Arrays.toString(dilation) + ")");
    }

    public void setConvolutionGroupCount(long d, int groups) {
        int s;
        try { s = (int) cudnnSetConvolutionGroupCount.handle().invokeExact(d, groups); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnSetConvolutionGroupCount(" + groups + ")");
    }

    public void setConvolutionMathType(long d, int mathType) {
        int s;
        try { s = (int) cudnnSetConvolutionMathType.handle().invokeExact(d, mathType); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnSetConvolutionMathType(" + mathType + ")");
    }

    // ---- algorithms and workspace -------------------------------------------------------------------

    /**
     * cudnnGetConvolution{Forward,BackwardData,BackwardFilter}Algorithm_v7: cuDNN's heuristic ranking, best first.
     * Descriptor order as cuDNN's: FORWARD (x, w, conv, y), BACKWARD_DATA (w, dy, conv, dx), BACKWARD_FILTER (x, dy, conv, dw).
     */
    public AlgoPerf[] algorithms(ConvKind kind, long handle, long d1, long d2, long conv, long d3) {
        NativeLibrary.Function f = heuristic[kind.ordinal()];
        int max = kind.algoCount;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT), perf = a.allocate(PERF, max);
            int s;
            try { s = (int) f.handle().invokeExact(handle, d1, d2, conv, d3, max, count, perf); } catch (Throwable t) { throw rethrow(t); }
            check(s, f.symbol());
            return perfs(perf, count.get(JAVA_INT, 0));
        }
    }

    /**
     * cudnnFindConvolution{Forward,BackwardData,BackwardFilter}AlgorithmEx: times every algorithm that fits in the
     * workspace on the given buffers (the output buffer is overwritten), fastest first. Arguments in cuDNN's order:
     * FORWARD (x, xPtr, w, wPtr, conv, y, yPtr), BACKWARD_DATA (w, wPtr, dy, dyPtr, conv, dx, dxPtr),
     * BACKWARD_FILTER (x, xPtr, dy, dyPtr, conv, dw, dwPtr).
     */
    public AlgoPerf[] find(ConvKind kind, long handle, long d1, long p1, long d2, long p2, long conv, long d3, long p3,
                           long workspace, long workspaceBytes) {
        NativeLibrary.Function f = find[kind.ordinal()];
        int max = kind.algoCount;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT), perf = a.allocate(PERF, max);
            int s;
            try {
                s = (int) f.handle().invokeExact(handle, d1, p1, d2, p2, conv, d3, p3, max, count, perf, workspace, workspaceBytes);
            } catch (Throwable t) { throw rethrow(t); }
            check(s, f.symbol() + "(workspace " + workspaceBytes + " bytes)");
            return perfs(perf, count.get(JAVA_INT, 0));
        }
    }

    private static AlgoPerf[] perfs(MemorySegment perf, int n) {
        AlgoPerf[] out = new AlgoPerf[n];
        long size = PERF.byteSize();
        for (int i = 0; i < n; i++) {
            MemorySegment p = perf.asSlice(i * size, size);
            out[i] = new AlgoPerf(p.get(JAVA_INT, 0), p.get(JAVA_INT, 4), p.get(JAVA_FLOAT, 8), p.get(JAVA_LONG, 16),
                    p.get(JAVA_INT, 24), p.get(JAVA_INT, 28));
        }
        return out;
    }

    /** cudnnGetConvolution{Forward,BackwardData,BackwardFilter}WorkspaceSize, descriptors in the order of {@link #algorithms}. */
    public long workspaceSize(ConvKind kind, long handle, long d1, long d2, long conv, long d3, int algo) {
        NativeLibrary.Function f = workspace[kind.ordinal()];
        MemorySegment o = scratch().asSlice(64, 8);
        int s;
        try { s = (int) f.handle().invokeExact(handle, d1, d2, conv, d3, algo, o); } catch (Throwable t) { throw rethrow(t); }
        check(s, f.symbol() + "(algo " + algo + ")");
        return o.get(JAVA_LONG, 0);
    }

    // ---- convolutions --------------------------------------------------------------------------------

    /**
     * cudnnConvolutionForward / BackwardData / BackwardFilter: out = alpha * op(in1, in2) + beta * out. Arguments in
     * cuDNN's order (see {@link #find}); {@code dataType} picks the C type of alpha and beta.
     */
    public void convolution(ConvKind kind, long handle, int dataType, double alpha, long d1, long p1, long d2, long p2,
                            long conv, int algo, long workspace, long workspaceBytes, double beta, long d3, long p3) {
        NativeLibrary.Function f = convolve[kind.ordinal()];
        MemorySegment sc = scratch();
        MemorySegment a = scalar(sc, 0, alpha, dataType), b = scalar(sc, 16, beta, dataType);
        int s;
        try {
            s = (int) f.handle().invokeExact(handle, a, d1, p1, d2, p2, conv, algo, workspace, workspaceBytes, b, d3, p3);
        } catch (Throwable t) { throw rethrow(t); }
        check(s, f.symbol() + "(algo " + algo + ", workspace " + workspaceBytes + " bytes)");
    }

    /** cudnnAddTensor: c = alpha * a + beta * c, a broadcast along its dims of size 1. */
    public void addTensor(long handle, int dataType, double alpha, long aDesc, long a, double beta, long cDesc, long c) {
        blend(cudnnAddTensor, handle, dataType, alpha, aDesc, a, beta, cDesc, c);
    }

    private void blend(NativeLibrary.Function f, long handle, int dataType, double alpha, long d1, long p1, double beta,
                       long d2, long p2) {
        MemorySegment sc = scratch();
        MemorySegment a = scalar(sc, 0, alpha, dataType), b = scalar(sc, 16, beta, dataType);
        int s;
        try { s = (int) f.handle().invokeExact(handle, a, d1, p1, b, d2, p2); } catch (Throwable t) { throw rethrow(t); }
        check(s, f.symbol());
    }

    // ---- batch normalization ------------------------------------------------------------------------

    /**
     * cudnnBatchNormalizationForwardTraining: y = alpha * BN(x) + beta * y with the batch statistics; running mean and
     * variance (0 for none) become factor * stat + (1 - factor) * running (unbiased variance); saveMean and
     * saveInvVariance (0 for none) receive the batch mean and 1/sqrt(var + eps).
     */
    public void batchNormForwardTraining(long handle, int mode, int dataType, double alpha, double beta, long xDesc, long x,
                                         long yDesc, long y, long bnDesc, long scale, long bias, double factor,
                                         long runningMean, long runningVar, double eps, long saveMean, long saveInvVar) {
        MemorySegment sc = scratch();
        MemorySegment a = scalar(sc, 0, alpha, dataType), b = scalar(sc, 16, beta, dataType);
        int s;
        try {
            s = (int) cudnnBatchNormalizationForwardTraining.handle().invokeExact(handle, mode, a, b, xDesc, x, yDesc, y,
                    bnDesc, scale, bias, factor, runningMean, runningVar, eps, saveMean, saveInvVar);
        } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBatchNormalizationForwardTraining(mode " + mode + ", eps " + eps + ", factor " + factor + ")");
    }

    /** cudnnBatchNormalizationForwardInference: y = alpha * (scale (x - mean) / sqrt(eps + var) + bias) + beta * y. */
    public void batchNormForwardInference(long handle, int mode, int dataType, double alpha, double beta, long xDesc, long x,
                                          long yDesc, long y, long bnDesc, long scale, long bias, long mean, long var,
                                          double eps) {
        MemorySegment sc = scratch();
        MemorySegment a = scalar(sc, 0, alpha, dataType), b = scalar(sc, 16, beta, dataType);
        int s;
        try {
            s = (int) cudnnBatchNormalizationForwardInference.handle().invokeExact(handle, mode, a, b, xDesc, x, yDesc, y,
                    bnDesc, scale, bias, mean, var, eps);
        } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBatchNormalizationForwardInference(mode " + mode + ", eps " + eps + ")");
    }

    /**
     * cudnnBatchNormalizationBackward (training formula): dx, dScale, dBias from x, dy, scale and the saved mean and
     * inverse std (0, 0 to let cuDNN recompute them with eps); data outputs blended with alphaData/betaData, parameter
     * gradients with alphaParam/betaParam.
     */
    public void batchNormBackward(long handle, int mode, int dataType, double alphaData, double betaData, double alphaParam,
                                  double betaParam, long xDesc, long x, long dyDesc, long dy, long dxDesc, long dx,
                                  long bnDesc, long scale, long dScale, long dBias, double eps, long savedMean,
                                  long savedInvVar) {
        MemorySegment sc = scratch();
        MemorySegment ad = scalar(sc, 0, alphaData, dataType), bd = scalar(sc, 16, betaData, dataType);
        MemorySegment ap = scalar(sc, 32, alphaParam, dataType), bp = scalar(sc, 48, betaParam, dataType);
        int s;
        try {
            s = (int) cudnnBatchNormalizationBackward.handle().invokeExact(handle, mode, ad, bd, ap, bp, xDesc, x, dyDesc, dy,
                    dxDesc, dx, bnDesc, scale, dScale, dBias, eps, savedMean, savedInvVar);
        } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBatchNormalizationBackward(mode " + mode + ")");
    }

    // ---- graph (backend) API ------------------------------------------------------------------------

    /** cudnnBackendCreateDescriptor: an empty descriptor of {@code type} (a BACKEND_* constant). */
    public long backendCreate(int type) {
        MemorySegment o = scratch().asSlice(64, 8);
        int s;
        try { s = (int) cudnnBackendCreateDescriptor.handle().invokeExact(type, o); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBackendCreateDescriptor(type " + type + ")");
        return o.get(JAVA_LONG, 0);
    }

    /** cudnnBackendDestroyDescriptor; 0 is ignored. */
    public void backendDestroy(long d) {
        if (d != 0) destroy(cudnnBackendDestroyDescriptor, d);
    }

    /** cudnnBackendFinalize: checks the descriptor's attributes; a NOT_SUPPORTED status means this engine or shape cannot run. */
    public void backendFinalize(long d, String what) {
        int s;
        try { s = (int) cudnnBackendFinalize.handle().invokeExact(d); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBackendFinalize(" + what + ")");
    }

    /** cudnnBackendSetAttribute with 8-byte elements: INT64, HANDLE, VOID_PTR and BACKEND_DESCRIPTOR values (at most 40). */
    public void backendSetLongs(long d, int name, int type, long... values) {
        MemorySegment v = scratch().asSlice(128, 8L * values.length);
        for (int i = 0; i < values.length; i++) v.setAtIndex(JAVA_LONG, i, values[i]);
        set(d, name, type, values.length, v);
    }

    /** cudnnBackendSetAttribute with one 4-byte enum element (DATA_TYPE, CONVOLUTION_MODE, HEUR_MODE). */
    public void backendSetInt(long d, int name, int type, int value) {
        MemorySegment v = scratch().asSlice(128, 4);
        v.set(JAVA_INT, 0, value);
        set(d, name, type, 1, v);
    }

    /** cudnnBackendSetAttribute with one scaling factor: FLOAT for {@code type == TYPE_FLOAT}, else DOUBLE. */
    public void backendSetScalar(long d, int name, int type, double value) {
        MemorySegment v = scratch().asSlice(128, 8);
        if (type == TYPE_FLOAT) v.set(JAVA_FLOAT, 0, (float) value);
        else v.set(JAVA_DOUBLE, 0, value);
        set(d, name, type, 1, v);
    }

    private void set(long d, int name, int type, int count, MemorySegment v) {
        int s;
        try { s = (int) cudnnBackendSetAttribute.handle().invokeExact(d, name, type, (long) count, v); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBackendSetAttribute(attribute " + name + ", type " + type + ", " + count + " elements)");
    }

    /**
     * How many elements attribute {@code name} holds: cudnnBackendGetAttribute with a requested count of 0 and no
     * array (with an array, cuDNN reports the 0 elements it copied instead).
     */
    public int backendCount(long d, int name, int type) {
        MemorySegment n = scratch().asSlice(64, 8);
        int s;
        try { s = (int) cudnnBackendGetAttribute.handle().invokeExact(d, name, type, 0L, n, MemorySegment.NULL); } catch (Throwable t) { throw rethrow(t); }
        check(s, "cudnnBackendGetAttribute(attribute " + name + ", count)");
        return (int) n.get(JAVA_LONG, 0);
    }

    /**
     * cudnnBackendGetAttribute into 8-byte elements: INT64 values, or BACKEND_DESCRIPTOR results written into the
     * descriptors already created in {@code into} (cuDNN fills them). Returns how many it wrote.
     */
    public int backendGetLongs(long d, int name, int type, long[] into) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_LONG), v = a.allocate(JAVA_LONG, Math.max(1, into.length));
            for (int i = 0; i < into.length; i++) v.setAtIndex(JAVA_LONG, i, into[i]);
            int s;
            try { s = (int) cudnnBackendGetAttribute.handle().invokeExact(d, name, type, (long) into.length, n, v); } catch (Throwable t) { throw rethrow(t); }
            check(s, "cudnnBackendGetAttribute(attribute " + name + ", " + into.length + " elements)");
            int got = (int) Math.min(into.length, n.get(JAVA_LONG, 0));
            for (int i = 0; i < got; i++) into[i] = v.getAtIndex(JAVA_LONG, i);
            return got;
        }
    }

    /** cudnnBackendGetAttribute of 4-byte enum elements (NUMERICAL_NOTE, BEHAVIOR_NOTE), at most {@code max}. */
    public int[] backendGetInts(long d, int name, int type, int max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_LONG), v = a.allocate(JAVA_INT, max);
            int s;
            try { s = (int) cudnnBackendGetAttribute.handle().invokeExact(d, name, type, (long) max, n, v); } catch (Throwable t) { throw rethrow(t); }
            check(s, "cudnnBackendGetAttribute(attribute " + name + ", " + max + " elements)");
            int got = (int) Math.min(max, n.get(JAVA_LONG, 0));
            int[] out = new int[got];
            for (int i = 0; i < got; i++) out[i] = v.getAtIndex(JAVA_INT, i);
            return out;
        }
    }

    /**
     * Runs finalized execution plan {@code plan} on the device pointers {@code pointers} bound to the tensors with
     * unique ids {@code uids}, with {@code workspace} (0 for none): a variant pack made, run by cudnnBackendExecute
     * and destroyed (as cudnn-frontend does per call; about 5 us of host time).
     */
    public void backendExecute(long handle, long plan, long[] uids, long[] pointers, long workspace) {
        long pack = backendCreate(BACKEND_VARIANT_PACK_DESCRIPTOR);
        try {
            backendSetLongs(pack, ATTR_VARIANT_PACK_UNIQUE_IDS, TYPE_INT64, uids);
            backendSetLongs(pack, ATTR_VARIANT_PACK_DATA_POINTERS, TYPE_VOID_PTR, pointers);
            backendSetLongs(pack, ATTR_VARIANT_PACK_WORKSPACE, TYPE_VOID_PTR, workspace);
            backendFinalize(pack, "variant pack");
            int s;
            try { s = (int) cudnnBackendExecute.handle().invokeExact(handle, plan, pack); } catch (Throwable t) { throw rethrow(t); }
            check(s, "cudnnBackendExecute");
        } finally {
            backendDestroy(pack);
        }
    }
}
