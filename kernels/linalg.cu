// linalg.cu: what cuBLAS does not cover. Integer batched matmul: out[b, i, j] = sum_p a[b, i, p] * b[b, p, j]
// in wrapping int64 arithmetic, narrowed (wrapping) to the output dtype, as the CPU backend's rowLoop does
// (PyTorch's integer matmul). Float types go through cuBLAS (CudaMatmul).
#include "axial.cuh"

struct MatmulIntArgs {
    char* out;          // contiguous (batch, m, n)
    const char* a;      // (batch, m, k), strides in elements
    const char* b;      // (batch, k, n), strides in elements
    i64 batch, m, n, k;
    i64 as0, as1, as2;
    i64 bs0, bs1, bs2;
};

template <typename T>
__device__ void matmul_int(const MatmulIntArgs& a) {
    const T* pa = reinterpret_cast<const T*>(a.a);
    const T* pb = reinterpret_cast<const T*>(a.b);
    T* po = reinterpret_cast<T*>(a.out);
    AX_GRID_STRIDE(idx, a.batch * a.m * a.n) {
        i64 j = idx % a.n, t = idx / a.n, i = t % a.m, bi = t / a.m;
        const T* ra = pa + bi * a.as0 + i * a.as1;
        const T* cb = pb + bi * a.bs0 + j * a.bs2;
        unsigned long long acc = 0;   // NOTE: unsigned so that overflow wraps as Java's long does, without UB
        for (i64 p = 0; p < a.k; ++p)
            acc += (unsigned long long)(i64)ra[p * a.as2] * (unsigned long long)(i64)cb[p * a.bs1];
        po[idx] = (T)(i64)acc;
    }
}

AX_KERNEL(matmul_int_u8, MatmulIntArgs, a) { matmul_int<unsigned char>(a); }
AX_KERNEL(matmul_int_i8, MatmulIntArgs, a) { matmul_int<signed char>(a); }
AX_KERNEL(matmul_int_i16, MatmulIntArgs, a) { matmul_int<short>(a); }
AX_KERNEL(matmul_int_i32, MatmulIntArgs, a) { matmul_int<int>(a); }
AX_KERNEL(matmul_int_i64, MatmulIntArgs, a) { matmul_int<long long>(a); }
