#!/usr/bin/python3
"""Makes the small NumPy / MetaImage / NRRD test files under io/src/test/resources/npy_itk/ and what MONAI's
readers report for them in io/src/test/resources/expectations/npy_itk.txt.

Run from the repository root:  PYTHONPATH=/work/ref/MONAI /usr/bin/python3 tools/testdata/expect_npy_itk.py

- .npy/.npz: written by numpy itself; expectations from MONAI's NumpyReader (read + get_data).
- .nrrd/.nhdr: written by teem's `unu` (apt-get install teem-apps), the reference NRRD library.
- .mha/.mhd: neither python3-simpleitk nor python3-itk is packaged by Debian here, so the MetaImage headers
  are HAND-WRITTEN below (as ITK's MetaImageIO writes them). MONAI's ITKReader and NrrdReader cannot run
  either (no itk / pynrrd): for those files the expectations apply MONAI's formulas (ITKReader._get_affine,
  NrrdReader._get_affine with index_order "F", orientation_ras_lps) to the geometry the script wrote.
"""
import os, subprocess, sys, zlib
import numpy as np

OUT = "io/src/test/resources/npy_itk"
EXP = "io/src/test/resources/expectations/npy_itk.txt"
os.makedirs(OUT, exist_ok=True)
lines = []


def fmt(v):
    if isinstance(v, (bool, np.bool_)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(int(v))


def record(name, arr, meta, affine=None):
    a = np.asarray(arr)
    lines.append(f"[{name}]")
    lines.append("shape " + " ".join(str(s) for s in a.shape) if a.ndim else "shape")
    lines.append(f"dtype {a.dtype.name}")
    ss = meta.get("spatial_shape")
    lines.append("spatial_shape " + " ".join(str(int(s)) for s in np.asarray(ss).ravel()))
    ocd = meta.get("original_channel_dim")
    lines.append("original_channel_dim " + ("nan" if isinstance(ocd, float) and np.isnan(ocd) else str(int(ocd))))
    if affine is not None:
        lines.append("affine " + " ".join(fmt(x) for x in np.asarray(affine, dtype=np.float64).ravel()))
    if a.size:
        f = a.astype(np.float64)
        lines.append("sum " + fmt(f.sum()))
        lines.append("min " + fmt(f.min()))
        lines.append("max " + fmt(f.max()))
        flat = a.reshape(-1)
        for k in sorted(set(np.linspace(0, a.size - 1, min(8, a.size)).astype(int))):
            idx = np.unravel_index(k, a.shape) if a.ndim else ()
            lines.append("voxel " + " ".join(str(int(i)) for i in idx) + (" " if idx else "") + fmt(a[idx]))


def monai_numpy(path, **kw):
    from monai.data.image_reader import NumpyReader
    r = NumpyReader(**kw)
    return r.get_data(r.read(path))


def values(dtype, shape):
    n = int(np.prod(shape))
    v = (np.arange(n) * 37 % 101 - 40)
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return (np.arange(n).reshape(shape) % 3 == 0)
    if dt.kind == "u":
        v = np.abs(v) * (1000 if dt.itemsize >= 2 else 2)
    elif dt.kind == "i":
        v = v * (300 if dt.itemsize >= 2 else 1)
    else:
        v = v / 8.0
    return v.reshape(shape).astype(dtype)


# ---- NumPy ---------------------------------------------------------------------------------------
def npy(name, arr, version=None, **kw):
    p = f"{OUT}/{name}"
    with open(p, "wb") as f:
        np.lib.format.write_array(f, arr, version=version)
    img, meta = monai_numpy(p, **kw)
    record(name, img, meta)


for d in ["|b1", "|u1", "|i1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8"]:
    npy(f"c_{d[1:]}.npy", values(d, (3, 4, 5)))
for d in [">i2", ">u2", ">i4", ">u4", ">i8", ">u8", ">f2", ">f4", ">f8"]:
    npy(f"be_{d[1:]}.npy", values(d, (2, 3, 4)))
for d in ["<f4", "<i2", ">f8"]:
    npy(f"f_{d[1:]}_{'be' if d[0] == '>' else 'le'}.npy", np.asfortranarray(values(d, (3, 4, 5))))
npy("f_2d_u2.npy", np.asfortranarray(values("<u2", (5, 7))))
npy("zero_d.npy", np.array(3.5, dtype="<f8"))
npy("empty.npy", np.zeros((0, 3), dtype="<f4"))
npy("one_d.npy", values("<i4", (11,)))
npy("v2.npy", values("<f4", (4, 3)), version=(2, 0))
npy("v3.npy", values("<i2", (4, 3)), version=(3, 0))
npy("chan_last.npy", values("<f4", (4, 5, 3)), channel_dim=-1)
np.savez(f"{OUT}/two.npz", image=values("<f4", (3, 4)), label=values("|u1", (3, 4)).astype("<f4"))
record("two.npz", *monai_numpy(f"{OUT}/two.npz"))
np.savez_compressed(f"{OUT}/two_deflated.npz", a=values("<i2", (2, 3, 4)), b=values("<i2", (2, 3, 4)) * 2)
record("two_deflated.npz", *monai_numpy(f"{OUT}/two_deflated.npz"))
img, meta = monai_numpy(f"{OUT}/two_deflated.npz", npz_keys="b")
record("two_deflated.npz#b", img, meta)
np.savez(f"{OUT}/single.npz", values("<f8", (6, 2)))
record("single.npz", *monai_numpy(f"{OUT}/single.npz"))
img, meta = monai_numpy(f"{OUT}/two_deflated.npz", channel_dim=0)
record("two_deflated.npz#cd0", img, meta)


# ---- MetaImage and NRRD (section below) ------------------------------------------------------------
if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "expect_npy_itk_itk.py")):
    exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "expect_npy_itk_itk.py")).read())

import monai
with open(EXP, "w") as f:
    f.write(f"# made by tools/testdata/expect_npy_itk.py with numpy {np.__version__}, MONAI {monai.__version__}"
            f"{ITK_NOTE if 'ITK_NOTE' in globals() else ''}\n")
    f.write("\n".join(lines) + "\n")
