"""MONAI's side of SpleenPipelineBench (issue 7's speed clause): the per-item pipeline of MONAI's spleen tutorial
on a 512x512x128 int16 CT-like .nii.gz with a label, on one thread, each transform timed alone (on the output of
the previous steps, prepared first) and the whole pipeline; median (and min) of several repetitions.

    PYTHONPATH=/work/ref/MONAI /usr/bin/python3 benchmarks/monai/spleen_pipeline.py [--dir /tmp/axial-spleen] [--reps 7]

The data: the files dev.axial.benchmarks.transforms.SpleenData wrote into --dir (run the Java side first for
the very same bytes); if they are missing this script writes them with the same formula (numpy + nibabel).
With --workers 1,2 it also runs the whole pipeline over --items items on that many worker processes
(torch.set_num_threads(1) in each) and prints items/s, as the Java SpleenPipelineScaling does.
"""
import argparse
import os
import statistics
import time

import numpy as np
import torch

from monai.transforms import (CropForegroundd, EnsureChannelFirstd, LoadImaged, Orientationd,
                              RandCropByPosNegLabeld, ScaleIntensityRanged, Spacingd)
from monai.utils import set_determinism

X, Y, Z = 512, 512, 128
AFFINE = np.array([[-0.8, 0, 0, 204], [0, -0.8, 0, 204], [0, 0, 2.5, -160], [0, 0, 0, 1]])


def e3(a, b, c):
    return a * a + b * b + c * c


def generate(dir_):
    """The formula of SpleenData.fill, vectorised."""
    import nibabel as nib
    os.makedirs(dir_, exist_ok=True)
    i = np.arange(X, dtype=np.float64)[:, None, None]
    j = np.arange(Y, dtype=np.float64)[None, :, None]
    k = np.arange(Z, dtype=np.float64)[None, None, :]
    dx, dy = (i - 255.5) / 215, (j - 255.5) / 175
    r2 = dx * dx + dy * dy
    v = np.broadcast_to(40 + 20 * np.sin(i / 23.0) * np.cos(j / 31.0) + 10 * np.sin(k / 9.0), (X, Y, Z)).copy()
    lab = np.zeros((X, Y, Z), np.uint8)
    zl = (k - 90) / 50.0
    lung = (e3((dx - 0.45) / 0.3, (dy + 0.15) / 0.45, zl) < 1) | (e3((dx + 0.45) / 0.3, (dy + 0.15) / 0.45, zl) < 1)
    spine = np.broadcast_to(e3(dx / 0.1, (dy - 0.6) / 0.12, 0) < 1, (X, Y, Z))
    spleen = e3((dx - 0.5) / 0.15, (dy - 0.2) / 0.2, (k - 45) / 20.0) < 1
    liver = e3((dx + 0.4) / 0.35, (dy - 0.05) / 0.3, (k - 40) / 35.0) < 1
    kid = (e3((dx - 0.25) / 0.08, (dy - 0.45) / 0.1, (k - 30) / 15.0) < 1) | (e3((dx + 0.25) / 0.08, (dy - 0.45) / 0.1, (k - 30) / 15.0) < 1)
    # the Java if/else chain: the first matching branch wins, so paint from the last branch to the first
    inside = np.broadcast_to(r2 <= 0.85, (X, Y, Z))
    for mask, val, lv in ((kid, 30, 1), (liver, 60, 0), (spleen, 50, 1), (spine, 700, 0), (lung, -850, 0)):
        m = np.broadcast_to(mask, (X, Y, Z)) & inside
        v[m] = val
        lab[m] = lv
    rim = np.broadcast_to((r2 > 0.85) & (r2 <= 1), (X, Y, Z))
    v[rim] = -100
    v[np.broadcast_to(r2 > 1, (X, Y, Z))] = -1000
    ii, jj, kk = np.meshgrid(np.arange(X, dtype=np.int64), np.arange(Y, dtype=np.int64), np.arange(Z, dtype=np.int64), indexing="ij")
    h = (ii * 73856093) ^ (jj * 19349663) ^ (kk * 83492791)
    noise = ((h >> 7) & 15) - 8
    img = (np.floor(v + 0.5) + noise).astype(np.int16)
    nib.save(nib.Nifti1Image(img, AFFINE), os.path.join(dir_, "image.nii.gz"))
    nib.save(nib.Nifti1Image(lab, AFFINE), os.path.join(dir_, "label.nii.gz"))


def steps():
    keys = ["image", "label"]
    return [
        ("LoadImaged", LoadImaged(keys=keys)),
        ("EnsureChannelFirstd", EnsureChannelFirstd(keys=keys)),
        ("Orientationd", Orientationd(keys=keys, axcodes="RAS")),
        ("Spacingd", Spacingd(keys=keys, pixdim=(1.5, 1.5, 2.0), mode=("bilinear", "nearest"))),
        ("ScaleIntensityRanged", ScaleIntensityRanged(keys=["image"], a_min=-57, a_max=164, b_min=0.0, b_max=1.0, clip=True)),
        ("CropForegroundd", CropForegroundd(keys=keys, source_key="image")),
        ("RandCropByPosNegLabeld", RandCropByPosNegLabeld(keys=keys, label_key="label", spatial_size=(96, 96, 96), pos=1,
                                                          neg=1, num_samples=4, image_key="image", image_threshold=0)),
    ]


def whole(pipeline, item):
    d = item
    for _, t in pipeline:
        d = t(d)
    return d


def _worker(args):
    dir_, seed = args
    torch.set_num_threads(1)
    p = steps()
    p[-1][1].set_random_state(seed)
    return len(whole(p, {"image": os.path.join(dir_, "image.nii.gz"), "label": os.path.join(dir_, "label.nii.gz")}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/axial-spleen")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--workers", default="")
    ap.add_argument("--items", type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(1)
    set_determinism(0)
    if not (os.path.exists(os.path.join(a.dir, "image.nii.gz")) and os.path.exists(os.path.join(a.dir, "label.nii.gz"))):
        generate(a.dir)
    item = {"image": os.path.join(a.dir, "image.nii.gz"), "label": os.path.join(a.dir, "label.nii.gz")}
    pipeline = steps()
    inputs = [item]
    for _, t in pipeline[:-1]:
        inputs.append(t(inputs[-1]))
    print(f"after Spacingd: {tuple(inputs[4]['image'].shape)}, after CropForegroundd: {tuple(inputs[6]['image'].shape)}")
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, reps {a.reps} (+1 warm-up)")
    print(f"{'step':26s} {'median ms':>10s} {'min ms':>10s}")
    total_med = 0.0
    for s, (name, t) in enumerate(pipeline):
        ts = []
        for r in range(a.reps + 1):
            t0 = time.perf_counter()
            t(inputs[s])
            ts.append(time.perf_counter() - t0)
        ts = ts[1:]
        total_med += statistics.median(ts)
        print(f"{name:26s} {1e3 * statistics.median(ts):10.1f} {1e3 * min(ts):10.1f}")
    ts = []
    for r in range(a.reps + 1):
        t0 = time.perf_counter()
        whole(pipeline, item)
        ts.append(time.perf_counter() - t0)
    ts = ts[1:]
    print(f"{'sum of steps':26s} {1e3 * total_med:10.1f}")
    print(f"{'whole':26s} {1e3 * statistics.median(ts):10.1f} {1e3 * min(ts):10.1f}")
    if a.workers:
        import multiprocessing as mp
        base = None
        for w in [int(x) for x in a.workers.split(",")]:
            with mp.get_context("fork").Pool(w) as pool:
                pool.map(_worker, [(a.dir, s) for s in range(w)])   # warm-up
                t0 = time.perf_counter()
                pool.map(_worker, [(a.dir, s) for s in range(a.items)], chunksize=1)
                dt = time.perf_counter() - t0
            ips = a.items / dt
            base = base or ips
            print(f"workers {w}: {dt:.2f} s, {ips:.3f} items/s, scaling {ips / base:.2f} x")


if __name__ == "__main__":
    main()
