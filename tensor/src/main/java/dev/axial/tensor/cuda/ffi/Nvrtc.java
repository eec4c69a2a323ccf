package dev.axial.tensor.cuda.ffi;

import dev.axial.tensor.spi.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * NVRTC (libnvrtc.so.13, else .12): compiles CUDA C++ source to PTX at run time, for kernel families whose PTX is
 * not on the class path. Always the system's library, also under the emulator (which has no compiler). Failures throw {@link CudaException} with nvrtcGetErrorString's name and the compiler log.
 *
 * <pre>{@code
 * String ptx = Nvrtc.get().compile(source, "unary.cu", Map.of("axial.cuh", header), List.of("--gpu-architecture=compute_90"));
 * }</pre>
 */
public final class Nvrtc {
    public static final String LIBRARY = "NVRTC";

    private static final LoadOnce<Nvrtc> INSTANCE = new LoadOnce<>(() -> new Nvrtc(NativeLibrary.openFrom(null, LIBRARY, "libnvrtc.so.13", "libnvrtc.so.12")));

    private final NativeLibrary lib;
    private final NativeLibrary.Function create, compile, ptxSize, ptx, logSize, log, destroy, errorString, version;

    private Nvrtc(NativeLibrary lib) {
        this.lib = lib;
        create = lib.function("nvrtcCreateProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        compile = lib.function("nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
        ptxSize = lib.function("nvrtcGetPTXSize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        ptx = lib.function("nvrtcGetPTX", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        logSize = lib.function("nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        log = lib.function("nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
        destroy = lib.function("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        errorString = lib.function("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        version = lib.function("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** NVRTC, loaded once; throws {@link BackendUnavailableException} naming the sonames tried. */
    public static Nvrtc get() { return INSTANCE.get(); }

    public String soname() { return lib.soname(); }

    /** nvrtcGetErrorString, or "NVRTC status N"; never throws. */
    public String errorString(int status) {
        try {
            MemorySegment s = (MemorySegment) errorString.handle().invokeExact(status);
            if (!s.equals(MemorySegment.NULL)) return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            // fall through
        }
        return "NVRTC status " + status;
    }

    private void check(int status, String call, String detail) {
        if (status != 0) throw new CudaException(LIBRARY, call, status, errorString(status), detail);
    }

    /** {major, minor}. */
    public int[] version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            int s;
            try { s = (int) version.handle().invokeExact(major, minor); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
            check(s, "nvrtcVersion()", null);
            return new int[]{major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        }
    }

    /**
     * Compiles {@code source} (named {@code name} in messages) with the given in-memory {@code headers} (include name
     * to text) and {@code options}; returns the PTX. A compile error throws with the compiler's log.
     */
    public String compile(String source, String name, Map<String, String> headers, List<String> options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(JAVA_LONG);
            int nh = headers.size();
            MemorySegment texts = a.allocate(ADDRESS, Math.max(1, nh)), names = a.allocate(ADDRESS, Math.max(1, nh));
            int i = 0;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                names.setAtIndex(ADDRESS, i, a.allocateFrom(e.getKey()));
                texts.setAtIndex(ADDRESS, i, a.allocateFrom(e.getValue()));
                i++;
            }
            int s;
            // NOTE: locals, not conditionals, as arguments: invokeExact types a conditional argument as Object, and
            // the call then fails its exact-type check (found on the H100, the first time this path ran)
            MemorySegment headerTexts = nh == 0 ? MemorySegment.NULL : texts, headerNames = nh == 0 ? MemorySegment.NULL : names;
            try {
                s = (int) create.handle().invokeExact(prog, a.allocateFrom(source), a.allocateFrom(name), nh, headerTexts, headerNames);
            } catch (Throwable t) { throw CudaDriver.rethrow(t); }
            check(s, "nvrtcCreateProgram(" + name + ")", null);
            long p = prog.get(JAVA_LONG, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, Math.max(1, options.size()));
                for (int j = 0; j < options.size(); j++) opts.setAtIndex(ADDRESS, j, a.allocateFrom(options.get(j)));
                try { s = (int) compile.handle().invokeExact(p, options.size(), opts); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
                check(s, "nvrtcCompileProgram(" + name + ", " + String.join(" ", options) + ")", s == 0 ? null : log(p, a));
                MemorySegment size = a.allocate(JAVA_LONG);
                try { s = (int) ptxSize.handle().invokeExact(p, size); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
                check(s, "nvrtcGetPTXSize(" + name + ")", null);
                long n = size.get(JAVA_LONG, 0);
                if (n <= 0 || n > Integer.MAX_VALUE) throw new IllegalStateException("nvrtcGetPTXSize(" + name + ") = " + n);
                MemorySegment buf = a.allocate(n);
                try { s = (int) ptx.handle().invokeExact(p, buf); } catch (Throwable t) { throw CudaDriver.rethrow(t); }
                check(s, "nvrtcGetPTX(" + name + ")", null);
                return buf.getString(0);
            } finally {
                try { int ignored = (int) destroy.handle().invokeExact(prog); } catch (Throwable t) { /* nothing to do */ }
            }
        }
    }

    private String log(long p, Arena a) {
        try {
            MemorySegment size = a.allocate(JAVA_LONG);
            int s = (int) logSize.handle().invokeExact(p, size);
            long n = size.get(JAVA_LONG, 0);
            if (s != 0 || n <= 1 || n > (64 << 20)) return "";
            MemorySegment buf = a.allocate(n);
            s = (int) log.handle().invokeExact(p, buf);
            return s == 0 ? "\n" + buf.getString(0) : "";
        } catch (Throwable t) {
            return "";
        }
    }
}
