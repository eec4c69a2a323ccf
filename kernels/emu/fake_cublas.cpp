// fake_cublas.cpp: the cuBLAS calls Axial makes, as plain column-major loops on the CPU.
//
// Semantics as cuBLAS documents them: C = alpha op(A) op(B) + beta C, column-major, host-side alpha and
// beta (CUBLAS_POINTER_MODE_HOST), and with beta == 0 C is not read (it may hold NaN). Half and bfloat16
// inputs are widened to float and accumulated in float (CUBLAS_COMPUTE_32F), as the tensor cores do.
// Status codes and names are cuBLAS's.
#include "axemu.h"
#include "axemu_internal.h"

#include <cstdio>

namespace {

enum : int {
    CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_NOT_INITIALIZED = 1, CUBLAS_STATUS_ALLOC_FAILED = 3,
    CUBLAS_STATUS_INVALID_VALUE = 7, CUBLAS_STATUS_ARCH_MISMATCH = 8, CUBLAS_STATUS_MAPPING_ERROR = 11,
    CUBLAS_STATUS_EXECUTION_FAILED = 13, CUBLAS_STATUS_INTERNAL_ERROR = 14, CUBLAS_STATUS_NOT_SUPPORTED = 15,
};

enum : int { CUDA_R_32F = 0, CUDA_R_64F = 1, CUDA_R_16F = 2, CUDA_R_16BF = 14 };
enum : int { CUBLAS_COMPUTE_32F = 68, CUBLAS_COMPUTE_32F_FAST_TF32 = 77, CUBLAS_COMPUTE_64F = 70 };

struct Handle { int magic; };
constexpr int kMagic = 0xB1A5;

bool valid(void* h) { return h && static_cast<Handle*>(h)->magic == kMagic; }

double load(const void* p, int type, long long i) {
    switch (type) {
        case CUDA_R_32F: return static_cast<const float*>(p)[i];
        case CUDA_R_64F: return static_cast<const double*>(p)[i];
        case CUDA_R_16F: return __half2float(static_cast<const __half*>(p)[i]);
        default: return __bfloat162float(static_cast<const __nv_bfloat16*>(p)[i]);
    }
}

void store(void* p, int type, long long i, double v) {
    switch (type) {
        case CUDA_R_32F: static_cast<float*>(p)[i] = (float)v; break;
        case CUDA_R_64F: static_cast<double*>(p)[i] = v; break;
        case CUDA_R_16F: static_cast<__half*>(p)[i] = __float2half((float)v); break;
        default: static_cast<__nv_bfloat16*>(p)[i] = __float2bfloat16((float)v); break;
    }
}

bool known_type(int t) { return t == CUDA_R_32F || t == CUDA_R_64F || t == CUDA_R_16F || t == CUDA_R_16BF; }

// One column-major GEMM; float types accumulate in float (as cuBLAS's 32F compute), double in double.
int gemm(int ta, int tb, int m, int n, int k, double alpha, const void* A, int at, int lda, const void* B, int bt, int ldb,
         double beta, void* C, int ct, int ldc) {
    if (ta < 0 || ta > 2 || tb < 0 || tb > 2 || m < 0 || n < 0 || k < 0) return CUBLAS_STATUS_INVALID_VALUE;
    if (ldc < std::max(1, m) || lda < std::max(1, ta ? k : m) || ldb < std::max(1, tb ? n : k)) return CUBLAS_STATUS_INVALID_VALUE;
    if (axemu::no_work()) return CUBLAS_STATUS_SUCCESS;
    bool dbl = ct == CUDA_R_64F;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < m; ++i) {
            double accD = 0;
            float accF = 0;
            for (int l = 0; l < k; ++l) {
                double a = load(A, at, ta ? l + (long long)i * lda : i + (long long)l * lda);
                double b = load(B, bt, tb ? j + (long long)l * ldb : l + (long long)j * ldb);
                if (dbl) accD += a * b; else accF += (float)a * (float)b;
            }
            double acc = dbl ? accD : accF;
            long long ci = i + (long long)j * ldc;
            double out = beta == 0 ? alpha * acc : alpha * acc + beta * load(C, ct, ci);
            store(C, ct, ci, out);
        }
    return CUBLAS_STATUS_SUCCESS;
}

}  // namespace

extern "C" {

int cublasCreate_v2(void** h) {
    if (!h) return CUBLAS_STATUS_INVALID_VALUE;
    *h = new Handle{kMagic};
    return CUBLAS_STATUS_SUCCESS;
}

int cublasDestroy_v2(void* h) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    static_cast<Handle*>(h)->magic = 0;
    delete static_cast<Handle*>(h);
    return CUBLAS_STATUS_SUCCESS;
}

int cublasSetStream_v2(void* h, void*) { return valid(h) ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_NOT_INITIALIZED; }

int cublasSetMathMode(void* h, int mode) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    return mode < 0 ? CUBLAS_STATUS_INVALID_VALUE : CUBLAS_STATUS_SUCCESS;
}

int cublasGetVersion_v2(void* h, int* v) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!v) return CUBLAS_STATUS_INVALID_VALUE;
    *v = 130100;
    return CUBLAS_STATUS_SUCCESS;
}

const char* cublasGetStatusName(int s) {
    switch (s) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case 3: return "CUBLAS_STATUS_ALLOC_FAILED";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        case 8: return "CUBLAS_STATUS_ARCH_MISMATCH";
        case 11: return "CUBLAS_STATUS_MAPPING_ERROR";
        case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
        case 14: return "CUBLAS_STATUS_INTERNAL_ERROR";
        case 15: return "CUBLAS_STATUS_NOT_SUPPORTED";
        case 16: return "CUBLAS_STATUS_LICENSE_ERROR";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                   const float* B, int ldb, const float* beta, float* C, int ldc) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!alpha || !beta) return CUBLAS_STATUS_INVALID_VALUE;
    return gemm(ta, tb, m, n, k, *alpha, A, CUDA_R_32F, lda, B, CUDA_R_32F, ldb, *beta, C, CUDA_R_32F, ldc);
}

int cublasDgemm_v2(void* h, int ta, int tb, int m, int n, int k, const double* alpha, const double* A, int lda,
                   const double* B, int ldb, const double* beta, double* C, int ldc) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!alpha || !beta) return CUBLAS_STATUS_INVALID_VALUE;
    return gemm(ta, tb, m, n, k, *alpha, A, CUDA_R_64F, lda, B, CUDA_R_64F, ldb, *beta, C, CUDA_R_64F, ldc);
}

int cublasSgemmStridedBatched(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                              long long sa, const float* B, int ldb, long long sb, const float* beta, float* C, int ldc,
                              long long sc, int batch) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!alpha || !beta || batch < 0) return CUBLAS_STATUS_INVALID_VALUE;
    for (int b = 0; b < batch; ++b) {
        int s = gemm(ta, tb, m, n, k, *alpha, A + b * sa, CUDA_R_32F, lda, B + b * sb, CUDA_R_32F, ldb, *beta, C + b * sc,
                     CUDA_R_32F, ldc);
        if (s) return s;
    }
    return CUBLAS_STATUS_SUCCESS;
}

int cublasDgemmStridedBatched(void* h, int ta, int tb, int m, int n, int k, const double* alpha, const double* A, int lda,
                              long long sa, const double* B, int ldb, long long sb, const double* beta, double* C, int ldc,
                              long long sc, int batch) {
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!alpha || !beta || batch < 0) return CUBLAS_STATUS_INVALID_VALUE;
    for (int b = 0; b < batch; ++b) {
        int s = gemm(ta, tb, m, n, k, *alpha, A + b * sa, CUDA_R_64F, lda, B + b * sb, CUDA_R_64F, ldb, *beta, C + b * sc,
                     CUDA_R_64F, ldc);
        if (s) return s;
    }
    return CUBLAS_STATUS_SUCCESS;
}

int cublasGemmStridedBatchedEx(void* h, int ta, int tb, int m, int n, int k, const void* alpha, const void* A, int at,
                               int lda, long long sa, const void* B, int bt, int ldb, long long sb, const void* beta,
                               void* C, int ct, int ldc, long long sc, int batch, int compute, int algo) {
    (void)algo;
    if (!valid(h)) return CUBLAS_STATUS_NOT_INITIALIZED;
    if (!alpha || !beta || batch < 0) return CUBLAS_STATUS_INVALID_VALUE;
    if (!known_type(at) || !known_type(bt) || !known_type(ct) || at != bt) return CUBLAS_STATUS_NOT_SUPPORTED;
    double al, be;
    if (compute == CUBLAS_COMPUTE_64F) {
        al = *static_cast<const double*>(alpha);
        be = *static_cast<const double*>(beta);
    } else if (compute == CUBLAS_COMPUTE_32F || compute == CUBLAS_COMPUTE_32F_FAST_TF32) {
        al = *static_cast<const float*>(alpha);
        be = *static_cast<const float*>(beta);
    } else {
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
    int es = at == CUDA_R_64F ? 8 : at == CUDA_R_32F ? 4 : 2;
    int cs = ct == CUDA_R_64F ? 8 : ct == CUDA_R_32F ? 4 : 2;
    for (int b = 0; b < batch; ++b) {
        int s = gemm(ta, tb, m, n, k, al, static_cast<const char*>(A) + b * sa * es, at, lda,
                     static_cast<const char*>(B) + b * sb * es, bt, ldb, be, static_cast<char*>(C) + b * sc * cs, ct, ldc);
        if (s) return s;
    }
    return CUBLAS_STATUS_SUCCESS;
}

}  // extern "C"
