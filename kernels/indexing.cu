// indexing.cu: gather (index_select is gather with a broadcast 1-D index), scatter with the five
// ScatterReduce modes (atomics where indices collide), nonzero (per-block count, one-thread prefix,
// ordered write) and index bounds (block min/max, one atomic per block). Semantics follow
// dev.axial.tensor.cpu.CpuIndexing; gather and scatter NONE move raw element bits.
#include "axial.cuh"
#include "axelem.cuh"

#ifdef AXEMU
#include <cstring>
#endif

typedef unsigned long long u64;

template <class To, class From> __device__ __forceinline__ To bitsAs(From f) {
    To t;
    memcpy(&t, &f, sizeof(To));
    return t;
}

// ---- gather ----------------------------------------------------------------------------------------

// v[0] out, v[1] index (INT64, out's shape), v[2] in seen with out's shape and stride 0 along dim;
// element i copies in[base + index * dimStride].
struct GatherArgs {
    AxShape s;
    AxView v[3];
    i64 dimStride;
};

template <class T> __device__ void gather(const GatherArgs& a) {
    AX_GRID_STRIDE(i, a.s.numel) {
        i64 x = ((const i64*)a.v[1].data)[ax_offset(a.s, a.v[1], i)];
        const T* src = (const T*)a.v[2].data + ax_offset(a.s, a.v[2], i) + x * a.dimStride;
        ((T*)a.v[0].data)[ax_offset(a.s, a.v[0], i)] = *src;
    }
}

// ---- scatter ---------------------------------------------------------------------------------------

// v[0] out seen with index's shape (stride 0 along dim), v[1] index, v[2] src; target = out base +
// index * dimStride. reduce: ScatterReduce's ordinal (NONE, SUM, PROD, AMAX, AMIN).
struct ScatterArgs {
    AxShape s;
    AxView v[3];
    i64 dimStride;
    int reduce;
};

enum { SR_NONE = 0, SR_SUM = 1, SR_PROD = 2, SR_AMAX = 3, SR_AMIN = 4 };

// Java's Math.max/min on doubles: NaN wins, -0.0 < 0.0.
__device__ __forceinline__ double jmax(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0 && b == 0) return __double_as_longlong(a) < 0 ? b : a;
    return a > b ? a : b;
}
__device__ __forceinline__ double jmin(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0 && b == 0) return __double_as_longlong(a) < 0 ? a : b;
    return a < b ? a : b;
}

template <class T> __device__ T combine(int r, T cur, T v) {
    if (Ty<T>::fp) {
        double a = Ty<T>::d(cur), b = Ty<T>::d(v);
        double c = r == SR_SUM ? a + b : r == SR_PROD ? a * b : r == SR_AMAX ? jmax(a, b) : jmin(a, b);
        return Ty<T>::fromD(c);
    }
    i64 a = Ty<T>::l(cur), b = Ty<T>::l(v);
    i64 c = r == SR_SUM ? (i64)((u64)a + (u64)b) : r == SR_PROD ? (i64)((u64)a * (u64)b) : r == SR_AMAX ? (a > b ? a : b) : (a < b ? a : b);
    return Ty<T>::fromL(c);
}

// *p = combine(r, *p, v) atomically: a compare-and-swap loop on the element, or for 1- and 2-byte
// elements on the aligned 32-bit word holding it (allocations are at least 4-byte aligned).
template <class T> __device__ void atomicCombine(T* p, T v, int r) {
    if (sizeof(T) == 8) {
        u64* w = (u64*)p;
        u64 old = *(volatile u64*)w, seen;
        do {
            seen = old;
            old = atomicCAS(w, seen, bitsAs<u64>(combine(r, bitsAs<T>(seen), v)));
        } while (old != seen);
    } else if (sizeof(T) == 4) {
        unsigned* w = (unsigned*)p;
        unsigned old = *(volatile unsigned*)w, seen;
        do {
            seen = old;
            old = atomicCAS(w, seen, bitsAs<unsigned>(combine(r, bitsAs<T>(seen), v)));
        } while (old != seen);
    } else {
        size_t addr = (size_t)p;
        unsigned* w = (unsigned*)(addr & ~(size_t)3);
        int shift = (int)(addr & 3) * 8;
        unsigned mask = (sizeof(T) == 1 ? 0xffu : 0xffffu) << shift;
        unsigned old = *(volatile unsigned*)w, seen;
        do {
            seen = old;
            T cur;
            unsigned part = (seen & mask) >> shift;
            if (sizeof(T) == 1) cur = bitsAs<T>((unsigned char)part);
            else cur = bitsAs<T>((unsigned short)part);
            T nw = combine(r, cur, v);
            unsigned nb = sizeof(T) == 1 ? (unsigned)bitsAs<unsigned char>(nw) : (unsigned)bitsAs<unsigned short>(nw);
            old = atomicCAS(w, seen, (seen & ~mask) | (nb << shift));
        } while (old != seen);
    }
}

// Hardware atomics where they give the CPU's result (sums; float sums in any order, within tolerance).
template <class T> __device__ __forceinline__ void atomicSum(T* p, T v) { atomicCombine(p, v, SR_SUM); }
template <> __device__ __forceinline__ void atomicSum<float>(float* p, float v) { atomicAdd(p, v); }
template <> __device__ __forceinline__ void atomicSum<double>(double* p, double v) { atomicAdd(p, v); }
template <> __device__ __forceinline__ void atomicSum<int>(int* p, int v) { atomicAdd(p, v); }
template <> __device__ __forceinline__ void atomicSum<i64>(i64* p, i64 v) { atomicAdd((u64*)p, (u64)v); }

template <class T> __device__ void scatter(const ScatterArgs& a) {
    AX_GRID_STRIDE(i, a.s.numel) {
        i64 x = ((const i64*)a.v[1].data)[ax_offset(a.s, a.v[1], i)];
        T* dst = (T*)a.v[0].data + ax_offset(a.s, a.v[0], i) + x * a.dimStride;
        T v = ((const T*)a.v[2].data)[ax_offset(a.s, a.v[2], i)];
        if (a.reduce == SR_NONE) *dst = v;   // duplicates: any one wins, as PyTorch on CUDA
        else if (a.reduce == SR_SUM) atomicSum(dst, v);
        else atomicCombine(dst, v, a.reduce);
    }
}

// ---- nonzero ---------------------------------------------------------------------------------------

// Block b of nblocks owns the linear range [b n / nblocks, (b + 1) n / nblocks), so blocks write in order.
#define NZ_BLOCK 256

struct NonzeroCountArgs {
    AxShape s;
    AxView in;
    i64* counts;      // nblocks + 1
    i64 nblocks;
};

__device__ __forceinline__ i64 chunkStart(i64 n, i64 b, i64 nb) { return n / nb * b + (n % nb) * b / nb; }

template <class T> __device__ void nonzeroCount(const NonzeroCountArgs& a) {
    __shared__ unsigned long long total;
    i64 n = a.s.numel, b = blockIdx.x;
    i64 lo = chunkStart(n, b, a.nblocks), hi = chunkStart(n, b + 1, a.nblocks);
    if (threadIdx.x == 0) total = 0;
    __syncthreads();
    u64 c = 0;
    const T* d = (const T*)a.in.data;
    for (i64 i = lo + threadIdx.x; i < hi; i += blockDim.x)
        if (Ty<T>::nonzero(d[ax_offset(a.s, a.in, i)])) c++;
    atomicAdd(&total, c);
    __syncthreads();
    if (threadIdx.x == 0) a.counts[b] = (i64)total;
}

struct NonzeroScanArgs {
    i64* counts;
    i64 nblocks;
};

// One thread: counts[b] becomes the exclusive prefix, counts[nblocks] the total.
AX_KERNEL(nonzero_scan, NonzeroScanArgs, a) {
    if (blockIdx.x == 0 && threadIdx.x == 0) ax_exclusive_prefix(a.counts, a.nblocks);
}

struct NonzeroWriteArgs {
    AxShape s;
    AxView in;
    const i64* counts;
    i64 nblocks;
    i64* out;            // (total, rank) row-major
    int rank;
    i64 sizes[AX_MAX_DIMS];   // in's own shape (not coalesced): the coordinates written
};

// Tiles of NZ_BLOCK * NZ_PER elements: thread t flags its NZ_PER consecutive elements (a bit mask), one block
// scan of the per-thread counts gives each thread its first output row, then it writes its rows in order.
// One scan per NZ_PER elements per thread keeps the barriers few (and the emulator fast).
#define NZ_PER 16

template <class T> __device__ void nonzeroWrite(const NonzeroWriteArgs& a) {
    __shared__ int scan[NZ_BLOCK];
    i64 n = a.s.numel, b = blockIdx.x;
    i64 lo = chunkStart(n, b, a.nblocks), hi = chunkStart(n, b + 1, a.nblocks);
    i64 base = a.counts[b];
    const T* d = (const T*)a.in.data;
    int t = threadIdx.x;
    for (i64 tile = lo; tile < hi; tile += (i64)NZ_BLOCK * NZ_PER) {
        i64 first = tile + (i64)t * NZ_PER;
        unsigned mask = 0;
        for (int k = 0; k < NZ_PER; k++) {
            i64 i = first + k;
            if (i < hi && Ty<T>::nonzero(d[ax_offset(a.s, a.in, i)])) mask |= 1u << k;
        }
        int mine = __popc(mask);
        scan[t] = mine;
        __syncthreads();
        for (int off = 1; off < NZ_BLOCK; off <<= 1) {   // Hillis-Steele inclusive scan
            int add = t >= off ? scan[t - off] : 0;
            __syncthreads();
            scan[t] += add;
            __syncthreads();
        }
        i64 row = base + scan[t] - mine;
        for (; mask != 0; mask &= mask - 1, row++) {
            i64 p = first + (__ffs((int)mask) - 1);
            for (int k = a.rank - 1; k >= 0; k--) {
                i64 q = p / a.sizes[k];
                a.out[row * a.rank + k] = p - q * a.sizes[k];
                p = q;
            }
        }
        base += scan[NZ_BLOCK - 1];
        __syncthreads();
    }
}

// ---- index bounds ----------------------------------------------------------------------------------

// res[0] = min, res[1] = max, as signed values with the sign bit flipped (so unsigned order is signed
// order); the caller initialises res to {~0, 0}.
struct BoundsArgs {
    AxShape s;
    AxView in;
    u64* res;
};

template <class T> __device__ void indexBounds(const BoundsArgs& a) {
    __shared__ i64 mins[NZ_BLOCK], maxs[NZ_BLOCK];
    i64 lo = 0x7fffffffffffffffll, hi = -lo - 1;
    const T* d = (const T*)a.in.data;
    AX_GRID_STRIDE(i, a.s.numel) {
        i64 v = Ty<T>::l(d[ax_offset(a.s, a.in, i)]);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    int t = threadIdx.x;
    mins[t] = lo;
    maxs[t] = hi;
    __syncthreads();
    for (int h = NZ_BLOCK / 2; h > 0; h >>= 1) {
        if (t < h) {
            if (mins[t + h] < mins[t]) mins[t] = mins[t + h];
            if (maxs[t + h] > maxs[t]) maxs[t] = maxs[t + h];
        }
        __syncthreads();
    }
    if (t == 0) {
        const u64 sign = 1ull << 63;
        atomicMin(&a.res[0], (u64)mins[0] ^ sign);
        atomicMax(&a.res[1], (u64)maxs[0] ^ sign);
    }
}

// ---- instantiation ---------------------------------------------------------------------------------

#define AX_INDEXING(sfx, T)                                                                        \
    AX_KERNEL(gather_##sfx, GatherArgs, a) { gather<T>(a); }                                       \
    AX_KERNEL(scatter_##sfx, ScatterArgs, a) { scatter<T>(a); }                                    \
    AX_KERNEL(nonzero_count_##sfx, NonzeroCountArgs, a) { nonzeroCount<T>(a); }                    \
    AX_KERNEL(nonzero_write_##sfx, NonzeroWriteArgs, a) { nonzeroWrite<T>(a); }

AX_INDEXING(bool, AxBool)
AX_INDEXING(u8, unsigned char)
AX_INDEXING(i8, signed char)
AX_INDEXING(i16, short)
AX_INDEXING(i32, int)
AX_INDEXING(i64, i64)
AX_INDEXING(f16, f16)
AX_INDEXING(bf16, bf16)
AX_INDEXING(f32, float)
AX_INDEXING(f64, double)

AX_KERNEL(index_bounds_bool, BoundsArgs, a) { indexBounds<AxBool>(a); }
AX_KERNEL(index_bounds_u8, BoundsArgs, a) { indexBounds<unsigned char>(a); }
AX_KERNEL(index_bounds_i8, BoundsArgs, a) { indexBounds<signed char>(a); }
AX_KERNEL(index_bounds_i16, BoundsArgs, a) { indexBounds<short>(a); }
AX_KERNEL(index_bounds_i32, BoundsArgs, a) { indexBounds<int>(a); }
AX_KERNEL(index_bounds_i64, BoundsArgs, a) { indexBounds<i64>(a); }
