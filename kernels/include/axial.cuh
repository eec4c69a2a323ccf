// axial.cuh: what every kernel file includes. It fixes the kernel ABI that the Java side
// (dev.axial.tensor.cuda.KernelArgs) packs and that the CPU emulator (kernels/emu) runs.
//
// The ABI, in one rule: every kernel takes exactly one by-value struct argument, declared
// in the .cu file, with plain C fields (pointers, int, long long, float, double and
// fixed-size arrays of them) in natural alignment. Java packs the same fields in the same
// order with KernelArgs; the driver copies the struct into the kernel's parameter space.
// One struct makes every kernel launchable through one generic path, on the GPU
// (cuLaunchKernel) and in the emulator (one trampoline per kernel, made by AX_KERNEL).
//
//   struct ScaleArgs { float* out; const float* in; long long n; float s; };
//   AX_KERNEL(scale_f32, ScaleArgs, a) {
//       AX_GRID_STRIDE(i, a.n) a.out[i] = a.in[i] * a.s;
//   }
#pragma once

#ifdef AXEMU
#include "../emu/axemu.h"      // the CPU emulator: threadIdx, __syncthreads, shuffles, atomics, AX_KERNEL
#else
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#ifndef INFINITY   // NVRTC has no <cmath> (nvcc's implicit math.h defines it)
#define INFINITY __int_as_float(0x7f800000)
#endif
#define AX_KERNEL(name, ArgsType, a) extern "C" __global__ void name(const ArgsType a)
// The launch's dynamic shared memory (the sharedBytes of the launch) as an array of type.
#define AX_DYNAMIC_SHARED(type, name) \
    extern __shared__ __align__(16) unsigned char ax_dynamic_shared_[]; \
    type* name = reinterpret_cast<type*>(ax_dynamic_shared_)
#endif

// Tensors of higher rank are coalesced by the Java side (adjacent dims merged where the strides allow)
// before launch; a tensor that still has more dims is rejected there, naming the op and the shape.
#define AX_MAX_DIMS 8

typedef long long i64;
typedef __half f16;
typedef __nv_bfloat16 bf16;

// The logical shape shared by the operands of one launch (sizes in elements, row-major).
struct AxShape {
    int ndim;
    i64 numel;
    i64 sizes[AX_MAX_DIMS];
};

// One operand: the address of its first element and its strides in elements (may be 0 for a
// broadcast dim, negative for a flipped one).
struct AxView {
    char* data;
    i64 strides[AX_MAX_DIMS];
};

// The element offset (in elements) of the row-major linear index i of shape s in view v.
__device__ __forceinline__ i64 ax_offset(const AxShape& s, const AxView& v, i64 i) {
    i64 off = 0;
    for (int d = s.ndim - 1; d >= 0; --d) {
        i64 q = i / s.sizes[d];
        off += (i - q * s.sizes[d]) * v.strides[d];
        i = q;
    }
    return off;
}

// for (i64 i = global thread index; i < n; i += total threads): the grid-stride loop. Java sizes
// grids with CudaContext.gridFor, which caps them, so one thread may handle several elements.
#define AX_GRID_STRIDE(i, n) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (i64)(n); i += (i64)blockDim.x * gridDim.x)

// The spatial coordinates c = (d, h, w) of flat index i of a (planes, s[0], s[1], s[2]) tensor; returns the plane.
__device__ __forceinline__ i64 ax_unflat3(i64 i, const i64* s, i64* c) {
    c[2] = i % s[2]; i /= s[2];
    c[1] = i % s[1]; i /= s[1];
    c[0] = i % s[0];
    return i / s[0];
}

// counts[0..n) becomes its exclusive prefix sum and counts[n] the total, by one thread: the small second step
// of a count-then-write pass (nonzero, unique), where n is the number of blocks of the first.
__device__ __forceinline__ void ax_exclusive_prefix(i64* counts, i64 n) {
    i64 run = 0;
    for (i64 b = 0; b < n; b++) {
        i64 c = counts[b];
        counts[b] = run;
        run += c;
    }
    counts[n] = run;
}
