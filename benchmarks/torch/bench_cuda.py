"""PyTorch's CUDA figures for the cases of Axial's CudaBench, run on the same GPU in the same session,
so the README can put the two side by side (the issue's yardstick: within 10% of PyTorch where both call
cuDNN, >= 80% of the device's copy bandwidth for the memory-bound ops).

On the GPU host (torch with CUDA): python3 benchmarks/torch/bench_cuda.py
Prints one line per case, in the format of `CudaBench`'s output:
    case  best_ms  median_ms  figure
Times are CUDA-event times of `reps` calls after warm-up, each call synchronized.
"""
import statistics

import torch
import torch.nn.functional as F

dev = torch.device("cuda")
torch.backends.cudnn.benchmark = True        # as Axial: the algorithm found once per shape and cached
torch.manual_seed(0)


def bench(name, fn, reps=20, warm=5, bytes_moved=None, flops=None):
    for _ in range(warm):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        ts.append(a.elapsed_time(b))
    best, med = min(ts), statistics.median(ts)
    fig = ""
    if bytes_moved is not None:
        fig = "%.0f GB/s" % (bytes_moved / best / 1e6)
    if flops is not None:
        fig = "%.1f TFLOP/s" % (flops / best / 1e9)
    print("%-40s %9.3f %9.3f  %s" % (name, best, med, fig), flush=True)


n = 1 << 28                                   # 256 Mi float32 = 1 GiB per operand
x = torch.rand(n, device=dev)
y = torch.rand(n, device=dev)
out = torch.empty_like(x)
bench("copy 1 GiB (device to device)", lambda: out.copy_(x), bytes_moved=2 * 4 * n)
bench("add 256M float32", lambda: torch.add(x, y, out=out), bytes_moved=3 * 4 * n)
bench("sum 256M float32", lambda: x.sum(), bytes_moved=4 * n)

for tf32 in (False, True):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    a = torch.rand(4096, 4096, device=dev)
    b = torch.rand(4096, 4096, device=dev)
    bench("sgemm 4096%s" % (" tf32" if tf32 else ""), lambda: torch.mm(a, b), flops=2 * 4096 ** 3)
torch.backends.cuda.matmul.allow_tf32 = False

# The 3D convolutions of the spleen UNet of the issue (batch 2 x 4 crops = 8, 96^3 crops, kernel 3,
# padding 1): (in, out, input size, stride).
shapes = [(1, 16, 96, 2), (16, 16, 48, 1), (16, 32, 48, 2), (32, 32, 24, 1), (32, 64, 24, 2),
          (64, 64, 12, 1), (64, 128, 12, 2), (128, 128, 6, 1), (128, 256, 6, 1)]
for cin, cout, size, stride in shapes:
    inp = torch.rand(8, cin, size, size, size, device=dev, requires_grad=True)
    conv = torch.nn.Conv3d(cin, cout, 3, stride=stride, padding=1).to(dev)
    o = conv(inp)
    g = torch.rand_like(o)
    tag = "conv3d %d->%d %d^3 s%d" % (cin, cout, size, stride)
    bench(tag + " fwd", lambda: conv(inp))
    bench(tag + " bwd data", lambda: torch.ops.aten.convolution_backward(
        g, inp, conv.weight, None, [stride] * 3, [1] * 3, [1] * 3, False, [0] * 3, 1, [True, False, False]))
    bench(tag + " bwd filter", lambda: torch.ops.aten.convolution_backward(
        g, inp, conv.weight, None, [stride] * 3, [1] * 3, [1] * 3, False, [0] * 3, 1, [False, True, False]))
