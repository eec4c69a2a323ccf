package dev.axial.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Copies between devices: with the CPU side's own memory where it is contiguous, else through a host buffer. */
final class Transfers {
    private Transfers() {}

    /** dst (any device) = src (another device), same shape; casts to dst's dtype. */
    static void copyAcross(Tensor dst, Tensor src) {
        try (Scope s = Scope.open()) {
            Tensor hostSrc = src.dtype() == dst.dtype() ? src : src.to(dst.dtype());
            // The device copies straight from or into a contiguous CPU tensor. A fresh buffer in between cost a
            // memcpy plus first-touch page faults that the driver's pageable copy waits on: 28 MB to the H100 took
            // 10.7 ms that way, 3.4 ms straight (benchmarks' HostDeviceCopyTiming).
            if (hostSrc.device().isCpu() && hostSrc.isContiguous()) {
                dst.backend().copyFromHost(dst, hostSrc.hostSegment());
                return;
            }
            if (dst.device().isCpu() && dst.isContiguous()) {
                hostSrc.backend().copyToHost(hostSrc, dst.hostSegment());
                return;
            }
            long bytes = hostSrc.numel() * hostSrc.dtype().byteSize();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(Math.max(bytes, 1), 64);
                hostSrc.backend().copyToHost(hostSrc, buf);
                dst.backend().copyFromHost(dst, buf);
            }
        }
    }
}
