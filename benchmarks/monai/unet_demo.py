"""MONAI's side of `./axial demo`: the same job with MONAI itself, for a side-by-side comparison.

Same data algorithm (create_test_image_3d drawing from one RandomState(seed) in the same order), same
pipeline (RandCropByPosNegLabeld pos 1 neg 1 x num_samples, RandRotate90d prob 0.5 axes (0, 2),
list_data_collate), same UNet, DiceLoss(sigmoid=True), Adam, sliding-window validation (sw_batch_size 4,
overlap 0.25) with sigmoid > 0.5 and DiceMetric. Prints per-epoch training seconds and validation Dice.

    PYTHONPATH=/work/ref/MONAI /usr/bin/python3 benchmarks/monai/unet_demo.py --config cpu --epochs 5 --threads 2
    python3 benchmarks/monai/unet_demo.py --config monai --device cuda        # on the GPU host (torch 2.11)
"""
import argparse
import time

import numpy as np
import torch
import monai
from monai.data import DataLoader, Dataset, create_test_image_3d, list_data_collate
from monai.inferers import sliding_window_inference
from monai.losses import DiceLoss
from monai.metrics import DiceMetric
from monai.networks.nets import UNet
from monai.transforms import Compose, RandCropByPosNegLabeld, RandRotate90d

CONFIGS = {  # mirrors dev.axial.apps.TrainingConfig.cpu() and .monai()
    "cpu": dict(volumes=40, train=32, size=64, rad_max=15, rad_min=4, crop=48, samples=4, batch=2,
                channels=(16, 32, 64, 128), strides=(2, 2, 2), res=2, lr=1e-3, epochs=20, roi=48, workers=1),
    "monai": dict(volumes=40, train=32, size=128, rad_max=30, rad_min=5, crop=96, samples=4, batch=2,
                  channels=(16, 32, 64, 128, 256), strides=(2, 2, 2, 2), res=2, lr=1e-3, epochs=10, roi=96, workers=4),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="cpu", choices=CONFIGS)
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    c = dict(CONFIGS[a.config])
    if a.epochs:
        c["epochs"] = a.epochs
    if a.workers is not None:
        c["workers"] = a.workers
    if a.threads:
        torch.set_num_threads(a.threads)
    monai.utils.set_determinism(a.seed)
    dev = torch.device(a.device)
    print(f"MONAI {monai.__version__}, torch {torch.__version__}, {dev}, threads {torch.get_num_threads()}, config {a.config}: {c}")

    t = time.time()
    rs = np.random.RandomState(a.seed)
    items = []
    for _ in range(c["volumes"]):
        im, seg = create_test_image_3d(c["size"], c["size"], c["size"], num_objs=12, rad_max=c["rad_max"], rad_min=c["rad_min"],
                                       noise_max=0.0, num_seg_classes=1, channel_dim=0, random_state=rs)
        items.append({"image": im.astype(np.float32), "label": seg.astype(np.float32)})
    print(f"data: {time.time() - t:.1f} s")
    train = Compose([
        RandCropByPosNegLabeld(keys=["image", "label"], label_key="label", spatial_size=[c["crop"]] * 3, pos=1, neg=1,
                               num_samples=c["samples"]),
        RandRotate90d(keys=["image", "label"], prob=0.5, spatial_axes=[0, 2]),
    ])
    loader = DataLoader(Dataset(items[:c["train"]], train), batch_size=c["batch"], shuffle=True, num_workers=c["workers"],
                        collate_fn=list_data_collate, pin_memory=dev.type == "cuda")
    val = items[c["train"]:]
    model = UNet(3, 1, 1, channels=c["channels"], strides=c["strides"], num_res_units=c["res"]).to(dev)
    loss_fn = DiceLoss(sigmoid=True)
    opt = torch.optim.Adam(model.parameters(), c["lr"])
    metric = DiceMetric(include_background=True, reduction="mean")
    for epoch in range(1, c["epochs"] + 1):
        model.train()
        t = time.time()
        total, steps = 0.0, 0
        for b in loader:
            x, y = b["image"].to(dev), b["label"].to(dev)
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item()
            steps += 1
        if dev.type == "cuda":
            torch.cuda.synchronize()
        train_s = time.time() - t
        model.eval()
        t = time.time()
        with torch.no_grad():
            for it in val:
                x = torch.as_tensor(it["image"])[None].to(dev)
                y = torch.as_tensor(it["label"])[None].to(dev)
                p = sliding_window_inference(x, [c["roi"]] * 3, 4, model, overlap=0.25)
                metric(y_pred=(torch.sigmoid(p) > 0.5).float(), y=y)
        dice = metric.aggregate().item()
        metric.reset()
        print(f"epoch {epoch}/{c['epochs']}: loss {total / steps:.4f}  train {train_s:.2f} s  val {time.time() - t:.2f} s  dice {dice:.4f}",
              flush=True)


if __name__ == "__main__":
    main()
