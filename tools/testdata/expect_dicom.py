#!/usr/bin/env python3
"""Expected values for the real DICOM test files, computed with pydicom and MONAI's PydicomReader.

Run: PYTHONPATH=/work/ref/MONAI /usr/bin/python3 tools/testdata/expect_dicom.py
Writes io/src/test/resources/expectations/dicom.txt. For each file, in the array MONAI's
PydicomReader gives (pixel_array, RescaleSlope/Intercept as float32 where present, axes 0 and 1 swapped):
shape, dtype, sum, min, max, 8 voxels (index then value), and where MONAI can read the file: affine,
spatial_shape, original_channel_dim. Files pydicom cannot decode get `error <reason>` (our reader must
fail clearly, or for JPEG 12-bit/lossless say so); `same_as <file>` names a lossless twin whose pixels
must match exactly (pydicom here has no decoder for JPEG lossless).
"""
import os, sys, warnings
import numpy as np
import pydicom
from pydicom.uid import ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian
warnings.simplefilter("ignore")

ROOT = os.environ.get("AXIAL_TESTDATA", os.path.expanduser("~/.cache/axial/testdata"))
PYD = "python3-pydicom/usr/lib/python3/dist-packages/pydicom/data/test_files/"
NIB = "python3-nibabel/usr/lib/python3/dist-packages/nibabel/tests/data/"

FILES = [PYD + f for f in [
    "CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm",
    "MR_small_RLE.dcm", "MR_small_padded.dcm", "ExplVR_BigEnd.dcm", "ExplVR_LitEndNoMeta.dcm",
    "ExplVR_BigEndNoMeta.dcm", "no_meta.dcm", "image_dfl.dcm", "liver_1frame.dcm", "liver_expb_1frame.dcm",
    "rtdose.dcm", "rtdose_1frame.dcm", "rtdose_expb.dcm", "rtdose_rle.dcm", "rtdose_rle_1frame.dcm",
    "SC_rgb_small_odd.dcm", "SC_rgb_rle.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_rle_16bit.dcm",
    "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_32bit.dcm", "SC_rgb_rle_32bit_2frame.dcm",
    "SC_ybr_full_422_uncompressed.dcm", "SC_rgb_jpeg_dcmd.dcm",
    "SC_rgb_jpeg.dcm", "SC_rgb_jpeg_app14_dcmd.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_jpeg_lossy_gdcm.dcm",
    "SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_+eb+cy+n1.dcm", "SC_rgb_dcmtk_+eb+cy+n2.dcm",
    "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm", "SC_rgb_dcmtk_+eb+cy+s4.dcm",
    "SC_rgb_small_odd_jpeg.dcm", "SC_jpeg_no_color_transform.dcm", "SC_jpeg_no_color_transform_2.dcm",
    "SC_rgb_jpeg_gdcm.dcm", "JPEG-lossy.dcm", "JPGExtended.dcm",
    "JPEG2000.dcm", "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_truncated.dcm",
]] + [NIB + "0.dcm", NIB + "1.dcm"]
LOSSY = {"SC_rgb_jpeg.dcm", "SC_rgb_jpeg_app14_dcmd.dcm", "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_jpeg_lossy_gdcm.dcm",
         "SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_+eb+cy+n1.dcm", "SC_rgb_dcmtk_+eb+cy+n2.dcm",
         "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm", "SC_rgb_dcmtk_+eb+cy+s4.dcm",
         "SC_rgb_small_odd_jpeg.dcm", "SC_jpeg_no_color_transform.dcm", "SC_jpeg_no_color_transform_2.dcm"}
# pydicom 2.3 has no JPEG lossless decoder: the lossless file must equal its uncompressed/RLE twin.
SAME_AS = {"SC_rgb_jpeg_gdcm.dcm": PYD + "SC_rgb_rle.dcm"}
ERRORS = {"JPEG2000.dcm": "1.2.840.10008.1.2.4.91", "MR_small_jp2klossless.dcm": "1.2.840.10008.1.2.4.90",
          "MR_small_jpeg_ls_lossless.dcm": "1.2.840.10008.1.2.4.80", "MR_truncated.dcm": "PixelData",
          # README: "CT_small.dcm with no File Meta"; its first byte is a stray 0x20, so no syntax parses it
          # (pydicom 2.3 finds one bogus UN element): a clear error, naming an element length
          "no_meta.dcm": "length"}
NO_META_SYNTAX = {}
# pydicom 2.3 needs Pillow with 12-bit JPEG for these; we record shape and dtype only.
NO_REFERENCE = {"JPEG-lossy.dcm", "JPGExtended.dcm"}


def fmt(v):
    v = float(v)
    return repr(int(v)) if v == int(v) and abs(v) < 2**53 else repr(v)


def monai_array(ds):
    a = ds.pixel_array
    if hasattr(ds, "RescaleSlope") or hasattr(ds, "RescaleIntercept"):
        a = a.astype(np.float32) * getattr(ds, "RescaleSlope", 1.0) + getattr(ds, "RescaleIntercept", 0.0)
    return np.ascontiguousarray(np.swapaxes(a, 0, 1))


def dataset(path):
    name = os.path.basename(path)
    if name in NO_META_SYNTAX:  # pydicom 2.3 guesses implicit LE for no_meta.dcm, which is explicit BE
        from pydicom.filereader import read_dataset
        syntax = NO_META_SYNTAX[name]
        with open(path, "rb") as f:
            ds = read_dataset(f, syntax.is_implicit_VR, syntax.is_little_endian)
        ds.file_meta = pydicom.dataset.FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = syntax
        return ds
    ds = pydicom.dcmread(path, force=True)
    if "TransferSyntaxUID" not in ds.file_meta:  # no meta: the syntax pydicom guessed while reading
        ds.file_meta.TransferSyntaxUID = (ImplicitVRLittleEndian if ds.is_implicit_VR else
                                          ExplicitVRLittleEndian if ds.is_little_endian else ExplicitVRBigEndian)
    return ds


def main():
    from monai.transforms import LoadImage
    from monai.data import PydicomReader
    import monai
    out = [f"# made by tools/testdata/expect_dicom.py with pydicom {pydicom.__version__}, numpy {np.__version__}, MONAI {monai.__version__}"]
    for rel in FILES:
        path = os.path.join(ROOT, rel)
        if not os.path.exists(path):
            continue
        name = os.path.basename(rel)
        out.append(f"[{rel}]")
        if name in ERRORS:
            out.append(f"error {ERRORS[name]}")
            continue
        ds = dataset(path)
        if "PixelData" not in ds:  # header-only files: the parser is checked on a few tags
            out.append("error PixelData")
            for kw in ("StudyDate", "Modality", "PatientName", "SOPClassUID"):
                if kw in ds and ds[kw].value not in (None, ""):
                    out.append(f"tag {ds[kw].tag.group:04X}{ds[kw].tag.element:04X} {ds[kw].value}")
            continue
        if name in NO_REFERENCE:
            shape = (ds.Columns, ds.Rows)
            out.append("shape " + " ".join(map(str, shape)))
            out.append("bits " + str(ds.BitsStored))
            continue
        if name in SAME_AS:
            out.append("same_as " + SAME_AS[name])
            continue
        a = monai_array(ds)
        dt = a.dtype.newbyteorder("=") if a.dtype.byteorder == ">" else a.dtype
        out.append("shape " + " ".join(map(str, a.shape)))
        out.append("dtype " + np.dtype(dt).name)
        if name in LOSSY:
            out.append("lossy 1")
        out.append("sum " + fmt(a.astype(np.float64).sum()))
        out.append("min " + fmt(a.min()))
        out.append("max " + fmt(a.max()))
        rs = np.random.RandomState(0)
        for _ in range(8):
            idx = tuple(int(rs.randint(0, s)) for s in a.shape)
            out.append("voxel " + " ".join(map(str, idx)) + " " + fmt(a[idx]))
        try:
            img, meta = LoadImage(reader=PydicomReader(), image_only=False, dtype=None)(path)
            assert tuple(img.shape) == a.shape, (img.shape, a.shape)
            out.append("affine " + " ".join(fmt(x) for x in np.asarray(meta["affine"]).ravel()))
            out.append("spatial_shape " + " ".join(str(int(x)) for x in meta["spatial_shape"]))
            ocd = meta["original_channel_dim"]
            out.append("original_channel_dim " + ("nan" if isinstance(ocd, float) and np.isnan(ocd) else str(int(ocd))))
            out.append("monai_dtype " + str(img.dtype).replace("torch.", ""))
        except Exception as e:
            out.append("# MONAI: " + type(e).__name__ + " " + str(e).splitlines()[0][:100])
    dest = os.path.join(os.path.dirname(__file__), "../../io/src/test/resources/expectations/dicom.txt")
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote", os.path.normpath(dest), len(out), "lines")


if __name__ == "__main__":
    main()
