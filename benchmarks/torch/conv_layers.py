"""PyTorch's side of ConvLayerTiming: every convolution of issue 5's UNet at batch 8, each direction alone
(forward, backward data, backward filter, backward bias as PyTorch computes it: a sum), cudnn.benchmark on.
Per direction two medians: wall ms of a synchronized call, and device ms between two CUDA events around the call.
Same rows, columns and warm-up pass as the Java class (every row first, up to `--warm` calls per direction).
With --cpu: the CPU demo's network (UNet 16-32-64-128, batch 8 of 48^3) on the CPU with --threads threads, wall ms
only, a column n (convolutions of that shape per forward pass) and a step row weighting each row by n, as
`ConvLayerTiming ... cpu` prints.

    python3 benchmarks/torch/conv_layers.py [--reps 20] [--warm 200] [--cpu [--threads 2]]
"""
import argparse
import statistics
import time

import torch

LAYERS = [(1, 16, 96, 2, 3, 0), (16, 16, 48, 1, 3, 0), (16, 32, 48, 2, 3, 0), (32, 32, 24, 1, 3, 0),
          (32, 64, 24, 2, 3, 0), (64, 64, 12, 1, 3, 0), (64, 128, 12, 2, 3, 0), (128, 128, 6, 1, 3, 0),
          (128, 256, 6, 1, 3, 0), (256, 256, 6, 1, 3, 0), (128, 256, 6, 1, 1, 0),
          (384, 64, 6, 2, 3, 1), (128, 32, 12, 2, 3, 1), (64, 16, 24, 2, 3, 1), (32, 1, 48, 2, 3, 1), (1, 1, 96, 1, 3, 0)]
# the CPU demo's network, with how many convolutions of each shape one forward pass runs
CPU_LAYERS = [(1, 16, 48, 2, 3, 0, 2), (16, 16, 24, 1, 3, 0, 2), (16, 32, 24, 2, 3, 0, 2), (32, 32, 12, 1, 3, 0, 2),
              (32, 64, 12, 2, 3, 0, 2), (64, 64, 6, 1, 3, 0, 1), (64, 128, 6, 1, 3, 0, 1), (128, 128, 6, 1, 3, 0, 1),
              (64, 128, 6, 1, 1, 0, 1), (192, 32, 6, 2, 3, 1, 1), (64, 16, 12, 2, 3, 1, 1), (32, 1, 24, 2, 3, 1, 1),
              (1, 1, 48, 1, 3, 0, 1)]


def sync():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def synced(fn):
    fn()
    sync()


def wall(fn, reps):
    ts = []
    for _ in range(reps):
        sync()
        t0 = time.perf_counter()
        synced(fn)
        ts.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(ts)


def device(fn, reps):
    ts = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        ts.append(start.elapsed_time(end))
    return statistics.median(ts)


def row(layer, dev, warm, reps):
    cin, cout, size, stride, k, tr = layer[:6]
    g = torch.Generator(device=dev).manual_seed(7)
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
    calls = [fwd, lambda: conv(*args([True, False, False])), lambda: conv(*args([False, True, False])),
             lambda: dy.sum((0, 2, 3, 4))]
    t = []
    for fn in calls:
        sync()
        until = time.perf_counter() + 1.0
        for i in range(warm):
            if i >= 3 and time.perf_counter() > until:
                break
            synced(fn)
        if reps:
            t.append((wall(fn, reps), device(fn, reps) if dev.type == "cuda" else 0.0))
    return [w for w, _ in t] + [d for _, d in t]


def name(layer):
    cin, cout, size, stride, k, tr = layer[:6]
    return ("convT " if tr else "conv ") + "%d->%d %d^3 s%d k%d" % (cin, cout, size, stride, k)


def cpu(a):
    torch.set_num_threads(a.threads)
    dev = torch.device("cpu")
    for layer in CPU_LAYERS:
        row(layer, dev, a.warm, 0)
    print("%-26s %9s %9s %9s %9s %3s" % ("layer (batch 8), ms", "fwd", "bwd data", "bwd filt", "bwd bias", "n"))
    tot = [0.0] * 4
    for layer in CPU_LAYERS:
        t = row(layer, dev, 3, a.reps)[:4]
        tot = [s + layer[6] * v for s, v in zip(tot, t)]
        print("%-26s %9.3f %9.3f %9.3f %9.3f %3d" % (name(layer), *t, layer[6]), flush=True)
    print("%-26s %9.3f %9.3f %9.3f %9.3f   total %.1f" % ("step (rows x n)", *tot, sum(tot)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--warm", type=int, default=200)
    ap.add_argument("--cpu", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if a.cpu:
        cpu(a)
        return
    torch.backends.cudnn.benchmark = True
    dev = torch.device("cuda")
    for layer in LAYERS:
        row(layer, dev, a.warm, 0)
    print("%-26s %9s %9s %9s %9s | %9s %9s %9s %9s" % ("layer (batch 8), ms", "fwd", "bwd data", "bwd filt", "bwd bias",
                                                       "dev fwd", "dev data", "dev filt", "dev bias"))
    tot = [0.0] * 8
    for layer in LAYERS:
        t = row(layer, dev, 3, a.reps)
        tot = [s + v for s, v in zip(tot, t)]
        print("%-26s %9.3f %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f %9.3f" % (name(layer), *t), flush=True)
    print("%-26s %9.3f %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f %9.3f" % ("sum", *tot))


if __name__ == "__main__":
    main()
