package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaDriver;
import dev.axial.tensor.cuda.ffi.CudaOutOfMemoryException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A caching device allocator after PyTorch's: device memory is taken from the driver in segments and kept after
 * the tensors that used it are freed, so that the next allocation of a similar size costs no driver call (cuMemAlloc
 * and cuMemFree synchronise the device and take tens of microseconds).
 *
 * <ul>
 *   <li>Sizes: requests under 1 MiB are rounded up to a multiple of 512 bytes and carved from 2 MiB segments (the
 *   small pool); larger requests are rounded up to a multiple of 2 MiB and get segments of their own size (the large
 *   pool).</li>
 *   <li>Reuse: best fit (the smallest free block that holds the request, lowest address first); a larger block is
 *   split and the remainder stays free; freed neighbours in one segment merge again.</li>
 *   <li>Streams: each context has one compute stream, and every kernel, copy and GEMM is queued on it, so a block
 *   freed while work on it is still queued is safely reused by later work on that same stream without a sync.
 *   (With several streams a block would have to wait on an event of each stream that used it; not needed yet.)</li>
 *   <li>Out of memory: the cache is emptied (after a device sync) and the allocation retried once; if it still fails a
 *   {@link CudaOutOfMemoryException} names the requested, allocated and reserved bytes.</li>
 * </ul>
 *
 * <pre>{@code
 * CachingAllocator alloc = new CachingAllocator(memory);
 * CachingAllocator.Block b = alloc.allocate(1000);   // 1024 bytes from a 2 MiB segment
 * alloc.free(b);                                     // cached, not returned to the driver
 * alloc.allocatedBytes();                            // 0
 * alloc.reservedBytes();                             // 2097152
 * alloc.emptyCache();                                // returns the free segments
 * }</pre>
 * Thread-safe (one lock); {@link #free} may run on the Cleaner's thread.
 */
public final class CachingAllocator {
    public static final long SMALL_LIMIT = 1 << 20;          // requests below go to the small pool
    public static final long SMALL_ROUND = 512;
    public static final long SMALL_SEGMENT = 2 << 20;
    public static final long LARGE_ROUND = 2 << 20;

    /** A piece of a segment; handed out by {@link #allocate}, given back with {@link #free}. */
    public static final class Block {
        private final long segment;        // base address of the segment this block is part of
        private final long address;
        private long size;
        private final boolean small;
        private Block prev, next;          // neighbours in the segment, by address
        private volatile boolean allocated;   // written under the allocator's lock, read by isAllocated()
        private long requested;

        private Block(long segment, long address, long size, boolean small) {
            this.segment = segment;
            this.address = address;
            this.size = size;
            this.small = small;
        }

        /** The device address. */
        public long address() { return address; }

        /** The rounded size this block holds. */
        public long size() { return size; }

        /** The size asked for. */
        public long requested() { return requested; }

        /** True while handed out (between {@link #allocate} and {@link #free}). */
        public boolean isAllocated() { return allocated; }

        @Override public String toString() { return "Block(0x" + Long.toHexString(address) + ", " + size + " bytes)"; }
    }

    private static final Comparator<Block> BY_SIZE = Comparator.<Block>comparingLong(b -> b.size).thenComparingLong(b -> b.address);

    private final DeviceMemory memory;
    private final TreeSet<Block> freeSmall = new TreeSet<>(BY_SIZE), freeLarge = new TreeSet<>(BY_SIZE);
    private final List<Block> segments = new ArrayList<>();   // the first block of each segment (its base)
    private long allocated, reserved, peak, requestedTotal;
    private long segmentAllocs, segmentFrees;

    public CachingAllocator(DeviceMemory memory) { this.memory = memory; }

    /** The size a request of {@code bytes} is rounded to. */
    public static long roundSize(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative allocation size " + bytes);
        if (bytes < SMALL_LIMIT) return Math.max(SMALL_ROUND, ceil(bytes, SMALL_ROUND));
        return ceil(bytes, LARGE_ROUND);
    }

    private static long ceil(long v, long m) {
        long r = (v + m - 1) / m * m;
        if (r < v) throw new IllegalArgumentException("allocation size " + v + " overflows");
        return r;
    }

    /** A block of at least {@code bytes} (0 gives a 512-byte block, so every storage has its own address). */
    public synchronized Block allocate(long bytes) {
        long size = roundSize(bytes);
        boolean small = size < SMALL_LIMIT;
        TreeSet<Block> pool = small ? freeSmall : freeLarge;
        Block b = bestFit(pool, size);
        if (b == null) {
            long segmentSize = small ? SMALL_SEGMENT : size;
            long base = newSegment(segmentSize, bytes);
            b = new Block(base, base, segmentSize, small);
            segments.add(b);
            reserved += segmentSize;
            segmentAllocs++;
        } else {
            pool.remove(b);
        }
        if (b.size - size >= (small ? SMALL_ROUND : LARGE_ROUND)) {
            Block rest = new Block(b.segment, b.address + size, b.size - size, small);
            rest.prev = b;
            rest.next = b.next;
            if (b.next != null) b.next.prev = rest;
            b.next = rest;
            b.size = size;
            pool.add(rest);
        }
        b.allocated = true;
        b.requested = bytes;
        allocated += b.size;
        requestedTotal += bytes;
        peak = Math.max(peak, allocated);
        return b;
    }

    private static Block bestFit(TreeSet<Block> pool, long size) {
        return pool.ceiling(new Block(0, 0, size, false));   // smallest size >= request; lowest address among equals
    }

    private long newSegment(long segmentSize, long requestedBytes) {
        try {
            return memory.allocate(segmentSize);
        } catch (CudaOutOfMemoryException first) {
            releaseCached();
            try {
                return memory.allocate(segmentSize);
            } catch (CudaOutOfMemoryException second) {
                long[] info = safeInfo();
                throw new CudaOutOfMemoryException(CudaDriver.LIBRARY, memory.allocateCall() + "(" + segmentSize + " bytes)",
                        "out of " + memory.kind() + " memory: tried to allocate " + mib(requestedBytes) + " (a " + mib(segmentSize) + " segment); "
                                + mib(allocated) + " allocated by tensors, " + mib(reserved) + " reserved by Axial's caching allocator"
                                + (info == null ? "" : ", " + mib(info[0]) + " free of " + mib(info[1]) + " on the device")
                                + " (free tensors sooner, e.g. with a Scope, or use smaller batches)");
            }
        }
    }

    private long[] safeInfo() {
        try {
            return memory.info();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String mib(long bytes) {
        return bytes < (1 << 20) ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.2f MiB", bytes / (double) (1 << 20));
    }

    /** Gives {@code b} back to the cache (merging it with free neighbours). Freeing twice throws. */
    public synchronized void free(Block b) {
        if (!b.allocated) throw new IllegalStateException("CachingAllocator.free: " + b + " is not allocated (freed twice?)");
        b.allocated = false;
        allocated -= b.size;
        requestedTotal -= b.requested;
        TreeSet<Block> pool = b.small ? freeSmall : freeLarge;
        Block merged = b;
        if (b.prev != null && !b.prev.allocated) {
            Block p = b.prev;
            pool.remove(p);
            p.size += b.size;
            p.next = b.next;
            if (b.next != null) b.next.prev = p;
            merged = p;
        }
        Block n = merged.next;
        if (n != null && !n.allocated) {
            pool.remove(n);
            merged.size += n.size;
            merged.next = n.next;
            if (n.next != null) n.next.prev = merged;
        }
        pool.add(merged);
    }

    /** Returns every wholly free segment to the device (after a device sync). */
    public synchronized void emptyCache() { releaseCached(); }

    private void releaseCached() {
        boolean synced = false;
        for (int i = segments.size() - 1; i >= 0; i--) {
            Block s = segments.get(i);
            if (s.allocated || s.next != null) continue;   // a wholly free segment is one free block
            if (!synced) {
                memory.synchronize();
                synced = true;
            }
            (s.small ? freeSmall : freeLarge).remove(s);
            segments.remove(i);
            reserved -= s.size;
            segmentFrees++;
            memory.free(s.address);
        }
    }

    /** Bytes held by live blocks (rounded sizes). */
    public synchronized long allocatedBytes() { return allocated; }

    /** Bytes held by live blocks as requested (before rounding). */
    public synchronized long requestedBytes() { return requestedTotal; }

    /** Bytes taken from the device (live blocks plus the cache). */
    public synchronized long reservedBytes() { return reserved; }

    /** The most {@link #allocatedBytes} since start or {@link #resetPeak}. */
    public synchronized long peakAllocatedBytes() { return peak; }

    public synchronized void resetPeak() { peak = allocated; }

    /** Segments taken from / given back to the device so far (driver calls). */
    public synchronized long[] segmentCalls() { return new long[]{segmentAllocs, segmentFrees}; }

    /** The device's {free, total}. */
    public long[] deviceInfo() { return memory.info(); }

    @Override public synchronized String toString() {
        return mib(allocated) + " allocated, " + mib(reserved) + " reserved, peak " + mib(peak) + ", " + segments.size() + " segments";
    }
}
