// axelem.cuh: element types as the CPU backend's Elem reads and stores them (dev.axial.tensor.cpu.Elem):
// Ty<T>::d / l read a value as double / int64; fromD / fromL store one back (floats round through float,
// as Elem.putDouble does; integers truncate; bool is v != 0). AxBool is bool's one-byte storage type.
#pragma once
#include "axial.cuh"

// double -> int64 as Java's (long) cast: NaN gives 0, out-of-range values saturate (a plain C cast is
// undefined there and differs between the GPU and the emulator).
__device__ __forceinline__ i64 ax_sat_i64(double v) {
    if (v != v) return 0;
    if (v >= 9.2233720368547758e18) return (i64)0x7fffffffffffffffLL;
    if (v <= -9.2233720368547758e18) return (i64)(-0x7fffffffffffffffLL - 1);
    return (i64)v;
}

template <class T> struct Ty {   // integral dtypes: read as i64, stored truncating (Elem.putLong)
    static const bool fp = false;
    __device__ static double d(T v) { return (double)v; }
    __device__ static i64 l(T v) { return (i64)v; }
    __device__ static T fromD(double v) { return (T)ax_sat_i64(v); }
    __device__ static T fromL(i64 v) { return (T)v; }
    __device__ static bool nonzero(T v) { return v != 0; }
};
struct AxBool { unsigned char v; };
template <> struct Ty<AxBool> {
    static const bool fp = false;
    __device__ static double d(AxBool v) { return v.v ? 1.0 : 0.0; }
    __device__ static i64 l(AxBool v) { return v.v ? 1 : 0; }
    __device__ static AxBool fromD(double v) { AxBool b; b.v = v != 0; return b; }
    __device__ static AxBool fromL(i64 v) { AxBool b; b.v = v != 0; return b; }
    __device__ static bool nonzero(AxBool v) { return v.v != 0; }
};
template <> struct Ty<float> {
    static const bool fp = true;
    __device__ static double d(float v) { return v; }
    __device__ static i64 l(float v) { return ax_sat_i64(v); }
    __device__ static float fromD(double v) { return (float)v; }
    __device__ static float fromL(i64 v) { return (float)v; }
    __device__ static bool nonzero(float v) { return v != 0; }
};
template <> struct Ty<double> {
    static const bool fp = true;
    __device__ static double d(double v) { return v; }
    __device__ static i64 l(double v) { return ax_sat_i64(v); }
    __device__ static double fromD(double v) { return v; }
    __device__ static double fromL(i64 v) { return (double)v; }
    __device__ static bool nonzero(double v) { return v != 0; }
};
template <> struct Ty<f16> {
    static const bool fp = true;
    __device__ static double d(f16 v) { return __half2float(v); }
    __device__ static i64 l(f16 v) { return ax_sat_i64(__half2float(v)); }
    __device__ static f16 fromD(double v) { return __float2half((float)v); }
    __device__ static f16 fromL(i64 v) { return __float2half((float)v); }
    __device__ static bool nonzero(f16 v) { return __half2float(v) != 0; }
};
template <> struct Ty<bf16> {
    static const bool fp = true;
    __device__ static double d(bf16 v) { return __bfloat162float(v); }
    __device__ static i64 l(bf16 v) { return ax_sat_i64(__bfloat162float(v)); }
    __device__ static bf16 fromD(double v) { return __float2bfloat16((float)v); }
    __device__ static bf16 fromL(i64 v) { return __float2bfloat16((float)v); }
    __device__ static bool nonzero(bf16 v) { return __bfloat162float(v) != 0; }
};

