# MetaImage and NRRD part of expect_npy_itk.py (exec'd by it; uses its OUT, lines, record, values).
# Values and geometry of every file are read back by ITK 5.2 itself (tools/testdata/itk_probe.cxx, built with
# apt-get install libinsighttoolkit5-dev; path in $ITK_PROBE, default /tmp/itkprobe/build/probe); the affine is
# MONAI's formula on that geometry (ITKReader) or on the header (NrrdReader, pynrrd F order).
import os, subprocess, zlib
import numpy as np

PROBE = os.environ.get("ITK_PROBE", "/tmp/itkprobe/build/probe")
ITK_NOTE = ", ITK 5.2 (itk_probe.cxx), teem unu; MetaImage headers hand-written (no python itk/SimpleITK/pynrrd in Debian)"
FLIP = np.diag([-1.0, -1.0, 1.0, 1.0])


def probe(path):
    out = {}
    for ln in subprocess.run([PROBE, path], check=True, capture_output=True, text=True).stdout.splitlines():
        k, *v = ln.split()
        out[k] = v
    n = int(out["ndims"][0])
    size = [int(x) for x in out["size"]]
    comps = int(out["components"][0])
    vals = np.array([float(x) for x in out["values"]])
    arr = vals.reshape(size[::-1] + ([comps] if comps > 1 else []))     # ITK's numpy view: z, y, x, (c)
    arr = arr.T if comps == 1 else np.moveaxis(arr.T, 0, -1)              # MONAI ITKReader: x, y, z, (c)
    d = np.array([float(x) for x in out["direction"]]).reshape(n, n)
    sp = np.array([float(x) for x in out["spacing"]]); org = np.array([float(x) for x in out["origin"]])
    return n, size, comps, arr, d, sp, org


def itk_affine(d, sp, org):
    sr = min(max(d.shape[0], 1), 3)
    a = np.eye(sr + 1)
    a[:sr, :sr] = d[:sr, :sr] @ np.diag(sp[:sr]); a[:sr, -1] = org[:sr]
    flip = np.diag(([-1, 1] if sr == 1 else [-1, -1] + [1] * (sr - 2)) + [1])
    return flip @ a


def mha(name, dtype, met, shape, extra="", comps=1, msb=False, compress=False, detached=None):
    """Hand-written MetaImage as ITK's MetaImageIO writes it; shape is x, y, z (x fastest on disk)."""
    arr = values(dtype, tuple(shape[::-1]) + ((comps,) if comps > 1 else ()))   # C order z, y, x, (c) = file order
    raw = arr.astype(np.dtype(dtype).newbyteorder(">" if msb else "<")).tobytes()
    if compress: raw = zlib.compress(raw)
    n = len(shape)
    hdr = f"ObjectType = Image\nNDims = {n}\nBinaryData = True\nBinaryDataByteOrderMSB = {msb}\n"
    hdr += f"CompressedData = {compress}\n" + (f"CompressedDataSize = {len(raw)}\n" if compress else "") + extra
    hdr += f"DimSize = {' '.join(map(str, shape))}\n" + (f"ElementNumberOfChannels = {comps}\n" if comps > 1 else "")
    hdr += f"ElementType = {met}\nElementDataFile = {detached or 'LOCAL'}\n"
    with open(f"{OUT}/{name}", "wb") as f:
        f.write(hdr.encode()); f.write(b"" if detached else raw)
    if detached:
        with open(f"{OUT}/{detached}", "wb") as f: f.write(raw)
    n_, size, c, a, d, sp, org = probe(f"{OUT}/{name}")
    sr = min(n_, 3)
    ocd = float("nan") if a.ndim == sr else -1
    record(name, a.astype(dtype), {"spatial_shape": size[:sr], "original_channel_dim": ocd}, itk_affine(d, sp, org))


ROT = "TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 10 -20 30\nElementSpacing = 1.5 2 3\n"
mha("m_short_rot.mha", "<i2", "MET_SHORT", [4, 3, 2], ROT)
mha("m_float_msb.mha", "<f4", "MET_FLOAT", [3, 4, 2], ROT, msb=True)
mha("m_uchar_rgb.mha", "|u1", "MET_UCHAR", [5, 4], "ElementSpacing = 0.5 0.25\nOffset = 1 2\n", comps=3)
mha("m_ushort.mhd", "<u2", "MET_USHORT", [4, 3, 2], ROT, detached="m_ushort.raw")
mha("m_double_z.mha", "<f8", "MET_DOUBLE", [4, 3, 2], ROT, compress=True)
mha("m_int_z.mhd", "<i4", "MET_INT", [3, 3, 3], "Offset = 0 0 0\n", compress=True, detached="m_int_z.zraw")
mha("m_char.mha", "|i1", "MET_CHAR", [4, 3, 2], ROT)
mha("m_uint.mha", "<u4", "MET_UINT", [4, 3, 2], ROT)
mha("m_ll.mha", "<i8", "MET_LONG_LONG", [4, 3, 2], "TransformMatrix = 0.8 0.6 0 -0.6 0.8 0 0 0 1\n")


def unu(args, inp=None):
    subprocess.run(["teem-unu"] + args, check=True, input=inp)


def nrrd(name, dtype, utype, shape, dirs=None, origin=None, space=None, kinds=None, enc="raw", sp=None, big=False):
    """Written by teem's unu (shape fastest first); expectation: MONAI NrrdReader's formula on that header."""
    arr = values(dtype, tuple(shape[::-1]))          # file order: first axis fastest
    raw = f"{OUT}/_tmp.raw"
    arr.astype(np.dtype(dtype).newbyteorder(">" if big else "<")).tofile(raw)
    args = ["make", "-i", raw, "-t", utype, "-s"] + [str(s) for s in shape] + ["-en", "big" if big else "little"]
    if space: args += ["-spc", space]
    if dirs: args += ["-dirs", dirs]
    if origin: args += ["-orig", origin]
    if kinds: args += ["-k"] + kinds
    if sp: args += ["-sp"] + [str(s) for s in sp]
    if name.endswith(".nhdr"):
        data = name[:-5] + ".raw"
        os.replace(raw, f"{OUT}/{data}")
        args[2] = f"{OUT}/{data}"
        unu(args + ["-h", "-o", f"{OUT}/{name}"])
        # unu writes the data file path as given; make it relative to the header
        txt = open(f"{OUT}/{name}").read().replace(f"{OUT}/{data}", data)
        open(f"{OUT}/{name}", "w").write(txt)
    else:
        unu(args + ["-o", f"{OUT}/_tmp.nrrd"])
        unu(["save", "-f", "nrrd", "-e", enc, "-i", f"{OUT}/_tmp.nrrd", "-o", f"{OUT}/{name}"])
        os.remove(f"{OUT}/_tmp.nrrd"); os.remove(raw)
    a = arr.T                                          # pynrrd index_order F
    n = len(shape)
    if os.path.exists(PROBE):                          # ITK reads the same values (the probe's x-fastest order)
        _, _, comps, pa, *_ = probe(f"{OUT}/{name}")
        if comps > 1: pa = np.moveaxis(pa, -1, 0)   # ITK makes the vector axis a pixel component
        assert np.array_equal(pa, a.astype(np.float64)), name
    vec = [None if t == "none" else [float(x) for x in t.strip("()").split(",")] for t in (dirs.split() if dirs else [])]
    spatial = [i for i in range(n) if (vec[i] is not None if dirs else (not kinds or kinds[i] in ("domain", "space", "time")))]
    sr = min(len(spatial), 3)
    aff = np.eye(sr + 1)
    for c, ax in enumerate(spatial[:sr]):
        if dirs: aff[:sr, c] = vec[ax][:sr]
        else: aff[c, c] = sp[ax] if sp else 1.0
    if origin: aff[:sr, -1] = [float(x) for x in origin.strip("()").split(",")][:sr]
    if space in (None, "LPS", "left-posterior-superior"):
        aff = FLIP[: sr + 1, : sr + 1] @ aff if sr == 3 else np.diag([-1, -1] + [1] * (sr - 1))[: sr + 1, : sr + 1] @ aff
    ch = [i for i in range(n) if i not in spatial]
    record(name, a, {"spatial_shape": [shape[i] for i in spatial] if ch else shape,
                     "original_channel_dim": ch[0] if ch else float("nan")}, aff)


D3 = "(0,2,0) (-1.5,0,0) (0,0,3)"
nrrd("n_short_lps.nrrd", "<i2", "short", [4, 3, 2], D3, "(10,-20,30)", "LPS")
nrrd("n_float_gz.nrrd", "<f4", "float", [3, 4, 2], D3, "(1,2,3)", "LPS", enc="gzip")
nrrd("n_ushort_ras.nrrd", "<u2", "ushort", [4, 3, 2], D3, "(1,2,3)", "RAS")
nrrd("n_be.nhdr", ">i4", "int", [4, 3, 2], D3, "(1,2,3)", "LPS", big=True)
nrrd("n_ascii.nrrd", "<f8", "double", [3, 2, 2], D3, "(0,0,0)", "LPS", enc="ascii")
nrrd("n_vec.nrrd", "<f4", "float", [3, 4, 3, 2], "none " + D3, "(1,2,3)", "LPS", kinds=["vector", "domain", "domain", "domain"])
nrrd("n_nospace.nrrd", "|u1", "uchar", [5, 4, 3], sp=[0.5, 0.5, 2.0])
