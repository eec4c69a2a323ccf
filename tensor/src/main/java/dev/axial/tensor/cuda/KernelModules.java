package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaDriver;
import dev.axial.tensor.cuda.ffi.CudaException;
import dev.axial.tensor.cuda.ffi.Nvrtc;
import dev.axial.tensor.spi.BackendUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel families of one context: each family's module is loaded once, on first use, and each CUfunction is
 * looked up once and cached by name. A family's code is, in order of preference:
 * <ol>
 *   <li>on a real GPU, the resource {@code /dev/axial/tensor/cuda/kernels/<family>.sm_<major><minor>.cubin} when the build made
 *   one for this device's architecture (nvcc's machine code: no JIT compilation at first use);</li>
 *   <li>the class-path resource {@code /dev/axial/tensor/cuda/kernels/<family>.ptx} (nvcc's PTX, put there by the build);</li>
 *   <li>else {@code /dev/axial/tensor/cuda/kernels/src/<family>.cu} compiled by NVRTC for this device, with
 *   the headers of kernels/include (resources {@code src/include/*.cuh}, listed in HEADERS) as in-memory headers;</li>
 *   <li>else an error naming the family and both resources.</li>
 * </ol>
 *
 * <pre>{@code
 * long f = modules.function("unary", "unary_f32");   // loads unary.ptx the first time
 * }</pre>
 */
final class KernelModules {
    static final String ROOT = "/dev/axial/tensor/cuda/kernels/";

    private final CudaContext ctx;
    private final Map<String, Long> modules = new HashMap<>();
    private final ConcurrentHashMap<String, Long> functions = new ConcurrentHashMap<>();

    KernelModules(CudaContext ctx) { this.ctx = ctx; }

    /** The CUfunction {@code kernel} of {@code family}, loading the family on first use. */
    long function(String family, String kernel) {
        String key = family + '/' + kernel;
        Long f = functions.get(key);
        if (f != null) return f;
        synchronized (this) {
            f = functions.get(key);
            if (f != null) return f;
            long module = module(family);
            long fn;
            try {
                fn = ctx.driver().moduleGetFunction(module, kernel);
            } catch (CudaException e) {
                throw new IllegalStateException("kernel " + kernel + " is not in the CUDA kernel family '" + family
                        + "' (kernels/" + family + ".cu): " + e.getMessage(), e);
            }
            functions.put(key, fn);
            return fn;
        }
    }

    private long module(String family) {
        Long m = modules.get(family);
        if (m != null) return m;
        if (!family.matches("[A-Za-z0-9_]+")) throw new IllegalArgumentException("bad kernel family name '" + family + "'");
        long module;
        Long cubin = ctx.driver().emulated() ? null : loadCubin(family);
        String ptx = cubin != null ? null : resource(ROOT + family + ".ptx");
        if (cubin != null) {
            module = cubin;
        } else if (ptx == null) {
            module = load(compile(family, ctx.computeCapability()), family + ".cu (NVRTC)");
        } else {
            try {
                module = load(ptx, family + ".ptx");
            } catch (CudaException e) {   // e.g. PTX for a newer architecture than this GPU's: compile for it instead
                if (resource(ROOT + "src/" + family + ".cu") == null) throw e;
                try {
                    module = load(compile(family, ctx.computeCapability()), family + ".cu (NVRTC)");
                } catch (RuntimeException retry) {
                    e.addSuppressed(retry);
                    throw e;
                }
            }
        }
        modules.put(family, module);
        return module;
    }

    /** The module from this architecture's cubin, or null when there is none or the driver refuses it (then PTX is used). */
    private Long loadCubin(String family) {
        int[] cc = ctx.computeCapability();
        String name = family + ".sm_" + cc[0] + cc[1] + ".cubin";
        byte[] image;
        try (InputStream in = KernelModules.class.getResourceAsStream(ROOT + name)) {
            if (in == null) return null;
            image = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ROOT + name, e);
        }
        try {
            return loadImage(image, name);
        } catch (CudaException e) {   // e.g. a driver older than the toolkit that built the cubin
            System.getLogger(KernelModules.class.getName()).log(System.Logger.Level.WARNING,
                    "CUDA: " + name + " does not load (" + e.getMessage() + "); using the PTX");
            return null;
        }
    }

    private long load(String ptx, String what) {
        return loadImage(ptx.getBytes(StandardCharsets.UTF_8), what);
    }

    private long loadImage(byte[] image, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, seg, ValueLayout.JAVA_BYTE, 0, image.length);
            seg.set(ValueLayout.JAVA_BYTE, image.length, (byte) 0);
            ctx.makeCurrent();
            return ctx.driver().moduleLoadData(seg, what);
        }
    }

    /** NVRTC's PTX of the class-path source of {@code family} for this compute capability. */
    static String compile(String family, int[] computeCapability) {
        String src = resource(ROOT + "src/" + family + ".cu");
        if (src == null)
            throw new IllegalStateException("no code for the CUDA kernel family '" + family + "': neither the PTX resource " + ROOT + family
                    + ".ptx nor the source " + ROOT + "src/" + family + ".cu is on the class path (was kernels/" + family + ".cu built?)");
        Nvrtc nvrtc;
        try {
            nvrtc = Nvrtc.get();
        } catch (BackendUnavailableException e) {
            throw new IllegalStateException("the CUDA kernel family '" + family + "' has no PTX on the class path (" + ROOT + family
                    + ".ptx) and NVRTC, which would compile its source, does not load: " + e.getMessage(), e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : HEADERS) {   // the shared headers in kernels/include, as in-memory headers
            String cuh = resource(ROOT + "src/include/" + h);
            if (cuh != null) headers.put(h, cuh);
        }
        List<String> options = new ArrayList<>(List.of("--gpu-architecture=compute_" + computeCapability[0] + computeCapability[1],
                "--std=c++17", "-DAXIAL_NVRTC"));
        for (String dir : new String[]{System.getenv("CUDA_HOME"), "/usr/local/cuda"})
            if (dir != null && Files.isDirectory(Path.of(dir, "include"))) {
                options.add("--include-path=" + Path.of(dir, "include"));
                break;
            }
        return nvrtc.compile(src, family + ".cu", headers, options);
    }

    /** Every header in kernels/include that a kernel source may include (NVRTC cannot list class path resources). */
    private static final String[] HEADERS = {"axial.cuh", "axelem.cuh"};

    private static String resource(String path) {
        try (InputStream in = KernelModules.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    /** Unloads every module (for tests that start over); functions looked up before become invalid. */
    synchronized void unloadAll(CudaDriver driver) {
        functions.clear();
        for (long m : modules.values()) driver.moduleUnload(m);
        modules.clear();
    }
}
