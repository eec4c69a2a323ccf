// axemu.h: the CUDA built-ins our kernels use, for the CPU emulator.
//
// Build machines and CI have no GPU. To test the CUDA backend anyway, every kernels/*.cu file is also
// compiled by g++ with -DAXEMU into libaxemu.so, together with a fake driver (fake_driver.cpp) that
// implements the driver API calls Java makes. A launch runs the grid's blocks one after another and
// the threads of a block as cooperative fibers (ucontext), so __syncthreads, warp shuffles and shared
// memory behave as on a GPU. What it cannot show: timing, races between threads (a fiber runs until it
// reaches a barrier or ends, so unsynchronized sharing looks deterministic here), and PTX-level issues.
//
// The kernel sources see CUDA's names: threadIdx, blockIdx, blockDim, gridDim, warpSize, __syncthreads,
// __syncwarp, __shfl_*_sync, atomics, rsqrtf, __expf, ... Only what is defined here is available; a
// kernel using anything else fails to compile in the emulator build, which is the point.
#pragma once

#include <cuda_fp16.h>       // host-side half/bf16 types and conversions (the toolkit's own headers)
#include <cuda_bf16.h>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <cfloat>
#include <climits>
#include <algorithm>

// The toolkit's host headers define __shared__ as an attribute; in the emulator a block's shared
// variables are function statics: the blocks of a launch run one at a time, so one copy is enough.
#undef __shared__
#define __shared__ static
#undef __launch_bounds__
#define __launch_bounds__(...)
#undef __restrict__
#define __restrict__ __restrict

namespace axemu {

// The state of the running launch (one launch at a time: the fake driver serializes them).
struct LaunchState {
    dim3 grid, block;
    uint3 blockIndex;
    unsigned sharedBytes;
    unsigned char* dynamicShared;
};
extern LaunchState g_launch;

// The linear index (within its block) and 3-D index of the fiber now running.
unsigned current_thread();
uint3 current_thread_idx();

void barrier_block();   // __syncthreads
void barrier_warp();    // __syncwarp and each half of a shuffle
uint64_t* warp_slots(); // one 64-bit exchange slot per thread of the block

// The kernel registry: AX_KERNEL registers every kernel under its name at library load.
typedef void (*Entry)(const void* args);
struct Registration {
    Registration(const char* name, Entry entry, unsigned argBytes);
};

template <typename T>
inline T shuffle(T v, int srcLane, bool inRange) {
    static_assert(sizeof(T) <= 8, "shuffle of a type wider than 8 bytes");
    unsigned t = current_thread();
    uint64_t* slots = warp_slots();
    std::memcpy(&slots[t], &v, sizeof(T));
    barrier_warp();
    T out = v;
    unsigned src = (t & ~31u) + (unsigned)srcLane;
    unsigned n = g_launch.block.x * g_launch.block.y * g_launch.block.z;
    if (inRange && src < n) std::memcpy(&out, &slots[src], sizeof(T));
    barrier_warp();
    return out;
}

}  // namespace axemu

#define threadIdx (axemu::current_thread_idx())
#define blockIdx (axemu::g_launch.blockIndex)
#define blockDim (axemu::g_launch.block)
#define gridDim (axemu::g_launch.grid)
static const int warpSize = 32;

#define AX_KERNEL(name, ArgsType, a)                                                                   \
    static void name##_axemu_body(const ArgsType& a);                                                  \
    static void name##_axemu_entry(const void* p) { name##_axemu_body(*(const ArgsType*)p); }          \
    static axemu::Registration name##_axemu_registration(#name, &name##_axemu_entry, sizeof(ArgsType)); \
    static void name##_axemu_body(const ArgsType& a)

#define AX_DYNAMIC_SHARED(type, name) type* name = reinterpret_cast<type*>(axemu::g_launch.dynamicShared)

inline void __syncthreads() { axemu::barrier_block(); }
inline void __syncwarp(unsigned = 0xffffffffu) { axemu::barrier_warp(); }
inline void __threadfence() {}
inline void __threadfence_block() {}

template <typename T> inline T __shfl_sync(unsigned, T v, int src, int width = 32) {
    unsigned lane = axemu::current_thread() & 31u;
    return axemu::shuffle(v, (int)((lane / width) * width + ((unsigned)src % width)), true);
}
template <typename T> inline T __shfl_down_sync(unsigned, T v, unsigned delta, int width = 32) {
    unsigned lane = axemu::current_thread() & 31u;
    unsigned seg = (lane / width) * width;
    return axemu::shuffle(v, (int)(lane + delta), lane + delta < seg + (unsigned)width);
}
template <typename T> inline T __shfl_up_sync(unsigned, T v, unsigned delta, int width = 32) {
    unsigned lane = axemu::current_thread() & 31u;
    unsigned seg = (lane / width) * width;
    return axemu::shuffle(v, (int)lane - (int)delta, (int)lane - (int)delta >= (int)seg);
}
template <typename T> inline T __shfl_xor_sync(unsigned, T v, int mask, int width = 32) {
    unsigned lane = axemu::current_thread() & 31u;
    unsigned src = lane ^ (unsigned)mask;
    return axemu::shuffle(v, (int)src, src / width == lane / width);
}
inline unsigned __ballot_sync(unsigned, int pred) {
    unsigned bits = 0;
    for (int l = 0; l < 32; ++l)
        if (__shfl_sync(0xffffffffu, pred, l)) bits |= 1u << l;
    return bits;
}
inline int __any_sync(unsigned m, int pred) { return __ballot_sync(m, pred) != 0; }
inline int __all_sync(unsigned m, int pred) {
    unsigned n = axemu::g_launch.block.x * axemu::g_launch.block.y * axemu::g_launch.block.z;
    unsigned base = axemu::current_thread() & ~31u;
    unsigned lanes = std::min(32u, n - base);
    unsigned want = lanes == 32 ? 0xffffffffu : ((1u << lanes) - 1);
    return __ballot_sync(m, pred) == want;
}

// Atomics: fibers switch only at barriers, so a plain read-modify-write is atomic here.
template <typename T> inline T atomicAdd(T* p, T v) { T old = *p; *p = old + v; return old; }
template <typename T> inline T atomicMax(T* p, T v) { T old = *p; if (v > old) *p = v; return old; }
template <typename T> inline T atomicMin(T* p, T v) { T old = *p; if (v < old) *p = v; return old; }
template <typename T> inline T atomicExch(T* p, T v) { T old = *p; *p = v; return old; }
template <typename T> inline T atomicCAS(T* p, T cmp, T v) { T old = *p; if (old == cmp) *p = v; return old; }
template <typename T> inline T atomicOr(T* p, T v) { T old = *p; *p = old | v; return old; }
template <typename T> inline T atomicAnd(T* p, T v) { T old = *p; *p = old & v; return old; }

// Device math that the host's <cmath> lacks.
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline double rsqrt(double x) { return 1.0 / std::sqrt(x); }
inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float __fdividef(float a, float b) { return a / b; }
inline float __saturatef(float x) { return x < 0.f ? 0.f : (x > 1.f ? 1.f : x); }
// CUDA's round-to-nearest arithmetic: each result rounded once, never contracted into an fma with a neighbouring
// op (kernels use them where Java's separate roundings must be matched); volatile keeps g++ from contracting too
inline float __fmul_rn(float a, float b) { volatile float r = a * b; return r; }
inline float __fadd_rn(float a, float b) { volatile float r = a + b; return r; }
inline float __fsub_rn(float a, float b) { volatile float r = a - b; return r; }
inline float __fdiv_rn(float a, float b) { volatile float r = a / b; return r; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline double __dmul_rn(double a, double b) { volatile double r = a * b; return r; }
inline double __dadd_rn(double a, double b) { volatile double r = a + b; return r; }
inline double __dsub_rn(double a, double b) { volatile double r = a - b; return r; }
inline double __ddiv_rn(double a, double b) { volatile double r = a / b; return r; }
inline double __dsqrt_rn(double a) { return std::sqrt(a); }
inline int __float2int_rn(float x) { return (int)std::nearbyint(x); }
inline int __float2int_rd(float x) { return (int)std::floor(x); }
inline int __double2int_rn(double x) { return (int)std::nearbyint(x); }
inline long long __float2ll_rn(float x) { return (long long)std::nearbyint(x); }
inline long long __double2ll_rn(double x) { return (long long)std::nearbyint(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned)x); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long)x); }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
inline float __int_as_float(int x) { float f; std::memcpy(&f, &x, 4); return f; }
inline int __float_as_int(float f) { int x; std::memcpy(&x, &f, 4); return x; }
inline unsigned __float_as_uint(float f) { unsigned x; std::memcpy(&x, &f, 4); return x; }
inline float __uint_as_float(unsigned x) { float f; std::memcpy(&f, &x, 4); return f; }
inline double __longlong_as_double(long long x) { double d; std::memcpy(&d, &x, 8); return d; }
inline long long __double_as_longlong(double d) { long long x; std::memcpy(&x, &d, 8); return x; }
template <typename T> inline T __ldg(const T* p) { return *p; }

// CUDA's global min/max overloads for mixed arithmetic types (host code has only std::min/max of one type).
template <typename A, typename B> inline auto min(A a, B b) -> decltype(a < b ? a : b) { return b < a ? b : a; }
template <typename A, typename B> inline auto max(A a, B b) -> decltype(a < b ? a : b) { return a < b ? b : a; }
using std::fminf; using std::fmaxf; using std::fmin; using std::fmax;
