"""PyTorch's side of ConvLayerTiming: every convolution of issue 5's UNet at batch 8, each direction alone
(forward, backward data, backward filter, backward bias as PyTorch computes it: a sum), median ms of
synchronized calls, cudnn.benchmark on. Same rows as the Java class.

    python3 benchmarks/torch/conv_layers.py [--reps 10]
"""
import argparse
import statistics
import time

import torch

LAYERS = [(1, 16, 96, 2, 3, 0), (16, 16, 48, 1, 3, 0), (16, 32, 48, 2, 3, 0), (32, 32, 24, 1, 3, 0),
          (32, 64, 24, 2, 3, 0), (64, 64, 12, 1, 3, 0), (64, 128, 12, 2, 3, 0), (128, 128, 6, 1, 3, 0),
          (128, 256, 6, 1, 3, 0), (256, 256, 6, 1, 3, 0), (128, 256, 6, 1, 1, 0),
          (384, 64, 6, 2, 3, 1), (128, 32, 12, 2, 3, 1), (64, 16, 24, 2, 3, 1), (32, 1, 48, 2, 3, 1), (1, 1, 96, 1, 3, 0)]


def timed(fn, reps):
    for _ in range(3):
        fn()
    ts = []
    for _ in range(reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        ts.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(ts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=10)
    a = ap.parse_args()
    torch.backends.cudnn.benchmark = True
    dev = torch.device("cuda")
    g = torch.Generator(device=dev).manual_seed(7)
    print("%-26s %9s %9s %9s %9s" % ("layer (batch 8)", "fwd", "bwd data", "bwd filt", "bwd bias"))
    tot = [0.0] * 4
    for cin, cout, size, stride, k, tr in LAYERS:
        p, op = k // 2, stride - 1 if tr else 0
        out = size * stride if tr else (size + 2 * p - k) // stride + 1
        x = torch.randn(8, cin, size, size, size, device=dev, generator=g)
        w = torch.randn(*((cin, cout) if tr else (cout, cin)), k, k, k, device=dev, generator=g) * 0.1
        b = torch.randn(cout, device=dev, generator=g)
        dy = torch.randn(8, cout, out, out, out, device=dev, generator=g)
        conv = torch.ops.aten.convolution_backward
        args = lambda mask: (dy, x, w, None, [stride] * 3, [p] * 3, [1] * 3, bool(tr), [op] * 3, 1, mask)
        fwd = (lambda: torch.nn.functional.conv_transpose3d(x, w, b, stride, p, op)) if tr else \
            (lambda: torch.nn.functional.conv3d(x, w, b, stride, p))
        t = [timed(fwd, a.reps), timed(lambda: conv(*args([True, False, False])), a.reps),
             timed(lambda: conv(*args([False, True, False])), a.reps), timed(lambda: dy.sum((0, 2, 3, 4)), a.reps)]
        tot = [s + v for s, v in zip(tot, t)]
        name = ("convT " if tr else "conv ") + "%d->%d %d^3 s%d k%d" % (cin, cout, size, stride, k)
        print("%-26s %9.3f %9.3f %9.3f %9.3f" % (name, *t), flush=True)
    print("%-26s %9.3f %9.3f %9.3f %9.3f" % ("sum", *tot))


if __name__ == "__main__":
    main()
