"""MONAI's side of UNetStepProfile: one training step of issue 5's configuration (UNet 16-32-64-128-256, two
residual units, instance norm; batch 8 x 1 x 96^3; DiceLoss(sigmoid=True); Adam 1e-3) on the GPU without the data
pipeline: step time split into upload / forward+loss / backward / optimizer, then torch.profiler's top CUDA ops.

    PYTHONPATH=<folder with monai/> python3 benchmarks/monai/unet_step_profile.py [--steps 20] [--rows 30] [--warm 15]
"""
import argparse
import statistics
import time

import torch
from monai.losses import DiceLoss
from monai.networks.nets import UNet


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("--warm", type=int, default=15, help="untimed steps first, as many as the Java side's")
    a = ap.parse_args()
    dev = torch.device("cuda")
    torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    net = UNet(3, 1, 1, (16, 32, 64, 128, 256), (2, 2, 2, 2), num_res_units=2).to(dev).train()
    loss = DiceLoss(sigmoid=True)
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    hx = torch.randn(8, 1, 96, 96, 96)
    hy = (torch.rand(8, 1, 96, 96, 96) > 0.7).float()
    up, fwd, bwd, upd = [], [], [], []
    for i in range(-a.warm, a.steps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        x, y = hx.to(dev), hy.to(dev)
        torch.cuda.synchronize()
        t1 = time.perf_counter()
        l = loss(net(x), y)
        torch.cuda.synchronize()
        t2 = time.perf_counter()
        l.backward()
        torch.cuda.synchronize()
        t3 = time.perf_counter()
        opt.step()
        opt.zero_grad()
        l.item()
        t4 = time.perf_counter()
        if i >= 0:
            up.append(1e3 * (t1 - t0)); fwd.append(1e3 * (t2 - t1)); bwd.append(1e3 * (t3 - t2)); upd.append(1e3 * (t4 - t3))
    m = statistics.median
    print(f"PyTorch {torch.__version__} UNet step, batch 8 x 1 x 96^3, {a.steps} steps (medians, ms): upload {m(up):.2f}  "
          f"forward+loss {m(fwd):.2f}  backward {m(bwd):.2f}  adam+zero_grad {m(upd):.2f}  compute total {m(fwd) + m(bwd) + m(upd):.2f}")
    n = max(5, a.steps // 2)
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(n):
        l = loss(net(hx.to(dev)), hy.to(dev))
        l.backward()
        opt.step()
        opt.zero_grad()
        l.item()
    print(f"unsynchronized steps (upload included): {1e3 * (time.perf_counter() - t0) / n:.2f} ms/step")
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as p:
        for _ in range(3):
            l = loss(net(hx.to(dev)), hy.to(dev))
            l.backward()
            opt.step()
            opt.zero_grad()
        torch.cuda.synchronize()
    print(p.key_averages().table(sort_by="cuda_time_total", row_limit=a.rows, max_name_column_width=60))


if __name__ == "__main__":
    main()
