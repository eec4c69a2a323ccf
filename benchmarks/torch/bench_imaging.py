"""PyTorch's CPU time for the shapes of Axial's imaging JMH benchmarks (ConvBench, GridSampleBench, NormBench),
so the README can put the two side by side on the same machine.

Run with a PyTorch that has CPU kernels (here: Debian's python3-torch, `/usr/bin/python3`):
    /usr/bin/python3 benchmarks/torch/bench_imaging.py [threads]
Prints one line per case: best and median milliseconds of `reps` timed calls after warm-up. Each pass is timed
alone: forwards with inputs that require grad (as in training), backwards on a retained graph.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)


def bench(name, fn, reps=7, warm=3, flops=None):
    for _ in range(warm):
        fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    best, med = min(ts), statistics.median(ts)
    extra = "" if flops is None else "  %.1f GFLOP/s (best)" % (flops / best / 1e9)
    print("%-44s best %8.2f ms  median %8.2f ms%s" % (name, best * 1e3, med * 1e3, extra), flush=True)


print("torch %s, %d threads, mkldnn %s" % (torch.__version__, torch.get_num_threads(), torch.backends.mkldnn.is_available()))

# ConvBench: batch 2, kernel 3, padding 1, float32; GFLOP per pass = 2 N Cout Cin 27 outVox
for cin, cout, size, stride in [(1, 16, 96, 2), (16, 32, 48, 2), (32, 32, 48, 1), (16, 16, 96, 1), (64, 64, 24, 1)]:
    x = torch.randn(2, cin, size, size, size, requires_grad=True)
    w = torch.randn(cout, cin, 3, 3, 3, requires_grad=True)
    y = F.conv3d(x, w, stride=stride, padding=1)
    flops = 2.0 * y.numel() * cin * 27
    gy = torch.randn_like(y)
    tag = "%d,%d,%d,%d" % (cin, cout, size, stride)
    # each pass alone: the forward as autograd runs it (inputs requiring grad), each backward on a retained graph
    bench("conv3d forward " + tag, lambda: F.conv3d(x, w, stride=stride, padding=1), flops=flops)
    bench("conv3d backward input " + tag, lambda: torch.autograd.grad(y, x, gy, retain_graph=True)[0], flops=flops)
    bench("conv3d backward weight " + tag, lambda: torch.autograd.grad(y, w, gy, retain_graph=True)[0], flops=flops)

# GridSampleBench: 1x1x256^3 -> 128^3 trilinear, zeros padding, a small rotation
n, m = 256, 128
inp = torch.rand(1, 1, n, n, n, requires_grad=True)
a = 0.1
theta = torch.tensor([[[1.0, 0, 0, 0], [0, torch.cos(torch.tensor(a)), -torch.sin(torch.tensor(a)), 0],
                       [0, torch.sin(torch.tensor(a)), torch.cos(torch.tensor(a)), 0]]])
grid = F.affine_grid(theta, [1, 1, m, m, m], align_corners=False).requires_grad_(True)
bench("grid_sample 3-D trilinear forward", lambda: F.grid_sample(inp, grid, align_corners=False))
out = F.grid_sample(inp, grid, align_corners=False)
gout = torch.randn(1, 1, m, m, m)
bench("grid_sample 3-D backward (input + grid)", lambda: torch.autograd.grad(out, [inp, grid], gout, retain_graph=True))

# NormBench: (2, C, S^3) instance norm and batch norm, float32
for c, s in [(16, 96), (32, 48)]:
    x = torch.randn(2, c, s, s, s, requires_grad=True)
    gy = torch.randn_like(x)
    bench("instance_norm forward 2x%dx%d^3" % (c, s), lambda: F.instance_norm(x))
    bench("batch_norm train forward 2x%dx%d^3" % (c, s), lambda: F.batch_norm(x, None, None, training=True))
    y = F.instance_norm(x)
    bench("instance_norm backward 2x%dx%d^3" % (c, s), lambda: torch.autograd.grad(y, x, gy, retain_graph=True))
