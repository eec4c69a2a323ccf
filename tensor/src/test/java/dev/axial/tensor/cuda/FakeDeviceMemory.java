package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaOutOfMemoryException;

import java.util.HashMap;
import java.util.Map;

/** A pure-Java "device" of a fixed capacity for allocator tests: addresses are counted up, never reused. */
final class FakeDeviceMemory implements DeviceMemory {
    final long capacity;
    final Map<Long, Long> live = new HashMap<>();
    long used, next = 1L << 32;
    int allocs, frees, syncs;

    FakeDeviceMemory(long capacity) { this.capacity = capacity; }

    @Override public long allocate(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("bytes " + bytes);
        if (used + bytes > capacity) throw new CudaOutOfMemoryException("fake", "fakeAlloc(" + bytes + " bytes)", null);
        long a = next;
        next += bytes + 4096;
        live.put(a, bytes);
        used += bytes;
        allocs++;
        return a;
    }

    @Override public void free(long address) {
        Long b = live.remove(address);
        if (b == null) throw new IllegalStateException("fake: free of unknown address " + address);
        used -= b;
        frees++;
    }

    @Override public long[] info() { return new long[]{capacity - used, capacity}; }

    @Override public void synchronize() { syncs++; }
}
