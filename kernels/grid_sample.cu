// grid_sample.cu: ATen's grid_sampler_2d/3d forward and backward (input gradient by atomics, grid gradient per
// point) for float32 and float64. One thread per output point (n, spatialOut...): it builds the point's sampling
// stencil once (the input offsets it reads and their weights, plus the weights' derivatives for the backward) and
// reuses it across the C channels. The stencil is the CPU backend's (cpu/CpuGridSampleTaps.java), line for line:
// ATen's unnormalize / clip / reflect and their "_set_grad" forms, in double whatever the dtype; every mode reduces
// to out = sum_t w[t] * in[off[t]]. Taps outside the input are left out (zeros), NaN locations read nothing.
//
// Layouts (all contiguous): input (N, C, [D,] H, W), grid (N, [Do,] Ho, Wo, k), out / gradOut (N, C, [Do,] Ho, Wo);
// points = the product of the output's spatial sizes. gradInput must be zeroed by the caller (atomics add into it).
#include "axial.cuh"

// ATen's GridSamplerInterpolation / GridSamplerPadding codes.
#define GS_BILINEAR 0
#define GS_NEAREST 1
#define GS_BICUBIC 2
#define GS_ZEROS 0
#define GS_BORDER 1
#define GS_REFLECTION 2

struct GridSampleArgs {
    void* out;             // forward: out; backward: gradInput (null: not wanted)
    void* gradGrid;        // backward only (null: not wanted)
    const void* gradOut;   // backward only
    const void* input;
    const void* grid;
    i64 n, c, id, ih, iw;  // id = 1 in 2-D
    i64 points;            // output points per batch item
    int k;                 // 2 or 3
    int mode, padding, alignCorners;
};

// A double as Java's (long) cast on the values that matter here (NaN is excluded before): saturating, no UB.
__device__ __forceinline__ i64 gs_to_long(double v) {
    if (v >= 9.2233720368547758e18) return 0x7fffffffffffffffLL;
    if (v <= -9.2233720368547758e18) return (i64)(-0x7fffffffffffffffLL - 1);
    return (i64)v;
}

struct GsTaps {
    int count;
    i64 off[16];
    double w[16], dwx[16], dwy[16], dwz[16];
    double gmx, gmy, gmz;   // d(source coordinate) / d(grid coordinate) per axis
};

struct GsGeom {
    int k, mode, padding;
    bool align;
    i64 id, ih, iw;
};

__device__ __forceinline__ double gs_unnormalize(const GsGeom& g, double c, i64 size) {
    // __dmul_rn: nvcc would contract (c + 1) * size - 1 into an fma, whose single rounding differs from Java's
    // two; at a huge c that one ulp decides where reflection padding lands (seen on the H100 with c = 1e30)
    return g.align ? (c + 1) / 2 * (double)(size - 1) : (__dmul_rn(c + 1, (double)size) - 1) / 2;
}

__device__ __forceinline__ double gs_unnormalize_scale(const GsGeom& g, i64 size) {
    return g.align ? (double)(size - 1) / 2.0 : (double)size / 2.0;
}

// clip_coordinates_set_grad: value, and d value / d in in *grad (the borders count as outside).
__device__ __forceinline__ double gs_clip(double in, i64 size, double* grad) {
    if (in <= 0) { *grad = 0; return 0; }
    double max = (double)(size - 1);
    if (in >= max) { *grad = 0; return max; }
    *grad = 1;
    return in;
}

// reflect_coordinates_set_grad over [twiceLow/2, twiceHigh/2].
__device__ __forceinline__ double gs_reflect(double in, i64 twiceLow, i64 twiceHigh, double* grad) {
    if (twiceLow == twiceHigh) { *grad = 0; return 0; }
    double min = (double)twiceLow / 2.0, span = (double)(twiceHigh - twiceLow) / 2.0;
    double x = in - min, sign = 1;
    if (x < 0) { sign = -1; x = -x; }
    double extra = fmod(x, span);
    double fl = floor(x / span);
    // Java's (long) floor(x / span) % 2: NaN -> 0 (even), >= 2^63 -> Long.MAX_VALUE (odd)
    bool odd = fl != fl ? false : (fl >= 9.2233720368547758e18 ? true : fmod(fl, 2.0) != 0);
    if (!odd) { *grad = sign; return extra + min; }
    *grad = -sign;
    return span - extra + min;
}

// grid_sampler_compute_source_index_set_grad.
__device__ double gs_source_index(const GsGeom& g, double c, i64 size, double* grad) {
    double x = gs_unnormalize(g, c, size);
    double gr = gs_unnormalize_scale(g, size);
    double d1, d2;
    if (g.padding == GS_BORDER) {
        x = gs_clip(x, size, &d1);
        gr *= d1;
    } else if (g.padding == GS_REFLECTION) {
        double f = g.align ? gs_reflect(x, 0, 2 * (size - 1), &d1) : gs_reflect(x, -1, 2 * size - 1, &d1);
        x = gs_clip(f, size, &d2);
        gr *= d1 * d2;
    }
    *grad = gr;
    return x;
}

// Bicubic's per-tap index: the padding applied to an integer position, then truncated as ATen's int cast.
__device__ i64 gs_bounded_index(const GsGeom& g, double pos, i64 size) {
    double x = pos, d;
    if (g.padding == GS_BORDER) {
        x = gs_clip(x, size, &d);
    } else if (g.padding == GS_REFLECTION) {
        x = gs_clip(g.align ? gs_reflect(x, 0, 2 * (size - 1), &d) : gs_reflect(x, -1, 2 * size - 1, &d), size, &d);
    }
    return gs_to_long(x);
}

__device__ __forceinline__ void gs_add(GsTaps& t, i64 o, double w, double dx, double dy, double dz) {
    int i = t.count++;
    t.off[i] = o;
    t.w[i] = w;
    t.dwx[i] = dx;
    t.dwy[i] = dy;
    t.dwz[i] = dz;
}

__device__ __forceinline__ bool gs_inside(const GsGeom& g, i64 xi, i64 yi, i64 zi) {
    return xi >= 0 && xi < g.iw && yi >= 0 && yi < g.ih && zi >= 0 && zi < (g.k == 3 ? g.id : 1);
}

// The four cubic-convolution weights (ATen's get_cubic_upsample_coefficients, A = -0.75) and their d/dt.
#define GS_A (-0.75)
__device__ __forceinline__ double gs_conv1(double x) { return ((GS_A + 2) * x - (GS_A + 3)) * x * x + 1; }
__device__ __forceinline__ double gs_conv2(double x) { return ((GS_A * x - 5 * GS_A) * x + 8 * GS_A) * x - 4 * GS_A; }
__device__ __forceinline__ double gs_conv1d(double x) { return (3 * (GS_A + 2) * x - 2 * (GS_A + 3)) * x; }
__device__ __forceinline__ double gs_conv2d(double x) { return (3 * GS_A * x - 10 * GS_A) * x + 8 * GS_A; }

__device__ void gs_bicubic(const GsGeom& g, GsTaps& t, double x, double y) {
    // as ATen, the location is only unnormalised; padding applies per tap
    double ix = gs_unnormalize(g, x, g.iw), iy = gs_unnormalize(g, y, g.ih);
    t.gmx = gs_unnormalize_scale(g, g.iw);
    t.gmy = gs_unnormalize_scale(g, g.ih);
    t.gmz = 0;
    if (ix != ix || iy != iy) return;
    double x0 = floor(ix), y0 = floor(iy);
    double tx = ix - x0, ty = iy - y0;
    double cx[4] = {gs_conv2(tx + 1), gs_conv1(tx), gs_conv1(1 - tx), gs_conv2(2 - tx)};
    double cy[4] = {gs_conv2(ty + 1), gs_conv1(ty), gs_conv1(1 - ty), gs_conv2(2 - ty)};
    double dx[4] = {gs_conv2d(tx + 1), gs_conv1d(tx), -gs_conv1d(1 - tx), -gs_conv2d(2 - tx)};
    double dy[4] = {gs_conv2d(ty + 1), gs_conv1d(ty), -gs_conv1d(1 - ty), -gs_conv2d(2 - ty)};
    for (int j = 0; j < 4; j++) {
        i64 yi = gs_bounded_index(g, y0 - 1 + j, g.ih);
        for (int i = 0; i < 4; i++) {
            i64 xi = gs_bounded_index(g, x0 - 1 + i, g.iw);
            if (xi < 0 || xi >= g.iw || yi < 0 || yi >= g.ih) continue;
            gs_add(t, yi * g.iw + xi, cx[i] * cy[j], dx[i] * cy[j], cx[i] * dy[j], 0);
        }
    }
}

// Bilinear (trilinear) or nearest taps at source coordinates already unnormalised and padded (iz = 0 in 2-D).
__device__ void gs_at_source(const GsGeom& g, GsTaps& t, double ix, double iy, double iz) {
    if (ix != ix || iy != iy || iz != iz) return;
    if (g.mode == GS_NEAREST) {
        // rint: round half to even, as nearbyint
        i64 xi = gs_to_long(rint(ix)), yi = gs_to_long(rint(iy)), zi = gs_to_long(rint(iz));
        if (gs_inside(g, xi, yi, zi)) gs_add(t, (zi * g.ih + yi) * g.iw + xi, 1, 0, 0, 0);
        return;
    }
    double x0 = floor(ix), y0 = floor(iy), z0 = floor(iz);
    double wx[2] = {x0 + 1 - ix, ix - x0}, wy[2] = {y0 + 1 - iy, iy - y0}, wz[2] = {z0 + 1 - iz, iz - z0};
    int zs = g.k == 3 ? 2 : 1;
    if (g.k == 2) wz[0] = 1;
    i64 bx = gs_to_long(x0), by = gs_to_long(y0), bz = gs_to_long(z0);
    for (int c = 0; c < zs; c++) {
        i64 zi = bz + c;
        double sz = c == 0 ? -1 : 1;
        for (int b = 0; b < 2; b++) {
            i64 yi = by + b;
            double sy = b == 0 ? -1 : 1;
            for (int a = 0; a < 2; a++) {
                i64 xi = bx + a;
                // NOTE: a saturated base + 1 must not wrap into range
                if ((a && bx == 0x7fffffffffffffffLL) || (b && by == 0x7fffffffffffffffLL) || (c && bz == 0x7fffffffffffffffLL)) continue;
                if (!gs_inside(g, xi, yi, zi)) continue;
                double sx = a == 0 ? -1 : 1;
                gs_add(t, (zi * g.ih + yi) * g.iw + xi, wx[a] * wy[b] * wz[c], sx * wy[b] * wz[c], wx[a] * sy * wz[c],
                       g.k == 3 ? wx[a] * wy[b] * sz : 0);
            }
        }
    }
}

// The stencil of grid point (x, y[, z]).
__device__ void gs_at(const GsGeom& g, GsTaps& t, double x, double y, double z) {
    t.count = 0;
    if (g.mode == GS_BICUBIC) {
        gs_bicubic(g, t, x, y);
        return;
    }
    double ix = gs_source_index(g, x, g.iw, &t.gmx);
    double iy = gs_source_index(g, y, g.ih, &t.gmy);
    double iz = 0;
    t.gmz = 0;
    if (g.k == 3) iz = gs_source_index(g, z, g.id, &t.gmz);
    gs_at_source(g, t, ix, iy, iz);
}

__device__ __forceinline__ GsGeom gs_geom(const GridSampleArgs& a) {
    GsGeom g;
    g.k = a.k;
    g.mode = a.mode;
    g.padding = a.padding;
    g.align = a.alignCorners != 0;
    g.id = a.id;
    g.ih = a.ih;
    g.iw = a.iw;
    return g;
}

template <typename T>
__device__ void grid_sample_forward(const GridSampleArgs& a) {
    const T* in = (const T*)a.input;
    const T* gr = (const T*)a.grid;
    T* out = (T*)a.out;
    GsGeom g = gs_geom(a);
    i64 plane = a.id * a.ih * a.iw;
    GsTaps t;
    AX_GRID_STRIDE(q, a.n * a.points) {
        i64 b = q / a.points, p = q - b * a.points;
        const T* gq = gr + q * a.k;
        gs_at(g, t, (double)gq[0], (double)gq[1], a.k == 3 ? (double)gq[2] : 0.0);
        for (i64 ch = 0; ch < a.c; ch++) {
            const T* base = in + (b * a.c + ch) * plane;
            double sum = 0;
            for (int i = 0; i < t.count; i++) sum += t.w[i] * (double)base[t.off[i]];
            out[(b * a.c + ch) * a.points + p] = (T)sum;
        }
    }
}

template <typename T>
__device__ void grid_sample_backward(const GridSampleArgs& a) {
    const T* in = (const T*)a.input;
    const T* gr = (const T*)a.grid;
    const T* go = (const T*)a.gradOut;
    T* gi = (T*)a.out;
    T* gg = (T*)a.gradGrid;
    GsGeom g = gs_geom(a);
    i64 plane = a.id * a.ih * a.iw;
    bool gridWanted = gg != nullptr && a.mode != GS_NEAREST;
    GsTaps t;
    AX_GRID_STRIDE(q, a.n * a.points) {
        i64 b = q / a.points, p = q - b * a.points;
        double sx = 0, sy = 0, sz = 0;
        if (gi != nullptr || gridWanted) {
            const T* gq = gr + q * a.k;
            gs_at(g, t, (double)gq[0], (double)gq[1], a.k == 3 ? (double)gq[2] : 0.0);
            for (i64 ch = 0; ch < a.c; ch++) {
                i64 base = (b * a.c + ch) * plane;
                double go1 = (double)go[(b * a.c + ch) * a.points + p];
                if (gi != nullptr)
                    for (int i = 0; i < t.count; i++) atomicAdd(gi + base + t.off[i], (T)(t.w[i] * go1));
                if (gridWanted) {
                    double ax = 0, ay = 0, az = 0;
                    for (int i = 0; i < t.count; i++) {
                        double v = (double)in[base + t.off[i]];
                        ax += t.dwx[i] * v;
                        ay += t.dwy[i] * v;
                        az += t.dwz[i] * v;
                    }
                    sx += go1 * ax;
                    sy += go1 * ay;
                    sz += go1 * az;
                }
            }
            sx *= t.gmx;
            sy *= t.gmy;
            sz *= t.gmz;
        }
        if (gg != nullptr) {
            // nearest: zero (the sums stayed 0; multiplying an infinite factor by them must not make NaN)
            if (!gridWanted) sx = sy = sz = 0;
            T* o = gg + q * a.k;
            o[0] = (T)sx;
            o[1] = (T)sy;
            if (a.k == 3) o[2] = (T)sz;
        }
    }
}

AX_KERNEL(grid_sample_f32, GridSampleArgs, a) { grid_sample_forward<float>(a); }
AX_KERNEL(grid_sample_f64, GridSampleArgs, a) { grid_sample_forward<double>(a); }
AX_KERNEL(grid_sample_backward_f32, GridSampleArgs, a) { grid_sample_backward<float>(a); }
AX_KERNEL(grid_sample_backward_f64, GridSampleArgs, a) { grid_sample_backward<double>(a); }
