package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HostAllocatorTest {
    @Test
    void sizeClassesWasteAtMostAnEighth() {
        assertEquals(64, HostAllocator.roundUp(1));
        assertEquals(128, HostAllocator.roundUp(65));
        for (long b = 1 << 20; b < 1L << 34; b = b * 3 / 2 + 12345) {
            long r = HostAllocator.roundUp(b);
            assertTrue(r >= b && r <= b + b / 8 + 64, b + " -> " + r);
            assertEquals(r, HostAllocator.roundUp(r), "a class is its own class");
        }
    }

    @Test
    void largeBlocksAreReusedAndAccounted() {
        long live = HostAllocator.liveBytes();
        long address;
        try (Tensor t = Tensor.empty(1 << 20)) {   // 4 MiB
            address = CpuBackend.seg(t).address();
            assertEquals(live + HostAllocator.roundUp(4L << 20), HostAllocator.liveBytes());
        }
        assertEquals(live, HostAllocator.liveBytes());
        try (Tensor t = Tensor.empty(1 << 20)) {
            assertEquals(address, CpuBackend.seg(t).address(), "the freed block came back from the cache");
        }
        HostAllocator.emptyCache();
        assertEquals(0, HostAllocator.cachedBytes());
    }

    @Test
    void hugeBlocksStartOnAHugePageAndWork() {
        try (Tensor small = Tensor.empty(1000); Tensor big = Tensor.full(2.5, 3 << 20)) {   // 12 MiB: huge-page aligned
            assertEquals(0, CpuBackend.seg(small).address() % 64);
            assertEquals(0, CpuBackend.seg(big).address() % HostAllocator.HUGE);
            assertEquals(2.5 * (3 << 20), big.sum().item(), "every page of the block is usable");
        }
    }
}
