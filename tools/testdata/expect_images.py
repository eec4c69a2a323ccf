#!/usr/bin/python3
"""Makes the small 2-D test images (io/src/test/resources/images/, only those missing: run with --regenerate to
remake them all) with PIL, then writes io/src/test/resources/expectations/images.txt with what PIL and MONAI's
LoadImage(reader="PILReader", image_only=False) report for each: shape (MONAI's (W, H[, C])), dtype (numpy's,
before LoadImage's float32 cast), sum/min/max, voxels at fixed indices, spatial_shape, original_channel_dim and
PIL's format/mode/width/height. Multi-page TIFFs also get all_* keys: every page stacked on a trailing axis
(after the spatial axes, before the channel), the reader's allPages option.

Run: PYTHONPATH=/work/ref/MONAI /usr/bin/python3 tools/testdata/expect_images.py
Debian gives no canonical PNG/TIFF test set, hence the generated files (each < 20 KB)."""
import math
import os
import sys

import numpy as np
import PIL
from PIL import Image, ImageSequence

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGES = os.path.join(ROOT, "io/src/test/resources/images")
OUT = os.path.join(ROOT, "io/src/test/resources/expectations/images.txt")
W, H = 37, 23  # odd, non-square: catches swapped axes and row padding


def ramp(scale, mod=None, dtype=np.uint8, shape=(H, W)):
    y, x = np.mgrid[0:shape[0], 0:shape[1]]
    v = (x * 7 + y * 13) * scale
    if mod:
        v = v % mod
    return v.astype(dtype)


def rgb(channels):
    y, x = np.mgrid[0:H, 0:W]
    planes = [(x * 6) % 256, (y * 11) % 256, ((x + y) * 5) % 256, (x * y) % 256][:channels]
    return np.stack(planes, -1).astype(np.uint8)


def white_is_zero(p):
    """gray8.tif with PhotometricInterpretation 0 (WhiteIsZero): PIL inverts it ("L;I"); PIL cannot write one."""
    Image.fromarray(ramp(1, 256)).save(p)
    data = bytearray(open(p, "rb").read())
    ifd = int.from_bytes(data[4:8], "little")
    for i in range(int.from_bytes(data[ifd:ifd + 2], "little")):
        e = ifd + 2 + 12 * i
        if int.from_bytes(data[e:e + 2], "little") == 262:
            data[e + 8:e + 10] = (0).to_bytes(2, "little")
    open(p, "wb").write(bytes(data))


def make():
    os.makedirs(IMAGES, exist_ok=True)
    rng = np.random.RandomState(6)
    smooth = ((np.sin(np.mgrid[0:H, 0:W][1] / 5.0) + 1) * 100 + np.mgrid[0:H, 0:W][0] * 2).astype(np.uint8)
    photo = np.stack([smooth, np.flipud(smooth), np.fliplr(smooth)], -1)
    files = {
        "gray8.png": lambda p: Image.fromarray(ramp(1, 256)).save(p),
        "gray16.png": lambda p: Image.fromarray(ramp(211, 65536, np.uint16)).save(p),
        "gray_alpha.png": lambda p: Image.fromarray(rgb(2)).save(p),
        "rgb.png": lambda p: Image.fromarray(rgb(3)).save(p),
        "rgba.png": lambda p: Image.fromarray(rgb(4)).save(p),
        "rgb_trns.png": lambda p: Image.fromarray(rgb(3)).save(p, transparency=(0, 0, 0)),
        "gray_trns.png": lambda p: Image.fromarray(ramp(1, 256)).save(p, transparency=0),
        "palette.png": lambda p: Image.fromarray(rgb(3)).quantize(colors=16).save(p),
        "bilevel.png": lambda p: Image.fromarray(ramp(1, 256) > 127).save(p),
        "gray4.png": lambda p: Image.fromarray(ramp(1, 16)).save(p, bits=4),
        "baseline.jpg": lambda p: Image.fromarray(photo).save(p, quality=90),
        "gray.jpg": lambda p: Image.fromarray(smooth).save(p, quality=90),
        "rgb24.bmp": lambda p: Image.fromarray(rgb(3)).save(p),
        "gray8.bmp": lambda p: Image.fromarray(ramp(1, 256)).save(p),
        "bilevel.bmp": lambda p: Image.fromarray(ramp(1, 256) > 100).save(p),
        "palette.gif": lambda p: Image.fromarray(rgb(3)).quantize(colors=32).save(p),
        "gray8.tif": lambda p: Image.fromarray(ramp(1, 256)).save(p),
        "gray16.tif": lambda p: Image.fromarray(ramp(211, 65536, np.uint16)).save(p),
        "float32.tif": lambda p: Image.fromarray((rng.standard_normal((H, W)) * 1000).astype(np.float32)).save(p),
        "rgb_lzw.tif": lambda p: Image.fromarray(rgb(3)).save(p, compression="tiff_lzw"),
        "white_is_zero.tif": white_is_zero,
        "palette.tif": lambda p: Image.fromarray(rgb(3)).quantize(colors=16).save(p),
        "int32.tif": lambda p: Image.fromarray(ramp(-40503, None, np.int32)).save(p),
        "bilevel.tif": lambda p: Image.fromarray(ramp(1, 256) > 60).save(p),
        "multipage_rgb.tif": lambda p: Image.fromarray(rgb(3)).save(
            p, save_all=True, append_images=[Image.fromarray(rgb(3)[::-1].copy()), Image.fromarray(rgb(3)[:, ::-1].copy())]),
        "multipage.tif": lambda p: Image.fromarray(ramp(1, 256)).save(
            p, save_all=True, append_images=[Image.fromarray(ramp(2, 256)), Image.fromarray(ramp(3, 256))]),
    }
    regenerate = "--regenerate" in sys.argv
    for name, write in files.items():
        path = os.path.join(IMAGES, name)
        if regenerate or not os.path.exists(path):
            write(path)
        assert os.path.getsize(path) < 20000, name
    return sorted(files)


def fmt(v):
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return "nan"
        return repr(float(v))
    return str(int(v))


def stats(out, prefix, arr):
    out.append(f"{prefix}shape {' '.join(str(s) for s in arr.shape)}")
    out.append(f"{prefix}dtype {arr.dtype}")
    wide = arr.astype(np.float64) if arr.dtype.kind == "f" else arr.astype(np.int64)
    out.append(f"{prefix}sum {fmt(wide.sum())}")
    out.append(f"{prefix}min {fmt(wide.min())}")
    out.append(f"{prefix}max {fmt(wide.max())}")
    rng = np.random.RandomState(1)
    for _ in range(8):
        idx = tuple(int(rng.randint(s)) for s in arr.shape)
        out.append(f"{prefix}voxel {' '.join(map(str, idx))} {fmt(arr[idx])}")


def main():
    from monai.data import PILReader
    from monai.transforms import LoadImage
    import monai

    names = make()
    out = [f"# made by tools/testdata/expect_images.py with PIL {PIL.__version__}, numpy {np.__version__}, "
           f"MONAI {monai.__version__}",
           "# shape/dtype/values: PILReader().get_data() (LoadImage before its float32 cast); meta: LoadImage"]
    for name in names:
        path = os.path.join(IMAGES, name)
        reader = PILReader()
        arr, _ = reader.get_data(reader.read(path))
        _, meta = LoadImage(reader="PILReader", image_only=False)(path)
        out.append(f"[images/{name}]")
        stats(out, "", arr)
        out.append(f"spatial_shape {' '.join(str(int(s)) for s in meta['spatial_shape'])}")
        out.append(f"original_channel_dim {fmt(meta['original_channel_dim'])}")
        for k in ("format", "mode", "width", "height"):
            out.append(f"{k} {meta[k]}")
        if name.endswith(".tif"):
            with Image.open(path) as im:
                pages = [np.moveaxis(np.asarray(p), 0, 1) for p in ImageSequence.Iterator(im)]
            if len(pages) > 1:
                stacked = np.stack(pages, axis=2)
                stats(out, "all_", stacked)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {OUT}: {len(names)} files")


if __name__ == "__main__":
    main()
