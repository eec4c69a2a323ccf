package dev.axial.benchmarks;

import org.openjdk.jmh.annotations.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The machine's memory copy bandwidth: MemorySegment.copy of 64 MiB off-heap, the yardstick for memory-bound
 * (elementwise) ops. Score in MiB/s moved, read and write each counted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CopyBandwidthBench {
    static final long BYTES = 64L << 20;

    private final Arena arena = Arena.ofShared();
    private MemorySegment src, dst;

    @Setup(Level.Trial)
    public void setUp() {
        src = arena.allocate(BYTES, 64);
        dst = arena.allocate(BYTES, 64);
        src.fill((byte) 1);
        dst.fill((byte) 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() { arena.close(); }

    /** Score: MiB moved per second (64 MiB read + 64 MiB written per call). */
    @Benchmark
    @OperationsPerInvocation(128)
    public void copy64MiB() { MemorySegment.copy(src, 0, dst, 0, BYTES); }
}
