package dev.axial.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Copies between devices, through host memory. */
final class Transfers {
    private Transfers() {}

    /** dst (any device) = src (another device), same shape; casts to dst's dtype. */
    static void copyAcross(Tensor dst, Tensor src) {
        try (Scope s = Scope.open()) {
            Tensor hostSrc = src.dtype() == dst.dtype() ? src : src.to(dst.dtype());
            long bytes = hostSrc.numel() * hostSrc.dtype().byteSize();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(Math.max(bytes, 1), 64);
                hostSrc.backend().copyToHost(hostSrc, buf);
                dst.backend().copyFromHost(dst, buf);
            }
        }
    }
}
