// pool.cu: max, average and adaptive pooling over 1, 2 or 3 spatial dims and their input gradients, as
// torch.nn.functional's max_pool/avg_pool/adaptive_*_pool (the CPU reference is dev.axial.tensor.cpu.CpuPool).
//
// Every tensor is contiguous (planes, D, H, W): the Java side pads 1-D and 2-D to 3-D with leading size-1 dims
// (kernel 1, stride 1, padding 0, dilation 1 there), which leaves the flat in-plane indices unchanged.
//   max_pool:          out, idx (int64 flat in-plane index, -1 for a window with no input tap); taps in (d, h, w)
//                      order, the first maximum wins and a NaN always wins (the last NaN, as ATen's CPU loop).
//   max_pool_backward: gradIn (zeroed by the caller) += gradOut scattered through idx, with atomics.
//   avg_pool:          the window sum (in double) over ATen's divisor (override, padded window or in-bounds taps).
//   avg_pool_backward: a gather per input element over the outputs whose window covers it (no atomics).
//   adaptive_pool:     windows [floor(o*in/out), ceil((o+1)*in/out)); average, or max with indices when idx != 0;
//                      adaptive_pool_block: the same with one block (of AX_POOL_BLOCK threads) per output, for large windows.
//   adaptive_avg_pool_backward: a gather per input element over the outputs o in [floor(i*out/in), ceil((i+1)*out/in)).
// Sums accumulate in double, as the CPU backend does.
#include "axial.cuh"

struct PoolArgs {
    void* out;             // max/avg/adaptive: out; backward: gradIn
    const void* in;        // forward: in; backward: gradOut
    i64* idx;              // int64 indices (max pooling, adaptive max); null for the average kinds
    i64 planes;            // N * C
    i64 is[3];             // input (or gradIn) spatial size (D, H, W)
    i64 os[3];             // output (or gradOut) spatial size
    i64 k[3], st[3], pd[3], dl[3];
    int countIncludePad;
    int divisorOverride;   // 0: none
};

__device__ __forceinline__ i64 ax_floordiv(i64 a, i64 b) {
    i64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

template <typename T>
__device__ void max_pool(const PoolArgs& a) {
    const T* x = (const T*)a.in;
    T* y = (T*)a.out;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * ov) {
        i64 o[3];
        i64 plane = ax_unflat3(i, a.os, o);
        const T* xp = x + plane * iv;
        bool any = false;
        T m = 0;
        i64 mi = -1;
        for (i64 kd = 0; kd < a.k[0]; kd++) {
            i64 id = o[0] * a.st[0] - a.pd[0] + kd * a.dl[0];
            if (id < 0 || id >= a.is[0]) continue;
            for (i64 kh = 0; kh < a.k[1]; kh++) {
                i64 ih = o[1] * a.st[1] - a.pd[1] + kh * a.dl[1];
                if (ih < 0 || ih >= a.is[1]) continue;
                i64 row = (id * a.is[1] + ih) * a.is[2];
                for (i64 kw = 0; kw < a.k[2]; kw++) {
                    i64 iw = o[2] * a.st[2] - a.pd[2] + kw * a.dl[2];
                    if (iw < 0 || iw >= a.is[2]) continue;
                    T v = xp[row + iw];
                    if (!any || v > m || v != v) {
                        m = v;
                        mi = row + iw;
                        any = true;
                    }
                }
            }
        }
        y[i] = any ? m : (T)(-INFINITY);
        a.idx[i] = mi;
    }
}

template <typename T>
__device__ void max_pool_backward(const PoolArgs& a) {
    T* gi = (T*)a.out;
    const T* go = (const T*)a.in;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * ov) {
        i64 j = a.idx[i];
        if (j >= 0) atomicAdd(gi + (i / ov) * iv + j, go[i]);
    }
}

// One dim of an averaging window: [lo, hi) clamped to the input, and the padded length (ATen's avg_pool).
__device__ __forceinline__ i64 avg_window(i64 o, i64 st, i64 pd, i64 k, i64 size, i64* lo, i64* hi) {
    i64 l = o * st - pd;
    i64 h = l + k < size + pd ? l + k : size + pd;
    *lo = l > 0 ? l : 0;
    *hi = h < size ? h : size;
    return h - l;
}

// ATen's avg_pool divisor of one output, or 0 when its window holds no input element.
__device__ __forceinline__ double avg_divisor(const PoolArgs& a, const i64* o) {
    i64 padded = 1, n = 1;
    for (int d = 0; d < 3; d++) {
        i64 lo, hi;
        padded *= avg_window(o[d], a.st[d], a.pd[d], a.k[d], a.is[d], &lo, &hi);
        n *= hi > lo ? hi - lo : 0;
    }
    if (n == 0) return 0;
    if (a.divisorOverride != 0) return (double)a.divisorOverride;
    return (double)(a.countIncludePad ? padded : n);
}

template <typename T>
__device__ void avg_pool(const PoolArgs& a) {
    const T* x = (const T*)a.in;
    T* y = (T*)a.out;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * ov) {
        i64 o[3], lo[3], hi[3];
        i64 plane = ax_unflat3(i, a.os, o);
        for (int d = 0; d < 3; d++) avg_window(o[d], a.st[d], a.pd[d], a.k[d], a.is[d], &lo[d], &hi[d]);
        double div = avg_divisor(a, o);
        const T* xp = x + plane * iv;
        double acc = 0;
        for (i64 id = lo[0]; id < hi[0]; id++)
            for (i64 ih = lo[1]; ih < hi[1]; ih++) {
                const T* r = xp + (id * a.is[1] + ih) * a.is[2];
                for (i64 iw = lo[2]; iw < hi[2]; iw++) acc += (double)r[iw];
            }
        y[i] = (T)(div == 0 ? 0.0 : acc / div);
    }
}

template <typename T>
__device__ void avg_pool_backward(const PoolArgs& a) {
    T* gi = (T*)a.out;
    const T* go = (const T*)a.in;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * iv) {
        i64 c[3], o0[3], o1[3];
        i64 plane = ax_unflat3(i, a.is, c);
        // the outputs whose window [o*st - pd, o*st - pd + k) covers c, per dim
        for (int d = 0; d < 3; d++) {
            i64 f = ax_floordiv(c[d] + a.pd[d] - a.k[d], a.st[d]) + 1, l = ax_floordiv(c[d] + a.pd[d], a.st[d]) + 1;
            o0[d] = f > 0 ? f : 0;
            o1[d] = l < a.os[d] ? l : a.os[d];
        }
        const T* gp = go + plane * ov;
        double acc = 0;
        i64 o[3];
        for (o[0] = o0[0]; o[0] < o1[0]; o[0]++)
            for (o[1] = o0[1]; o[1] < o1[1]; o[1]++)
                for (o[2] = o0[2]; o[2] < o1[2]; o[2]++) {
                    double div = avg_divisor(a, o);
                    if (div != 0) acc += (double)gp[(o[0] * a.os[1] + o[1]) * a.os[2] + o[2]] / div;
                }
        gi[i] = (T)acc;
    }
}

// ATen's adaptive window [floor(o*in/out), ceil((o+1)*in/out)); with in and out swapped, the outputs that cover i.
__device__ __forceinline__ i64 adaptive_start(i64 o, i64 in, i64 out) { return (o * in) / out; }

__device__ __forceinline__ i64 adaptive_end(i64 o, i64 in, i64 out) { return ((o + 1) * in + out - 1) / out; }

template <typename T>
__device__ void adaptive_pool(const PoolArgs& a) {
    const T* x = (const T*)a.in;
    T* y = (T*)a.out;
    bool max = a.idx != 0;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * ov) {
        i64 o[3], lo[3], hi[3];
        i64 plane = ax_unflat3(i, a.os, o);
        for (int d = 0; d < 3; d++) {
            lo[d] = adaptive_start(o[d], a.is[d], a.os[d]);
            hi[d] = adaptive_end(o[d], a.is[d], a.os[d]);
        }
        const T* xp = x + plane * iv;
        double acc = max ? -INFINITY : 0.0;
        i64 best = (lo[0] * a.is[1] + lo[1]) * a.is[2] + lo[2];
        for (i64 id = lo[0]; id < hi[0]; id++)
            for (i64 ih = lo[1]; ih < hi[1]; ih++) {
                i64 r = (id * a.is[1] + ih) * a.is[2];
                for (i64 iw = lo[2]; iw < hi[2]; iw++) {
                    double v = (double)xp[r + iw];
                    if (!max) {
                        acc += v;
                    } else if (v > acc || v != v) {
                        acc = v;
                        best = r + iw;
                    }
                }
            }
        if (max) {
            y[i] = (T)acc;
            a.idx[i] = best;
        } else {
            y[i] = (T)(acc / (double)((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2])));
        }
    }
}

// adaptive_pool with one block per output (grid-stride over the outputs): for large windows (global average
// pooling), where one thread per output would walk the whole plane alone. The block's threads stride the window,
// then a shared-memory tree combines (sum, or max with the CPU's winner: a NaN wins, the last NaN of the window;
// otherwise the larger value, the first of equal ones; in-plane indices grow with the window's (d, h, w) order).
#define AX_POOL_BLOCK 256

__device__ __forceinline__ bool max_takes(double v, i64 vi, double m, i64 mi) {
    if (v != v) return m == m || vi > mi;
    if (m != m) return false;
    return v > m || (v == m && vi < mi);
}

template <typename T>
__device__ void adaptive_pool_block(const PoolArgs& a) {
    __shared__ double sv[AX_POOL_BLOCK];
    __shared__ i64 si[AX_POOL_BLOCK];
    const T* x = (const T*)a.in;
    T* y = (T*)a.out;
    bool max = a.idx != 0;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    for (i64 i = blockIdx.x; i < a.planes * ov; i += gridDim.x) {
        i64 o[3], lo[3], n[3];
        i64 plane = ax_unflat3(i, a.os, o);
        for (int d = 0; d < 3; d++) {
            lo[d] = adaptive_start(o[d], a.is[d], a.os[d]);
            n[d] = adaptive_end(o[d], a.is[d], a.os[d]) - lo[d];
        }
        const T* xp = x + plane * iv;
        double acc = max ? -INFINITY : 0.0;
        i64 best = -1;
        for (i64 j = threadIdx.x; j < n[0] * n[1] * n[2]; j += blockDim.x) {
            i64 w = j % n[2], r = j / n[2];
            i64 at = ((lo[0] + r / n[1]) * a.is[1] + lo[1] + r % n[1]) * a.is[2] + lo[2] + w;
            double v = (double)xp[at];
            if (!max) acc += v;
            else if (best < 0 || max_takes(v, at, acc, best)) { acc = v; best = at; }
        }
        sv[threadIdx.x] = acc;
        si[threadIdx.x] = best;
        __syncthreads();
        for (int s = AX_POOL_BLOCK / 2; s > 0; s >>= 1) {
            if ((int)threadIdx.x < s) {
                double v = sv[threadIdx.x + s];
                i64 vi = si[threadIdx.x + s];
                if (!max) sv[threadIdx.x] += v;
                else if (vi >= 0 && (si[threadIdx.x] < 0 || max_takes(v, vi, sv[threadIdx.x], si[threadIdx.x]))) {
                    sv[threadIdx.x] = v;
                    si[threadIdx.x] = vi;
                }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            if (max) {
                y[i] = (T)sv[0];
                a.idx[i] = si[0];
            } else {
                y[i] = (T)(sv[0] / (double)(n[0] * n[1] * n[2]));
            }
        }
        __syncthreads();   // NOTE: sv/si are reused by the block's next output
    }
}

template <typename T>
__device__ void adaptive_avg_pool_backward(const PoolArgs& a) {
    T* gi = (T*)a.out;
    const T* go = (const T*)a.in;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * iv) {
        i64 c[3], o0[3], o1[3];
        i64 plane = ax_unflat3(i, a.is, c);
        for (int d = 0; d < 3; d++) {
            o0[d] = adaptive_start(c[d], a.os[d], a.is[d]);
            o1[d] = adaptive_end(c[d], a.os[d], a.is[d]);
        }
        const T* gp = go + plane * ov;
        double acc = 0;
        for (i64 od = o0[0]; od < o1[0]; od++) {
            i64 nd = adaptive_end(od, a.is[0], a.os[0]) - adaptive_start(od, a.is[0], a.os[0]);
            for (i64 oh = o0[1]; oh < o1[1]; oh++) {
                i64 nh = adaptive_end(oh, a.is[1], a.os[1]) - adaptive_start(oh, a.is[1], a.os[1]);
                for (i64 ow = o0[2]; ow < o1[2]; ow++) {
                    i64 nw = adaptive_end(ow, a.is[2], a.os[2]) - adaptive_start(ow, a.is[2], a.os[2]);
                    acc += (double)gp[(od * a.os[1] + oh) * a.os[2] + ow] / (double)(nd * nh * nw);
                }
            }
        }
        gi[i] = (T)acc;
    }
}

#define AX_POOL_KERNELS(T, sfx)                                                                              \
    AX_KERNEL(max_pool_##sfx, PoolArgs, a) { max_pool<T>(a); }                                                \
    AX_KERNEL(max_pool_backward_##sfx, PoolArgs, a) { max_pool_backward<T>(a); }                              \
    AX_KERNEL(avg_pool_##sfx, PoolArgs, a) { avg_pool<T>(a); }                                                \
    AX_KERNEL(avg_pool_backward_##sfx, PoolArgs, a) { avg_pool_backward<T>(a); }                              \
    AX_KERNEL(adaptive_pool_##sfx, PoolArgs, a) { adaptive_pool<T>(a); }                                      \
    AX_KERNEL(adaptive_pool_block_##sfx, PoolArgs, a) { adaptive_pool_block<T>(a); }                          \
    AX_KERNEL(adaptive_avg_pool_backward_##sfx, PoolArgs, a) { adaptive_avg_pool_backward<T>(a); }

AX_POOL_KERNELS(float, f32)
AX_POOL_KERNELS(double, f64)
