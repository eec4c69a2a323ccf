package dev.axial.benchmarks;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Memory-bound ops on 16 Mi float32 (64 MiB per operand), all threads: report GB/s as bytes moved / time,
 * beside {@link CopyBandwidthBench} (the machine's copy bandwidth). Bytes moved: a*x+b (fused as
 * {@code b.add(x, a)}) and x + b 12 per element, exp, the activations, x * a and copy 8, where 13 (9 with a scalar), x > y 9 (5 with a scalar), sum 4. Small sizes show the
 * per-call overhead: {@code -p n=1024}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class ElementwiseBench {
    @Param({"16777216"})
    public int n;

    private Tensor x, b, out, mask, slope, xi, bi;

    @Setup
    public void setup() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Generator g = new Generator(1);
        x = Tensor.rand(g, n);
        b = Tensor.rand(g, n);
        out = Tensor.empty(n);
        mask = x.gt(0.5);
        xi = x.mul(1000).to(DType.INT32);
        bi = b.mul(1000).to(DType.INT32);
        slope = Tensor.full(DType.FLOAT32, Device.CPU, 0.25, 1);
    }

    /** Frees a result (its storage is touched so the op cannot be optimised away). */
    private static void drop(Tensor y) {
        try (y) {
            y.storage();
        }
    }

    @TearDown
    public void tearDown() {
        x.close();
        b.close();
        out.close();
        mask.close();
        xi.close();
        bi.close();
        slope.close();
    }

    /** out = b + 1.5 * x, one pass (torch.add(b, x, alpha=1.5)), into a fresh tensor. */
    @Benchmark
    public void axpb() {
        drop(b.add(x, 1.5));
    }

    /** exp into a fresh tensor. */
    @Benchmark
    public void exp() {
        drop(x.exp());
    }

    /** x * 1.5 (a broadcast scalar operand). */
    @Benchmark
    public void mulScalar() {
        drop(x.mul(1.5));
    }

    /** x + b, two tensors. */
    @Benchmark
    public void add() {
        drop(x.add(b));
    }

    /** In place: x.mul_(1), no fresh output (so no write-allocate traffic). */
    @Benchmark
    public void mulInPlace() {
        x.mul_(1);
    }

    @Benchmark
    public void relu() {
        drop(x.relu());
    }

    @Benchmark
    public void sigmoid() {
        drop(x.sigmoid());
    }

    @Benchmark
    public void tanh() {
        drop(x.tanh());
    }

    /** gelu, erf form (PyTorch's default). */
    @Benchmark
    public void gelu() {
        drop(x.gelu());
    }

    /** x > b into a BOOL tensor (9 B/element). */
    @Benchmark
    public void greater() {
        drop(x.gt(b));
    }

    /** x > 0.5, a mask against a scalar (5 B/element): thresholds, label masks. */
    @Benchmark
    public void greaterScalar() {
        drop(x.gt(0.5));
    }

    /** x as a (n / 2^18, 256, 1024) volume permuted (2, 0, 1) into a new contiguous tensor: the loaders' reorientation. */
    @Benchmark
    public void permute3d() {
        drop(x.view(-1, 256, 1024).permute(2, 0, 1).contiguous());
    }

    /** int32 a + b (labels, indices), each a contiguous row. */
    @Benchmark
    public void addInt32() {
        drop(xi.add(bi));
    }

    /** countNonzero over all of x (float32): a reduction to one int64. */
    @Benchmark
    public void countNonzero() {
        drop(x.countNonzero());
    }

    /** countNonzero over a BOOL mask (1 byte per element). */
    @Benchmark
    public void countNonzeroBool() {
        drop(mask.countNonzero());
    }

    /** all() of a BOOL mask (half true: each block stops at its first false). */
    @Benchmark
    public void allBool() {
        drop(mask.all());
    }

    /** logicalAnd of two BOOL masks. */
    @Benchmark
    public void logicalAnd() {
        drop(mask.logicalAnd(mask));
    }

    /** where(mask, x, b): PReLU's forward select (1 + 4 + 4 bytes read, 4 written per element). */
    @Benchmark
    public void where() {
        drop(Tensor.where(mask, x, b));
    }

    /** x where mask, else 0 (a broadcast scalar): the gradient mask of where, relu-like backward formulas. */
    @Benchmark
    public void whereScalar() {
        drop(x.where(mask, 0));
    }

    /** x.prelu(w), one slope: MONAI's default PReLU in one pass (8 B/element). */
    @Benchmark
    public void prelu() {
        drop(x.prelu(slope));
    }

    /** The same as PReLU computed it before the fused op: where(x > 0, x, x * w), three passes and two temporaries. */
    @Benchmark
    public void preluComposed() {
        try (Tensor pos = x.gt(0); Tensor scaled = x.mul(slope)) {
            drop(Tensor.where(pos, x, scaled));
        }
    }

    /** Both prelu gradients for upstream b in one pass, then the slope's sum (16 B/element + a 4 B/element sum). */
    @Benchmark
    public void preluBackward() {
        Tensor[] g = x.preluBackward(b, slope);
        g[1].close();
        drop(g[0]);
    }

    /** out.copy_(x): Axial's parallel copy, the yardstick for the ops above (8 bytes per element). */
    @Benchmark
    public void copy() {
        out.copy_(x);
    }

    @Benchmark
    public double sum() {
        try (Tensor s = x.sum()) {
            return s.item();
        }
    }
}
