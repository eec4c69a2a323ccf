#!/usr/bin/env bash
# Builds the CUDA kernels, called by tensor's Maven build (generate-resources):
#   kernels/build.sh CLASSES_DIR EMU_DIR
# 1. nvcc: every kernels/*.cu to PTX for virtual architecture compute_80 (the driver JIT-compiles it
#    for Ampere, Hopper and newer) into CLASSES_DIR/dev/axial/tensor/cuda/kernels/NAME.ptx.
#    Also, per architecture in AXIAL_CUBIN_ARCHS (default "90": the H100 test host), machine code as
#    NAME.sm_90.cubin, which the backend loads instead of the PTX on such a GPU: no JIT at first use.
# 2. The sources themselves go to .../kernels/src/ for NVRTC, the run-time fallback where no nvcc was.
# 3. g++: the same sources with -DAXEMU, plus kernels/emu/*.cpp, into EMU_DIR/libaxemu.so: the CPU
#    emulator of the driver, cuBLAS and cuDNN that the tests run the CUDA backend on (no GPU needed).
# A missing nvcc or g++ is not an error: the step says what it skipped, and the backend says at run
# time what it lacks. Rebuilds only what changed; compiles in parallel.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
classes=$1
emu=$2
out="$classes/dev/axial/tensor/cuda/kernels"
mkdir -p "$out/src/include" "$emu/obj"
jobs=$(nproc 2>/dev/null || echo 2)

nvcc=$(command -v nvcc || true)
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
cuda_home=${CUDA_HOME:-$( [ -n "$nvcc" ] && dirname "$(dirname "$(readlink -f "$nvcc")")" || echo /usr/local/cuda)}
cuda_inc="$cuda_home/include"
[ -f "$cuda_inc/cuda_fp16.h" ] || cuda_inc=/usr/local/cuda/include

headers=("$here"/include/*.cuh "$here"/emu/*.h)
sources=("$here"/*.cu)
[ -e "${sources[0]}" ] || { echo "kernels: no .cu sources"; exit 0; }

newer_than() {  # true if $1 is missing or older than any of the rest
  local t=$1; shift
  [ -f "$t" ] || return 0
  local f
  for f in "$@"; do [ "$f" -nt "$t" ] && return 0; done
  return 1
}

cp -p "${sources[@]}" "$out/src/"
cp -p "$here"/include/*.cuh "$out/src/include/"

if [ -n "$nvcc" ]; then
  todo=()
  for cu in "${sources[@]}"; do
    name=$(basename "$cu" .cu)
    newer_than "$out/$name.ptx" "$cu" "$here"/include/*.cuh && todo+=("$cu")
  done
  archs=${AXIAL_CUBIN_ARCHS-90}
  if [ ${#todo[@]} -gt 0 ]; then
    echo "kernels: nvcc -ptx -arch=compute_80: ${#todo[@]} file(s)"
    printf '%s\n' "${todo[@]}" | xargs -P "$jobs" -I{} sh -c \
      'n=$(basename "{}" .cu); "$0" -ptx -arch=compute_80 -O3 -std=c++17 -I "$1/include" "{}" -o "$2/$n.ptx.tmp" && mv "$2/$n.ptx.tmp" "$2/$n.ptx"' \
      "$nvcc" "$here" "$out"
    for sm in $archs; do
      echo "kernels: nvcc -cubin -arch=sm_$sm: ${#todo[@]} file(s)"
      printf '%s\n' "${todo[@]}" | xargs -P "$jobs" -I{} sh -c \
        'n=$(basename "{}" .cu); "$0" -cubin -arch=sm_$3 -O3 -std=c++17 -I "$1/include" "{}" -o "$2/$n.sm_$3.cubin.tmp" && mv "$2/$n.sm_$3.cubin.tmp" "$2/$n.sm_$3.cubin"' \
        "$nvcc" "$here" "$out" "$sm"
    done
  fi
else
  echo "kernels: no nvcc on this machine: no PTX built (the CUDA backend will compile the sources with NVRTC at run time)"
fi

gxx=$(command -v g++ || true)
if [ -n "$gxx" ] && [ -f "$cuda_inc/cuda_fp16.h" ]; then
  objs=()
  todo=()
  for src in "${sources[@]}" "$here"/emu/*.cpp; do
    name=$(basename "$src")
    obj="$emu/obj/${name%.*}.$( [ "${src##*.}" = cu ] && echo k || echo r ).o"
    objs+=("$obj")
    newer_than "$obj" "$src" "${headers[@]}" && todo+=("$src|$obj")
  done
  if [ ${#todo[@]} -gt 0 ] || newer_than "$emu/libaxemu.so" "${objs[@]}"; then
    echo "kernels: g++ -DAXEMU (CPU emulator): ${#todo[@]} file(s)"
    if [ ${#todo[@]} -gt 0 ]; then
      printf '%s\n' "${todo[@]}" | xargs -P "$jobs" -I{} sh -c \
        's=$(echo "{}" | cut -d"|" -f1); o=$(echo "{}" | cut -d"|" -f2); "$0" -std=c++17 -O1 -g -fPIC -DAXEMU -w -x c++ -I "$1/include" -I "$1/emu" -I "$2" -c "$s" -o "$o"' \
        "$gxx" "$here" "$cuda_inc"
    fi
    "$gxx" -shared -o "$emu/libaxemu.so.tmp" "${objs[@]}" -lpthread && mv "$emu/libaxemu.so.tmp" "$emu/libaxemu.so"
  fi
else
  echo "kernels: no g++ or no CUDA headers: CPU emulator not built (CUDA tests will skip on machines without a GPU)"
fi
