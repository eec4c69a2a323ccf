// interpolate.cu: torch.nn.functional.interpolate (nearest, nearest-exact, linear, bilinear, trilinear, bicubic)
// over 1, 2 or 3 spatial dims and its input gradient (the CPU reference is dev.axial.tensor.cpu.CpuInterpolate).
//
// Every tensor is contiguous (planes, D, H, W); 1-D and 2-D inputs come padded to 3-D with leading size-1 dims,
// which get the unit tap. Every mode is separable: each output index o of a dim has T taps (source index, already
// clamped, and weight; T = 1 nearest, 2 linear, 4 bicubic) from ATen's source-index formulas (UpSample.h), with
// the same float (nearest) or double (linear, cubic) arithmetic as the CPU backend, so nearest picks the same
// pixel. The forward sums, per output element, the W-resampled (d, h) tap rows in the CPU's order (in double);
// the backward scatters each gradOut element into its taps with atomics (gradIn zeroed by the caller).
#include "axial.cuh"

struct InterpArgs {
    void* out;            // forward: out; backward: gradIn
    const void* in;       // forward: in; backward: gradOut
    i64 planes;           // N * C
    i64 is[3];            // input (or gradIn) spatial size (D, H, W)
    i64 os[3];            // output (or gradOut) spatial size
    double scale0, scale1, scale2;   // the user's scale factor per dim (D, H, W), <= 0 when from the sizes
    int mode;             // InterpolationMode ordinal: 0 nearest, 1 nearest-exact, 2-4 (bi/tri)linear, 5 bicubic
    int alignCorners;
    int spatialDims;      // dims 0 .. 2 - spatialDims get the unit tap
};

#define AX_MAX_TAPS 4

// ax_dmul: a * b rounded once, never contracted into an fma with a following add (Java does not contract either)
#define ax_dmul __dmul_rn

// ATen's area_pixel_compute_scale.
__device__ __forceinline__ double interp_scale(i64 in, i64 out, bool alignCorners, double scale) {
    if (alignCorners) return out > 1 ? (double)(in - 1) / (double)(out - 1) : 0.0;
    return scale > 0 ? 1.0 / scale : (double)in / (double)out;
}

// ATen's area_pixel_compute_source_index.
__device__ __forceinline__ double interp_source(double scale, i64 o, bool alignCorners, bool cubic) {
    if (alignCorners) return ax_dmul(scale, (double)o);
    double src = ax_dmul(scale, (double)o + 0.5) - 0.5;
    return !cubic && src < 0 ? 0.0 : src;
}

// The taps of output index o along one dim (in -> out elements); returns their number.
__device__ int interp_taps(int mode, i64 o, i64 in, i64 out, bool alignCorners, double scale, i64* idx, double* w) {
    if (mode <= 1) {   // ATen's nearest_idx / nearest_exact_idx, in float as ATen
        float s = scale > 0 ? (float)(1.0 / scale) : (float)in / (float)out;
        i64 i;
        if (mode == 1) i = (i64)floorf((float)(((double)o + 0.5) * (double)s));
        else if (out == in) i = o;
        else if (out == 2 * in) i = o >> 1;
        else i = (i64)floorf((float)o * s);
        idx[0] = i < in - 1 ? i : in - 1;
        w[0] = 1;
        return 1;
    }
    double sc = interp_scale(in, out, alignCorners, scale);
    if (mode == 5) {
        double src = interp_source(sc, o, alignCorners, true);
        i64 i0 = (i64)floor(src);
        if (i0 > in - 1) i0 = in - 1;
        double t = fmin(fmax(src - (double)i0, 0.0), 1.0);
        const double A = -0.75;
        double x1 = t + 1, x2 = 1 - t, x3 = 2 - t;
        w[0] = ((A * x1 - 5 * A) * x1 + 8 * A) * x1 - 4 * A;
        w[1] = ((A + 2) * t - (A + 3)) * t * t + 1;
        w[2] = ((A + 2) * x2 - (A + 3)) * x2 * x2 + 1;
        w[3] = ((A * x3 - 5 * A) * x3 + 8 * A) * x3 - 4 * A;
        for (int j = 0; j < 4; j++) {
            i64 k = i0 - 1 + j;
            idx[j] = k < 0 ? 0 : (k > in - 1 ? in - 1 : k);
        }
        return 4;
    }
    if (in == out) {   // ATen's compute_source_index_and_lambda: equal sizes copy, whatever the scale
        idx[0] = idx[1] = o;
        w[0] = 1;
        w[1] = 0;
        return 2;
    }
    double src = interp_source(sc, o, alignCorners, false);
    i64 i0 = (i64)src;
    double l1 = fmin(fmax(src - (double)i0, 0.0), 1.0);
    idx[0] = i0;
    idx[1] = i0 + (i0 < in - 1 ? 1 : 0);
    w[0] = 1 - l1;
    w[1] = l1;
    return 2;
}

// The taps of all three dims of output position o.
__device__ __forceinline__ void interp_taps3(const InterpArgs& a, const i64* o, int* t, i64 (*idx)[AX_MAX_TAPS],
                                             double (*w)[AX_MAX_TAPS]) {
    double scales[3] = {a.scale0, a.scale1, a.scale2};
    for (int d = 0; d < 3; d++) {
        if (d < 3 - a.spatialDims) {
            t[d] = 1;
            idx[d][0] = 0;
            w[d][0] = 1;
        } else {
            t[d] = interp_taps(a.mode, o[d], a.is[d], a.os[d], a.alignCorners != 0, scales[d], idx[d], w[d]);
        }
    }
}

template <typename T>
__device__ void interpolate(const InterpArgs& a) {
    const T* x = (const T*)a.in;
    T* y = (T*)a.out;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * ov) {
        i64 o[3], idx[3][AX_MAX_TAPS];
        double w[3][AX_MAX_TAPS];
        int t[3];
        i64 plane = ax_unflat3(i, a.os, o);
        interp_taps3(a, o, t, idx, w);
        const T* xp = x + plane * iv;
        double acc = 0;
        for (int p = 0; p < t[0]; p++)
            for (int q = 0; q < t[1]; q++) {
                double rw = w[0][p] * w[1][q];
                if (rw == 0) continue;
                const T* row = xp + (idx[0][p] * a.is[1] + idx[1][q]) * a.is[2];
                double r = 0;
                for (int j = 0; j < t[2]; j++) r += w[2][j] * (double)row[idx[2][j]];
                acc += rw * r;
            }
        y[i] = (T)acc;
    }
}

template <typename T>
__device__ void interpolate_backward(const InterpArgs& a) {
    T* gi = (T*)a.out;
    const T* go = (const T*)a.in;
    i64 ov = a.os[0] * a.os[1] * a.os[2], iv = a.is[0] * a.is[1] * a.is[2];
    AX_GRID_STRIDE(i, a.planes * ov) {
        i64 o[3], idx[3][AX_MAX_TAPS];
        double w[3][AX_MAX_TAPS];
        int t[3];
        i64 plane = ax_unflat3(i, a.os, o);
        interp_taps3(a, o, t, idx, w);
        double g = (double)go[i];
        T* gp = gi + plane * iv;
        for (int p = 0; p < t[0]; p++)
            for (int q = 0; q < t[1]; q++) {
                double rw = w[0][p] * w[1][q];
                if (rw == 0) continue;
                T* row = gp + (idx[0][p] * a.is[1] + idx[1][q]) * a.is[2];
                for (int j = 0; j < t[2]; j++) atomicAdd(row + idx[2][j], (T)(rw * (w[2][j] * g)));
            }
    }
}

#define AX_INTERP_KERNELS(T, sfx)                                                                    \
    AX_KERNEL(interpolate_##sfx, InterpArgs, a) { interpolate<T>(a); }                              \
    AX_KERNEL(interpolate_backward_##sfx, InterpArgs, a) { interpolate_backward<T>(a); }

AX_INTERP_KERNELS(float, f32)
AX_INTERP_KERNELS(double, f64)
