// selftest.cu: kernels that exercise the launch machinery itself, not an op: a block-wide sum through
// shared memory and __syncthreads, a warp sum through shuffles, dynamic shared memory, and atomics.
// CudaLaunchTest runs them on the emulator and on a GPU and checks the exact results. block_sum_i32
// needs blockDim.x a multiple of 32 (full warps for the shuffles).
#include "axial.cuh"

struct BlockSumArgs {
    const int* in;     // n values
    long long* out;    // out[0] += sum of in (atomically, one add per block)
    int* warpSums;     // one entry per warp of the grid: the sum its lanes saw by shuffles
    i64 n;
};

__device__ __forceinline__ int warp_sum(int v) {
    for (int d = 16; d > 0; d >>= 1) v += __shfl_down_sync(0xffffffffu, v, d);
    return v;
}

// Each block sums a grid-strided share of in: per thread, then per warp (shuffles), then per block
// (static shared memory), then one atomicAdd per block into out[0].
AX_KERNEL(block_sum_i32, BlockSumArgs, a) {
    __shared__ int partial[32];
    int v = 0;
    AX_GRID_STRIDE(i, a.n) v += a.in[i];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    int w = warp_sum(v);
    if (lane == 0) {
        partial[warp] = w;
        a.warpSums[(blockIdx.x * blockDim.x + threadIdx.x) >> 5] = w;
    }
    __syncthreads();
    if (warp == 0) {
        int nw = (blockDim.x + 31) >> 5;
        int s = lane < nw ? partial[lane] : 0;
        s = warp_sum(s);
        if (lane == 0) atomicAdd((unsigned long long*)a.out, (unsigned long long)(long long)s);
    }
}

struct ReverseArgs {
    const float* in;
    float* out;
    int n;             // elements per block; blockDim.x == n
};

// out = in reversed within each block's tile, through dynamic shared memory and one barrier.
AX_KERNEL(tile_reverse_f32, ReverseArgs, a) {
    AX_DYNAMIC_SHARED(float, tile);
    int t = threadIdx.x;
    tile[t] = a.in[blockIdx.x * a.n + t];
    __syncthreads();
    a.out[blockIdx.x * a.n + t] = tile[a.n - 1 - t];
}
