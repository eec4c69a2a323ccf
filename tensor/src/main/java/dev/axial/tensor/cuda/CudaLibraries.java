package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaDriver;
import dev.axial.tensor.cuda.ffi.Cublas;
import dev.axial.tensor.cuda.ffi.Cudnn;
import dev.axial.tensor.cuda.ffi.Nvrtc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which CUDA libraries load on this machine, and why not: for {@code axial info} and {@link CudaBackend#describe()}.
 *
 * <pre>{@code
 * CudaLibraries.status();   // {driver=loads (libcuda.so.1), cuBLAS=unavailable: libcublas.so.13: cannot open ..., ...}
 * }</pre>
 */
public final class CudaLibraries {
    private CudaLibraries() {}

    /** One entry per library (driver, cuBLAS, cuDNN, NVRTC): "loads (soname), version X" or "unavailable: reason". */
    public static Map<String, String> status() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("driver", probe(() -> {
            CudaDriver d = CudaDriver.get();
            int v = d.driverVersion();
            return "loads (" + d.soname() + "), CUDA " + v / 1000 + "." + (v % 1000) / 10;
        }));
        out.put("cuBLAS", probe(() -> "loads (" + Cublas.get().soname() + ")"));
        out.put("cuDNN", cudnn());
        out.put("NVRTC", probe(() -> {
            Nvrtc n = Nvrtc.get();
            int[] v = n.version();
            return "loads (" + n.soname() + "), version " + v[0] + "." + v[1];
        }));
        return out;
    }

    /** The short form for {@link CudaBackend#describe()}: "cuBLAS 13.1, cuDNN 9.10, NVRTC 13.0" ("no NVRTC" where one does not load). */
    static String summary(CudaContext ctx) {
        String blas;
        try {
            int v = Cublas.get().version(ctx.cublas());
            blas = "cuBLAS " + v / 10000 + "." + (v % 10000) / 100;
        } catch (RuntimeException e) {
            blas = "no cuBLAS";
        }
        String dnn = cudnn();
        dnn = dnn.startsWith("unavailable") ? "no cuDNN" : dnn.contains("version ") ? "cuDNN " + dnn.substring(dnn.indexOf("version ") + 8) : "cuDNN";
        String rtc;
        try {
            int[] v = Nvrtc.get().version();
            rtc = "NVRTC " + v[0] + "." + v[1];
        } catch (RuntimeException e) {
            rtc = "no NVRTC";
        }
        return blas + ", " + dnn + ", " + rtc;
    }

    /** "loads (libcudnn.so.9), version 9.10" or "unavailable: reason". */
    static String cudnn() {
        return probe(() -> {
            Cudnn d = Cudnn.get();
            long v = d.version();
            return "loads (" + d.soname() + "), version " + d.majorVersion() + "." + (v >= 90000 ? (v % 10000) / 100 : (v % 1000) / 100);
        });
    }

    private interface Probe { String run(); }

    private static String probe(Probe p) {
        try {
            return p.run();
        } catch (RuntimeException e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
