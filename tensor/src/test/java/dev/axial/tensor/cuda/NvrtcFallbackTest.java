package dev.axial.tensor.cuda;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The run-time fallback on a real GPU: NVRTC compiles every kernel family's source from the class path for this
 * device (what a build without nvcc would rely on), and the driver loads each result and finds its first kernel.
 * The jar's cubins and PTX otherwise keep this path from ever running. Tagged "gpu"; skips without a real GPU.
 */
@Tag("gpu")
class NvrtcFallbackTest {
    /** Every kernels/*.cu the backend launches from (selftest is the build's own check). */
    static final String[] FAMILIES = {"elementwise", "grid_sample", "indexing", "interpolate", "label", "linalg", "norm",
            "optim", "pool", "random", "reduce", "sort"};
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)");

    @Test void everyKernelFamilyCompilesWithNvrtcAndLoads() {
        Device cuda = Device.cuda(0);
        boolean gpu = Backends.isRealGpu(cuda);
        if (!gpu && "1".equals(System.getenv("AXIAL_REQUIRE_GPU")))
            fail("AXIAL_REQUIRE_GPU=1 but cuda:0 is not a usable GPU: " + Backends.status().get("cuda"));
        assumeTrue(gpu, () -> "no real GPU: " + Backends.status().get("cuda"));
        try (Scope s = Scope.open()) {
            CudaContext ctx = CudaContext.of(Tensor.zeros(DType.FLOAT32, cuda, 1));
            for (String family : FAMILIES) {
                String ptx = KernelModules.compile(family, ctx.computeCapability());
                Matcher m = ENTRY.matcher(ptx);
                assertTrue(m.find(), family + ": NVRTC's PTX has no kernel entry");
                ctx.makeCurrent();
                long module;
                try (Arena a = Arena.ofConfined()) {
                    byte[] image = ptx.getBytes(StandardCharsets.UTF_8);
                    MemorySegment seg = a.allocate(image.length + 1L);
                    MemorySegment.copy(image, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, image.length);
                    module = ctx.driver().moduleLoadData(seg, family + ".cu (NVRTC, test)");
                }
                try {
                    assertNotEquals(0L, ctx.driver().moduleGetFunction(module, m.group(1)), family + ": " + m.group(1));
                } finally {
                    ctx.driver().moduleUnload(module);
                }
            }
        }
    }
}
