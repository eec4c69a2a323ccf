#!/usr/bin/env bash
# Fetches real medical image files written by other software, from Debian's packages, into a cache folder
# (no root needed: apt-get download + dpkg -x). The io tests read them from there and skip, saying why,
# when they are missing.
#   python3-nibabel  nibabel/tests/data: NIfTI-1/2, Analyze .hdr/.img, DICOM 0.dcm/1.dcm
#   python3-pydicom  pydicom/data/test_files: CT/MR in many transfer syntaxes (RLE, JPEG, deflate, big endian)
#   mricron-data     brain templates and atlases (ch2.nii.gz, aal.nii.gz ...)
# Cache: $AXIAL_TESTDATA, else ~/.cache/axial/testdata. Re-running is cheap: a package already unpacked
# is not fetched again. Exit status 0 even when offline (the tests then skip); the reason is printed.
set -uo pipefail
cache=${AXIAL_TESTDATA:-$HOME/.cache/axial/testdata}
packages=(python3-nibabel python3-pydicom mricron-data)
mkdir -p "$cache/debs" || { echo "testdata: cannot create $cache" >&2; exit 0; }
command -v apt-get >/dev/null && command -v dpkg >/dev/null || { echo "testdata: no apt-get/dpkg here; real-file tests will skip" >&2; exit 0; }
for p in "${packages[@]}"; do
  [ -f "$cache/$p/.complete" ] && continue
  (cd "$cache/debs" && apt-get download "$p" >/dev/null 2>"$cache/debs/$p.log") || {
    echo "testdata: apt-get download $p failed ($(tail -1 "$cache/debs/$p.log")); its tests will skip" >&2; continue; }
  deb=$(ls -t "$cache/debs/${p}_"*.deb 2>/dev/null | head -1)
  rm -rf "$cache/$p.tmp" && mkdir -p "$cache/$p.tmp" && dpkg -x "$deb" "$cache/$p.tmp" || {
    echo "testdata: dpkg -x $deb failed; its tests will skip" >&2; rm -rf "$cache/$p.tmp"; continue; }
  basename "$deb" > "$cache/$p.tmp/.complete"
  rm -rf "$cache/$p" && mv "$cache/$p.tmp" "$cache/$p" && rm -f "$deb"
  echo "testdata: $p -> $cache/$p" >&2
done
exit 0
