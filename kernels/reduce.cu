// reduce.cu: reductions and the other ops along dims, for the CUDA backend (CudaReduce on the Java side).
//   reduce_<dt>   one op (sum, prod, mean, amax/amin, all/any, count_nonzero, var/std, p-norms, logsumexp,
//                 nansum/nanmean, max/min with index) over a set of reduced dims, for every output; or,
//                 split into chunks, one partial state per (chunk, output)
//   reduce_merge  the partial states of each output merged in chunk order and written (the second pass)
//   scan_<dt>     inclusive scans along one dim: cumsum, cumprod, cummax/cummin with index, logcumsumexp;
//                 few long lines are cut into chunks: chunk totals, scan_carry (their prefixes), chunks again
//   softmax_<dt>  softmax / log-softmax along one dim, max-subtracted
// Java (CudaReduce) maps every op to (outer kept positions) x (inner reduced positions): kept dims and
// reduced dims each coalesced, reduced dims innermost. A "group" of 1, 32 or 256 threads computes one
// output: 1 when the reduced elements are strided (adjacent threads read adjacent outputs: coalesced),
// 32 or 256 when they are a unit-stride run (the group reads it together: coalesced). Few outputs with
// long reductions are split into chunks so that every SM has work; the chunk states are merged after.
// Numbers follow the CPU backend: floating values accumulate in double, integral sums/products/extremes
// in int64 (wrapping), NaN propagates through max/min (and is the extreme of argmax/argmin).
#include "axial.cuh"

typedef unsigned char u8;

// ---- dtypes ---------------------------------------------------------------------------------------

// DType ordinals of the Java enum (the runtime output dtype of a launch).
enum { DT_BOOL, DT_U8, DT_I8, DT_I16, DT_I32, DT_I64, DT_F16, DT_BF16, DT_F32, DT_F64 };

template <typename T> struct RIsFloat { static const bool value = false; };
template <> struct RIsFloat<float> { static const bool value = true; };
template <> struct RIsFloat<double> { static const bool value = true; };
template <> struct RIsFloat<f16> { static const bool value = true; };
template <> struct RIsFloat<bf16> { static const bool value = true; };

template <typename T> __device__ __forceinline__ double r_tod(T x) { return (double)x; }
template <> __device__ __forceinline__ double r_tod<f16>(f16 x) { return (double)__half2float(x); }
template <> __device__ __forceinline__ double r_tod<bf16>(bf16 x) { return (double)__bfloat162float(x); }
template <typename T> __device__ __forceinline__ i64 r_tol(T x) { return (i64)x; }
template <> __device__ __forceinline__ i64 r_tol<f16>(f16 x) { return (i64)__half2float(x); }
template <> __device__ __forceinline__ i64 r_tol<bf16>(bf16 x) { return (i64)__bfloat162float(x); }

// double -> int64 as Java's (long) cast: NaN to 0, saturating (C++ leaves both undefined).
__device__ __forceinline__ i64 r_d2l(double v) {
    if (v != v) return 0;
    if (v >= 9.2233720368547758e18) return 0x7fffffffffffffffLL;
    if (v <= -9.2233720368547758e18) return (i64)(-0x7fffffffffffffffLL - 1);
    return (i64)v;
}

// Stores as the CPU backend's Elem.putLong / Elem.putDouble: integers straight from int64, narrowing by bits.
__device__ void r_stl(char* base, int dt, i64 i, i64 v) {
    switch (dt) {
        case DT_BOOL: ((u8*)base)[i] = v != 0; break;
        case DT_U8: case DT_I8: ((u8*)base)[i] = (u8)v; break;
        case DT_I16: ((short*)base)[i] = (short)v; break;
        case DT_I32: ((int*)base)[i] = (int)v; break;
        case DT_I64: ((i64*)base)[i] = v; break;
        case DT_F16: ((f16*)base)[i] = __float2half((float)v); break;
        case DT_BF16: ((bf16*)base)[i] = __float2bfloat16((float)v); break;
        case DT_F32: ((float*)base)[i] = (float)v; break;
        default: ((double*)base)[i] = (double)v; break;
    }
}

__device__ void r_std(char* base, int dt, i64 i, double v) {
    switch (dt) {
        case DT_BOOL: ((u8*)base)[i] = v != 0; break;
        case DT_F16: ((f16*)base)[i] = __float2half((float)v); break;
        case DT_BF16: ((bf16*)base)[i] = __float2bfloat16((float)v); break;
        case DT_F32: ((float*)base)[i] = (float)v; break;
        case DT_F64: ((double*)base)[i] = v; break;
        default: r_stl(base, dt, i, r_d2l(v)); break;
    }
}

__device__ __forceinline__ double r_max(double a, double b) { return (a > b || a != a) ? a : (b != b ? b : (a < b ? b : a)); }
__device__ __forceinline__ double r_min(double a, double b) { return (a < b || a != a) ? a : (b != b ? b : (a > b ? b : a)); }
__device__ __forceinline__ double r_inf() { return __longlong_as_double(0x7ff0000000000000LL); }
__device__ __forceinline__ double r_nan() { return __longlong_as_double(0x7ff8000000000000LL); }

// ---- geometry -------------------------------------------------------------------------------------

// Offset (in elements) of linear index i over ndim dims (row-major) with the given strides.
__device__ __forceinline__ i64 r_off(i64 i, int ndim, const i64* sizes, const i64* strides) {
    i64 off = 0;
    for (int d = ndim - 1; d >= 0; --d) {
        i64 q = i / sizes[d];
        off += (i - q * sizes[d]) * strides[d];
        i = q;
    }
    return off;
}

// ---- reduction states -----------------------------------------------------------------------------

// Kinds (CudaReduce.K_*): which state and rule. *L kinds fold int64.
enum {
    K_SUM, K_SUML, K_PROD, K_PRODL, K_MAX, K_MIN, K_MAXL, K_MINL, K_ALL, K_ANY, K_COUNT,
    K_MAXABS, K_MINABS, K_POW, K_VAR, K_LSE, K_NANSUM, K_ARGMAX, K_ARGMIN, K_ARGMAXL, K_ARGMINL
};
// Finishing rules for the write (CudaReduce.FIN_*).
enum { FIN_NONE, FIN_MEAN, FIN_SQRT };

// One state for every kind: sums/extremes in a (or l), var (n, mean, m2) in (a, b, c), logsumexp
// (max, scaled sum) in (a, b), nansum (sum, count) in (a, b), arg (value a or l, index k; k < 0: empty).
struct St { double a, b, c; i64 l, k; };

__device__ __forceinline__ St r_init(int kind) {
    St s;
    s.a = 0; s.b = 0; s.c = 0; s.l = 0; s.k = -1;
    switch (kind) {
        case K_PROD: case K_ALL: s.a = 1; break;
        case K_PRODL: s.l = 1; break;
        case K_MAX: case K_LSE: s.a = -r_inf(); break;
        case K_MIN: case K_MINABS: s.a = r_inf(); break;
        case K_MAXL: s.l = (i64)(-0x7fffffffffffffffLL - 1); break;
        case K_MINL: s.l = 0x7fffffffffffffffLL; break;
        default: break;
    }
    return s;
}

// s = s (+) o, associative (and commutative up to rounding; arg kinds break ties by index).
__device__ __forceinline__ void r_merge(St& s, const St& o, int kind) {
    switch (kind) {
        case K_SUM: case K_COUNT: case K_POW: s.a += o.a; break;
        case K_SUML: s.l += o.l; break;
        case K_PROD: s.a *= o.a; break;
        case K_PRODL: s.l *= o.l; break;
        case K_MAX: case K_MAXABS: s.a = r_max(s.a, o.a); break;
        case K_MIN: case K_MINABS: s.a = r_min(s.a, o.a); break;
        case K_MAXL: s.l = o.l > s.l ? o.l : s.l; break;
        case K_MINL: s.l = o.l < s.l ? o.l : s.l; break;
        case K_ALL: s.a = (s.a != 0 && o.a != 0) ? 1 : 0; break;
        case K_ANY: s.a = (s.a != 0 || o.a != 0) ? 1 : 0; break;
        case K_NANSUM: s.a += o.a; s.b += o.b; break;
        case K_VAR: {   // Chan et al.
            if (o.a == 0) break;
            if (s.a == 0) { s = o; break; }
            double tot = s.a + o.a, delta = o.b - s.b;
            s.b += delta * (o.a / tot);
            s.c += o.c + delta * delta * (s.a * o.a / tot);
            s.a = tot;
            break;
        }
        case K_LSE: {
            double mx = r_max(s.a, o.a);
            if (mx != mx || mx == r_inf()) { s.a = mx; s.b = 1; break; }
            if (mx == -r_inf()) break;
            s.b = s.b * exp(s.a - mx) + o.b * exp(o.a - mx);
            s.a = mx;
            break;
        }
        case K_ARGMAX: case K_ARGMIN: {
            if (o.k < 0) break;
            if (s.k < 0) { s = o; break; }
            bool sn = s.a != s.a, on = o.a != o.a, take;
            if (sn || on) take = sn && on ? o.k < s.k : on;
            else if (o.a == s.a) take = o.k < s.k;
            else take = kind == K_ARGMAX ? o.a > s.a : o.a < s.a;
            if (take) s = o;
            break;
        }
        case K_ARGMAXL: case K_ARGMINL: {
            if (o.k < 0) break;
            if (s.k < 0) { s = o; break; }
            bool take = o.l == s.l ? o.k < s.k : (kind == K_ARGMAXL ? o.l > s.l : o.l < s.l);
            if (take) s = o;
            break;
        }
        default: break;
    }
}

// Folds element x (the idx-th reduced element) into s. K is a template argument: the hot loop has no switch.
template <int K, typename T>
__device__ __forceinline__ void r_fold(St& s, T xv, i64 idx, double p) {
    if constexpr (K == K_SUML || K == K_PRODL || K == K_MAXL || K == K_MINL || K == K_ARGMAXL || K == K_ARGMINL) {
        i64 x = r_tol(xv);
        if constexpr (K == K_SUML) s.l += x;
        else if constexpr (K == K_PRODL) s.l *= x;
        else if constexpr (K == K_MAXL) s.l = x > s.l ? x : s.l;
        else if constexpr (K == K_MINL) s.l = x < s.l ? x : s.l;
        else {   // elements of one thread come in increasing idx: strict comparison keeps the first
            if (s.k < 0 || (K == K_ARGMAXL ? x > s.l : x < s.l)) { s.l = x; s.k = idx; }
        }
    } else {
        double x = r_tod(xv);
        if constexpr (K == K_SUM) s.a += x;
        else if constexpr (K == K_PROD) s.a *= x;
        else if constexpr (K == K_MAX) s.a = r_max(s.a, x);
        else if constexpr (K == K_MIN) s.a = r_min(s.a, x);
        else if constexpr (K == K_ALL) { if (x == 0) s.a = 0; }
        else if constexpr (K == K_ANY) { if (x != 0) s.a = 1; }
        else if constexpr (K == K_COUNT) { if (x != 0) s.a += 1; }
        else if constexpr (K == K_MAXABS) s.a = r_max(s.a, fabs(x));
        else if constexpr (K == K_MINABS) s.a = r_min(s.a, fabs(x));
        else if constexpr (K == K_POW) s.a += p == 1 ? fabs(x) : p == 2 ? x * x : pow(fabs(x), p);
        else if constexpr (K == K_NANSUM) { if (x == x) { s.a += x; s.b += 1; } }
        else if constexpr (K == K_VAR) {   // Welford
            s.a += 1;
            double d = x - s.b;
            s.b += d / s.a;
            s.c += d * (x - s.b);
        } else if constexpr (K == K_LSE) {
            St o;
            o.a = x; o.b = x == -r_inf() ? 0 : 1;
            r_merge(s, o, K_LSE);
        } else {   // K_ARGMAX, K_ARGMIN
            bool sn = s.a != s.a;
            if (s.k < 0 || (!sn && (x != x || (K == K_ARGMAX ? x > s.a : x < s.a)))) { s.a = x; s.k = idx; }
        }
    }
}

// Writes the final value of s for count reduced elements (and the index for the arg kinds).
__device__ void r_write(const St& s, int kind, int fin, double p, i64 count, char* out, char* out2, int odt, i64 oi, i64 oi2) {
    switch (kind) {
        case K_SUML: case K_PRODL: case K_MAXL: case K_MINL: r_stl(out, odt, oi, s.l); break;
        case K_SUM: r_std(out, odt, oi, fin == FIN_MEAN ? s.a / (double)count : s.a); break;
        case K_NANSUM: r_std(out, odt, oi, fin == FIN_MEAN ? s.a / s.b : s.a); break;
        case K_POW: r_std(out, odt, oi, p == 1 ? s.a : p == 2 ? sqrt(s.a) : pow(s.a, 1 / p)); break;
        case K_VAR: {
            double den = s.a - p;
            double v = s.a == 0 ? r_nan() : s.c / (den > 0 ? den : 0);
            r_std(out, odt, oi, fin == FIN_SQRT ? sqrt(v) : v);
            break;
        }
        case K_LSE: r_std(out, odt, oi, (s.a != s.a || s.a == r_inf() || s.a == -r_inf()) ? s.a : s.a + log(s.b)); break;
        case K_ARGMAX: case K_ARGMIN: r_std(out, odt, oi, s.a); ((i64*)out2)[oi2] = s.k < 0 ? 0 : s.k; break;
        case K_ARGMAXL: case K_ARGMINL: r_stl(out, odt, oi, s.l); ((i64*)out2)[oi2] = s.k < 0 ? 0 : s.k; break;
        default: r_std(out, odt, oi, s.a); break;
    }
}

// ---- group reductions (1, 32 or 256 threads; every thread of the group calls) -----------------------

__device__ __forceinline__ St r_shfl_down(const St& s, int d) {
    St o;
    o.a = __shfl_down_sync(0xffffffffu, s.a, d);
    o.b = __shfl_down_sync(0xffffffffu, s.b, d);
    o.c = __shfl_down_sync(0xffffffffu, s.c, d);
    o.l = __shfl_down_sync(0xffffffffu, s.l, d);
    o.k = __shfl_down_sync(0xffffffffu, s.k, d);
    return o;
}

// The group's states merged; valid in the group's thread 0. group 256 uses the whole block (sh: 8 states).
__device__ __forceinline__ St r_group(St s, int kind, int group, St* sh) {
    if (group == 1) return s;
    for (int d = 16; d > 0; d >>= 1) {
        St o = r_shfl_down(s, d);
        r_merge(s, o, kind);
    }
    if (group == 32) return s;
    int warp = threadIdx.x >> 5, nw = blockDim.x >> 5;
    if ((threadIdx.x & 31) == 0) sh[warp] = s;
    __syncthreads();
    if (threadIdx.x == 0)
        for (int w = 1; w < nw; ++w) r_merge(s, sh[w], kind);
    __syncthreads();
    return s;
}

// ---- reduce -----------------------------------------------------------------------------------------

struct ReduceArgs {
    char* out;          // values, out dtype
    char* out2;         // indices (int64) of the arg kinds
    const char* in;     // input (T; unused by reduce_merge)
    char* part;         // partial states (St) [nsplit][outer] when nsplit > 1
    i64 outer;          // outputs
    i64 inner;          // reduced elements per output
    i64 chunk;          // reduced elements per split
    i64 nsplit;         // splits per output
    double param;       // VAR/STD correction, NORM p
    i64 keptSizes[AX_MAX_DIMS], keptIn[AX_MAX_DIMS], keptOut[AX_MAX_DIMS], keptOut2[AX_MAX_DIMS];
    i64 redSizes[AX_MAX_DIMS], redIn[AX_MAX_DIMS];
    int keptNdim, redNdim;
    int kind, fin;
    int outDtype;       // DType ordinal of out
    int group;          // threads per output: 1, 32 or 256 (= blockDim.x)
};

// Folds q[r * st] for r = r0, r0 + group, ... < end: four loads in flight per thread. UNIT: st is 1 (no multiplies).
// r is the element's index for the arg kinds (which reduce one dim, so never come row by row).
template <int K, typename T, bool UNIT>
__device__ __forceinline__ void r_fold_run(St& s, const T* q, i64 st, i64 r, i64 end, int group, double p) {
    if (UNIT) st = 1;
    for (; r + 3 * group < end; r += 4 * group) {
        T x0 = q[r * st], x1 = q[(r + group) * st], x2 = q[(r + 2 * group) * st], x3 = q[(r + 3 * group) * st];
        r_fold<K>(s, x0, r, p);
        r_fold<K>(s, x1, r + group, p);
        r_fold<K>(s, x2, r + 2 * group, p);
        r_fold<K>(s, x3, r + 3 * group, p);
    }
    for (; r < end; r += group) r_fold<K>(s, q[r * st], r, p);
}

template <typename T> struct RIsF32 { static const bool value = false; };
template <> struct RIsF32<float> { static const bool value = true; };

__device__ __forceinline__ double r_sum4(float4 x) { return ((double)x.x + x.y) + ((double)x.z + x.w); }

// Folds the unit-stride run q[lo + lane], q[lo + lane + group], ... < end. Float sums (and means) load float4s:
// four times the bytes in flight of scalar loads, which held the 1 GiB sum at 80% of the H100's copy bandwidth.
// The elements before the run's first 16-byte boundary and after its last come one by one.
template <int K, typename T>
__device__ __forceinline__ void r_fold_unit(St& s, const T* q, i64 lo, i64 end, int lane, int group, double p) {
    if constexpr (K == K_SUM && RIsF32<T>::value) {
        i64 head = (i64)((16 - ((unsigned long long)(q + lo) & 15)) & 15) >> 2;
        if (head > end - lo) head = end - lo;
        for (i64 h = lo + lane; h < lo + head; h += group) s.a += (double)q[h];
        lo += head;
        const float4* v = (const float4*)(q + lo);
        const i64 nv = (end - lo) >> 2;
        i64 i = lane;
        for (; i + 3 * group < nv; i += 4 * group) {
            float4 x0 = v[i], x1 = v[i + group], x2 = v[i + 2 * group], x3 = v[i + 3 * group];
            s.a += (r_sum4(x0) + r_sum4(x1)) + (r_sum4(x2) + r_sum4(x3));
        }
        for (; i < nv; i += group) s.a += r_sum4(v[i]);
        for (i64 t = lo + 4 * nv + lane; t < end; t += group) s.a += (double)q[t];
    } else {
        r_fold_run<K, T, true>(s, q, 1, lo + lane, end, group, p);
    }
}

template <typename T, int K>
__device__ void reduce_run(const ReduceArgs& a, St* sh) {
    const int group = a.group, lane = threadIdx.x % group;
    const i64 perBlock = blockDim.x / group, items = a.outer * a.nsplit;
    const T* in = (const T*)a.in;
    const double p = a.param;
    // w is the same for every thread of a group (group 256: the whole block), so collectives are safe
    for (i64 w = (i64)blockIdx.x * perBlock + threadIdx.x / group; w < items; w += (i64)gridDim.x * perBlock) {
        i64 o = w % a.outer, sp = w / a.outer;
        i64 begin = sp * a.chunk, end = begin + a.chunk < a.inner ? begin + a.chunk : a.inner;
        i64 base = r_off(o, a.keptNdim, a.keptSizes, a.keptIn);
        St s = r_init(K);
        if (a.redNdim <= 1) {
            const i64 st = a.redNdim == 0 ? 0 : a.redIn[0];
            if (st == 1) r_fold_unit<K, T>(s, in + base, begin, end, lane, group, p);
            else r_fold_run<K, T, false>(s, in + base, st, begin + lane, end, group, p);
        } else {   // row by row of the innermost reduced dim; a chunk may start and end inside a row
            const int rd = a.redNdim - 1;
            const i64 last = a.redSizes[rd], st = a.redIn[rd];
            for (i64 r = begin; r < end;) {
                const i64 row = r / last, off = r - row * last;
                const i64 e = end - r < last - off ? end - r : last - off;
                const T* q = in + base + r_off(row, rd, a.redSizes, a.redIn) + off * st;
                if (st == 1) r_fold_unit<K, T>(s, q, 0, e, lane, group, p);
                else r_fold_run<K, T, false>(s, q, st, lane, e, group, p);
                r += e;
            }
        }
        s = r_group(s, K, group, sh);
        if (lane == 0) {
            if (a.nsplit == 1) {
                r_write(s, K, a.fin, p, a.inner, a.out, a.out2, a.outDtype,
                        r_off(o, a.keptNdim, a.keptSizes, a.keptOut), r_off(o, a.keptNdim, a.keptSizes, a.keptOut2));
            } else {
                ((St*)a.part)[w] = s;
            }
        }
    }
}

template <typename T>
__device__ void reduce_dispatch(const ReduceArgs& a) {
    __shared__ St sh[32];   // one array for every kind's instantiation (shared memory per kernel is the sum)
    if constexpr (RIsFloat<T>::value) {
        switch (a.kind) {
            case K_SUM: reduce_run<T, K_SUM>(a, sh); break;
            case K_PROD: reduce_run<T, K_PROD>(a, sh); break;
            case K_MAX: reduce_run<T, K_MAX>(a, sh); break;
            case K_MIN: reduce_run<T, K_MIN>(a, sh); break;
            case K_ALL: reduce_run<T, K_ALL>(a, sh); break;
            case K_ANY: reduce_run<T, K_ANY>(a, sh); break;
            case K_COUNT: reduce_run<T, K_COUNT>(a, sh); break;
            case K_MAXABS: reduce_run<T, K_MAXABS>(a, sh); break;
            case K_MINABS: reduce_run<T, K_MINABS>(a, sh); break;
            case K_POW: reduce_run<T, K_POW>(a, sh); break;
            case K_VAR: reduce_run<T, K_VAR>(a, sh); break;
            case K_LSE: reduce_run<T, K_LSE>(a, sh); break;
            case K_NANSUM: reduce_run<T, K_NANSUM>(a, sh); break;
            case K_ARGMAX: reduce_run<T, K_ARGMAX>(a, sh); break;
            case K_ARGMIN: reduce_run<T, K_ARGMIN>(a, sh); break;
            default: break;
        }
    } else {
        switch (a.kind) {
            case K_SUML: reduce_run<T, K_SUML>(a, sh); break;
            case K_PRODL: reduce_run<T, K_PRODL>(a, sh); break;
            case K_MAXL: reduce_run<T, K_MAXL>(a, sh); break;
            case K_MINL: reduce_run<T, K_MINL>(a, sh); break;
            case K_ARGMAXL: reduce_run<T, K_ARGMAXL>(a, sh); break;
            case K_ARGMINL: reduce_run<T, K_ARGMINL>(a, sh); break;
            case K_ALL: reduce_run<T, K_ALL>(a, sh); break;
            case K_ANY: reduce_run<T, K_ANY>(a, sh); break;
            case K_COUNT: reduce_run<T, K_COUNT>(a, sh); break;
            case K_LSE: reduce_run<T, K_LSE>(a, sh); break;
            default: break;
        }
    }
}

AX_KERNEL(reduce_bool, ReduceArgs, a) { reduce_dispatch<u8>(a); }
AX_KERNEL(reduce_u8, ReduceArgs, a) { reduce_dispatch<u8>(a); }
AX_KERNEL(reduce_i8, ReduceArgs, a) { reduce_dispatch<signed char>(a); }
AX_KERNEL(reduce_i16, ReduceArgs, a) { reduce_dispatch<short>(a); }
AX_KERNEL(reduce_i32, ReduceArgs, a) { reduce_dispatch<int>(a); }
AX_KERNEL(reduce_i64, ReduceArgs, a) { reduce_dispatch<i64>(a); }
AX_KERNEL(reduce_f16, ReduceArgs, a) { reduce_dispatch<f16>(a); }
AX_KERNEL(reduce_bf16, ReduceArgs, a) { reduce_dispatch<bf16>(a); }
AX_KERNEL(reduce_f32, ReduceArgs, a) { reduce_dispatch<float>(a); }
AX_KERNEL(reduce_f64, ReduceArgs, a) { reduce_dispatch<double>(a); }

// Second pass: one warp per output merges its nsplit partial states (lanes take every 32nd, then a tree).
// Input-dtype free: it reads states, so there is one kernel, not one per dtype.
AX_KERNEL(reduce_merge, ReduceArgs, a) {
    const int lane = threadIdx.x & 31;
    const i64 perBlock = blockDim.x >> 5;
    const St* part = (const St*)a.part;
    for (i64 o = (i64)blockIdx.x * perBlock + (threadIdx.x >> 5); o < a.outer; o += (i64)gridDim.x * perBlock) {
        St s = r_init(a.kind);
        for (i64 sp = lane; sp < a.nsplit; sp += 32) r_merge(s, part[sp * a.outer + o], a.kind);
        s = r_group(s, a.kind, 32, nullptr);
        if (lane == 0)
            r_write(s, a.kind, a.fin, a.param, a.inner, a.out, a.out2, a.outDtype,
                    r_off(o, a.keptNdim, a.keptSizes, a.keptOut), r_off(o, a.keptNdim, a.keptSizes, a.keptOut2));
    }
}

// ---- scan -------------------------------------------------------------------------------------------

// Kinds (CudaReduce.S_*).
enum { S_SUM, S_SUML, S_PROD, S_PRODL, S_MAX, S_MIN, S_MAXL, S_MINL, S_LSE };

// A prefix: value v (or l) and, for cummax/cummin, the index k of the element that gave it.
struct Sc { double v; i64 l, k; };

// log(exp(a) + exp(b)) as the CPU's CpuScan.logAddExp.
__device__ __forceinline__ double r_logaddexp(double a, double b) {
    if (a != a || b != b) return r_nan();
    double m = a > b ? a : b;
    if (m == r_inf() || m == -r_inf()) return m;
    return m + log1p(exp(-fabs(a - b)));
}

// The prefix p followed by the segment s. cummax/cummin follow PyTorch: a NaN takes over, ties move to the latest.
__device__ __forceinline__ Sc r_scomb(const Sc& p, const Sc& s, int kind) {
    Sc r = s;
    switch (kind) {
        case S_SUM: r.v = p.v + s.v; break;
        case S_SUML: r.l = p.l + s.l; break;
        case S_PROD: r.v = p.v * s.v; break;
        case S_PRODL: r.l = p.l * s.l; break;
        case S_MAX: if (s.v == s.v && (p.v != p.v || !(s.v >= p.v))) r = p; break;
        case S_MIN: if (s.v == s.v && (p.v != p.v || !(s.v <= p.v))) r = p; break;
        case S_MAXL: if (!(s.l >= p.l)) r = p; break;
        case S_MINL: if (!(s.l <= p.l)) r = p; break;
        default: r.v = r_logaddexp(p.v, s.v); break;
    }
    return r;
}

struct ScanArgs {
    char* out;          // out dtype
    char* idx;          // int64 indices of cummax/cummin, else unused
    const char* in;     // T
    char* part;         // chunk states (Sc) [lines][nchunks] of the split path
    i64 lines, n;       // lines x length along dim
    i64 sIn, sOut, sIdx;   // strides along dim
    i64 chunk, nchunks; // block path: each line cut into nchunks chunks of chunk elements
    i64 keptSizes[AX_MAX_DIMS], keptIn[AX_MAX_DIMS], keptOut[AX_MAX_DIMS], keptIdx[AX_MAX_DIMS];
    int keptNdim, kind;
    int outDtype;
    int group;          // 1: one thread per line; 256: one block per chunk of a line
    int phase;          // block path: 0 whole lines; split: 1 chunk totals to part, (scan_carry), 2 chunks from their carries
    int unused;
};

template <typename T>
__device__ __forceinline__ Sc r_selem(const T* in, i64 off, i64 k) {
    Sc e;
    e.v = r_tod(in[off]);
    e.l = RIsFloat<T>::value ? 0 : r_tol(in[off]);
    e.k = k;
    return e;
}

__device__ __forceinline__ void r_swrite(const ScanArgs& a, const Sc& c, i64 po, i64 px, i64 k) {
    bool asLong = a.kind == S_SUML || a.kind == S_PRODL || a.kind == S_MAXL || a.kind == S_MINL;
    if (asLong) r_stl(a.out, a.outDtype, po + k * a.sOut, c.l);
    else r_std(a.out, a.outDtype, po + k * a.sOut, c.v);
    if (a.kind >= S_MAX && a.kind <= S_MINL) ((i64*)a.idx)[px + k * a.sIdx] = c.k;
}

template <typename T>
__device__ void scan_run(const ScanArgs& a) {
    const T* in = (const T*)a.in;
    if (a.group == 1) {
        AX_GRID_STRIDE(o, a.lines) {
            i64 pi = r_off(o, a.keptNdim, a.keptSizes, a.keptIn), po = r_off(o, a.keptNdim, a.keptSizes, a.keptOut);
            i64 px = r_off(o, a.keptNdim, a.keptSizes, a.keptIdx);
            Sc c = r_selem(in, pi, 0);
            r_swrite(a, c, po, px, 0);
            for (i64 k = 1; k < a.n; ++k) {
                c = r_scomb(c, r_selem(in, pi + k * a.sIn, k), a.kind);
                r_swrite(a, c, po, px, k);
            }
        }
        return;
    }
    // one block per chunk of a line (the whole line unless split): tiles of blockDim elements, each scanned
    // by warp shuffles and a scan of the warp totals, carried into the next tile
    __shared__ Sc warpTot[32];
    __shared__ Sc carry[1];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nw = blockDim.x >> 5;
    Sc* part = (Sc*)a.part;
    for (i64 w = blockIdx.x; w < a.lines * a.nchunks; w += gridDim.x) {
        i64 o = w / a.nchunks, c = w - o * a.nchunks;
        i64 pi = r_off(o, a.keptNdim, a.keptSizes, a.keptIn), po = r_off(o, a.keptNdim, a.keptSizes, a.keptOut);
        i64 px = r_off(o, a.keptNdim, a.keptSizes, a.keptIdx);
        i64 begin = c * a.chunk, end = begin + a.chunk < a.n ? begin + a.chunk : a.n;
        bool carried = a.phase == 2 && c > 0;   // the prefix of the chunks before (scan_carry)
        if (carried && threadIdx.x == 0) carry[0] = part[w];
        __syncthreads();
        for (i64 t0 = begin; t0 < end; t0 += blockDim.x) {
            i64 k = t0 + threadIdx.x;
            bool live = k < end;
            Sc x = r_selem(in, pi + (live ? k : t0) * a.sIn, k);
            for (int d = 1; d < 32; d <<= 1) {   // lanes past the end only feed lanes after them
                Sc y;
                y.v = __shfl_up_sync(0xffffffffu, x.v, d);
                y.l = __shfl_up_sync(0xffffffffu, x.l, d);
                y.k = __shfl_up_sync(0xffffffffu, x.k, d);
                if (lane >= d) x = r_scomb(y, x, a.kind);
            }
            if (lane == 31) warpTot[warp] = x;
            __syncthreads();
            if (threadIdx.x == 0)
                for (int w2 = 1; w2 < nw; ++w2) warpTot[w2] = r_scomb(warpTot[w2 - 1], warpTot[w2], a.kind);
            __syncthreads();
            if (warp > 0) x = r_scomb(warpTot[warp - 1], x, a.kind);
            if (t0 > begin || carried) x = r_scomb(carry[0], x, a.kind);
            if (live && a.phase != 1) r_swrite(a, x, po, px, k);
            __syncthreads();   // everyone has read carry
            i64 last = t0 + blockDim.x < end ? t0 + blockDim.x : end;
            if (k == last - 1) carry[0] = x;
            __syncthreads();
        }
        if (a.phase == 1 && threadIdx.x == 0) part[w] = carry[0];   // the chunk's total
    }
}

AX_KERNEL(scan_bool, ScanArgs, a) { scan_run<u8>(a); }
AX_KERNEL(scan_u8, ScanArgs, a) { scan_run<u8>(a); }
AX_KERNEL(scan_i8, ScanArgs, a) { scan_run<signed char>(a); }
AX_KERNEL(scan_i16, ScanArgs, a) { scan_run<short>(a); }
AX_KERNEL(scan_i32, ScanArgs, a) { scan_run<int>(a); }
AX_KERNEL(scan_i64, ScanArgs, a) { scan_run<i64>(a); }
AX_KERNEL(scan_f16, ScanArgs, a) { scan_run<f16>(a); }
AX_KERNEL(scan_bf16, ScanArgs, a) { scan_run<bf16>(a); }
AX_KERNEL(scan_f32, ScanArgs, a) { scan_run<float>(a); }
AX_KERNEL(scan_f64, ScanArgs, a) { scan_run<double>(a); }

// Between the two split passes: per line, the chunk totals in part become the prefix before each chunk.
AX_KERNEL(scan_carry, ScanArgs, a) {
    Sc* part = (Sc*)a.part;
    AX_GRID_STRIDE(o, a.lines) {
        Sc* p = part + o * a.nchunks;
        Sc run = p[0];
        for (i64 c = 1; c < a.nchunks; ++c) {
            Sc tot = p[c];
            p[c] = run;
            run = r_scomb(run, tot, a.kind);
        }
    }
}

// ---- softmax ----------------------------------------------------------------------------------------

struct SoftmaxArgs {
    char* out;
    const char* in;
    i64 lines, n;
    i64 sIn, sOut;
    i64 keptSizes[AX_MAX_DIMS], keptIn[AX_MAX_DIMS], keptOut[AX_MAX_DIMS];
    int keptNdim, log;
    int outDtype;
    int group;          // threads per line: 1, 32 or 256
};

// Max (NaN-propagating) or sum of v over the group; the result in every thread of the group.
__device__ __forceinline__ double r_gall(double v, bool max, int group, double* sh) {
    if (group == 1) return v;
    for (int d = 16; d > 0; d >>= 1) {
        double o = __shfl_xor_sync(0xffffffffu, v, d);
        v = max ? r_max(v, o) : v + o;
    }
    if (group == 32) return v;
    int warp = threadIdx.x >> 5, nw = blockDim.x >> 5;
    if ((threadIdx.x & 31) == 0) sh[warp] = v;
    __syncthreads();
    v = sh[0];
    for (int w = 1; w < nw; ++w) v = max ? r_max(v, sh[w]) : v + sh[w];
    __syncthreads();
    return v;
}

template <typename T>
__device__ __forceinline__ double r_exp(double x) {
    if constexpr (sizeof(T) == 8) return exp(x);
    else return (double)expf((float)x);
}

template <typename T>
__device__ void softmax_run(const SoftmaxArgs& a) {
    __shared__ double sh[32];
    const int group = a.group, lane = threadIdx.x % group;
    const i64 perBlock = blockDim.x / group;
    const T* in = (const T*)a.in;
    for (i64 w = (i64)blockIdx.x * perBlock + threadIdx.x / group; w < a.lines; w += (i64)gridDim.x * perBlock) {
        const i64 n = a.n;
        i64 pi = r_off(w, a.keptNdim, a.keptSizes, a.keptIn), po = r_off(w, a.keptNdim, a.keptSizes, a.keptOut);
        double m = -r_inf();
        for (i64 k = lane; k < n; k += group) m = r_max(m, r_tod(in[pi + k * a.sIn]));
        m = r_gall(m, true, group, sh);
        double s = 0;
        for (i64 k = lane; k < n; k += group) s += r_exp<T>(r_tod(in[pi + k * a.sIn]) - m);
        s = r_gall(s, false, group, sh);
        double ls = log(s);
        for (i64 k = lane; k < n; k += group) {
            double e = r_tod(in[pi + k * a.sIn]);
            r_std(a.out, a.outDtype, po + k * a.sOut, a.log ? e - m - ls : r_exp<T>(e - m) / s);
        }
    }
}

AX_KERNEL(softmax_f16, SoftmaxArgs, a) { softmax_run<f16>(a); }
AX_KERNEL(softmax_bf16, SoftmaxArgs, a) { softmax_run<bf16>(a); }
AX_KERNEL(softmax_f32, SoftmaxArgs, a) { softmax_run<float>(a); }
AX_KERNEL(softmax_f64, SoftmaxArgs, a) { softmax_run<double>(a); }

// Float sums alone (losses, means, bias gradients: the commonest reduction). reduce_f32 carries every kind, so it
// is compiled for the registers of the widest (argmax, var, logsumexp); this instantiation is not.
AX_KERNEL(reduce_sum_f32, ReduceArgs, a) {
    __shared__ St sh[32];
    reduce_run<float, K_SUM>(a, sh);
}
