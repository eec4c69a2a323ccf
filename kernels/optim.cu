// optim.cu: the optimizers' fused per-element updates (SGD with momentum/nesterov/weight decay, Adam/AdamW
// with amsgrad, Novograd given its scalar denominator) over contiguous float32 parameters, gradients and
// state: one pass that reads each once and writes each once, as the CPU's FusedUpdates
// (optim/src/main/java/dev/axial/optim/FusedUpdates.java) does, operation for operation. Every multiply
// and add that Java rounds separately is written with the _rn intrinsics so nvcc cannot contract it into
// an fma; the one fma the CPU computes (Adam's L2 term) is an fmaf here.
#include "axial.cuh"

__device__ __forceinline__ float mulf(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ float addf(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ float subf(float a, float b) { return __fsub_rn(a, b); }
__device__ __forceinline__ float divf(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ float sqrtf_rn(float a) { return __fsqrt_rn(a); }

// Adam/AdamW: g += l2 p (fma); m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; vmax = max(vmax, v) when vmax is
// not null (amsgrad); p = decay p - stepSize m / (sqrt(v̂) inv + eps), inv = 1 / sqrt(1 - b2^t).
struct AdamArgs {
    float* p;
    const float* g;
    float* m;
    float* v;
    float* vmax;
    i64 n;
    float l2, decay, b1, b2, stepSize, inv, eps;
};

AX_KERNEL(adam_f32, AdamArgs, a) {
    const float c1 = 1.0f - a.b1, c2 = 1.0f - a.b2;
    AX_GRID_STRIDE(i, a.n) {
        float pi = a.p[i], gi = a.g[i];
        if (a.l2 != 0.0f) gi = fmaf(pi, a.l2, gi);
        float mi = addf(mulf(a.m[i], a.b1), mulf(gi, c1));
        float vi = addf(mulf(a.v[i], a.b2), mulf(mulf(gi, gi), c2));
        a.m[i] = mi;
        a.v[i] = vi;
        if (a.vmax != nullptr) {
            vi = fmaxf(a.vmax[i], vi);
            a.vmax[i] = vi;
        }
        float denom = addf(mulf(sqrtf_rn(vi), a.inv), a.eps);
        a.p[i] = subf(mulf(pi, a.decay), divf(mulf(mi, a.stepSize), denom));
    }
}

// SGD: d = g + wd p; buf = first ? d : momentum buf + take d (take = 1 - dampening);
// d = nesterov ? d + momentum buf : buf; p -= lr d. buf is null without momentum (and never read on the first step).
struct SgdArgs {
    float* p;
    const float* g;
    float* buf;
    i64 n;
    int first, nesterov;
    float wd, momentum, take, lr;
};

AX_KERNEL(sgd_f32, SgdArgs, a) {
    AX_GRID_STRIDE(i, a.n) {
        float pi = a.p[i], d = addf(a.g[i], mulf(a.wd, pi));
        if (a.buf != nullptr) {
            float b = a.first ? d : addf(mulf(a.momentum, a.buf[i]), mulf(a.take, d));
            a.buf[i] = b;
            d = a.nesterov ? addf(d, mulf(a.momentum, b)) : b;
        }
        a.p[i] = subf(pi, mulf(a.lr, d));
    }
}

// Novograd, given the scalar denominator: d = (g / denom + wd p) gScale; m = b1 m + d; p -= lr m.
struct NovogradArgs {
    float* p;
    const float* g;
    float* m;
    i64 n;
    float denom, wd, gScale, b1, lr;
};

AX_KERNEL(novograd_f32, NovogradArgs, a) {
    AX_GRID_STRIDE(i, a.n) {
        float pi = a.p[i];
        float d = mulf(addf(divf(a.g[i], a.denom), mulf(a.wd, pi)), a.gScale);
        float mi = addf(mulf(a.b1, a.m[i]), d);
        a.m[i] = mi;
        a.p[i] = subf(pi, mulf(a.lr, mi));
    }
}

// The squared L2 norm of a float32 vector (Novograd's per-tensor second moment): float32 squares
// accumulated in double, as the CPU's x.square().sum() does: each block sums its grid-stride share, then one atomicAdd per block into
// *out (which the caller zeroes). The order of the block partials is not fixed: the result may differ
// from the CPU's in the last bits of the double, far below float32's resolution.
struct SumSquaresArgs {
    const float* x;
    double* out;
    i64 n;
};

AX_KERNEL(sumsq_f32, SumSquaresArgs, a) {
    __shared__ double partial[32];
    double s = 0.0;
    AX_GRID_STRIDE(i, a.n) {
        s += (double)mulf(a.x[i], a.x[i]);   // the float32 square, as x.square() rounds it
    }
    for (int off = 16; off > 0; off >>= 1) s += __shfl_down_sync(0xffffffffu, s, off);
    int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    if (lane == 0) partial[warp] = s;
    __syncthreads();
    if (warp == 0) {
        int warps = (blockDim.x + 31) / 32;
        s = lane < warps ? partial[lane] : 0.0;
        for (int off = 16; off > 0; off >>= 1) s += __shfl_down_sync(0xffffffffu, s, off);
        if (lane == 0) atomicAdd(a.out, s);
    }
}
