// fake_cudnn.cpp: the cuDNN calls Axial makes (dev.axial.tensor.cuda.ffi.Cudnn), implemented naively on the CPU
// for the emulator (libaxemu.so), where "device" pointers are host pointers. Not fast, but faithful where the
// Java side could tell: descriptors keep dims, strides, pads, strides, dilations, groups and math type and are
// validated as cuDNN does (bad ones give CUDNN_STATUS_BAD_PARAM / NOT_SUPPORTED, never a crash); convolution is
// cross-correlation (CUDNN_CROSS_CORRELATION; CUDNN_CONVOLUTION flips the filter); every output is blended as
// out = alpha * result + beta * out, with out not read when beta == 0; batch norm follows cuDNN's conventions
// (saveMean / saveInvVariance = 1/sqrt(var + eps), running mean/variance updated with exponentialAverageFactor
// and the unbiased variance, epsilon >= CUDNN_BN_MIN_EPSILON). Sums accumulate in double.
//
// Signatures and enum values are cuDNN 9's (cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h of cuDNN 9.6, as shipped in
// the CUDA 12.6 include tree). Work runs synchronously at call time on the calling thread.
#include "axemu.h"
#include "axemu_internal.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

// cudnnStatus_t (cudnn_graph.h)
enum : int {
    ST_SUCCESS = 0, ST_NOT_INITIALIZED = 1001, ST_BAD_PARAM = 2000, ST_BAD_PARAM_NULL_POINTER = 2002,
    ST_NOT_SUPPORTED = 3000, ST_INTERNAL_ERROR = 4000, ST_EXECUTION_FAILED = 5000,
};
// cudnnDataType_t: CUDNN_DATA_FLOAT 0, CUDNN_DATA_DOUBLE 1 (the only ones the fake computes)
enum : int { DT_FLOAT = 0, DT_DOUBLE = 1 };
// cudnnConvolutionMode_t
enum : int { CONVOLUTION = 0, CROSS_CORRELATION = 1 };
// cudnnBatchNormMode_t
enum : int { BN_PER_ACTIVATION = 0, BN_SPATIAL = 1, BN_SPATIAL_PERSISTENT = 2 };
// CUDNN_BN_MIN_EPSILON: 0.0 since cuDNN 8 (cudnn_ops.h of 9.6: "#define CUDNN_BN_MIN_EPSILON 0.0"); 1e-5 before.
constexpr double BN_MIN_EPSILON = 0.0;
constexpr int DIM_MAX = 8;               // CUDNN_DIM_MAX
constexpr size_t FAKE_WORKSPACE = 4096;  // what the fake's preferred algorithms ask for, so callers pass one
constexpr unsigned MAGIC_HANDLE = 0xC0D1A001, MAGIC_TENSOR = 0xC0D1A002, MAGIC_FILTER = 0xC0D1A003,
                   MAGIC_CONV = 0xC0D1A004;

struct Handle { unsigned magic; void* stream; };
struct TensorDesc { unsigned magic; bool set; int dtype; int nb; int dims[DIM_MAX]; int strides[DIM_MAX]; };
struct FilterDesc { unsigned magic; bool set; int dtype; int format; int nb; int dims[DIM_MAX]; };
struct ConvDesc {
    unsigned magic; bool set; int len; int pad[DIM_MAX]; int stride[DIM_MAX]; int dil[DIM_MAX];
    int mode; int computeType; int groups; int mathType;
};

bool ok(const Handle* h) { return h && h->magic == MAGIC_HANDLE; }
bool ok(const TensorDesc* d) { return d && d->magic == MAGIC_TENSOR && d->set; }
bool ok(const FilterDesc* d) { return d && d->magic == MAGIC_FILTER && d->set; }
bool ok(const ConvDesc* d) { return d && d->magic == MAGIC_CONV && d->set; }
bool floatType(int t) { return t == DT_FLOAT || t == DT_DOUBLE; }

double scalar(const void* p, int dtype) {
    return dtype == DT_DOUBLE ? *static_cast<const double*>(p) : *static_cast<const float*>(p);
}
double load(const void* base, int dtype, int64_t i) {
    return dtype == DT_DOUBLE ? static_cast<const double*>(base)[i] : static_cast<const float*>(base)[i];
}
// out[i] = alpha * v + beta * out[i]; out is not read when beta == 0 (cuDNN's rule: it may hold NaN garbage).
void blend(void* base, int dtype, int64_t i, double v, double alpha, double beta) {
    double r = alpha * v;
    if (beta != 0) r += beta * load(base, dtype, i);
    if (dtype == DT_DOUBLE) static_cast<double*>(base)[i] = r;
    else static_cast<float*>(base)[i] = static_cast<float>(r);
}

int64_t numel(const int* dims, int nb) {
    int64_t n = 1;
    for (int i = 0; i < nb; i++) n *= dims[i];
    return n;
}
// Element offset of row-major index i (over dims) with the given strides.
int64_t offsetOf(int64_t i, const int* dims, const int* strides, int nb) {
    int64_t off = 0;
    for (int d = nb - 1; d >= 0; --d) {
        off += (i % dims[d]) * static_cast<int64_t>(strides[d]);
        i /= dims[d];
    }
    return off;
}

// ---- convolution geometry ---------------------------------------------------------------------------------

struct ConvGeom {
    int nsp, n, c, k, g;
    int in[6], ker[6], out[6], pad[6], str[6], dil[6];
    bool flip;
};

// Validates x (N, C, in...), w (K, C/groups, ker...), y (N, K, out...) against conv as cuDNN does and fills g.
int geometry(const TensorDesc* x, const FilterDesc* w, const ConvDesc* cv, const TensorDesc* y, ConvGeom& g) {
    if (!ok(x) || !ok(w) || !ok(cv) || !ok(y)) return ST_BAD_PARAM;
    if (x->nb != w->nb || x->nb != y->nb || x->nb != cv->len + 2) return ST_BAD_PARAM;
    if (x->dtype != w->dtype || x->dtype != y->dtype) return ST_BAD_PARAM;
    if (!floatType(x->dtype)) return ST_NOT_SUPPORTED;
    if (cv->computeType != x->dtype) return ST_NOT_SUPPORTED;   // FLOAT config needs FLOAT compute, DOUBLE DOUBLE
    if (w->format != 0) return ST_NOT_SUPPORTED;                // the fake knows CUDNN_TENSOR_NCHW filters only
    g.nsp = cv->len;
    g.n = x->dims[0];
    g.c = x->dims[1];
    g.k = w->dims[0];
    g.g = cv->groups;
    g.flip = cv->mode == CONVOLUTION;
    if (g.k % g.g != 0 || w->dims[1] * g.g != g.c) return ST_BAD_PARAM;
    if (y->dims[0] != g.n || y->dims[1] != g.k) return ST_BAD_PARAM;
    for (int d = 0; d < g.nsp; d++) {
        g.in[d] = x->dims[d + 2];
        g.ker[d] = w->dims[d + 2];
        g.pad[d] = cv->pad[d];
        g.str[d] = cv->stride[d];
        g.dil[d] = cv->dil[d];
        long long span = static_cast<long long>(g.dil[d]) * (g.ker[d] - 1) + 1;
        long long full = static_cast<long long>(g.in[d]) + 2LL * g.pad[d] - span;
        if (full < 0) return ST_BAD_PARAM;
        g.out[d] = static_cast<int>(full / g.str[d] + 1);
        if (y->dims[d + 2] != g.out[d]) return ST_BAD_PARAM;
    }
    return ST_SUCCESS;
}

// Calls f(xOff, wIdx, yOff) for every (n, k, out position, c of k's group, tap) whose input tap is inside x:
// the one loop nest behind forward (gather into y), backward data (scatter into dx) and backward filter.
template <class F>
void convLoop(const ConvGeom& g, const TensorDesc* x, const TensorDesc* y, F f) {
    int cg = g.c / g.g, kg = g.k / g.g;
    int64_t outVol = numel(g.out, g.nsp), kerVol = numel(g.ker, g.nsp);
    int oi[6], ri[6];
    for (int n = 0; n < g.n; n++)
        for (int k = 0; k < g.k; k++) {
            int grp = k / kg;
            for (int64_t o = 0; o < outVol; o++) {
                int64_t t = o;
                for (int d = g.nsp - 1; d >= 0; --d) { oi[d] = static_cast<int>(t % g.out[d]); t /= g.out[d]; }
                int64_t yOff = static_cast<int64_t>(n) * y->strides[0] + static_cast<int64_t>(k) * y->strides[1];
                for (int d = 0; d < g.nsp; d++) yOff += static_cast<int64_t>(oi[d]) * y->strides[d + 2];
                for (int c = 0; c < cg; c++) {
                    int64_t xBase = static_cast<int64_t>(n) * x->strides[0] + static_cast<int64_t>(grp * cg + c) * x->strides[1];
                    int64_t wBase = (static_cast<int64_t>(k) * cg + c) * kerVol;
                    for (int64_t r = 0; r < kerVol; r++) {
                        int64_t rt = r;
                        for (int d = g.nsp - 1; d >= 0; --d) { ri[d] = static_cast<int>(rt % g.ker[d]); rt /= g.ker[d]; }
                        int64_t xOff = xBase, wIdx = 0;
                        bool inside = true;
                        for (int d = 0; d < g.nsp && inside; d++) {
                            int pos = oi[d] * g.str[d] - g.pad[d] + ri[d] * g.dil[d];
                            if (pos < 0 || pos >= g.in[d]) inside = false;
                            xOff += static_cast<int64_t>(pos) * x->strides[d + 2];
                            int rr = g.flip ? g.ker[d] - 1 - ri[d] : ri[d];
                            wIdx = wIdx * g.ker[d] + rr;
                        }
                        if (inside) f(xOff, wBase + wIdx, yOff);
                    }
                }
            }
        }
}

// Zeroed sums indexed by element offset in t (strided: offsets may have gaps), and t's offsets in row-major order.
std::vector<double> sumsByOffset(const TensorDesc* t, std::vector<int64_t>& offs) {
    int64_t cnt = numel(t->dims, t->nb), maxOff = 0;
    offs.resize(static_cast<size_t>(cnt));
    for (int64_t i = 0; i < cnt; i++) {
        offs[i] = offsetOf(i, t->dims, t->strides, t->nb);
        maxOff = offs[i] > maxOff ? offs[i] : maxOff;
    }
    return std::vector<double>(static_cast<size_t>(maxOff + 1), 0.0);
}

int checkWorkspace(const void* ws, size_t bytes, size_t need) {
    if (bytes < need) return ST_BAD_PARAM;
    if (need > 0 && ws == nullptr) return ST_BAD_PARAM_NULL_POINTER;
    return ST_SUCCESS;
}

// The checks every convolution call makes: handle, geometry, non-null pointers, algorithm in range, workspace size.
int convCheck(const Handle* h, const TensorDesc* xd, const FilterDesc* wd, const ConvDesc* cv, const TensorDesc* yd,
              bool pointers, int algo, int algoCount, const void* ws, size_t wsBytes, ConvGeom& g) {
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(xd, wd, cv, yd, g)) return s;
    if (!pointers) return ST_BAD_PARAM_NULL_POINTER;
    if (algo < 0 || algo >= algoCount) return ST_BAD_PARAM;
    return checkWorkspace(ws, wsBytes, algo == 1 ? FAKE_WORKSPACE : 0);
}

// Sums per element of the (strided) output, filled by fill(sums) at element offsets, then blended into out.
template <class F>
void accumulateInto(const TensorDesc* od, void* out, int dt, const void* alpha, const void* beta, F fill) {
    std::vector<int64_t> offs;
    std::vector<double> sums = sumsByOffset(od, offs);
    fill(sums);
    double a = scalar(alpha, dt), b = scalar(beta, dt);
    for (int64_t o : offs) blend(out, dt, o, sums[o], a, b);
}

// The perf structs of cudnn_cnn.h (Fwd/BwdData/BwdFilter share one layout).
struct AlgoPerf { int algo; int status; float time; size_t memory; int determinism; int mathType; int reserved[3]; };

int heuristic(const ConvDesc* cv, int requested, int* returned, AlgoPerf* perf) {
    if (requested < 1 || returned == nullptr || perf == nullptr) return ST_BAD_PARAM;
    // NOTE: algorithm 1 of each kind (FWD IMPLICIT_PRECOMP_GEMM, BWD_DATA_ALGO_1, BWD_FILTER_ALGO_1), deterministic,
    // asking for FAKE_WORKSPACE bytes so the caller's workspace path is exercised.
    perf[0] = AlgoPerf{1, ST_SUCCESS, 0.0f, FAKE_WORKSPACE, 1, cv->mathType, {0, 0, 0}};
    *returned = 1;
    return ST_SUCCESS;
}

int workspaceFor(int algo, size_t* size) {
    if (size == nullptr) return ST_BAD_PARAM;
    if (algo < 0 || algo > 7) return ST_BAD_PARAM;
    *size = algo == 1 ? FAKE_WORKSPACE : 0;
    return ST_SUCCESS;
}

// ---- batch norm ---------------------------------------------------------------------------------------------

struct BnGeom { int n, c; int64_t s; int dtype; };

// x (N, C, spatial...) packed or strided, bn (1, C, 1, ...) with the same rank; spatial modes only.
int bnGeometry(int mode, const TensorDesc* x, const TensorDesc* y, const TensorDesc* bn, BnGeom& g) {
    if (!ok(x) || !ok(y) || !ok(bn)) return ST_BAD_PARAM;
    if (mode != BN_SPATIAL && mode != BN_SPATIAL_PERSISTENT) return mode == BN_PER_ACTIVATION ? ST_NOT_SUPPORTED : ST_BAD_PARAM;
    if (x->nb < 4 || x->nb > 5 || y->nb != x->nb || bn->nb != x->nb) return ST_BAD_PARAM;
    if (x->dtype != y->dtype || !floatType(x->dtype) || bn->dtype != x->dtype) return ST_BAD_PARAM;
    for (int d = 0; d < x->nb; d++) {
        if (x->dims[d] != y->dims[d]) return ST_BAD_PARAM;
        if (bn->dims[d] != (d == 1 ? x->dims[1] : 1)) return ST_BAD_PARAM;
    }
    g.n = x->dims[0];
    g.c = x->dims[1];
    g.s = numel(x->dims + 2, x->nb - 2);
    g.dtype = x->dtype;
    return ST_SUCCESS;
}

// Offset of (n, c, spatial element j) in a descriptor of rank nb.
int64_t bnOffset(const TensorDesc* t, int n, int c, int64_t j) {
    return static_cast<int64_t>(n) * t->strides[0] + static_cast<int64_t>(c) * t->strides[1] +
           offsetOf(j, t->dims + 2, t->strides + 2, t->nb - 2);
}

// Two-pass mean and biased variance of channel c.
void channelStats(const BnGeom& g, const TensorDesc* xd, const void* x, int c, double& mean, double& var) {
    double sum = 0;
    for (int n = 0; n < g.n; n++)
        for (int64_t j = 0; j < g.s; j++) sum += load(x, g.dtype, bnOffset(xd, n, c, j));
    double m = static_cast<double>(g.n) * g.s;
    mean = sum / m;
    double sq = 0;
    for (int n = 0; n < g.n; n++)
        for (int64_t j = 0; j < g.s; j++) {
            double dv = load(x, g.dtype, bnOffset(xd, n, c, j)) - mean;
            sq += dv * dv;
        }
    var = sq / m;
}

void store(void* p, int dtype, int64_t i, double v) {
    if (dtype == DT_DOUBLE) static_cast<double*>(p)[i] = v;
    else static_cast<float*>(p)[i] = static_cast<float>(v);
}

const char* statusName(int s) {
    switch (s) {
        case ST_SUCCESS: return "CUDNN_STATUS_SUCCESS";
        case ST_NOT_INITIALIZED: return "CUDNN_STATUS_NOT_INITIALIZED";
        case ST_BAD_PARAM: return "CUDNN_STATUS_BAD_PARAM";
        case ST_BAD_PARAM_NULL_POINTER: return "CUDNN_STATUS_BAD_PARAM_NULL_POINTER";
        case ST_NOT_SUPPORTED: return "CUDNN_STATUS_NOT_SUPPORTED";
        case ST_INTERNAL_ERROR: return "CUDNN_STATUS_INTERNAL_ERROR";
        case ST_EXECUTION_FAILED: return "CUDNN_STATUS_EXECUTION_FAILED";
        default: return "CUDNN_STATUS_UNKNOWN";
    }
}

}  // namespace

extern "C" {

size_t cudnnGetVersion(void) { return 91400; }   // reports itself as cuDNN 9.14 (the GPU host's)

const char* cudnnGetErrorString(int status) { return statusName(status); }

int cudnnCreate(Handle** handle) {
    if (handle == nullptr) return ST_BAD_PARAM;
    *handle = new Handle{MAGIC_HANDLE, nullptr};
    return ST_SUCCESS;
}

int cudnnDestroy(Handle* handle) {
    if (!ok(handle)) return ST_BAD_PARAM;
    handle->magic = 0;
    delete handle;
    return ST_SUCCESS;
}

int cudnnSetStream(Handle* handle, void* stream) {
    if (!ok(handle)) return ST_BAD_PARAM;
    handle->stream = stream;
    return ST_SUCCESS;
}

// ---- descriptors ----------------------------------------------------------------------------------------------

int cudnnCreateTensorDescriptor(TensorDesc** d) {
    if (d == nullptr) return ST_BAD_PARAM;
    *d = new TensorDesc{MAGIC_TENSOR, false, 0, 0, {}, {}};
    return ST_SUCCESS;
}

int cudnnDestroyTensorDescriptor(TensorDesc* d) {
    if (d == nullptr) return ST_SUCCESS;   // cuDNN accepts NULL here
    if (d->magic != MAGIC_TENSOR) return ST_BAD_PARAM;
    d->magic = 0;
    delete d;
    return ST_SUCCESS;
}

int cudnnSetTensorNdDescriptor(TensorDesc* d, int dtype, int nb, const int* dims, const int* strides) {
    if (d == nullptr || d->magic != MAGIC_TENSOR || dims == nullptr || strides == nullptr) return ST_BAD_PARAM;
    if (dtype < 0 || dtype > 14) return ST_BAD_PARAM;
    if (nb < 3 || nb > DIM_MAX) return ST_NOT_SUPPORTED;
    for (int i = 0; i < nb; i++) if (dims[i] <= 0 || strides[i] <= 0) return ST_BAD_PARAM;
    if (numel(dims, nb) > (1LL << 31)) return ST_NOT_SUPPORTED;   // cuDNN's 2 Giga-element limit
    d->dtype = dtype;
    d->nb = nb;
    for (int i = 0; i < nb; i++) { d->dims[i] = dims[i]; d->strides[i] = strides[i]; }
    d->set = true;
    return ST_SUCCESS;
}

int cudnnCreateFilterDescriptor(FilterDesc** d) {
    if (d == nullptr) return ST_BAD_PARAM;
    *d = new FilterDesc{MAGIC_FILTER, false, 0, 0, 0, {}};
    return ST_SUCCESS;
}

int cudnnDestroyFilterDescriptor(FilterDesc* d) {
    if (d == nullptr) return ST_SUCCESS;
    if (d->magic != MAGIC_FILTER) return ST_BAD_PARAM;
    d->magic = 0;
    delete d;
    return ST_SUCCESS;
}

int cudnnSetFilterNdDescriptor(FilterDesc* d, int dtype, int format, int nb, const int* dims) {
    if (d == nullptr || d->magic != MAGIC_FILTER || dims == nullptr) return ST_BAD_PARAM;
    if (dtype < 0 || dtype > 14 || format < 0 || format > 2) return ST_BAD_PARAM;
    if (nb < 3 || nb > DIM_MAX) return ST_NOT_SUPPORTED;
    for (int i = 0; i < nb; i++) if (dims[i] <= 0) return ST_BAD_PARAM;
    d->dtype = dtype;
    d->format = format;
    d->nb = nb;
    for (int i = 0; i < nb; i++) d->dims[i] = dims[i];
    d->set = true;
    return ST_SUCCESS;
}

int cudnnCreateConvolutionDescriptor(ConvDesc** d) {
    if (d == nullptr) return ST_BAD_PARAM;
    *d = new ConvDesc{MAGIC_CONV, false, 0, {}, {}, {}, CROSS_CORRELATION, DT_FLOAT, 1, 0};
    return ST_SUCCESS;
}

int cudnnDestroyConvolutionDescriptor(ConvDesc* d) {
    if (d == nullptr) return ST_SUCCESS;
    if (d->magic != MAGIC_CONV) return ST_BAD_PARAM;
    d->magic = 0;
    delete d;
    return ST_SUCCESS;
}

int cudnnSetConvolutionNdDescriptor(ConvDesc* d, int len, const int* pad, const int* stride, const int* dil,
                                    int mode, int computeType) {
    if (d == nullptr || d->magic != MAGIC_CONV || !pad || !stride || !dil) return ST_BAD_PARAM;
    if (len < 1 || len > DIM_MAX - 2) return ST_BAD_PARAM;
    if (mode != CONVOLUTION && mode != CROSS_CORRELATION) return ST_BAD_PARAM;
    if (computeType < 0 || computeType > 14) return ST_BAD_PARAM;
    for (int i = 0; i < len; i++) if (pad[i] < 0 || stride[i] <= 0 || dil[i] <= 0) return ST_BAD_PARAM;
    d->len = len;
    for (int i = 0; i < len; i++) { d->pad[i] = pad[i]; d->stride[i] = stride[i]; d->dil[i] = dil[i]; }
    d->mode = mode;
    d->computeType = computeType;
    d->set = true;
    return ST_SUCCESS;
}

int cudnnSetConvolutionGroupCount(ConvDesc* d, int groups) {
    if (d == nullptr || d->magic != MAGIC_CONV || groups < 1) return ST_BAD_PARAM;
    d->groups = groups;
    return ST_SUCCESS;
}

int cudnnSetConvolutionMathType(ConvDesc* d, int mathType) {
    if (d == nullptr || d->magic != MAGIC_CONV || mathType < 0 || mathType > 3) return ST_BAD_PARAM;
    d->mathType = mathType;
    return ST_SUCCESS;
}

// ---- algorithm choice and workspace ------------------------------------------------------------------------

int cudnnGetConvolutionForwardAlgorithm_v7(Handle* h, const TensorDesc* x, const FilterDesc* w, const ConvDesc* cv,
                                           const TensorDesc* y, int requested, int* returned, AlgoPerf* perf) {
    ConvGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(x, w, cv, y, g)) return s;
    return heuristic(cv, requested, returned, perf);
}

int cudnnGetConvolutionBackwardDataAlgorithm_v7(Handle* h, const FilterDesc* w, const TensorDesc* dy,
                                                const ConvDesc* cv, const TensorDesc* dx, int requested,
                                                int* returned, AlgoPerf* perf) {
    ConvGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(dx, w, cv, dy, g)) return s;
    return heuristic(cv, requested, returned, perf);
}

int cudnnGetConvolutionBackwardFilterAlgorithm_v7(Handle* h, const TensorDesc* x, const TensorDesc* dy,
                                                  const ConvDesc* cv, const FilterDesc* dw, int requested,
                                                  int* returned, AlgoPerf* perf) {
    ConvGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(x, dw, cv, dy, g)) return s;
    return heuristic(cv, requested, returned, perf);
}

// The Find*Ex searches: the fake has one algorithm per kind, so they answer as the heuristics do (time 0).
int cudnnFindConvolutionForwardAlgorithmEx(Handle* h, const TensorDesc* x, const void*, const FilterDesc* w,
                                           const void*, const ConvDesc* cv, const TensorDesc* y, void*,
                                           int requested, int* returned, AlgoPerf* perf, void*, size_t) {
    return cudnnGetConvolutionForwardAlgorithm_v7(h, x, w, cv, y, requested, returned, perf);
}

int cudnnFindConvolutionBackwardDataAlgorithmEx(Handle* h, const FilterDesc* w, const void*, const TensorDesc* dy,
                                                const void*, const ConvDesc* cv, const TensorDesc* dx, void*,
                                                int requested, int* returned, AlgoPerf* perf, void*, size_t) {
    return cudnnGetConvolutionBackwardDataAlgorithm_v7(h, w, dy, cv, dx, requested, returned, perf);
}

int cudnnFindConvolutionBackwardFilterAlgorithmEx(Handle* h, const TensorDesc* x, const void*, const TensorDesc* dy,
                                                  const void*, const ConvDesc* cv, const FilterDesc* dw, void*,
                                                  int requested, int* returned, AlgoPerf* perf, void*, size_t) {
    return cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, x, dy, cv, dw, requested, returned, perf);
}

int cudnnGetConvolutionForwardWorkspaceSize(Handle* h, const TensorDesc* x, const FilterDesc* w, const ConvDesc* cv,
                                            const TensorDesc* y, int algo, size_t* size) {
    ConvGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(x, w, cv, y, g)) return s;
    return workspaceFor(algo, size);
}

int cudnnGetConvolutionBackwardDataWorkspaceSize(Handle* h, const FilterDesc* w, const TensorDesc* dy,
                                                 const ConvDesc* cv, const TensorDesc* dx, int algo, size_t* size) {
    ConvGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(dx, w, cv, dy, g)) return s;
    return workspaceFor(algo, size);
}

int cudnnGetConvolutionBackwardFilterWorkspaceSize(Handle* h, const TensorDesc* x, const TensorDesc* dy,
                                                   const ConvDesc* cv, const FilterDesc* dw, int algo, size_t* size) {
    ConvGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = geometry(x, dw, cv, dy, g)) return s;
    return workspaceFor(algo, size);
}

// ---- convolutions ---------------------------------------------------------------------------------------------

int cudnnConvolutionForward(Handle* h, const void* alpha, const TensorDesc* xd, const void* x, const FilterDesc* wd,
                            const void* w, const ConvDesc* cv, int algo, void* ws, size_t wsBytes, const void* beta,
                            const TensorDesc* yd, void* y) {
    ConvGeom g;
    bool ptrs = alpha && beta && x && w && y;
    if (int s = convCheck(h, xd, wd, cv, yd, ptrs, algo, 8, ws, wsBytes, g)) return s;
    if (axemu::no_work()) return ST_SUCCESS;
    int dt = xd->dtype;
    accumulateInto(yd, y, dt, alpha, beta, [&](std::vector<double>& sums) {
        convLoop(g, xd, yd, [&](int64_t xo, int64_t wi, int64_t yo) { sums[yo] += load(x, dt, xo) * load(w, dt, wi); });
    });
    return ST_SUCCESS;
}

int cudnnConvolutionBackwardData(Handle* h, const void* alpha, const FilterDesc* wd, const void* w,
                                 const TensorDesc* dyd, const void* dy, const ConvDesc* cv, int algo, void* ws,
                                 size_t wsBytes, const void* beta, const TensorDesc* dxd, void* dx) {
    ConvGeom g;
    bool ptrs = alpha && beta && w && dy && dx;
    if (int s = convCheck(h, dxd, wd, cv, dyd, ptrs, algo, 6, ws, wsBytes, g)) return s;
    if (axemu::no_work()) return ST_SUCCESS;
    int dt = dxd->dtype;
    accumulateInto(dxd, dx, dt, alpha, beta, [&](std::vector<double>& sums) {
        convLoop(g, dxd, dyd, [&](int64_t xo, int64_t wi, int64_t yo) { sums[xo] += load(dy, dt, yo) * load(w, dt, wi); });
    });
    return ST_SUCCESS;
}

int cudnnConvolutionBackwardFilter(Handle* h, const void* alpha, const TensorDesc* xd, const void* x,
                                   const TensorDesc* dyd, const void* dy, const ConvDesc* cv, int algo, void* ws,
                                   size_t wsBytes, const void* beta, const FilterDesc* dwd, void* dw) {
    ConvGeom g;
    bool ptrs = alpha && beta && x && dy && dw;
    if (int s = convCheck(h, xd, dwd, cv, dyd, ptrs, algo, 7, ws, wsBytes, g)) return s;
    if (axemu::no_work()) return ST_SUCCESS;
    int dt = xd->dtype;
    std::vector<double> acc(static_cast<size_t>(numel(dwd->dims, dwd->nb)), 0.0);
    convLoop(g, xd, dyd, [&](int64_t xo, int64_t wi, int64_t yo) { acc[wi] += load(dy, dt, yo) * load(x, dt, xo); });
    double a = scalar(alpha, dt), b = scalar(beta, dt);
    for (size_t i = 0; i < acc.size(); i++) blend(dw, dt, static_cast<int64_t>(i), acc[i], a, b);
    return ST_SUCCESS;
}

// C = alpha * A + beta * C; each dim of A equals C's or is 1 (broadcast).
int cudnnAddTensor(Handle* h, const void* alpha, const TensorDesc* ad, const void* A, const void* beta,
                   const TensorDesc* cd, void* C) {
    if (!ok(h) || !ok(ad) || !ok(cd)) return ST_BAD_PARAM;
    if (!alpha || !beta || !A || !C) return ST_BAD_PARAM_NULL_POINTER;
    if (ad->nb != cd->nb || ad->dtype != cd->dtype || !floatType(ad->dtype)) return ST_BAD_PARAM;
    int bstr[DIM_MAX];
    for (int d = 0; d < cd->nb; d++) {
        if (ad->dims[d] != cd->dims[d] && ad->dims[d] != 1) return ST_BAD_PARAM;
        bstr[d] = ad->dims[d] == 1 ? 0 : ad->strides[d];
    }
    if (axemu::no_work()) return ST_SUCCESS;
    int dt = cd->dtype;
    double a = scalar(alpha, dt), b = scalar(beta, dt);
    int64_t cnt = numel(cd->dims, cd->nb);
    for (int64_t i = 0; i < cnt; i++) {
        int64_t ao = offsetOf(i, cd->dims, bstr, cd->nb), co = offsetOf(i, cd->dims, cd->strides, cd->nb);
        double av = a * load(A, dt, ao);
        store(C, dt, co, b != 0 ? av + b * load(C, dt, co) : av);
    }
    return ST_SUCCESS;
}

// ---- batch normalization ------------------------------------------------------------------------------------

int cudnnBatchNormalizationForwardTraining(Handle* h, int mode, const void* alpha, const void* beta,
                                           const TensorDesc* xd, const void* x, const TensorDesc* yd, void* y,
                                           const TensorDesc* bnd, const void* scale, const void* bias,
                                           double factor, void* runMean, void* runVar, double eps,
                                           void* saveMean, void* saveInvVar) {
    BnGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = bnGeometry(mode, xd, yd, bnd, g)) return s;
    if (axemu::no_work()) return ST_SUCCESS;
    if (!alpha || !beta || !x || !y || !scale || !bias) return ST_BAD_PARAM_NULL_POINTER;
    if (!(eps >= BN_MIN_EPSILON)) return ST_BAD_PARAM;
    if ((runMean == nullptr) != (runVar == nullptr)) return ST_BAD_PARAM;
    if ((saveMean == nullptr) != (saveInvVar == nullptr)) return ST_BAD_PARAM;
    int dt = g.dtype;
    double a = scalar(alpha, dt), b = scalar(beta, dt), m = static_cast<double>(g.n) * g.s;
    for (int c = 0; c < g.c; c++) {
        double mean, var;
        channelStats(g, xd, x, c, mean, var);
        double invstd = 1.0 / std::sqrt(var + eps);
        int64_t pc = static_cast<int64_t>(c) * bnd->strides[1];
        double sc = load(scale, dt, pc), sh = load(bias, dt, pc);
        for (int n = 0; n < g.n; n++)
            for (int64_t j = 0; j < g.s; j++) {
                double xv = load(x, dt, bnOffset(xd, n, c, j));
                blend(y, dt, bnOffset(yd, n, c, j), (xv - mean) * invstd * sc + sh, a, b);
            }
        if (runMean) {
            store(runMean, dt, pc, (1 - factor) * load(runMean, dt, pc) + factor * mean);
            double unbiased = m > 1 ? var * m / (m - 1) : var;
            store(runVar, dt, pc, (1 - factor) * load(runVar, dt, pc) + factor * unbiased);
        }
        if (saveMean) {
            store(saveMean, dt, pc, mean);
            store(saveInvVar, dt, pc, invstd);
        }
    }
    return ST_SUCCESS;
}

int cudnnBatchNormalizationForwardInference(Handle* h, int mode, const void* alpha, const void* beta,
                                            const TensorDesc* xd, const void* x, const TensorDesc* yd, void* y,
                                            const TensorDesc* bnd, const void* scale, const void* bias,
                                            const void* estMean, const void* estVar, double eps) {
    BnGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = bnGeometry(mode, xd, yd, bnd, g)) return s;
    if (axemu::no_work()) return ST_SUCCESS;
    if (!alpha || !beta || !x || !y || !scale || !bias || !estMean || !estVar) return ST_BAD_PARAM_NULL_POINTER;
    if (!(eps >= BN_MIN_EPSILON)) return ST_BAD_PARAM;
    int dt = g.dtype;
    double a = scalar(alpha, dt), b = scalar(beta, dt);
    for (int c = 0; c < g.c; c++) {
        int64_t pc = static_cast<int64_t>(c) * bnd->strides[1];
        double mean = load(estMean, dt, pc), k = load(scale, dt, pc) / std::sqrt(eps + load(estVar, dt, pc));
        double sh = load(bias, dt, pc);
        for (int n = 0; n < g.n; n++)
            for (int64_t j = 0; j < g.s; j++)
                blend(y, dt, bnOffset(yd, n, c, j), (load(x, dt, bnOffset(xd, n, c, j)) - mean) * k + sh, a, b);
    }
    return ST_SUCCESS;
}

int cudnnBatchNormalizationBackward(Handle* h, int mode, const void* alphaData, const void* betaData,
                                    const void* alphaParam, const void* betaParam, const TensorDesc* xd,
                                    const void* x, const TensorDesc* dyd, const void* dy, const TensorDesc* dxd,
                                    void* dx, const TensorDesc* bnd, const void* scale, void* dScale, void* dBias,
                                    double eps, const void* savedMean, const void* savedInvVar) {
    BnGeom g;
    if (!ok(h)) return ST_BAD_PARAM;
    if (int s = bnGeometry(mode, xd, dyd, bnd, g)) return s;
    if (axemu::no_work()) return ST_SUCCESS;
    if (!ok(dxd) || dxd->nb != xd->nb || dxd->dtype != xd->dtype) return ST_BAD_PARAM;
    for (int d = 0; d < xd->nb; d++) if (dxd->dims[d] != xd->dims[d]) return ST_BAD_PARAM;
    if (!alphaData || !betaData || !alphaParam || !betaParam || !x || !dy || !dx || !scale || !dScale || !dBias)
        return ST_BAD_PARAM_NULL_POINTER;
    if ((savedMean == nullptr) != (savedInvVar == nullptr)) return ST_BAD_PARAM;
    if (!savedMean && !(eps >= BN_MIN_EPSILON)) return ST_BAD_PARAM;
    int dt = g.dtype;
    double ad = scalar(alphaData, dt), bd = scalar(betaData, dt);
    double ap = scalar(alphaParam, dt), bp = scalar(betaParam, dt), m = static_cast<double>(g.n) * g.s;
    for (int c = 0; c < g.c; c++) {
        int64_t pc = static_cast<int64_t>(c) * bnd->strides[1];
        double mean, invstd;
        if (savedMean) {
            mean = load(savedMean, dt, pc);
            invstd = load(savedInvVar, dt, pc);
        } else {
            double var;
            channelStats(g, xd, x, c, mean, var);
            invstd = 1.0 / std::sqrt(var + eps);
        }
        double sg = 0, sgx = 0;   // sum dy, sum dy * xhat
        for (int n = 0; n < g.n; n++)
            for (int64_t j = 0; j < g.s; j++) {
                double gv = load(dy, dt, bnOffset(dyd, n, c, j));
                sg += gv;
                sgx += gv * (load(x, dt, bnOffset(xd, n, c, j)) - mean) * invstd;
            }
        double k = load(scale, dt, pc) * invstd;
        for (int n = 0; n < g.n; n++)
            for (int64_t j = 0; j < g.s; j++) {
                double gv = load(dy, dt, bnOffset(dyd, n, c, j));
                double xhat = (load(x, dt, bnOffset(xd, n, c, j)) - mean) * invstd;
                blend(dx, dt, bnOffset(dxd, n, c, j), k * (gv - sg / m - xhat * sgx / m), ad, bd);
            }
        blend(dScale, dt, pc, sgx, ap, bp);
        blend(dBias, dt, pc, sg, ap, bp);
    }
    return ST_SUCCESS;
}

}  // extern "C"
