package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaOutOfMemoryException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachingAllocatorTest {
    static final long MIB = 1 << 20;

    @Test void roundsSmallTo512AndLargeTo2MiB() {
        assertEquals(512, CachingAllocator.roundSize(0));
        assertEquals(512, CachingAllocator.roundSize(1));
        assertEquals(512, CachingAllocator.roundSize(512));
        assertEquals(1024, CachingAllocator.roundSize(513));
        assertEquals(MIB - 512, CachingAllocator.roundSize(MIB - 600));
        assertEquals(2 * MIB, CachingAllocator.roundSize(MIB));
        assertEquals(4 * MIB, CachingAllocator.roundSize(2 * MIB + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.roundSize(-1));
    }

    @Test void smallBlocksShareOneSegmentAndAreReused() {
        FakeDeviceMemory mem = new FakeDeviceMemory(64 * MIB);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block x = a.allocate(1000), y = a.allocate(100);
        assertEquals(1, mem.allocs);                         // one 2 MiB segment
        assertEquals(2 * MIB, a.reservedBytes());
        assertEquals(1024 + 512, a.allocatedBytes());
        assertEquals(x.address() + 1024, y.address());      // carved from the same segment
        a.free(x);
        CachingAllocator.Block z = a.allocate(900);          // best fit: x's 1024-byte hole, not the segment's tail
        assertEquals(x.address(), z.address());
        assertEquals(1, mem.allocs);
        a.free(y);
        a.free(z);
        assertEquals(0, a.allocatedBytes());
        assertEquals(2 * MIB, a.reservedBytes());            // cached
        a.emptyCache();
        assertEquals(0, a.reservedBytes());
        assertEquals(1, mem.frees);
        assertTrue(mem.live.isEmpty());
    }

    @Test void largeBlocksAreSplitAndMerged() {
        FakeDeviceMemory mem = new FakeDeviceMemory(64 * MIB);
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block big = a.allocate(10 * MIB);
        a.free(big);
        CachingAllocator.Block p = a.allocate(3 * MIB), q = a.allocate(5 * MIB);   // 4 + 6 MiB of the cached 10
        assertEquals(1, mem.allocs);
        assertEquals(big.address(), p.address());
        assertEquals(big.address() + 4 * MIB, q.address());
        a.free(p);
        a.free(q);
        CachingAllocator.Block again = a.allocate(10 * MIB);   // merged back whole
        assertEquals(big.address(), again.address());
        assertEquals(1, mem.allocs);
        a.free(again);
        a.emptyCache();
        assertTrue(mem.live.isEmpty());
    }

    @Test void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeDeviceMemory mem = new FakeDeviceMemory(10 * MIB);
        CachingAllocator a = new CachingAllocator(mem);
        a.free(a.allocate(6 * MIB));                          // cached, 6 MiB reserved
        CachingAllocator.Block b = a.allocate(8 * MIB);       // does not fit next to the cache: freed, retried
        assertEquals(8 * MIB, a.reservedBytes());
        assertEquals(1, mem.frees);
        assertTrue(mem.syncs >= 1);
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(4 * MIB));
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"), e.getMessage());
        assertTrue(e.getMessage().contains("tried to allocate 4.00 MiB"), e.getMessage());
        assertTrue(e.getMessage().contains("8.00 MiB allocated"), e.getMessage());
        assertTrue(e.getMessage().contains("8.00 MiB reserved"), e.getMessage());
        a.free(b);
        assertEquals(0, a.allocatedBytes());
    }

    @Test void countersAndPeak() {
        CachingAllocator a = new CachingAllocator(new FakeDeviceMemory(64 * MIB));
        CachingAllocator.Block x = a.allocate(3 * MIB), y = a.allocate(512);
        assertEquals(4 * MIB + 512, a.allocatedBytes());
        assertEquals(3 * MIB + 512, a.requestedBytes());
        a.free(x);
        assertEquals(4 * MIB + 512, a.peakAllocatedBytes());
        a.resetPeak();
        assertEquals(512, a.peakAllocatedBytes());
        a.free(y);
        assertThrows(IllegalStateException.class, () -> a.free(y));
    }

    @Test void noLeaksAfterManyRandomCycles() {
        FakeDeviceMemory mem = new FakeDeviceMemory(256 * MIB);
        CachingAllocator a = new CachingAllocator(mem);
        Random r = new Random(7);
        List<CachingAllocator.Block> live = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            if (!live.isEmpty() && (r.nextBoolean() || live.size() > 200)) {
                a.free(live.remove(r.nextInt(live.size())));
            } else {
                long bytes = r.nextInt(10) == 0 ? r.nextInt(8 << 20) : r.nextInt(64 << 10);
                CachingAllocator.Block b = a.allocate(bytes);
                for (CachingAllocator.Block o : live)   // blocks never overlap
                    assertTrue(b.address() + b.size() <= o.address() || o.address() + o.size() <= b.address(), b + " overlaps " + o);
                live.add(b);
            }
            if (i % 5000 == 0) a.emptyCache();
        }
        long sum = 0;
        for (CachingAllocator.Block b : live) sum += b.size();
        assertEquals(sum, a.allocatedBytes());
        for (CachingAllocator.Block b : live) a.free(b);
        assertEquals(0, a.allocatedBytes());
        a.emptyCache();
        assertEquals(0, a.reservedBytes());
        assertTrue(mem.live.isEmpty(), "segments left on the device: " + mem.live);
        assertEquals(mem.allocs, mem.frees);
        assertNotEquals(0, a.peakAllocatedBytes());
    }
}
