package dev.axial.tensor.cuda;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudnnState.ConvPlan;
import dev.axial.tensor.cuda.ffi.CudaException;
import dev.axial.tensor.cuda.ffi.CudaOutOfMemoryException;
import dev.axial.tensor.cuda.ffi.Cudnn;
import dev.axial.tensor.cuda.ffi.Cudnn.ConvKind;
import dev.axial.tensor.cuda.ffi.NativeLibrary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One convolution direction of one geometry as a cuDNN operation graph (the backend API), with the execution plan
 * chosen for it: cuDNN's heuristics (mode A, then the fallback list) propose engine configurations, those whose
 * numerical notes the data type does not allow are dropped, and the rest are timed on the call's own buffers (as
 * PyTorch's {@code cudnn.benchmark} does through cudnn-frontend). The legacy calls reach only cuDNN's legacy
 * algorithm set; on the H100 the engines reached here are the ones PyTorch uses.
 *
 * <p>Tensors get unique ids by role: 1 the input-shaped tensor (x or dx), 2 the filter (w or dw), 3 the output-shaped
 * tensor (y or dy). A plan is made per byte alignment of the pointers (cuDNN may pick vectorised kernels for 16-byte
 * aligned data), since later calls may come with less aligned views. Callers hold the {@link CudnnState}'s monitor.
 *
 * <p>Switches: {@code -Daxial.cudnn.api=legacy} uses the legacy calls only; {@code -Daxial.cudnn.maxCandidates}
 * (default 5) caps how many configurations are timed; {@code -Daxial.cuda.allowTf32=false} drops TF32 tensor-core
 * engines for float32.
 *
 * <pre>{@code
 * CudnnGraphPlan g = CudnnGraphPlan.build(state, "convolutionForward", ConvKind.FORWARD, plan, 16, x, w, y, xTensor);
 * if (g != null) g.execute(state, ConvKind.FORWARD, x, w, y, xTensor);   // null: the graph API cannot run it: legacy call
 * }</pre>
 */
final class CudnnGraphPlan {
    /** The graph API on a real GPU unless {@code -Daxial.cudnn.api=legacy}; the emulator implements the legacy calls only. */
    static final boolean ENABLED = !"legacy".equalsIgnoreCase(System.getProperty("axial.cudnn.api", "graph"))
            && System.getProperty(NativeLibrary.EMULATOR_PROPERTY) == null;
    /**
     * How many of the heuristics' configurations are timed (PyTorch's {@code cudnn.benchmark_limit} is 10). The H100
     * logs of the UNet's 48 convolution directions (ConvLayerTiming, 2026-11-23): the 5th configuration is the fastest
     * for the 1-channel 96³ forward (engine 0, 0.32 ms against 0.92 ms for the best of the first four), and the 6th to
     * 8th improve one direction by 0.02 ms; the kernels' summed time with 4, 5, 8 timed: forward 2.93, 2.33, 2.33 ms.
     * Timing costs the candidate runs (about 0.43 s for 4 in all, 0.61 s for 5, 1.6 s for 8, whose tail holds 2-25
     * ms configurations) plus a few ms per plan to finalize.
     */
    static final int MAX_CANDIDATES = Integer.getInteger("axial.cudnn.maxCandidates", 5);
    /** The largest pointer alignment declared to cuDNN (bytes, a power of two up to 16). */
    static final int MAX_ALIGNMENT = Integer.getInteger("axial.cudnn.maxAlignment", 16);
    private static final long UID_X = 1, UID_W = 2, UID_Y = 3;
    private static final long[] UIDS = {UID_X, UID_W, UID_Y};

    private final long plan;
    private final long workspace;

    private CudnnGraphPlan(long plan, long workspace) {
        this.plan = plan;
        this.workspace = workspace;
    }

    /** The largest power of two, at most 16, dividing every address (the alignment cuDNN may assume). */
    static int alignment(long... addresses) {
        long bits = MAX_ALIGNMENT;
        for (long a : addresses) if (a != 0) bits = Math.min(bits, Long.lowestOneBit(a));
        return (int) bits;
    }

    /**
     * Runs the plan: {@code p1, p2} inputs and {@code p3} the output (overwritten), in the order of {@link
     * ConvPlan#order}; the workspace comes from the caching allocator.
     */
    void execute(CudnnState st, ConvKind kind, long p1, long p2, long p3, Tensor like) {
        try (Scope s = Scope.open()) {
            long ws = workspace > 0 ? CudaStorage.address(Tensor.empty(DType.UINT8, like.device(), workspace)) : 0;
            st.dnn.backendExecute(st.handle, plan, UIDS, pointers(kind, p1, p2, p3), ws);
        }
    }

    /** The pointers of ids 1, 2, 3 (x-, w-, y-shaped) from the legacy argument order of {@code kind}. */
    private static long[] pointers(ConvKind kind, long p1, long p2, long p3) {
        return switch (kind) {
            case FORWARD -> new long[]{p1, p2, p3};            // x, w, y
            case BACKWARD_DATA -> new long[]{p3, p1, p2};      // w, dy, dx
            case BACKWARD_FILTER -> new long[]{p1, p3, p2};    // x, dy, dw
        };
    }

    /**
     * The fastest allowed execution plan for {@code kind} of {@code p} at {@code align}-byte aligned pointers, timed on
     * the given buffers (the output is overwritten); null when cuDNN's graph API offers none for this shape, so the
     * caller uses the legacy call. CUDA errors other than a rejected descriptor pass through.
     */
    static CudnnGraphPlan build(CudnnState st, String op, ConvKind kind, ConvPlan p, int align, long p1, long p2,
                                long p3, Tensor like) {
        Cudnn dnn = st.dnn;
        List<Long> kept = new ArrayList<>();
        List<Long> scratch = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            long x = tensor(dnn, p.dataType, p.xDims, UID_X, align, kept);
            long w = tensor(dnn, p.dataType, p.wDims, UID_W, align, kept);
            long y = tensor(dnn, p.dataType, p.yDims, UID_Y, align, kept);
            long conv = dnn.backendCreate(Cudnn.BACKEND_CONVOLUTION_DESCRIPTOR);
            kept.add(conv);
            int r = p.pad.length;
            dnn.backendSetInt(conv, Cudnn.ATTR_CONVOLUTION_COMP_TYPE, Cudnn.TYPE_DATA_TYPE, p.dataType);
            dnn.backendSetInt(conv, Cudnn.ATTR_CONVOLUTION_CONV_MODE, Cudnn.TYPE_CONVOLUTION_MODE, Cudnn.CROSS_CORRELATION);
            dnn.backendSetLongs(conv, Cudnn.ATTR_CONVOLUTION_SPATIAL_DIMS, Cudnn.TYPE_INT64, r);
            dnn.backendSetLongs(conv, Cudnn.ATTR_CONVOLUTION_DILATIONS, Cudnn.TYPE_INT64, longs(p.dil));
            dnn.backendSetLongs(conv, Cudnn.ATTR_CONVOLUTION_FILTER_STRIDES, Cudnn.TYPE_INT64, longs(p.stride));
            dnn.backendSetLongs(conv, Cudnn.ATTR_CONVOLUTION_PRE_PADDINGS, Cudnn.TYPE_INT64, longs(p.pad));
            dnn.backendSetLongs(conv, Cudnn.ATTR_CONVOLUTION_POST_PADDINGS, Cudnn.TYPE_INT64, longs(p.pad));
            dnn.backendFinalize(conv, "convolution descriptor");

            long operation = dnn.backendCreate(switch (kind) {
                case FORWARD -> Cudnn.BACKEND_OPERATION_CONVOLUTION_FORWARD_DESCRIPTOR;
                case BACKWARD_DATA -> Cudnn.BACKEND_OPERATION_CONVOLUTION_BACKWARD_DATA_DESCRIPTOR;
                case BACKWARD_FILTER -> Cudnn.BACKEND_OPERATION_CONVOLUTION_BACKWARD_FILTER_DESCRIPTOR;
            });
            kept.add(operation);
            // each operation's attributes run alpha, beta, conv desc, then the w-, x- and y-shaped tensors (cudnn_graph.h)
            int base = switch (kind) {
                case FORWARD -> Cudnn.ATTR_OPERATION_CONVOLUTION_FORWARD_ALPHA;
                case BACKWARD_DATA -> Cudnn.ATTR_OPERATION_CONVOLUTION_BWD_DATA_ALPHA;
                case BACKWARD_FILTER -> Cudnn.ATTR_OPERATION_CONVOLUTION_BWD_FILTER_ALPHA;
            };
            int scalarType = p.dataType == Cudnn.DATA_DOUBLE ? Cudnn.TYPE_DOUBLE : Cudnn.TYPE_FLOAT;
            dnn.backendSetScalar(operation, base, scalarType, 1);
            dnn.backendSetScalar(operation, base + 1, scalarType, 0);
            dnn.backendSetLongs(operation, base + 2, Cudnn.TYPE_BACKEND_DESCRIPTOR, conv);
            dnn.backendSetLongs(operation, base + 3, Cudnn.TYPE_BACKEND_DESCRIPTOR, w);
            dnn.backendSetLongs(operation, base + 4, Cudnn.TYPE_BACKEND_DESCRIPTOR, x);
            dnn.backendSetLongs(operation, base + 5, Cudnn.TYPE_BACKEND_DESCRIPTOR, y);
            dnn.backendFinalize(operation, "convolution " + kind + " operation");

            long graph = dnn.backendCreate(Cudnn.BACKEND_OPERATIONGRAPH_DESCRIPTOR);
            kept.add(graph);
            dnn.backendSetLongs(graph, Cudnn.ATTR_OPERATIONGRAPH_HANDLE, Cudnn.TYPE_HANDLE, st.handle);
            dnn.backendSetLongs(graph, Cudnn.ATTR_OPERATIONGRAPH_OPS, Cudnn.TYPE_BACKEND_DESCRIPTOR, operation);
            dnn.backendFinalize(graph, "operation graph");

            List<Candidate> candidates = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            for (int mode : new int[]{Cudnn.HEUR_MODE_A, Cudnn.HEUR_MODE_FALLBACK}) {
                if (mode == Cudnn.HEUR_MODE_FALLBACK && !candidates.isEmpty()) break;   // fallback only when A has nothing usable
                for (long cfg : configurations(dnn, graph, mode, scratch, dropped)) {
                    if (candidates.size() >= MAX_CANDIDATES) break;
                    Candidate c = candidate(dnn, st.handle, p.dataType, cfg, dropped);
                    if (c != null && candidates.stream().noneMatch(o -> o.engine == c.engine && o.workspace == c.workspace)) {
                        candidates.add(c);
                        scratch.add(c.plan);
                    } else if (c != null) {
                        dnn.backendDestroy(c.plan);
                    }
                }
            }
            if (candidates.isEmpty()) {
                // NOTE: no heuristic proposed anything usable: try every engine cuDNN has for the graph, by index
                for (long cfg : everyEngine(dnn, graph, scratch, dropped)) {
                    if (candidates.size() >= MAX_CANDIDATES) break;
                    Candidate c = candidate(dnn, st.handle, p.dataType, cfg, dropped);
                    if (c != null) {
                        candidates.add(c);
                        scratch.add(c.plan);
                    }
                }
            }
            if (candidates.isEmpty()) {
                if (CudnnState.LOG) System.err.printf(Locale.ROOT, "cudnn graph: %s %s on %s: no usable engine (%s); legacy call%n",
                        op, kind, like.describe(), dropped);
                return null;
            }
            Candidate best = CudnnState.BENCHMARK && candidates.size() > 1
                    ? fastest(st, kind, candidates, p1, p2, p3, like) : candidates.getFirst();
            if (best == null) return null;
            scratch.remove(Long.valueOf(best.plan));
            scratch.remove(Long.valueOf(best.config));
            kept.add(best.config);
            kept.add(best.plan);
            String description = String.format(Locale.ROOT, "engine %d%s, workspace %d B", best.engine, best.notes, best.workspace);
            if (CudnnState.LOG) System.err.printf(Locale.ROOT, "cudnn graph: %s %s on %s (align %d): %s; timed %s; dropped %s; search %.1f ms%n",
                    op, kind, like.describe(), align, description, candidates.stream().map(Candidate::summary).toList(), dropped,
                    (System.nanoTime() - t0) / 1e6);
            // NOTE: every descriptor the plan depends on (tensors, convolution, operation, graph, engine configuration,
            // the plan) stays alive: plans live as long as their context's state, like the legacy descriptors
            kept.clear();
            return new CudnnGraphPlan(best.plan, best.workspace);
        } catch (CudaOutOfMemoryException e) {
            throw e;
        } catch (CudaException e) {
            if (CudnnState.LOG) System.err.printf(Locale.ROOT, "cudnn graph: %s %s on %s: %s; legacy call%n", op, kind, like.describe(), e.getMessage());
            return null;
        } finally {
            for (long d : scratch) destroyQuietly(dnn, d);
            for (long d : kept) destroyQuietly(dnn, d);   // emptied on success
        }
    }

    /** An engine configuration made into a finalized plan: its engine's global index, notes and workspace. */
    private record Candidate(long config, long plan, long engine, String notes, long workspace, float[] ms) {
        String summary() {
            return engine + notes + (ms[0] > 0 ? String.format(Locale.ROOT, " %.3f ms", ms[0]) : "");
        }
    }

    /**
     * A finalized tensor descriptor, packed strides. Its declared alignment is the pointers' alignment, lowered to
     * what the start of every innermost row keeps (the row's byte length's largest power-of-two factor): on the H100,
     * cuDNN 9.14's engine 71 accepted 16 bytes for x (2, 3, 1, 9) in float32 and then faulted with a misaligned
     * address, while rows of 36 bytes are only 4-byte aligned.
     */
    private static long tensor(Cudnn dnn, int dataType, int[] dims, long uid, int pointerAlign, List<Long> kept) {
        long rowBytes = (long) dims[dims.length - 1] * (dataType == Cudnn.DATA_DOUBLE ? 8 : 4);
        long align = Math.min(pointerAlign, Long.lowestOneBit(rowBytes));
        long t = dnn.backendCreate(Cudnn.BACKEND_TENSOR_DESCRIPTOR);
        kept.add(t);
        dnn.backendSetInt(t, Cudnn.ATTR_TENSOR_DATA_TYPE, Cudnn.TYPE_DATA_TYPE, dataType);
        dnn.backendSetLongs(t, Cudnn.ATTR_TENSOR_DIMENSIONS, Cudnn.TYPE_INT64, longs(dims));
        dnn.backendSetLongs(t, Cudnn.ATTR_TENSOR_STRIDES, Cudnn.TYPE_INT64, longs(CudnnState.packed(dims)));
        dnn.backendSetLongs(t, Cudnn.ATTR_TENSOR_UNIQUE_ID, Cudnn.TYPE_INT64, uid);
        dnn.backendSetLongs(t, Cudnn.ATTR_TENSOR_BYTE_ALIGNMENT, Cudnn.TYPE_INT64, align);
        dnn.backendFinalize(t, "tensor " + Arrays.toString(dims));
        return t;
    }

    /**
     * The engine configurations heuristic {@code mode} proposes for {@code graph}, best first; empty (with the reason in
     * {@code dropped}) when this mode does not cover the graph, since the other mode may.
     */
    private static long[] configurations(Cudnn dnn, long graph, int mode, List<Long> scratch, List<String> dropped) {
        long heur = dnn.backendCreate(Cudnn.BACKEND_ENGINEHEUR_DESCRIPTOR);
        try {
            dnn.backendSetLongs(heur, Cudnn.ATTR_ENGINEHEUR_OPERATION_GRAPH, Cudnn.TYPE_BACKEND_DESCRIPTOR, graph);
            dnn.backendSetInt(heur, Cudnn.ATTR_ENGINEHEUR_MODE, Cudnn.TYPE_HEUR_MODE, mode);
            dnn.backendFinalize(heur, "engine heuristics mode " + mode);
            int n;
            try {
                n = Math.min(dnn.backendCount(heur, Cudnn.ATTR_ENGINEHEUR_RESULTS, Cudnn.TYPE_BACKEND_DESCRIPTOR), 64);
            } catch (CudaException e) {
                if (e instanceof CudaOutOfMemoryException) throw e;
                dropped.add("heuristics " + mode + " count: " + e.getMessage());
                n = 32;   // ask for up to 32 results directly; cuDNN says how many it filled
            }
            long[] cfgs = new long[n];
            for (int i = 0; i < n; i++) scratch.add(cfgs[i] = dnn.backendCreate(Cudnn.BACKEND_ENGINECFG_DESCRIPTOR));
            int got = n == 0 ? 0 : dnn.backendGetLongs(heur, Cudnn.ATTR_ENGINEHEUR_RESULTS, Cudnn.TYPE_BACKEND_DESCRIPTOR, cfgs);
            if (got == 0) dropped.add("heuristics " + mode + ": no results");
            return Arrays.copyOf(cfgs, got);
        } catch (CudaException e) {
            if (e instanceof CudaOutOfMemoryException) throw e;
            dropped.add("heuristics " + mode + ": " + e.getMessage());
            return new long[0];
        } finally {
            destroyQuietly(dnn, heur);
        }
    }

    /**
     * An engine configuration (default knobs) for every engine index below the graph's global engine count that
     * finalizes for it: the list the heuristics choose from.
     */
    private static List<Long> everyEngine(Cudnn dnn, long graph, List<Long> scratch, List<String> dropped) {
        List<Long> cfgs = new ArrayList<>();
        long[] count = {0};
        try {
            dnn.backendGetLongs(graph, Cudnn.ATTR_OPERATIONGRAPH_ENGINE_GLOBAL_COUNT, Cudnn.TYPE_INT64, count);
        } catch (CudaException e) {
            if (e instanceof CudaOutOfMemoryException) throw e;
            dropped.add("engine count: " + e.getMessage());
            return cfgs;
        }
        for (long i = 0; i < count[0]; i++) {
            long engine = dnn.backendCreate(Cudnn.BACKEND_ENGINE_DESCRIPTOR);
            scratch.add(engine);
            try {
                dnn.backendSetLongs(engine, Cudnn.ATTR_ENGINE_OPERATION_GRAPH, Cudnn.TYPE_BACKEND_DESCRIPTOR, graph);
                dnn.backendSetLongs(engine, Cudnn.ATTR_ENGINE_GLOBAL_INDEX, Cudnn.TYPE_INT64, i);
                dnn.backendFinalize(engine, "engine " + i);
                long cfg = dnn.backendCreate(Cudnn.BACKEND_ENGINECFG_DESCRIPTOR);
                scratch.add(cfg);
                dnn.backendSetLongs(cfg, Cudnn.ATTR_ENGINECFG_ENGINE, Cudnn.TYPE_BACKEND_DESCRIPTOR, engine);
                dnn.backendFinalize(cfg, "engine config " + i);
                cfgs.add(cfg);
            } catch (CudaException e) {
                if (e instanceof CudaOutOfMemoryException) throw e;
                // this engine does not support the graph
            }
        }
        if (cfgs.isEmpty()) dropped.add("none of " + count[0] + " engines finalizes");
        return cfgs;
    }

    /**
     * {@code cfg} as a finalized plan, or null (with the reason in {@code dropped}) when its numerical notes are not
     * allowed for the data type, it does not finalize, or its workspace exceeds the cap. Allowed: TF32 tensor cores
     * for float32 unless switched off (PyTorch's allow_tf32); never inputs converted down to half precision or
     * reduced-precision accumulation (PyTorch drops these for float32 as well).
     */
    private static Candidate candidate(Cudnn dnn, long handle, int dataType, long cfg, List<String> dropped) {
        long engineDesc = dnn.backendCreate(Cudnn.BACKEND_ENGINE_DESCRIPTOR);
        long engine;
        int[] notes;
        try {
            dnn.backendGetLongs(cfg, Cudnn.ATTR_ENGINECFG_ENGINE, Cudnn.TYPE_BACKEND_DESCRIPTOR, new long[]{engineDesc});
            long[] index = {0};
            dnn.backendGetLongs(engineDesc, Cudnn.ATTR_ENGINE_GLOBAL_INDEX, Cudnn.TYPE_INT64, index);
            engine = index[0];
            notes = dnn.backendGetInts(engineDesc, Cudnn.ATTR_ENGINE_NUMERICAL_NOTE, Cudnn.TYPE_NUMERICAL_NOTE, 16);
        } catch (CudaException e) {
            dropped.add("?:" + e.getMessage());
            return null;
        } finally {
            destroyQuietly(dnn, engineDesc);
        }
        StringBuilder noteText = new StringBuilder();
        for (int n : notes) {
            noteText.append(switch (n) {
                case Cudnn.NOTE_TENSOR_CORE -> "/tc";
                case Cudnn.NOTE_DOWN_CONVERT_INPUTS -> "/down";
                case Cudnn.NOTE_REDUCED_PRECISION_REDUCTION -> "/rpr";
                case Cudnn.NOTE_FFT -> "/fft";
                case Cudnn.NOTE_NONDETERMINISTIC -> "/nd";
                case Cudnn.NOTE_WINOGRAD -> "/wino";
                default -> "/n" + n;
            });
            boolean tf32Off = n == Cudnn.NOTE_TENSOR_CORE && dataType == Cudnn.DATA_FLOAT && !CudnnState.ALLOW_TF32;
            if (tf32Off || n == Cudnn.NOTE_DOWN_CONVERT_INPUTS || n == Cudnn.NOTE_REDUCED_PRECISION_REDUCTION) {
                dropped.add(engine + noteText.toString());
                return null;
            }
        }
        long plan = dnn.backendCreate(Cudnn.BACKEND_EXECUTION_PLAN_DESCRIPTOR);
        try {
            dnn.backendSetLongs(plan, Cudnn.ATTR_EXECUTION_PLAN_HANDLE, Cudnn.TYPE_HANDLE, handle);
            dnn.backendSetLongs(plan, Cudnn.ATTR_EXECUTION_PLAN_ENGINE_CONFIG, Cudnn.TYPE_BACKEND_DESCRIPTOR, cfg);
            dnn.backendFinalize(plan, "execution plan of engine " + engine);
            long[] ws = {0};
            dnn.backendGetLongs(plan, Cudnn.ATTR_EXECUTION_PLAN_WORKSPACE_SIZE, Cudnn.TYPE_INT64, ws);
            if (ws[0] > CudnnState.MAX_WORKSPACE) {
                dropped.add(engine + noteText.toString() + " ws " + ws[0]);
                destroyQuietly(dnn, plan);
                return null;
            }
            return new Candidate(cfg, plan, engine, noteText.toString(), ws[0], new float[]{-1});
        } catch (CudaException e) {
            if (e instanceof CudaOutOfMemoryException) throw e;
            destroyQuietly(dnn, plan);
            dropped.add(engine + noteText.toString() + " unfinalized");
            return null;
        }
    }

    /**
     * Times each candidate on the call's buffers (one untimed run, then the best of two timed ones; a candidate
     * already 1.5x slower than the best so far is not run again) and returns the fastest; candidates whose workspace
     * cannot be had are skipped, as are those that fail to run.
     */
    private static Candidate fastest(CudnnState st, ConvKind kind, List<Candidate> candidates, long p1, long p2, long p3,
                                     Tensor like) {
        long need = candidates.stream().mapToLong(Candidate::workspace).max().orElse(0);
        try (Scope s = Scope.open()) {
            long ws = CudnnState.searchWorkspace(like, need);
            if (ws == 0) need = 0;
            long[] ptrs = pointers(kind, p1, p2, p3);
            Candidate best = null;
            for (Candidate c : candidates) {
                if (c.workspace > need) continue;
                long w = c.workspace > 0 ? ws : 0;
                try {
                    if (CudnnState.LOG) System.err.printf(Locale.ROOT, "cudnn graph:   timing engine %d%s, workspace %d B%n", c.engine, c.notes, c.workspace);
                    st.dnn.backendExecute(st.handle, c.plan, UIDS, ptrs, w);
                    if (CudnnState.LOG) st.ctx.synchronize();   // with the log on, a fault is pinned to this engine
                    float ms = st.ctx.time(() -> st.dnn.backendExecute(st.handle, c.plan, UIDS, ptrs, w));
                    if (best == null || ms < 1.5 * best.ms[0])
                        ms = Math.min(ms, st.ctx.time(() -> st.dnn.backendExecute(st.handle, c.plan, UIDS, ptrs, w)));
                    c.ms[0] = ms;
                    if (best == null || ms < best.ms[0]) best = c;
                } catch (CudaException e) {
                    if (e instanceof CudaOutOfMemoryException) throw e;
                    st.ctx.synchronize();   // NOTE: a failed launch is reported now, not at the next unrelated call
                }
            }
            return best;
        }
    }

    private static void destroyQuietly(Cudnn dnn, long d) {
        try {
            dnn.backendDestroy(d);
        } catch (CudaException e) {
            // a descriptor that will not go away is a leak of a few bytes, not a reason to fail the convolution
        }
    }

    private static long[] longs(int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return l;
    }
}
