package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HostAllocatorTest {
    @Test
    void sizeClassesWasteAtMostAnEighth() {
        assertEquals(64, HostAllocator.roundUp(1));
        assertEquals(128, HostAllocator.roundUp(65));
        for (long b = HostAllocator.CACHED; b < 1L << 34; b = b * 3 / 2 + 12345) {
            long r = HostAllocator.roundUp(b);
            assertTrue(r >= b && r <= b + b / 8 + 64, b + " -> " + r);
            assertEquals(r, HostAllocator.roundUp(r), "a class is its own class");
        }
    }

    @Test
    void largeBlocksAreReusedAndAccounted() {
        // 4 MiB (glibc would mmap it) and 160 KiB (glibc would map it or trim it from an arena)
        for (long floats : new long[]{1 << 20, 40 << 10}) {
            long live = HostAllocator.liveBytes();
            long address;
            try (Tensor t = Tensor.empty(floats)) {
                address = CpuBackend.seg(t).address();
                assertEquals(live + HostAllocator.roundUp(4 * floats), HostAllocator.liveBytes());
            }
            assertEquals(live, HostAllocator.liveBytes());
            assertTrue(HostAllocator.cachedBytes() >= HostAllocator.roundUp(4 * floats));
            try (Tensor t = Tensor.empty(floats)) {
                assertEquals(address, CpuBackend.seg(t).address(), "the freed block came back from the cache");
            }
        }
        HostAllocator.emptyCache();
        assertEquals(0, HostAllocator.cachedBytes());
    }

    @Test
    void blocksBelowTheCachedSizeAreExact() {
        assertEquals(HostAllocator.CACHED - 64, HostAllocator.roundUp(HostAllocator.CACHED - 100));
        assertEquals(HostAllocator.CACHED, HostAllocator.roundUp(HostAllocator.CACHED - 63));
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
