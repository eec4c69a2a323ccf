// sort.cu: sorting and counting (dev.axial.tensor.cuda.CudaSorting).
//
//  - sort: a stable segmented sort along one dim. Every element becomes an unsigned 64-bit key whose
//    order is PyTorch's (floats: -0.0 folded onto 0.0, every NaN onto one key above +inf; descending:
//    the complement), paired with its position in the row. Pairs (key, position) are all distinct, so
//    any correct sort of them is a stable sort of the values. Rows of at most SORT_TILE elements are
//    sorted in one launch (sort_block_*: in shared memory, each thread insertion-sorts 8 slots, then
//    merge passes of the slot order, one barrier each; several short rows per tile; then the values
//    and indices written straight out). Longer rows: the same block sort on chunks of SORT_TILE
//    (sort_chunks_*), then bottom-up merge passes (sort_merge: every element finds its place in the
//    merged run by a binary search in the other run), then sort_gather_* writes values and indices.
//  - sortrows: the stable lexicographic order of the rows of a 2-D tensor (sort_rowkeys_* maps every
//    element to its key, sortrows_merge merges runs of row indices comparing key rows).
//  - searchsorted, histc (atomics into 64-bit counts), bincount (atomics; weights as float or double),
//    unique (runs of equal neighbours: per-block counts, one scan, one host read of the total, then the
//    values, inverse and counts), quantile (from rows sorted with NaN last).
#include "axial.cuh"

typedef unsigned long long u64;

#define SORT_TILE 2048
#define SORT_BLOCK 256
#define SCAN_BLOCK 256

// ---- element access: keys, doubles, longs --------------------------------------------------------

#ifdef AXEMU
#include <cstring>
__device__ __forceinline__ unsigned int ax_fbits(float f) { unsigned int u; std::memcpy(&u, &f, 4); return u; }
__device__ __forceinline__ u64 ax_dbits(double d) { u64 u; std::memcpy(&u, &d, 8); return u; }
#else
__device__ __forceinline__ unsigned int ax_fbits(float f) { return __float_as_uint(f); }
__device__ __forceinline__ u64 ax_dbits(double d) { return (u64)__double_as_longlong(d); }
#endif

__device__ __forceinline__ u64 ax_key(float f) {
    unsigned int bits = f == 0.0f ? 0u : f != f ? 0x7fc00000u : ax_fbits(f);
    // sign-magnitude to an order-preserving unsigned: negatives flipped, positives above them
    return (u64)((bits & 0x80000000u) ? ~bits : bits | 0x80000000u);
}
__device__ __forceinline__ u64 ax_key(double d) {
    u64 bits = d == 0.0 ? 0ull : d != d ? 0x7ff8000000000000ull : ax_dbits(d);
    return (bits & 0x8000000000000000ull) ? ~bits : bits | 0x8000000000000000ull;
}
__device__ __forceinline__ u64 ax_key(f16 h) { return ax_key(__half2float(h)); }
__device__ __forceinline__ u64 ax_key(bf16 h) { return ax_key(__bfloat162float(h)); }
__device__ __forceinline__ u64 ax_key(bool b) { return b ? 1ull : 0ull; }
__device__ __forceinline__ u64 ax_key(unsigned char v) { return (u64)v; }
__device__ __forceinline__ u64 ax_key(signed char v) { return (u64)(i64)v ^ 0x8000000000000000ull; }
__device__ __forceinline__ u64 ax_key(short v) { return (u64)(i64)v ^ 0x8000000000000000ull; }
__device__ __forceinline__ u64 ax_key(int v) { return (u64)(i64)v ^ 0x8000000000000000ull; }
__device__ __forceinline__ u64 ax_key(i64 v) { return (u64)v ^ 0x8000000000000000ull; }

template <typename T> __device__ __forceinline__ double ax_dbl(T v) { return (double)v; }
template <> __device__ __forceinline__ double ax_dbl<f16>(f16 v) { return (double)__half2float(v); }
template <> __device__ __forceinline__ double ax_dbl<bf16>(bf16 v) { return (double)__bfloat162float(v); }
template <> __device__ __forceinline__ double ax_dbl<bool>(bool v) { return v ? 1.0 : 0.0; }

template <typename T> __device__ __forceinline__ i64 ax_long(T v) { return (i64)v; }
template <> __device__ __forceinline__ i64 ax_long<f16>(f16 v) { return (i64)__half2float(v); }
template <> __device__ __forceinline__ i64 ax_long<bf16>(bf16 v) { return (i64)__bfloat162float(v); }

template <typename T> __device__ __forceinline__ T ax_from_dbl(double d) { return (T)d; }
template <> __device__ __forceinline__ f16 ax_from_dbl<f16>(double d) { return __float2half((float)d); }
template <> __device__ __forceinline__ bf16 ax_from_dbl<bf16>(double d) { return __float2bfloat16((float)d); }

template <typename T> __device__ __forceinline__ bool ax_is_fp() { return false; }
template <> __device__ __forceinline__ bool ax_is_fp<float>() { return true; }
template <> __device__ __forceinline__ bool ax_is_fp<double>() { return true; }
template <> __device__ __forceinline__ bool ax_is_fp<f16>() { return true; }
template <> __device__ __forceinline__ bool ax_is_fp<bf16>() { return true; }

template <typename T> __device__ __forceinline__ const T& ax_at(const AxView& v, i64 off) {
    return ((const T*)v.data)[off];
}

// ---- merging runs --------------------------------------------------------------------------------

// The number of elements of run [lo, hi) that come before element e (binary search; before() is a
// strict total order, so an element's rank in the other run is exact and the merge is a permutation).
template <typename Before>
__device__ __forceinline__ i64 ax_rank(i64 lo, i64 hi, const Before& before) {
    i64 a = lo, b = hi;
    while (a < b) {
        i64 m = (a + b) >> 1;
        if (before(m)) a = m + 1; else b = m;
    }
    return a - lo;
}

// Where position p (row-local, runs of `width` merged in pairs) lands in the merged run.
template <typename Less>
__device__ __forceinline__ i64 ax_merge_dest(i64 p, i64 len, i64 width, const Less& lessThanMe) {
    i64 lo = p - p % (2 * width);
    i64 mid = lo + width < len ? lo + width : len;
    i64 hi = lo + 2 * width < len ? lo + 2 * width : len;
    if (p < mid) return p + ax_rank(mid, hi, lessThanMe);
    return lo + (p - mid) + ax_rank(lo, mid, lessThanMe);
}

// ---- the block sort ------------------------------------------------------------------------------

// One launch shape for the block sort: rows of `len` (row-major over shape, the sort dim last) are cut
// into chunks of at most SORT_TILE; each chunk sits in a segment of p slots (p = SORT_TILE for long
// rows, the next power of two of len for short ones), SORT_TILE / p segments per tile. Empty slots
// hold the largest key; the slot number breaks ties, so (key, slot) is a strict order.
struct SortArgs {
    AxShape shape;      // the input's shape with the sort dim moved last
    AxView in;          // the input
    AxView values;      // short rows: the sorted values (same shape)
    AxView indices;     // short rows: the int64 indices
    u64* keys;          // long rows: the sorted chunks' keys (rows * len, contiguous)
    i64* pos;           // long rows: their positions in the row
    i64 rows;
    i64 len;
    int p;              // segment size
    int descending;
};

#define SORT_GROUP 8    // slots each thread sorts serially before the merge passes

struct SlotLess {
    const u64* k; const unsigned short* order; int base; u64 key; int slot;
    __device__ bool operator()(i64 m) const {
        int o = order[base + m];
        return k[o] < key || (k[o] == key && o < slot);
    }
};

// Sorts the slots of each segment of p by (key, slot) into order[]: every thread insertion-sorts
// groups of min(SORT_GROUP, p) slots, then log2(p / group) merge passes between order and spare.
// Returns the buffer holding the result. One barrier per pass.
__device__ unsigned short* ax_block_merge_sort(const u64* k, unsigned short* order, unsigned short* spare, int p) {
    const int g = p < SORT_GROUP ? p : SORT_GROUP;
    for (int c = threadIdx.x; c < SORT_TILE / g; c += blockDim.x) {
        int lo = c * g;
        for (int i = 0; i < g; i++) {
            int s = lo + i, j = i;
            u64 ks = k[s];
            while (j > 0 && k[order[lo + j - 1]] > ks) {   // equal keys keep slot order: slots come in ascending
                order[lo + j] = order[lo + j - 1];
                j--;
            }
            order[lo + j] = (unsigned short)s;
        }
    }
    __syncthreads();
    for (int width = g; width < p; width <<= 1) {
        for (int t = threadIdx.x; t < SORT_TILE; t += blockDim.x) {
            int base = t - t % p, o = order[t];
            SlotLess less{k, order, base, k[o], o};
            spare[base + ax_merge_dest(t - base, p, width, less)] = (unsigned short)o;
        }
        __syncthreads();
        unsigned short* tmp = order; order = spare; spare = tmp;
    }
    return order;
}

template <typename T, bool SHORT>
__device__ void ax_block_sort(const SortArgs& a) {
    __shared__ u64 k[SORT_TILE];
    __shared__ unsigned short order[SORT_TILE];
    __shared__ unsigned short spare[SORT_TILE];
    const int p = a.p, segs = SORT_TILE / p;
    const i64 chunks = (a.len + SORT_TILE - 1) / SORT_TILE;
    const i64 total = a.rows * chunks, tiles = (total + segs - 1) / segs;
    const u64 flip = a.descending ? ~0ull : 0ull;
    for (i64 tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
        for (int t = threadIdx.x; t < SORT_TILE; t += blockDim.x) {
            i64 s = tile * segs + t / p;
            int j = t % p;
            i64 row = s / chunks, first = (s % chunks) * SORT_TILE;
            if (s < total && first + j < a.len)
                k[t] = ax_key(ax_at<T>(a.in, ax_offset(a.shape, a.in, row * a.len + first + j))) ^ flip;
            else
                k[t] = ~0ull;
        }
        __syncthreads();
        const unsigned short* sorted = ax_block_merge_sort(k, order, spare, p);
        for (int t = threadIdx.x; t < SORT_TILE; t += blockDim.x) {
            i64 s = tile * segs + t / p;
            int j = t % p;
            i64 row = s / chunks, first = (s % chunks) * SORT_TILE;
            if (s >= total || first + j >= a.len) continue;
            i64 at = row * a.len + first + j;
            int o = sorted[t];
            i64 from = first + o % p;   // the slot's position in its row
            if (SHORT) {
                ((T*)a.values.data)[ax_offset(a.shape, a.values, at)] = ax_at<T>(a.in, ax_offset(a.shape, a.in, row * a.len + from));
                ((i64*)a.indices.data)[ax_offset(a.shape, a.indices, at)] = from;
            } else {
                a.keys[at] = k[o];
                a.pos[at] = from;
            }
        }
        __syncthreads();
    }
}

template <typename T> __device__ void sort_block(const SortArgs& a) { ax_block_sort<T, true>(a); }
template <typename T> __device__ void sort_chunks(const SortArgs& a) { ax_block_sort<T, false>(a); }

// ---- merge passes --------------------------------------------------------------------------------

struct MergeArgs {
    const u64* keys;
    const i64* pos;
    u64* keysOut;
    i64* posOut;
    i64 rows;
    i64 len;
    i64 width;
};

struct PairLess {
    const u64* k; const i64* x; i64 base; u64 key; i64 at;
    __device__ bool operator()(i64 m) const {
        u64 km = k[base + m];
        return km < key || (km == key && x[base + m] < at);
    }
};

AX_KERNEL(sort_merge, MergeArgs, a) {
    AX_GRID_STRIDE(i, a.rows * a.len) {
        i64 base = i - i % a.len, p = i - base;
        PairLess less{a.keys, a.pos, base, a.keys[i], a.pos[i]};
        i64 d = base + ax_merge_dest(p, a.len, a.width, less);
        a.keysOut[d] = a.keys[i];
        a.posOut[d] = a.pos[i];
    }
}

// values[i] = in[row, pos[i]], indices[i] = pos[i] after the last merge pass.
struct GatherArgs {
    AxShape shape;
    AxView in;
    AxView values;
    AxView indices;
    const i64* pos;
    i64 len;
};

template <typename T> __device__ void sort_gather(const GatherArgs& a) {
    AX_GRID_STRIDE(i, a.shape.numel) {
        i64 from = i - i % a.len + a.pos[i];
        ((T*)a.values.data)[ax_offset(a.shape, a.values, i)] = ax_at<T>(a.in, ax_offset(a.shape, a.in, from));
        ((i64*)a.indices.data)[ax_offset(a.shape, a.indices, i)] = a.pos[i];
    }
}

// ---- sortRows ------------------------------------------------------------------------------------

struct RowKeysArgs {
    AxShape shape;   // (n, m)
    AxView in;
    u64* keys;       // n * m, contiguous
};

template <typename T> __device__ void sort_rowkeys(const RowKeysArgs& a) {
    AX_GRID_STRIDE(i, a.shape.numel) a.keys[i] = ax_key(ax_at<T>(a.in, ax_offset(a.shape, a.in, i)));
}

struct RowMergeArgs {
    const u64* keys;   // n * m
    const i64* perm;   // runs of width sorted
    i64* permOut;
    i64 n;
    i64 m;
    i64 width;
};

struct RowLess {
    const u64* keys; const i64* perm; i64 m; i64 me;
    __device__ bool operator()(i64 at) const {
        i64 other = perm[at];
        const u64* a = keys + other * m;
        const u64* b = keys + me * m;
        for (i64 j = 0; j < m; j++)
            if (a[j] != b[j]) return a[j] < b[j];
        return other < me;
    }
};

AX_KERNEL(sortrows_merge, RowMergeArgs, a) {
    AX_GRID_STRIDE(i, a.n) {
        i64 me = a.width == 0 ? i : a.perm[i];
        if (a.width == 0) { a.permOut[i] = i; continue; }   // width 0: the identity to start from
        RowLess less{a.keys, a.perm, a.m, me};
        a.permOut[ax_merge_dest(i, a.n, a.width, less)] = me;
    }
}

// ---- searchsorted --------------------------------------------------------------------------------

// out[r, j] = insertion point of values[r, j] in sorted[r, :]; both tensors of one dtype T (the Java
// side casts mixed dtypes to int64 or float64 first), compared as longs when integral, else as
// doubles with PyTorch's tests (!(s >= v) left, !(s > v) right).
struct SearchArgs {
    AxShape shape;       // values' shape (the last dim m)
    AxView values;
    AxView out;
    AxShape sshape;      // sorted's shape (the last dim len)
    AxView sorted;
    i64 m;
    i64 len;
    int right;
};

template <typename T> __device__ void searchsorted(const SearchArgs& a) {
    AX_GRID_STRIDE(i, a.shape.numel) {
        i64 base = (i / a.m) * a.len;
        T v = ax_at<T>(a.values, ax_offset(a.shape, a.values, i));
        i64 lo = 0, hi = a.len;
        while (lo < hi) {
            i64 mid = (lo + hi) >> 1;
            T s = ax_at<T>(a.sorted, ax_offset(a.sshape, a.sorted, base + mid));
            bool after;
            if (ax_is_fp<T>()) {
                double x = ax_dbl(s), y = ax_dbl(v);
                after = a.right ? !(x > y) : !(x >= y);
            } else {
                i64 x = ax_long(s), y = ax_long(v);
                after = a.right ? x <= y : x < y;
            }
            if (after) lo = mid + 1; else hi = mid;
        }
        ((i64*)a.out.data)[ax_offset(a.shape, a.out, i)] = lo;
    }
}

// ---- histc, bincount -----------------------------------------------------------------------------

// counts[bin] += 1 for every value in [min, max] (bins computed in float for all but float64, as
// torch.histc); then histc_finish writes the counts in out's dtype.
struct HistcArgs {
    AxShape shape;
    AxView in;
    u64* counts;
    double min;
    double max;
    int bins;
};

template <typename T> __device__ void histc(const HistcArgs& a) {
    const bool f64 = sizeof(T) == 8;
    const float fmin = (float)a.min, fmax = (float)a.max;
    AX_GRID_STRIDE(i, a.shape.numel) {
        double d = ax_dbl(ax_at<T>(a.in, ax_offset(a.shape, a.in, i)));
        i64 b;
        if (f64) {
            if (!(d >= a.min && d <= a.max)) continue;
            b = (i64)((d - a.min) * a.bins / (a.max - a.min));
        } else {
            float v = (float)d;
            if (!(v >= fmin && v <= fmax)) continue;
            float num = (v - fmin) * (float)a.bins;
            b = (i64)(num / (fmax - fmin));
        }
        b = b < 0 ? 0 : b >= a.bins ? a.bins - 1 : b;
        atomicAdd(a.counts + b, 1ull);
    }
}

struct FinishArgs {
    const u64* counts;
    char* out;
    i64 stride;
    i64 n;
};

template <typename T> __device__ void histc_finish(const FinishArgs& a) {
    AX_GRID_STRIDE(i, a.n) ((T*)a.out)[i * a.stride] = ax_from_dbl<T>((double)a.counts[i]);
}

// out[in[i]] += w[i] (or 1). mode 0: no weights, out int64 counts; 1: float weights into float out;
// 2: double weights into double out. Values outside [0, bins) are skipped (the frontend checked them).
struct BincountArgs {
    char* in;
    i64 inStride;
    const char* weights;
    i64 wStride;
    char* out;          // contiguous, zeroed
    i64 n;
    i64 bins;
    int mode;
};

template <typename T> __device__ void bincount(const BincountArgs& a) {
    AX_GRID_STRIDE(i, a.n) {
        i64 v = ax_long(((const T*)a.in)[i * a.inStride]);
        if (v < 0 || v >= a.bins) continue;
        if (a.mode == 0) atomicAdd((u64*)a.out + v, 1ull);
        else if (a.mode == 1) atomicAdd((float*)a.out + v, ((const float*)a.weights)[i * a.wStride]);
        else atomicAdd((double*)a.out + v, ((const double*)a.weights)[i * a.wStride]);
    }
}

// ---- unique --------------------------------------------------------------------------------------

// Element i starts a run when i == 0 or in[i - 1] != in[i] (==: NaNs never equal, -0.0 == 0.0).
template <typename T>
__device__ __forceinline__ bool ax_starts(const char* in, i64 stride, i64 i) {
    if (i == 0) return true;
    T a = ((const T*)in)[(i - 1) * stride], b = ((const T*)in)[i * stride];
    if (ax_is_fp<T>()) return !(ax_dbl(a) == ax_dbl(b));
    return ax_long(a) != ax_long(b);
}

// The block's chunk [b * chunk, (b + 1) * chunk) of in: unique_count counts its run starts into
// blockRuns[b]; unique_offsets (one block) turns them into exclusive offsets (blockRuns[nblocks] =
// the total); unique_write assigns every element its run and writes the runs.
struct UniqueArgs {
    const char* in;
    i64 stride;
    const i64* perm;      // or null: inverse in in's order
    i64* blockRuns;       // nblocks + 1
    char* values;         // runs, contiguous
    i64* inverse;         // n, or null
    i64* starts;          // runs: the first index of each run
    i64* counts;          // runs, or null
    i64 n;
    i64 chunk;
    i64 runs;
    int nblocks;
};

__device__ __forceinline__ i64 ax_block_sum(i64 v, i64* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if ((int)threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    i64 total = shared[0];
    __syncthreads();
    return total;
}

template <typename T> __device__ void unique_count(const UniqueArgs& a) {
    __shared__ i64 sh[SCAN_BLOCK];
    for (i64 b = blockIdx.x; b < a.nblocks; b += gridDim.x) {
        i64 lo = b * a.chunk, hi = lo + a.chunk < a.n ? lo + a.chunk : a.n;
        i64 c = 0;
        for (i64 i = lo + threadIdx.x; i < hi; i += blockDim.x) c += ax_starts<T>(a.in, a.stride, i);
        i64 total = ax_block_sum(c, sh);
        if (threadIdx.x == 0) a.blockRuns[b] = total;
    }
}

AX_KERNEL(unique_offsets, UniqueArgs, a) {
    if (blockIdx.x == 0 && threadIdx.x == 0) ax_exclusive_prefix(a.blockRuns, a.nblocks);
}

// The inclusive sum of v over the block's threads (Hillis-Steele; blockDim.x <= SCAN_BLOCK).
__device__ __forceinline__ i64 ax_block_scan(i64 v, i64* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = 1; s < (int)blockDim.x; s <<= 1) {
        i64 add = (int)threadIdx.x >= s ? shared[threadIdx.x - s] : 0;
        __syncthreads();
        shared[threadIdx.x] += add;
        __syncthreads();
    }
    i64 sum = shared[threadIdx.x];
    __syncthreads();
    return sum;
}

// Each thread walks a contiguous piece of the block's chunk twice: counts its run starts, takes its
// offset from one block scan, then writes (one scan per chunk, not per element tile).
template <typename T> __device__ void unique_write(const UniqueArgs& a) {
    __shared__ i64 sh[SCAN_BLOCK];
    for (i64 b = blockIdx.x; b < a.nblocks; b += gridDim.x) {
        i64 lo = b * a.chunk, hi = lo + a.chunk < a.n ? lo + a.chunk : a.n;
        i64 piece = (hi - lo + blockDim.x - 1) / blockDim.x;
        i64 from = lo + threadIdx.x * piece, to = from + piece < hi ? from + piece : hi;
        i64 c = 0;
        for (i64 i = from; i < to; i++) c += ax_starts<T>(a.in, a.stride, i);
        i64 run = a.blockRuns[b] + ax_block_scan(c, sh) - c - 1;   // the run of the element before `from`
        for (i64 i = from; i < to; i++) {
            if (ax_starts<T>(a.in, a.stride, i)) {
                run++;
                ((T*)a.values)[run] = ((const T*)a.in)[i * a.stride];
                a.starts[run] = i;
            }
            if (a.inverse) a.inverse[a.perm ? a.perm[i] : i] = run;
        }
    }
}

AX_KERNEL(unique_counts, UniqueArgs, a) {
    AX_GRID_STRIDE(r, a.runs) a.counts[r] = (r + 1 < a.runs ? a.starts[r + 1] : a.n) - a.starts[r];
}

// ---- quantile ------------------------------------------------------------------------------------

// out[j, r] = quantile q[j] of row r of sorted (rows, n), NaN last; as CpuSorting.quantile: the rank
// q * (n - 1) in the input's precision (float for all but float64), then lower / higher / nearest
// (half to even) / linear / midpoint. mode: 0 linear, 1 lower, 2 higher, 3 midpoint, 4 nearest.
struct QuantileArgs {
    const char* sorted;
    i64 s0;
    i64 s1;
    char* out;
    i64 o0;
    i64 o1;
    const double* q;
    i64 nq;
    i64 rows;
    i64 n;
    int mode;
    int ignoreNan;
};

template <typename T> __device__ void quantile(const QuantileArgs& a) {
    const bool f64 = sizeof(T) == 8;
    const T* s = (const T*)a.sorted;
    AX_GRID_STRIDE(i, a.nq * a.rows) {
        i64 j = i / a.rows, r = i - j * a.rows;
        const T* row = s + r * a.s0;
        // NaNs stand at the end of the row: the number of the others by binary search
        i64 lo = 0, hi = a.n;
        while (lo < hi) {
            i64 mid = (lo + hi) >> 1;
            double x = ax_dbl(row[mid * a.s1]);
            if (x == x) lo = mid + 1; else hi = mid;
        }
        i64 valid = lo;
        bool isNan = a.ignoreNan ? valid == 0 : valid < a.n;
        double v;
        if (isNan) {
            v = nan("");
        } else {
            double q = a.q[j];
            i64 last = valid - 1;
            double rank = f64 ? q * (double)last : (double)((float)q * (float)last);
            if (a.mode == 1) rank = floor(rank);
            else if (a.mode == 2) rank = ceil(rank);
            else if (a.mode == 4) rank = rint(rank);
            i64 below = (i64)rank;
            double lov = ax_dbl(row[below * a.s1]);
            if (a.mode == 1 || a.mode == 2 || a.mode == 4) {
                v = lov;
            } else {
                i64 above = (i64)ceil(rank);
                double hiv = ax_dbl(row[above * a.s1]);
                double w = a.mode == 3 ? 0.5 : rank - (double)below;
                if (f64) {
                    v = w < 0.5 ? lov + w * (hiv - lov) : hiv - (hiv - lov) * (1 - w);
                } else {
                    float fl = (float)lov, fh = (float)hiv, fw = (float)w;
                    v = fw < 0.5f ? fl + fw * (fh - fl) : fh - (fh - fl) * (1 - fw);
                }
            }
        }
        ((T*)a.out)[j * a.o0 + r * a.o1] = ax_from_dbl<T>(v);
    }
}

// ---- instantiations ------------------------------------------------------------------------------

#define AX_SORT_ALL(T, sfx)                                                                 \
    AX_KERNEL(sort_block_##sfx, SortArgs, a) { sort_block<T>(a); }                          \
    AX_KERNEL(sort_chunks_##sfx, SortArgs, a) { sort_chunks<T>(a); }                        \
    AX_KERNEL(sort_gather_##sfx, GatherArgs, a) { sort_gather<T>(a); }                      \
    AX_KERNEL(sort_rowkeys_##sfx, RowKeysArgs, a) { sort_rowkeys<T>(a); }                   \
    AX_KERNEL(unique_count_##sfx, UniqueArgs, a) { unique_count<T>(a); }                    \
    AX_KERNEL(unique_write_##sfx, UniqueArgs, a) { unique_write<T>(a); }

AX_SORT_ALL(bool, bool)
AX_SORT_ALL(unsigned char, u8)
AX_SORT_ALL(signed char, i8)
AX_SORT_ALL(short, i16)
AX_SORT_ALL(int, i32)
AX_SORT_ALL(i64, i64)
AX_SORT_ALL(f16, f16)
AX_SORT_ALL(bf16, bf16)
AX_SORT_ALL(float, f32)
AX_SORT_ALL(double, f64)

// searchsorted: every dtype but bool; bincount: the integral ones
#define AX_SEARCH(T, sfx) AX_KERNEL(searchsorted_##sfx, SearchArgs, a) { searchsorted<T>(a); }
AX_SEARCH(unsigned char, u8)
AX_SEARCH(signed char, i8)
AX_SEARCH(short, i16)
AX_SEARCH(int, i32)
AX_SEARCH(i64, i64)
AX_SEARCH(f16, f16)
AX_SEARCH(bf16, bf16)
AX_SEARCH(float, f32)
AX_SEARCH(double, f64)

#define AX_BINCOUNT(T, sfx) AX_KERNEL(bincount_##sfx, BincountArgs, a) { bincount<T>(a); }
AX_BINCOUNT(unsigned char, u8)
AX_BINCOUNT(signed char, i8)
AX_BINCOUNT(short, i16)
AX_BINCOUNT(int, i32)
AX_BINCOUNT(i64, i64)

// histc and quantile: the floating dtypes
#define AX_FLOATING(T, sfx)                                                                 \
    AX_KERNEL(histc_##sfx, HistcArgs, a) { histc<T>(a); }                                   \
    AX_KERNEL(histc_finish_##sfx, FinishArgs, a) { histc_finish<T>(a); }                    \
    AX_KERNEL(quantile_##sfx, QuantileArgs, a) { quantile<T>(a); }
AX_FLOATING(f16, f16)
AX_FLOATING(bf16, bf16)
AX_FLOATING(float, f32)
AX_FLOATING(double, f64)
