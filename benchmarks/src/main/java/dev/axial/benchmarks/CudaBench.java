package dev.axial.benchmarks;

import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cuda.CudaContext;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * The CUDA backend on a GPU, case for case beside {@code benchmarks/torch/bench_cuda.py} (PyTorch on the same
 * GPU): a device-to-device copy of 1 GiB (the device's copy bandwidth, the yardstick), float32 add and sum of
 * 256 Mi elements (GB/s = bytes read + written / time), SGEMM 4096 through cuBLAS (TFLOP/s = 2 n^3 / time),
 * and the 3D convolutions of the spleen UNet at batch 8 (the 2 x 4 crops of 96^3) forward,
 * backward-data and backward-filter through cuDNN. Average ms per call, each call synchronized.
 *
 * <pre>
 * bash .gpu/run.sh jmh CudaBench -f 1 -wi 3 -i 5        # on the GPU host
 * python3 benchmarks/torch/bench_cuda.py                 # PyTorch's side, same host
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CudaBench {
    /** The cases of bench_cuda.py: memory-bound ops and SGEMM. */
    @State(Scope.Benchmark)
    public static class Streams {
        Tensor x, y, out, a, b;
        CudaContext ctx;

        @Setup(Level.Trial)
        public void setUp() {
            Device cuda = requireCuda();
            ctx = CudaContext.get(cuda.index());
            long n = 1L << 28;
            Generator g = new Generator(0);
            x = Tensor.uniform(g, DType.FLOAT32, cuda, 0, 1, n);
            y = Tensor.uniform(g, DType.FLOAT32, cuda, 0, 1, n);
            out = x.emptyLike();
            a = Tensor.uniform(g, DType.FLOAT32, cuda, 0, 1, 4096, 4096);
            b = Tensor.uniform(g, DType.FLOAT32, cuda, 0, 1, 4096, 4096);
            ctx.synchronize();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (Tensor t : new Tensor[]{x, y, out, a, b}) t.close();
        }
    }

    /** The convolutions: "Cin,Cout,size,stride" at batch 8, kernel 3, padding 1 (bench_cuda.py's list). */
    @State(Scope.Benchmark)
    public static class Convs {
        @Param({"1,16,96,2", "16,16,48,1", "16,32,48,2", "32,32,24,1", "32,64,24,2", "64,64,12,1", "64,128,12,2",
                "128,128,6,1", "128,256,6,1"})
        public String shape;

        Tensor x, w, bias, dy;
        ConvOptions o;
        CudaContext ctx;

        @Setup(Level.Trial)
        public void setUp() {
            Device cuda = requireCuda();
            ctx = CudaContext.get(cuda.index());
            String[] p = shape.split(",");
            int cin = Integer.parseInt(p[0]), cout = Integer.parseInt(p[1]), size = Integer.parseInt(p[2]), stride = Integer.parseInt(p[3]);
            Generator g = new Generator(7);
            o = ConvOptions.of().stride(stride).padding(1);
            int outSize = (size - 1) / stride + 1;
            x = Tensor.normal(g, DType.FLOAT32, cuda, 0, 1, 8, cin, size, size, size);
            w = Tensor.normal(g, DType.FLOAT32, cuda, 0, 1, cout, cin, 3, 3, 3);
            bias = Tensor.normal(g, DType.FLOAT32, cuda, 0, 1, cout);
            dy = Tensor.normal(g, DType.FLOAT32, cuda, 0, 1, 8, cout, outSize, outSize, outSize);
            ctx.synchronize();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (Tensor t : new Tensor[]{x, w, bias, dy}) t.close();
        }
    }

    static Device requireCuda() {
        Device cuda = Device.cuda(0);
        Backends.get(cuda);   // throws with the reason (no driver, which soname) when there is no usable GPU
        return cuda;
    }

    @Benchmark
    public long copy1GiB(Streams s) {
        s.out.copy_(s.x);
        s.ctx.synchronize();
        return s.out.numel();
    }

    @Benchmark
    public long add256M(Streams s) {
        try (Tensor r = s.x.add(s.y)) {
            s.ctx.synchronize();
            return r.numel();
        }
    }

    @Benchmark
    public long sum256M(Streams s) {
        try (Tensor r = s.x.sum()) {
            s.ctx.synchronize();
            return r.numel();
        }
    }

    @Benchmark
    public long sgemm4096(Streams s) {
        try (Tensor r = s.a.matmul(s.b)) {
            s.ctx.synchronize();
            return r.numel();
        }
    }

    @Benchmark
    public long convForward(Convs c) {
        try (Tensor y = Convolution.conv3d(c.x, c.w, c.bias, c.o)) {
            c.ctx.synchronize();
            return y.numel();
        }
    }

    @Benchmark
    public long convBackwardData(Convs c) {
        try (Tensor dx = Convolution.convBackwardInput(c.dy, c.w, c.x.shape(), c.o)) {
            c.ctx.synchronize();
            return dx.numel();
        }
    }

    @Benchmark
    public long convBackwardFilter(Convs c) {
        try (Tensor dw = Convolution.convBackwardWeight(c.dy, c.x, c.w.shape(), c.o)) {
            c.ctx.synchronize();
            return dw.numel();
        }
    }
}
