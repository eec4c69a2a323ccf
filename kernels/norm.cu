// norm.cu: the normalizations cuDNN does not cover, for float32 and float64, as the CPU backend computes them
// (cpu/CpuNorm.java, cpu/CpuNormLrn.java): group norm and layer norm forward and backward, and local response norm
// (PyTorch's convention) forward and backward. Every sum accumulates in double.
//
// Group and layer norm share the forward: a "row" (group norm: one (n, group), cpg * S elements; layer norm: one
// row of cols elements) is normalized by one block with two-pass statistics (the mean, then the sums of
// d = x - mean and d^2, the first refining the mean), then y = (x - mean) * (rstd * w) + b, the parameter index
// of element i of row r being (r % pmod) * (len / pdiv) + i / pdiv. Backward: one block per row for the sums and
// dx = k g + a (x - mean) + b; the parameter gradients from per-(n, c) sums (group norm) or per-column partial sums
// over chunks of rows (layer norm), each reduced in a fixed order (results do not depend on the grid).
// Local response norm: one thread per (n, spatial position), a sliding window over the channels.
//
// Blocks of the row kernels must be a power of two of at most NORM_BLOCK threads (the shared-memory tree
// reduction assumes it): Java picks the smallest that covers a short row, 32 at least.
#include "axial.cuh"

#define NORM_BLOCK 256

// Sums a and b over the block (blockDim.x a power of two, at most NORM_BLOCK); every thread gets both totals.
__device__ __forceinline__ void norm_block_sum2(double& a, double& b, double* sh) {
    int t = threadIdx.x, n = blockDim.x;
    sh[t] = a;
    sh[NORM_BLOCK + t] = b;
    __syncthreads();
    for (int s = n / 2; s > 0; s >>= 1) {
        if (t < s) {
            sh[t] += sh[t + s];
            sh[NORM_BLOCK + t] += sh[NORM_BLOCK + t + s];
        }
        __syncthreads();
    }
    a = sh[0];
    b = sh[NORM_BLOCK];
    __syncthreads();   // before the next call overwrites sh
}

template <typename T>
__device__ __forceinline__ double norm_param(const T* p, i64 i, double absent) {
    return p == nullptr ? absent : (double)p[i];
}

struct NormRowsArgs {
    void* y;
    void* mean;       // rows
    void* rstd;       // rows
    const void* x;
    const void* w;    // null: 1
    const void* b;    // null: 0
    i64 rows, len;    // rows of len elements
    i64 pmod, pdiv;   // group norm: groups, S; layer norm: 1, 1
    double eps;
};

template <typename T>
__device__ void norm_rows_forward(const NormRowsArgs& a) {
    __shared__ double sh[2 * NORM_BLOCK];
    const T* x = (const T*)a.x;
    const T* w = (const T*)a.w;
    const T* bb = (const T*)a.b;
    T* y = (T*)a.y;
    i64 len = a.len, per = a.pdiv == 0 ? 0 : len / a.pdiv;
    for (i64 row = blockIdx.x; row < a.rows; row += gridDim.x) {
        const T* xr = x + row * len;
        double s = 0, unused = 0;
        for (i64 i = threadIdx.x; i < len; i += blockDim.x) s += (double)xr[i];
        norm_block_sum2(s, unused, sh);
        double mean = 0, var = 0;
        if (len > 0) {
            double mr = s / (double)len, s1 = 0, s2 = 0;
            for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
                double d = (double)xr[i] - mr;
                s1 += d;
                s2 += d * d;
            }
            norm_block_sum2(s1, s2, sh);
            double dm = s1 / (double)len;
            mean = mr + dm;
            double m2 = s2 - dm * dm * (double)len;
            var = (m2 > 0 ? m2 : 0) / (double)len;
        }
        double rs = 1 / sqrt(var + a.eps);
        if (threadIdx.x == 0) {
            ((T*)a.mean)[row] = (T)mean;
            ((T*)a.rstd)[row] = (T)rs;
        }
        i64 p0 = (row % a.pmod) * per;
        T* yr = y + row * len;
        for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
            i64 p = p0 + i / a.pdiv;
            yr[i] = (T)(((double)xr[i] - mean) * (rs * norm_param(w, p, 1)) + norm_param(bb, p, 0));
        }
    }
}

// ---- the same forward for few long rows, split over blocks -----------------------------------------------------
// A row of len elements is cut into `pieces` chunks of `chunk` elements, one block each (a (2, 64, 128^3) group norm
// has only 16 rows: one block per row would leave most of a GPU idle). The statistics are the same two passes with
// the partial sums added in chunk order: split_sum (sum x per chunk), split_dev (every block re-adds the row's
// partial sums for the mean, then d and d^2 per chunk), split_stats (one thread per row: mean, rstd), split_affine
// (one thread per element). part holds rows * pieces * 3 partial sums, then rows * 2 statistics (mean, rstd).

struct NormSplitArgs {
    void* y;
    void* mean;
    void* rstd;
    const void* x;
    const void* w;
    const void* b;
    double* part;
    i64 rows, len, pmod, pdiv;
    i64 chunk, pieces;
    double eps;
};

__device__ __forceinline__ double norm_split_mean(const NormSplitArgs& a, i64 row) {
    double s = 0;
    for (i64 p = 0; p < a.pieces; p++) s += a.part[(row * a.pieces + p) * 3];
    return s / (double)a.len;
}

template <typename T>
__device__ void norm_split_sum(const NormSplitArgs& a) {
    __shared__ double sh[2 * NORM_BLOCK];
    const T* x = (const T*)a.x;
    for (i64 u = blockIdx.x; u < a.rows * a.pieces; u += gridDim.x) {
        i64 row = u / a.pieces, p = u - row * a.pieces;
        i64 i0 = p * a.chunk, i1 = i0 + a.chunk < a.len ? i0 + a.chunk : a.len;
        const T* xr = x + row * a.len;
        double s = 0, unused = 0;
        for (i64 i = i0 + threadIdx.x; i < i1; i += blockDim.x) s += (double)xr[i];
        norm_block_sum2(s, unused, sh);
        if (threadIdx.x == 0) a.part[u * 3] = s;
    }
}

template <typename T>
__device__ void norm_split_dev(const NormSplitArgs& a) {
    __shared__ double sh[2 * NORM_BLOCK];
    const T* x = (const T*)a.x;
    for (i64 u = blockIdx.x; u < a.rows * a.pieces; u += gridDim.x) {
        i64 row = u / a.pieces, p = u - row * a.pieces;
        i64 i0 = p * a.chunk, i1 = i0 + a.chunk < a.len ? i0 + a.chunk : a.len;
        const T* xr = x + row * a.len;
        double mr = norm_split_mean(a, row), s1 = 0, s2 = 0;
        for (i64 i = i0 + threadIdx.x; i < i1; i += blockDim.x) {
            double d = (double)xr[i] - mr;
            s1 += d;
            s2 += d * d;
        }
        norm_block_sum2(s1, s2, sh);
        if (threadIdx.x == 0) {
            a.part[u * 3 + 1] = s1;
            a.part[u * 3 + 2] = s2;
        }
    }
}

template <typename T>
__device__ void norm_split_stats(const NormSplitArgs& a) {
    double* stats = a.part + a.rows * a.pieces * 3;
    AX_GRID_STRIDE(row, a.rows) {
        double mr = norm_split_mean(a, row), s1 = 0, s2 = 0;
        for (i64 p = 0; p < a.pieces; p++) {
            s1 += a.part[(row * a.pieces + p) * 3 + 1];
            s2 += a.part[(row * a.pieces + p) * 3 + 2];
        }
        double dm = s1 / (double)a.len, mean = mr + dm;
        double m2 = s2 - dm * dm * (double)a.len;
        double rs = 1 / sqrt((m2 > 0 ? m2 : 0) / (double)a.len + a.eps);
        stats[row * 2] = mean;
        stats[row * 2 + 1] = rs;
        ((T*)a.mean)[row] = (T)mean;
        ((T*)a.rstd)[row] = (T)rs;
    }
}

template <typename T>
__device__ void norm_split_affine(const NormSplitArgs& a) {
    const T* x = (const T*)a.x;
    const T* w = (const T*)a.w;
    const T* bb = (const T*)a.b;
    T* y = (T*)a.y;
    const double* stats = a.part + a.rows * a.pieces * 3;
    i64 per = a.len / a.pdiv;
    AX_GRID_STRIDE(e, a.rows * a.len) {
        i64 row = e / a.len, i = e - row * a.len;
        i64 p = (row % a.pmod) * per + i / a.pdiv;
        double mean = stats[row * 2], rs = stats[row * 2 + 1];
        y[e] = (T)(((double)x[e] - mean) * (rs * norm_param(w, p, 1)) + norm_param(bb, p, 0));
    }
}

// ---- group norm backward ----------------------------------------------------------------------------------------

struct GroupNormBackArgs {
    void* gradIn;        // null: not wanted
    double* sums;        // (N, C, 2): sum g, sum g (x - mean); null: not wanted
    const void* gradOut;
    const void* x;
    const void* mean;    // (N, groups)
    const void* rstd;
    const void* w;       // null: 1
    i64 n, c, s;
    i64 groups;
};

// One block per (n, group).
template <typename T>
__device__ void group_norm_backward_rows(const GroupNormBackArgs& a) {
    __shared__ double sh[2 * NORM_BLOCK];
    const T* x = (const T*)a.x;
    const T* go = (const T*)a.gradOut;
    const T* w = (const T*)a.w;
    T* gi = (T*)a.gradIn;
    i64 cpg = a.c / a.groups, len = cpg * a.s, rows = a.n * a.groups;
    for (i64 row = blockIdx.x; row < rows; row += gridDim.x) {
        double mu = (double)((const T*)a.mean)[row], rs = (double)((const T*)a.rstd)[row];
        i64 c0 = (row % a.groups) * cpg, n = row / a.groups;
        double sh1 = 0, shx = 0;
        for (i64 j = 0; j < cpg; j++) {
            i64 off = row * len + j * a.s;
            double s1 = 0, s2 = 0;
            for (i64 i = threadIdx.x; i < a.s; i += blockDim.x) {
                double gv = (double)go[off + i];
                s1 += gv;
                s2 += gv * ((double)x[off + i] - mu);
            }
            norm_block_sum2(s1, s2, sh);
            if (a.sums != nullptr && threadIdx.x == 0) {
                a.sums[(n * a.c + c0 + j) * 2] = s1;
                a.sums[(n * a.c + c0 + j) * 2 + 1] = s2;
            }
            double wc = norm_param(w, c0 + j, 1);
            sh1 += wc * s1;
            shx += wc * s2;
        }
        if (gi == nullptr) continue;
        double ca = -rs * rs * rs * shx / (double)len, cb = -rs * sh1 / (double)len;
        for (i64 i = threadIdx.x; i < len; i += blockDim.x) {
            i64 e = row * len + i;
            double k = rs * norm_param(w, c0 + i / a.s, 1);
            gi[e] = (T)(k * (double)go[e] + ca * ((double)x[e] - mu) + cb);
        }
    }
}

// The same for long rows (cpg * S > the split size), spread over (n, c, chunk of S) blocks: split_sums writes each
// block's sum g and sum g (x - mean) to part; split_coef (one thread per (n, group)) adds them per channel in chunk
// order into sums and makes the row's dx coefficients; split_dx is one thread per element.
struct GroupNormSplitArgs {
    void* gradIn;        // null: not wanted
    double* sums;        // (N, C, 2)
    double* part;        // (N, C, pieces, 2)
    double* coef;        // (N, groups, 2): a, b of dx = rs w g + a (x - mean) + b
    const void* gradOut;
    const void* x;
    const void* mean;
    const void* rstd;
    const void* w;
    i64 n, c, s, groups;
    i64 chunk, pieces;
};

template <typename T>
__device__ void group_norm_split_sums(const GroupNormSplitArgs& a) {
    __shared__ double sh[2 * NORM_BLOCK];
    const T* x = (const T*)a.x;
    const T* go = (const T*)a.gradOut;
    i64 cpg = a.c / a.groups;
    for (i64 u = blockIdx.x; u < a.n * a.c * a.pieces; u += gridDim.x) {
        i64 nc = u / a.pieces, p = u - nc * a.pieces;
        i64 row = (nc / a.c) * a.groups + (nc % a.c) / cpg;
        double mu = (double)((const T*)a.mean)[row];
        i64 i0 = p * a.chunk, i1 = i0 + a.chunk < a.s ? i0 + a.chunk : a.s;
        double s1 = 0, s2 = 0;
        for (i64 i = i0 + threadIdx.x; i < i1; i += blockDim.x) {
            double gv = (double)go[nc * a.s + i];
            s1 += gv;
            s2 += gv * ((double)x[nc * a.s + i] - mu);
        }
        norm_block_sum2(s1, s2, sh);
        if (threadIdx.x == 0) {
            a.part[u * 2] = s1;
            a.part[u * 2 + 1] = s2;
        }
    }
}

template <typename T>
__device__ void group_norm_split_coef(const GroupNormSplitArgs& a) {
    const T* w = (const T*)a.w;
    i64 cpg = a.c / a.groups, len = cpg * a.s;
    AX_GRID_STRIDE(row, a.n * a.groups) {
        double rs = (double)((const T*)a.rstd)[row];
        i64 c0 = (row % a.groups) * cpg, n = row / a.groups;
        double sh1 = 0, shx = 0;
        for (i64 j = 0; j < cpg; j++) {
            i64 nc = n * a.c + c0 + j;
            double s1 = 0, s2 = 0;
            for (i64 p = 0; p < a.pieces; p++) {
                s1 += a.part[(nc * a.pieces + p) * 2];
                s2 += a.part[(nc * a.pieces + p) * 2 + 1];
            }
            a.sums[nc * 2] = s1;
            a.sums[nc * 2 + 1] = s2;
            double wc = norm_param(w, c0 + j, 1);
            sh1 += wc * s1;
            shx += wc * s2;
        }
        a.coef[row * 2] = -rs * rs * rs * shx / (double)len;
        a.coef[row * 2 + 1] = -rs * sh1 / (double)len;
    }
}

template <typename T>
__device__ void group_norm_split_dx(const GroupNormSplitArgs& a) {
    const T* x = (const T*)a.x;
    const T* go = (const T*)a.gradOut;
    const T* w = (const T*)a.w;
    T* gi = (T*)a.gradIn;
    i64 cpg = a.c / a.groups;
    AX_GRID_STRIDE(e, a.n * a.c * a.s) {
        i64 nc = e / a.s, c = nc % a.c;
        i64 row = (nc / a.c) * a.groups + c / cpg;
        double mu = (double)((const T*)a.mean)[row], rs = (double)((const T*)a.rstd)[row];
        double k = rs * norm_param(w, c, 1);
        gi[e] = (T)(k * (double)go[e] + a.coef[row * 2] * ((double)x[e] - mu) + a.coef[row * 2 + 1]);
    }
}

struct GroupNormParamArgs {
    void* gradW;          // null: not wanted
    void* gradB;          // null: not wanted
    const double* sums;   // (N, C, 2)
    const void* rstd;     // (N, groups)
    i64 n, c;
    i64 groups;
};

// One thread per channel, the batch summed in order.
template <typename T>
__device__ void group_norm_param_grads(const GroupNormParamArgs& a) {
    const T* rstd = (const T*)a.rstd;
    i64 cpg = a.c / a.groups;
    AX_GRID_STRIDE(c, a.c) {
        double dw = 0, db = 0;
        for (i64 n = 0; n < a.n; n++) {
            i64 idx = (n * a.c + c) * 2;
            db += a.sums[idx];
            dw += a.sums[idx + 1] * (double)rstd[n * a.groups + c / cpg];
        }
        if (a.gradW != nullptr) ((T*)a.gradW)[c] = (T)dw;
        if (a.gradB != nullptr) ((T*)a.gradB)[c] = (T)db;
    }
}

// ---- layer norm backward ----------------------------------------------------------------------------------------

struct LayerNormBackArgs {
    void* gradIn;
    double* partial;      // (chunks, cols, 2): per chunk of rows, sum g and sum g (x - mean) rstd
    const void* gradOut;
    const void* x;
    const void* mean;     // rows
    const void* rstd;
    const void* w;        // null: 1
    void* gradW;          // null: not wanted
    void* gradB;          // null: not wanted
    i64 rows, cols, chunkRows, chunks;
};

// One block per row: dx = rs w g + a (x - mean) + b from the row's sums of h = g w and h (x - mean).
template <typename T>
__device__ void layer_norm_backward_rows(const LayerNormBackArgs& a) {
    __shared__ double sh[2 * NORM_BLOCK];
    const T* x = (const T*)a.x;
    const T* go = (const T*)a.gradOut;
    const T* w = (const T*)a.w;
    T* gi = (T*)a.gradIn;
    for (i64 row = blockIdx.x; row < a.rows; row += gridDim.x) {
        double mu = (double)((const T*)a.mean)[row], rs = (double)((const T*)a.rstd)[row];
        i64 base = row * a.cols;
        double s1 = 0, s2 = 0;
        for (i64 j = threadIdx.x; j < a.cols; j += blockDim.x) {
            double h = (double)go[base + j] * norm_param(w, j, 1);
            s1 += h;
            s2 += h * ((double)x[base + j] - mu);
        }
        norm_block_sum2(s1, s2, sh);
        double ca = -rs * rs * rs * s2 / (double)a.cols, cb = -rs * s1 / (double)a.cols;
        for (i64 j = threadIdx.x; j < a.cols; j += blockDim.x) {
            double xm = (double)x[base + j] - mu;
            gi[base + j] = (T)(rs * norm_param(w, j, 1) * (double)go[base + j] + ca * xm + cb);
        }
    }
}

// One thread per (chunk, column): the chunk's rows in order.
template <typename T>
__device__ void layer_norm_param_partial(const LayerNormBackArgs& a) {
    const T* x = (const T*)a.x;
    const T* go = (const T*)a.gradOut;
    const T* mean = (const T*)a.mean;
    const T* rstd = (const T*)a.rstd;
    AX_GRID_STRIDE(q, a.chunks * a.cols) {
        i64 chunk = q / a.cols, j = q - chunk * a.cols;
        i64 r0 = chunk * a.chunkRows, r1 = r0 + a.chunkRows < a.rows ? r0 + a.chunkRows : a.rows;
        double dw = 0, db = 0;
        for (i64 r = r0; r < r1; r++) {
            double gv = (double)go[r * a.cols + j];
            db += gv;
            dw += gv * ((double)x[r * a.cols + j] - (double)mean[r]) * (double)rstd[r];
        }
        a.partial[q * 2] = db;
        a.partial[q * 2 + 1] = dw;
    }
}

// One thread per column: the chunks in order.
template <typename T>
__device__ void layer_norm_param_grads(const LayerNormBackArgs& a) {
    AX_GRID_STRIDE(j, a.cols) {
        double dw = 0, db = 0;
        for (i64 chunk = 0; chunk < a.chunks; chunk++) {
            i64 q = chunk * a.cols + j;
            db += a.partial[q * 2];
            dw += a.partial[q * 2 + 1];
        }
        if (a.gradW != nullptr) ((T*)a.gradW)[j] = (T)dw;
        if (a.gradB != nullptr) ((T*)a.gradB)[j] = (T)db;
    }
}

// ---- local response norm ----------------------------------------------------------------------------------------

struct LrnArgs {
    void* out;            // forward: y; backward: gradIn
    double* scratch;      // backward: (N, C, S) of g x d^(-beta-1)
    const void* x;
    const void* gradOut;  // backward only
    i64 n, c, s;
    double alpha, beta, k;
    i64 size;
};

// win += sign * x[ch]^2 at one position.
template <typename T>
__device__ __forceinline__ void lrn_square(double& win, const T* xp, i64 ch, i64 s, double sign) {
    double v = (double)xp[ch * s];
    win += sign * v * v;
}

// d = k + alpha / size * (sum of x^2 over [c - size/2, c + (size-1)/2]) for each channel in order, as the CPU's
// sliding window (same adds and drops), calling body(ch, d).
template <typename T, typename Body>
__device__ __forceinline__ void lrn_windows(const LrnArgs& a, const T* xp, Body body) {
    i64 lo = a.size / 2, hi = (a.size - 1) / 2;
    double win = 0;
    for (i64 ch = 0; ch <= (hi < a.c - 1 ? hi : a.c - 1); ch++) lrn_square(win, xp, ch, a.s, 1);
    for (i64 ch = 0; ch < a.c; ch++) {
        body(ch, a.k + a.alpha / a.size * win);
        i64 add = ch + 1 + hi, drop = ch - lo;
        if (add < a.c) lrn_square(win, xp, add, a.s, 1);
        if (drop >= 0) lrn_square(win, xp, drop, a.s, -1);
    }
}

template <typename T>
__device__ void lrn_forward(const LrnArgs& a) {
    const T* x = (const T*)a.x;
    T* y = (T*)a.out;
    AX_GRID_STRIDE(q, a.n * a.s) {
        i64 b = q / a.s, j = q - b * a.s, base = b * a.c * a.s + j;
        const T* xp = x + base;
        T* yp = y + base;
        i64 s = a.s;
        double beta = a.beta;
        lrn_windows(a, xp, [&](i64 ch, double d) { yp[ch * s] = (T)((double)xp[ch * s] * pow(d, -beta)); });
    }
}

// dx[j] = g[j] d[j]^-beta - 2 alpha beta / size * x[j] * sum(g[c] x[c] d[c]^(-beta-1), c - (size-1)/2 <= j <= c + size/2).
template <typename T>
__device__ void lrn_backward(const LrnArgs& a) {
    const T* x = (const T*)a.x;
    const T* go = (const T*)a.gradOut;
    T* gi = (T*)a.out;
    AX_GRID_STRIDE(q, a.n * a.s) {
        i64 b = q / a.s, j = q - b * a.s, base = b * a.c * a.s + j;
        const T* xp = x + base;
        const T* gp = go + base;
        double* tp = a.scratch + base;
        T* dp = gi + base;
        i64 s = a.s;
        double beta = a.beta;
        lrn_windows(a, xp, [&](i64 ch, double d) { tp[ch * s] = (double)gp[ch * s] * (double)xp[ch * s] * pow(d, -beta - 1); });
        // reverse window: channel ch collects t[c] for c in [ch - (size-1)/2, ch + size/2]
        i64 lo = (a.size - 1) / 2, hi = a.size / 2;
        double acc = 0;
        for (i64 ch = 0; ch <= (hi < a.c - 1 ? hi : a.c - 1); ch++) acc += tp[ch * s];
        double f = 2 * a.alpha * a.beta / a.size;
        lrn_windows(a, xp, [&](i64 c, double d) {
            double first = (double)gp[c * s] * pow(d, -beta);
            dp[c * s] = (T)(first - f * (double)xp[c * s] * acc);
            i64 add = c + 1 + hi, drop = c - lo;
            if (add < a.c) acc += tp[add * s];
            if (drop >= 0) acc -= tp[drop * s];
        });
    }
}

#define NORM_KERNELS(sfx, T)                                                                                   \
    AX_KERNEL(norm_rows_forward_##sfx, NormRowsArgs, a) { norm_rows_forward<T>(a); }                            \
    AX_KERNEL(norm_split_sum_##sfx, NormSplitArgs, a) { norm_split_sum<T>(a); }                                 \
    AX_KERNEL(norm_split_dev_##sfx, NormSplitArgs, a) { norm_split_dev<T>(a); }                                 \
    AX_KERNEL(norm_split_stats_##sfx, NormSplitArgs, a) { norm_split_stats<T>(a); }                             \
    AX_KERNEL(norm_split_affine_##sfx, NormSplitArgs, a) { norm_split_affine<T>(a); }                           \
    AX_KERNEL(group_norm_backward_rows_##sfx, GroupNormBackArgs, a) { group_norm_backward_rows<T>(a); }          \
    AX_KERNEL(group_norm_split_sums_##sfx, GroupNormSplitArgs, a) { group_norm_split_sums<T>(a); }              \
    AX_KERNEL(group_norm_split_coef_##sfx, GroupNormSplitArgs, a) { group_norm_split_coef<T>(a); }              \
    AX_KERNEL(group_norm_split_dx_##sfx, GroupNormSplitArgs, a) { group_norm_split_dx<T>(a); }                  \
    AX_KERNEL(group_norm_param_grads_##sfx, GroupNormParamArgs, a) { group_norm_param_grads<T>(a); }             \
    AX_KERNEL(layer_norm_backward_rows_##sfx, LayerNormBackArgs, a) { layer_norm_backward_rows<T>(a); }          \
    AX_KERNEL(layer_norm_param_partial_##sfx, LayerNormBackArgs, a) { layer_norm_param_partial<T>(a); }          \
    AX_KERNEL(layer_norm_param_grads_##sfx, LayerNormBackArgs, a) { layer_norm_param_grads<T>(a); }              \
    AX_KERNEL(lrn_forward_##sfx, LrnArgs, a) { lrn_forward<T>(a); }                                              \
    AX_KERNEL(lrn_backward_##sfx, LrnArgs, a) { lrn_backward<T>(a); }

NORM_KERNELS(f32, float)
NORM_KERNELS(f64, double)
