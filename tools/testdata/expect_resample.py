#!/usr/bin/python3
"""Reference numbers for SaveImage(resample=True): MONAI's SaveImage resamples a tiny volume from its affine back
to original_affine/spatial_shape (or, without a spatial_shape, to the shape it computes from the affines) and writes
it with NibabelWriter; we record the written array and affine. The [png_*] sections: SaveImage(output_ext=".png")
through PILWriter (resample=True resizes to spatial_shape, then the cast to uint8/uint16); we record the PNG's
mode and its pixels in (W, H[, C]) order, as PILReader gives them.

Run: PYTHONPATH=/work/ref/MONAI /usr/bin/python3 tools/testdata/expect_resample.py
Writes io/src/test/resources/expectations/resample.txt. The input of each 3-D case is
(1, *in_shape) float32 with value 0.25 * flat_index - 3 (C order), identical in the Java test; the input of each
PNG case is in_shape (channel first) float32 with value (flat_index * step) % modulo + offset.
"""
import math
import os
import tempfile

import nibabel as nib
import numpy as np
import torch
from PIL import Image

import monai
from monai.data import MetaTensor
from monai.transforms import SaveImage


def rot_z(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return np.array([[c, -s, 0, 0], [s, c, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])


def aff(scale, trans, rot=0.0):
    a = np.diag(list(scale) + [1.0])
    a[:3, 3] = trans
    return rot_z(rot) @ a


CASES = {
    # name: (in_shape, affine, original_affine, spatial_shape, mode, padding)
    "zoom_nearest": ((4, 3, 2), aff((2, 2, 3), (0, 0, 0)), aff((1, 1, 1.5), (-0.5, -0.5, -0.75)), (8, 6, 4), "nearest", "border"),
    "zoom_bilinear": ((4, 3, 2), aff((2, 2, 3), (0, 0, 0)), aff((1, 1, 1.5), (-0.5, -0.5, -0.75)), (8, 6, 4), "bilinear", "border"),
    "shift_zeros": ((5, 4, 3), aff((1, 1, 1), (0, 0, 0)), aff((1, 1, 1), (1.5, -0.5, 0.25)), (5, 4, 3), "bilinear", "zeros"),
    "rotate_reflection": ((5, 4, 3), aff((1.5, 1, 2), (3, -2, 1), 20), aff((1, 1.25, 2), (2, -3, 1)), (6, 5, 3), "bilinear", "reflection"),
    "flip_nearest": ((5, 4, 3), aff((1, 1, 1), (0, 0, 0)), np.diag([-1.0, 1, 1, 1]) @ aff((1, 1, 1), (-4, 0, 0)), (5, 4, 3), "nearest", "border"),
    "unchanged": ((3, 2, 2), aff((1, 1, 1), (0, 0, 0)), aff((1, 1, 1), (0, 0, 0.0001)), (3, 2, 2), "bilinear", "border"),
    # no spatial_shape: MONAI's compute_shape_offset picks the output shape
    "auto_zoom": ((4, 3, 2), aff((2, 2, 3), (0, 0, 0)), aff((1, 1, 1.5), (-0.5, -0.5, -0.75)), None, "bilinear", "border"),
    "auto_rotate": ((5, 4, 3), aff((1.5, 1, 2), (3, -2, 1), 30), aff((1, 1.25, 2), (2, -3, 1)), None, "nearest", "zeros"),
    # no original_affine: the target is the image's own affine, so a new spatial_shape crops/pads
    "no_original": ((4, 3, 2), aff((2, 2, 3), (1, 0, 0)), None, (5, 2, 3), "bilinear", "zeros"),
}

PNG_CASES = {
    # name: (in_shape (C, W, H), step, modulo, offset, spatial_shape or None (no resample), mode, output_dtype)
    "png_bilinear_up": ((1, 4, 3), 37.3, 251, 0.6, (7, 5), "bilinear", np.float32),
    "png_bicubic_rgb": ((3, 4, 3), 37.3, 251, 0.6, (6, 8), "bicubic", np.uint8),
    "png_nearest_down": ((1, 6, 5), 37.3, 251, 0.6, (3, 2), "nearest", np.float32),
    "png_area_down": ((1, 6, 4), 37.3, 251, 0.6, (3, 3), "area", np.float32),
    "png_u16_bilinear": ((1, 4, 3), 4099.7, 65500, 0.3, (5, 5), "bilinear", np.uint16),
    "png_u16_plain": ((1, 5, 4), 4099.7, 65500, 0.3, None, "nearest", np.uint16),
}


def fmt(xs):
    return " ".join(repr(float(x)) for x in np.asarray(xs).ravel())


def main():
    out = os.path.join(os.path.dirname(__file__), "../../io/src/test/resources/expectations/resample.txt")
    lines = [f"# made by tools/testdata/expect_resample.py with MONAI {monai.__version__}, torch {torch.__version__}, "
             f"nibabel {nib.__version__}, numpy {np.__version__}, PIL {Image.__version__}"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, (shape, a, o, ss, mode, pad) in CASES.items():
            arr = (np.arange(int(np.prod(shape)), dtype=np.float64) * 0.25 - 3).astype(np.float32).reshape((1, *shape))
            meta = {"filename_or_obj": f"/data/{name}.nii"}
            if o is not None:
                meta["original_affine"] = o
            if ss is not None:
                meta["spatial_shape"] = np.array(ss)
            img = MetaTensor(torch.as_tensor(arr), affine=torch.as_tensor(a), meta=meta)
            saver = SaveImage(output_dir=tmp, resample=True, mode=mode, padding_mode=pad, output_dtype=np.float32,
                              separate_folder=False, print_log=False)
            saver(img)
            path = os.path.join(tmp, f"{name}_trans.nii.gz")
            written = nib.load(path)
            data = np.asanyarray(written.dataobj)
            lines += [f"[{name}]", f"in_shape {' '.join(map(str, shape))}", f"affine {fmt(a)}",
                      *([f"original_affine {fmt(o)}"] if o is not None else []),
                      *([f"spatial_shape {' '.join(map(str, ss))}"] if ss is not None else []), f"mode {mode}", f"padding {pad}",
                      f"out_shape {' '.join(map(str, data.shape))}", f"out_affine {fmt(saver.writer_obj.affine)}",
                      f"values {fmt(data)}"]
        for name, (shape, step, mod, off, ss, mode, odt) in PNG_CASES.items():
            n = int(np.prod(shape))
            arr = ((np.arange(n, dtype=np.float64) * step) % mod + off).astype(np.float32).reshape(shape)
            meta = {"filename_or_obj": f"/data/{name}.png"}
            if ss is not None:
                meta["spatial_shape"] = np.array(ss)
            img = MetaTensor(torch.as_tensor(arr), meta=meta)
            SaveImage(output_dir=tmp, output_ext=".png", resample=ss is not None, mode=mode, output_dtype=odt,
                      separate_folder=False, print_log=False)(img)
            with Image.open(os.path.join(tmp, f"{name}_trans.png")) as im:
                mode_on_disk = im.mode
                data = np.moveaxis(np.asarray(im), 0, 1)  # (W, H[, C]), PILReader's reverse_indexing
            lines += [f"[{name}]", f"in_shape {' '.join(map(str, shape))}", f"step {step!r}", f"modulo {mod}",
                      f"offset {off!r}", *([f"spatial_shape {' '.join(map(str, ss))}"] if ss is not None else []),
                      f"mode {mode}", f"output_dtype {np.dtype(odt).name}", f"png_mode {mode_on_disk}",
                      f"out_shape {' '.join(map(str, data.shape))}", f"values {fmt(data)}"]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
