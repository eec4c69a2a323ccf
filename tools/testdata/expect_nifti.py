#!/usr/bin/python3
"""Expected values for the NIfTI/Analyze reader, from nibabel and MONAI's NibabelReader.

Run with Debian's python3 and MONAI on the path:
    PYTHONPATH=/work/ref/MONAI /usr/bin/python3 tools/testdata/expect_nifti.py
Writes io/src/test/resources/expectations/nifti.txt (format: io/src/test/java/dev/axial/io/Expectations.java).
The .hdr files of nibabel's test data come without their .img: for those, an .img is made whose byte i is
(7 i + 3) mod 256, from byte 0 to vox_offset + the data size; the Java test makes the same file.
"""
import os, shutil, sys, tempfile
import numpy as np
import nibabel as nib
import monai
from monai.data import NibabelReader

ROOT = os.environ.get("AXIAL_TESTDATA") or os.path.expanduser("~/.cache/axial/testdata")
NIB = "python3-nibabel/usr/lib/python3/dist-packages/nibabel/tests/data/"
MRI = "mricron-data/usr/share/mricron/templates/"
FILES = [NIB + f for f in ["anatomical.nii", "example4d.nii.gz", "example_nifti2.nii.gz", "functional.nii",
                           "standard.nii.gz", "reoriented_anat_moved.nii", "resampled_anat_moved.nii"]]
FILES += [MRI + f for f in ["ch2.nii.gz", "aal.nii.gz", "ch2bet.nii.gz", "brodmann.nii.gz",
                            "inia19-t1-brain.nii.gz", "jhu189.nii.gz", "JHU-WhiteMatter-labels-2mm.nii.gz",
                            "natbrainlab.nii.gz"]]
PAIRS = [NIB + f for f in ["analyze.hdr", "nifti1.hdr", "nifti2.hdr"]]
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "../../io/src/test/resources/nifti")


def make_resources():
    """Small files whose pixdim disagrees with the affine, for MONAI's header correction paths."""
    os.makedirs(RESOURCES, exist_ok=True)
    data = (np.arange(4 * 5 * 3, dtype=np.int16) * 3 - 50).reshape(4, 5, 3)
    rot = np.array([[0.0, -2, 0, 10], [2, 0, 0, -3], [0, 0, 2, 7], [0, 0, 0, 1]])
    # sform (zooms 2) disagrees with pixdim 1, the qform agrees: MONAI replaces the sform by the qform
    img = nib.Nifti1Image(data, None)
    img.header.set_qform(np.diag([1.0, 1, 1, 1]), code=1)
    img.header.set_sform(rot, code=2)
    img.header["pixdim"][1:4] = 1
    img.header.set_qform(np.diag([1.0, 1, 1, 1]) + np.array([[0, 0, 0, 4], [0, 0, 0, 5], [0, 0, 0, 6], [0, 0, 0, 0]]), code=1)
    nib.save(img, os.path.join(RESOURCES, "sform_mismatch.nii"))
    # both disagree with pixdim (3): MONAI overwrites pixdim with the affine's spacing
    img = nib.Nifti1Image(data.astype(np.float32), None)
    img.header.set_sform(rot, code=2)
    img.header.set_qform(rot, code=0)
    img.header["pixdim"][1:4] = 3
    nib.save(img, os.path.join(RESOURCES, "both_mismatch.nii.gz"))
    # 4-D: MONAI compares with the 4x4 column norms, so pixdim[4] becomes |translation, 1|
    img = nib.Nifti1Image(np.stack([data, data + 1], -1).astype(np.uint8), rot)
    nib.save(img, os.path.join(RESOURCES, "four_d.nii.gz"))
    # scaled int16 (nibabel: float64) and big-endian float64
    img = nib.Nifti1Image(data, rot)
    img.header.set_slope_inter(0.5, -3)
    nib.save(img, os.path.join(RESOURCES, "scaled.nii"))
    big = nib.Nifti1Image(data.astype(np.float64) / 7, rot, header=nib.Nifti1Header(endianness=">"))
    nib.save(big, os.path.join(RESOURCES, "big_endian_f8.nii"))
    return ["sform_mismatch.nii", "both_mismatch.nii.gz", "four_d.nii.gz", "scaled.nii", "big_endian_f8.nii"]


def num(v):
    v = float(v)
    return "NaN" if v != v else repr(v)


def section(out, name, path):
    r = NibabelReader()
    img = r.read(path)
    arr, meta = r.get_data(img)
    arr = np.asarray(arr)
    out.append(f"[{name}]")
    out.append("shape " + " ".join(str(s) for s in arr.shape))
    out.append("dtype " + arr.dtype.name)
    out.append("affine " + " ".join(num(v) for v in np.asarray(meta["affine"]).ravel()))
    out.append("spatial_shape " + " ".join(str(int(s)) for s in meta["spatial_shape"]))
    out.append("original_channel_dim " + num(meta["original_channel_dim"]))
    out.append("pixdim " + " ".join(num(v) for v in np.asarray(meta["pixdim"]).ravel()))
    out.append("dim " + " ".join(str(int(v)) for v in np.asarray(meta["dim"]).ravel()))
    for k in ("datatype", "bitpix", "qform_code", "sform_code"):
        if k in meta:
            out.append(f"{k} {int(meta[k])}")
    a = arr.astype(np.float64)
    out.append("sum " + num(a.sum()))
    out.append("min " + num(a.min()))
    out.append("max " + num(a.max()))
    rs = np.random.RandomState(0)
    idx = [tuple(0 for _ in arr.shape), tuple(s - 1 for s in arr.shape), tuple(s // 2 for s in arr.shape)]
    idx += [tuple(int(rs.randint(0, s)) for s in arr.shape) for _ in range(5)]
    for i in idx:
        out.append("voxel " + " ".join(str(v) for v in i) + " " + num(a[i]))


def main():
    out = [f"# made by tools/testdata/expect_nifti.py with nibabel {nib.__version__}, MONAI {monai.__version__}, numpy {np.__version__}"]
    for f in FILES:
        p = os.path.join(ROOT, f)
        if os.path.exists(p):
            section(out, f.split("/")[0] + "/" + os.path.basename(f), p)
    for f in make_resources():
        section(out, "resource/" + f, os.path.join(RESOURCES, f))
    tmp = tempfile.mkdtemp()
    try:
        for f in PAIRS:
            p = os.path.join(ROOT, f)
            if not os.path.exists(p):
                continue
            hdr = os.path.join(tmp, os.path.basename(f))
            shutil.copy(p, hdr)
            h = nib.load(hdr).header
            n = int(nib.load(hdr).dataobj.offset) + int(np.prod(h.get_data_shape())) * h.get_data_dtype().itemsize
            with open(hdr[:-4] + ".img", "wb") as fo:
                fo.write(((np.arange(n, dtype=np.int64) * 7 + 3) % 256).astype(np.uint8).tobytes())
            section(out, f.split("/")[0] + "/" + os.path.basename(f) + "+img", hdr)
    finally:
        shutil.rmtree(tmp)
    dst = os.path.join(HERE, "../../io/src/test/resources/expectations/nifti.txt")
    with open(dst, "w") as fo:
        fo.write("\n".join(out) + "\n")
    print("wrote", os.path.normpath(dst), len(out), "lines")


if __name__ == "__main__":
    sys.exit(main())
