// elementwise.cu: the elementwise family of the CUDA backend (dev.axial.tensor.cuda.CudaElementwise):
// unary ops (every spi.UnaryOp), binary ops (every spi.BinaryOp; predicates write bool), where, the
// dtype-converting strided copy, fill and fillLinear. The semantics are the CPU backend's
// (cpu/ScalarMath, cpu/Elem): integers and bool compute in 64-bit wrapping arithmetic and are narrowed
// on store; float16/bfloat16/float32 compute in float, float64 in double; the exactness ops
// (floor/trunc division, remainder, fmod) compute in double for every floating dtype. Float -> integer
// truncates toward zero, saturating at the int64 range, NaN -> 0, then wraps to the narrow type.
//
// Every kernel walks the shared shape of its operands (AxShape + one AxView each, coalesced by Java)
// in row-major order with a grid-stride loop (ax_map). A 1-D launch (contiguous, broadcast scalar or
// one strided dim) indexes with one multiply per operand instead of the div/mod walk, and when the
// output is contiguous and every input contiguous or a scalar, moves four elements per load/store.
#include "axial.cuh"

// Everything lives in a namespace of its own: the emulator links every family into one library, where
// helpers of the same name in another file (Ty, ax_at, ...) must not meet these. The kernels are extern "C".
namespace axew {

// ---- dtypes: codes are dev.axial.tensor.DType's ordinals ------------------------------------------

enum AxDt { DT_BOOL, DT_U8, DT_I8, DT_I16, DT_I32, DT_I64, DT_F16, DT_BF16, DT_F32, DT_F64 };

// Java's (long) of a double: truncation toward zero, NaN -> 0, saturating at the int64 range.
__device__ __forceinline__ i64 ax_d2i(double v) {
    if (v != v) return 0;
    if (v >= 9.2233720368547758e18) return (i64)0x7fffffffffffffffLL;
    if (v <= -9.2233720368547758e18) return (i64)(-0x7fffffffffffffffLL - 1);
    return (i64)v;
}

// Ty<DT>: storage type S, compute type C (i64 for integers and bool), loads and the stores from C,
// from i64 and from double (Elem.putLong / putDouble).
template <int DT> struct Ty;
#define AX_INT_TY(DTC, STYPE)                                                              \
    template <> struct Ty<DTC> {                                                           \
        typedef STYPE S; typedef i64 C; static const bool fp = false;                      \
        static __device__ __forceinline__ C ld(S v) { return (i64)v; }                     \
        static __device__ __forceinline__ S fromI(i64 v) { return (S)v; }                  \
        static __device__ __forceinline__ S fromD(double v) { return (S)ax_d2i(v); }       \
        static __device__ __forceinline__ S st(C v) { return (S)v; }                       \
    };
AX_INT_TY(DT_U8, unsigned char)
AX_INT_TY(DT_I8, signed char)
AX_INT_TY(DT_I16, short)
AX_INT_TY(DT_I32, int)
AX_INT_TY(DT_I64, i64)
#undef AX_INT_TY
template <> struct Ty<DT_BOOL> {
    typedef unsigned char S; typedef i64 C; static const bool fp = false;
    static __device__ __forceinline__ C ld(S v) { return v != 0; }
    static __device__ __forceinline__ S fromI(i64 v) { return v != 0; }
    static __device__ __forceinline__ S fromD(double v) { return v != 0; }   // NaN != 0: true
    static __device__ __forceinline__ S st(C v) { return v != 0; }
};
template <> struct Ty<DT_F32> {
    typedef float S; typedef float C; static const bool fp = true;
    static __device__ __forceinline__ C ld(S v) { return v; }
    static __device__ __forceinline__ S fromI(i64 v) { return (float)v; }
    static __device__ __forceinline__ S fromD(double v) { return (float)v; }
    static __device__ __forceinline__ S st(C v) { return v; }
};
template <> struct Ty<DT_F64> {
    typedef double S; typedef double C; static const bool fp = true;
    static __device__ __forceinline__ C ld(S v) { return v; }
    static __device__ __forceinline__ S fromI(i64 v) { return (double)v; }
    static __device__ __forceinline__ S fromD(double v) { return v; }
    static __device__ __forceinline__ S st(C v) { return v; }
};
// half types: through float, as Elem does ((float) v, then round to nearest even)
template <> struct Ty<DT_F16> {
    typedef f16 S; typedef float C; static const bool fp = true;
    static __device__ __forceinline__ C ld(S v) { return __half2float(v); }
    static __device__ __forceinline__ S fromI(i64 v) { return __float2half((float)v); }
    static __device__ __forceinline__ S fromD(double v) { return __float2half((float)v); }
    static __device__ __forceinline__ S st(C v) { return __float2half(v); }
};
template <> struct Ty<DT_BF16> {
    typedef bf16 S; typedef float C; static const bool fp = true;
    static __device__ __forceinline__ C ld(S v) { return __bfloat162float(v); }
    static __device__ __forceinline__ S fromI(i64 v) { return __float2bfloat16((float)v); }
    static __device__ __forceinline__ S fromD(double v) { return __float2bfloat16((float)v); }
    static __device__ __forceinline__ S st(C v) { return __float2bfloat16(v); }
};

// Unsigned integer of each element size: where and fill move bits, never values.
template <int DT> struct Bits { typedef unsigned char U; };
template <> struct Bits<DT_I16> { typedef unsigned short U; };
template <> struct Bits<DT_F16> { typedef unsigned short U; };
template <> struct Bits<DT_BF16> { typedef unsigned short U; };
template <> struct Bits<DT_I32> { typedef unsigned int U; };
template <> struct Bits<DT_F32> { typedef unsigned int U; };
template <> struct Bits<DT_I64> { typedef unsigned long long U; };
template <> struct Bits<DT_F64> { typedef unsigned long long U; };

// ---- the strided walk ------------------------------------------------------------------------------

// off[k] = element offset of row-major index i in view k (one div/mod per dim, shared by all views).
template <int K>
__device__ __forceinline__ void ax_offsets(const AxShape& s, const AxView* v, i64 i, i64* off) {
    for (int k = 0; k < K; ++k) off[k] = 0;
    for (int d = s.ndim - 1; d >= 0; --d) {
        i64 q = i / s.sizes[d], c = i - q * s.sizes[d];
        for (int k = 0; k < K; ++k) off[k] += c * v[k].strides[d];
        i = q;
    }
}

template <class T> __device__ __forceinline__ T* ax_at(const AxView& v, i64 off) { return (T*)v.data + off; }

// Four consecutive elements, aligned so that one load moves them all (ld.v4 for 4-byte types).
template <class S> struct alignas(4 * sizeof(S) > 16 ? 16 : 4 * sizeof(S)) AxV4 { S v[4]; };

template <int... I> struct AxSeq {};
template <int N, int... I> struct AxMakeSeq : AxMakeSeq<N - 1, N, I...> {};
template <int... I> struct AxMakeSeq<0, I...> { typedef AxSeq<I...> type; };   // AxMakeSeq<N>: 1..N

template <class S> __device__ __forceinline__ bool ax_vec_ok(const AxView& v, bool out) {
    i64 st = v.strides[0];
    return st == 1 ? ((unsigned long long)v.data % alignof(AxV4<S>)) == 0 : (!out && st == 0);
}

template <class S> __device__ __forceinline__ AxV4<S> ax_load4(const AxView& v, i64 base) {
    if (v.strides[0] == 0) {   // a broadcast scalar
        S x = *(const S*)v.data;
        return AxV4<S>{{x, x, x, x}};
    }
    return *(const AxV4<S>*)((const S*)v.data + base);
}

template <class SO, class F, class... SI>
__device__ __forceinline__ void ax_store4(const AxView& o, i64 base, F& f, AxV4<SI>... x) {
    AxV4<SO> r;
#pragma unroll
    for (int l = 0; l < 4; ++l) r.v[l] = f(x.v[l]...);
    *(AxV4<SO>*)((SO*)o.data + base) = r;
}

template <bool VEC, class SO, class... SI, int... I, class F>
__device__ __forceinline__ void ax_map_impl(AxSeq<I...>, const AxShape& s, const AxView* v, F& f) {
    const int K = 1 + sizeof...(SI);
    i64 n = s.numel, head = 0;
    bool flat = s.ndim == 1;
    if constexpr (VEC) {
        bool vec = flat && ax_vec_ok<SO>(v[0], true);
        bool ins[] = {true, ax_vec_ok<SI>(v[I], false)...};
        for (int k = 1; k < K; ++k) vec = vec && ins[k];
        if (vec) {   // contiguous output, inputs contiguous or scalars: four elements per load
            AX_GRID_STRIDE(j, n / 4) ax_store4<SO>(v[0], j * 4, f, ax_load4<SI>(v[I], j * 4)...);
            head = n / 4 * 4;
        }
    }
    // the rest (the vector loop's tail, or everything): one body, the 1-D and N-D offsets differ only in how off is found
    AX_GRID_STRIDE(t, n - head) {
        i64 i = head + t, off[K];
        if (flat) for (int k = 0; k < K; ++k) off[k] = i * v[k].strides[0];
        else ax_offsets<K>(s, v, i, off);
        *ax_at<SO>(v[0], off[0]) = f(*ax_at<const SI>(v[I], off[I])...);
    }
}

// v[0] = f(v[1], v[2], ...) elementwise over the shape, storage types SO (out) and SI... (inputs). VEC: use
// the four-element loads where the layout allows (false for the switch over every op, which would be
// inlined four more times, and which is bound by its arithmetic rather than by memory).
template <bool VEC, class SO, class... SI, class F>
__device__ __forceinline__ void ax_map(const AxShape& s, const AxView* v, F f) {
    ax_map_impl<VEC, SO, SI...>(typename AxMakeSeq<sizeof...(SI)>::type(), s, v, f);
}

// ---- scalar math (ScalarMath's definitions) ------------------------------------------------------------

// One name for the float and double form of each <cmath> function.
#define AX_MATH1(name)                                                               \
    __device__ __forceinline__ float ax_##name(float x) { return name##f(x); }      \
    __device__ __forceinline__ double ax_##name(double x) { return name(x); }
AX_MATH1(exp) AX_MATH1(exp2) AX_MATH1(expm1) AX_MATH1(log) AX_MATH1(log2) AX_MATH1(log10) AX_MATH1(log1p)
AX_MATH1(sqrt) AX_MATH1(floor) AX_MATH1(ceil) AX_MATH1(rint) AX_MATH1(trunc) AX_MATH1(fabs)
AX_MATH1(sin) AX_MATH1(cos) AX_MATH1(tan) AX_MATH1(asin) AX_MATH1(acos) AX_MATH1(atan)
AX_MATH1(sinh) AX_MATH1(cosh) AX_MATH1(tanh) AX_MATH1(erf) AX_MATH1(erfc)
#undef AX_MATH1
#define AX_MATH2(name)                                                                        \
    __device__ __forceinline__ float ax_##name(float x, float y) { return name##f(x, y); }   \
    __device__ __forceinline__ double ax_##name(double x, double y) { return name(x, y); }
AX_MATH2(pow) AX_MATH2(atan2) AX_MATH2(hypot) AX_MATH2(fmod)
#undef AX_MATH2
__device__ __forceinline__ float ax_fma(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double ax_fma(double a, double b, double c) { return fma(a, b, c); }
template <class C> __device__ __forceinline__ bool ax_isnan(C x) { return x != x; }
// x - x is 0 for finite x and NaN for infinities and NaN (no INFINITY macro: NVRTC has no <cmath>).
template <class C> __device__ __forceinline__ bool ax_isfinite(C x) { return x - x == x - x; }
template <class C> __device__ __forceinline__ bool ax_isinf(C x) { return x == x && !ax_isfinite(x); }

template <class C> __device__ __forceinline__ C ax_sigmoid(C x) {
    if (x >= 0) return (C)1 / ((C)1 + ax_exp(-x));
    C e = ax_exp(x);
    return e / ((C)1 + e);
}

template <class C> __device__ __forceinline__ C ax_softplus(C x, C beta, C threshold) {
    C bx = x * beta;
    if (bx > threshold) return x;
    return ((bx > 0 ? bx : (C)0) + ax_log1p(ax_exp(-ax_fabs(bx)))) / beta;
}

// Python's //, as PyTorch's div_floor (ScalarMath.floorDivide).
__device__ __forceinline__ double ax_floor_divide(double a, double b) {
    if (b == 0) return a / b;
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
    if (div == 0) return copysign(0.0, a / b);
    double fl = floor(div);
    if (div - fl > 0.5) fl += 1;
    return fl;
}

__device__ __forceinline__ double ax_remainder(double a, double b) {
    double m = fmod(a, b);
    if (m != 0 && (b < 0) != (m < 0)) m += b;
    return m;
}

// Wrapping 64-bit arithmetic (signed overflow is undefined in C++; Java and PyTorch wrap).
__device__ __forceinline__ i64 ax_wadd(i64 a, i64 b) { return (i64)((unsigned long long)a + (unsigned long long)b); }
__device__ __forceinline__ i64 ax_wsub(i64 a, i64 b) { return (i64)((unsigned long long)a - (unsigned long long)b); }
__device__ __forceinline__ i64 ax_wmul(i64 a, i64 b) { return (i64)((unsigned long long)a * (unsigned long long)b); }

// Error codes written to err (Java turns them into ArithmeticException, the frontend into ZeroDivisionError).
#define AX_ERR_DIV0 1
#define AX_ERR_POW0 2
__device__ __forceinline__ void ax_fail(int* err, int code) { if (err) *err = code; }

// b^e with wrapping; e < 0 gives 0 except for b = 1 or -1; 0^negative fails (ScalarMath.powLong).
__device__ __forceinline__ i64 ax_pow_i(i64 b, i64 e, int* err) {
    if (e < 0) {
        if (b == 1) return 1;
        if (b == -1) return (e & 1) == 0 ? 1 : -1;
        if (b == 0) ax_fail(err, AX_ERR_POW0);
        return 0;
    }
    i64 r = 1;
    while (e > 0) {
        if (e & 1) r = ax_wmul(r, b);
        b = ax_wmul(b, b);
        e >>= 1;
    }
    return r;
}

// ---- unary ---------------------------------------------------------------------------------------------

// spi.UnaryOp, in declaration order (UnaryOpOrderTest checks it against the Java enum).
enum UOp {
    U_NEG, U_ABS, U_SIGN, U_RECIPROCAL, U_SQUARE,
    U_EXP, U_EXP2, U_EXPM1, U_LOG, U_LOG2, U_LOG10, U_LOG1P, U_SQRT, U_RSQRT,
    U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_FRAC,
    U_SIN, U_COS, U_TAN, U_ASIN, U_ACOS, U_ATAN, U_SINH, U_COSH, U_TANH, U_ERF, U_ERFC,
    U_SIGMOID, U_LOGSIGMOID, U_RELU, U_RELU6, U_SILU, U_MISH,
    U_LEAKY_RELU, U_ELU, U_GELU, U_SOFTPLUS, U_CLAMP, U_POW_SCALAR, U_RPOW_SCALAR, U_NAN_TO_NUM,
    U_LOGICAL_NOT, U_ISNAN, U_ISINF, U_ISFINITE, U_BITWISE_NOT
};

struct UnaryArgs {
    int op, pad;
    double p0, p1, p2;   // the op's params (UnaryOp's order)
    i64 q0, q1;          // integer forms, converted by Java as ScalarMath does: clamp's bounds; pow's exponent / base
    int* err;            // integer pow of 0 to a negative power sets it; null when the op cannot fail
    AxShape shape;
    AxView v[2];         // out, in
};

// The floating form; op is a compile-time constant for the hot ops (the switch folds away).
template <class C>
__device__ __forceinline__ C ax_unary_f(int op, C x, const UnaryArgs& a) {
    const C INV_SQRT2 = (C)0.7071067811865476, SQRT_2_OVER_PI = (C)0.7978845608028654;
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return ax_fabs(x);
        case U_SIGN: return x > 0 ? (C)1 : x < 0 ? (C)-1 : (C)0;   // NaN -> 0, as ScalarMath
        case U_RECIPROCAL: return (C)1 / x;
        case U_SQUARE: return x * x;
        case U_EXP: return ax_exp(x);
        case U_EXP2: return ax_exp2(x);
        case U_EXPM1: return ax_expm1(x);
        case U_LOG: return ax_log(x);
        case U_LOG2: return ax_log2(x);
        case U_LOG10: return ax_log10(x);
        case U_LOG1P: return ax_log1p(x);
        case U_SQRT: return ax_sqrt(x);
        case U_RSQRT: return (C)1 / ax_sqrt(x);
        case U_FLOOR: return ax_floor(x);
        case U_CEIL: return ax_ceil(x);
        case U_ROUND: return ax_rint(x);   // half to even
        case U_TRUNC: return ax_trunc(x);
        case U_FRAC: return x - ax_trunc(x);
        case U_SIN: return ax_sin(x);
        case U_COS: return ax_cos(x);
        case U_TAN: return ax_tan(x);
        case U_ASIN: return ax_asin(x);
        case U_ACOS: return ax_acos(x);
        case U_ATAN: return ax_atan(x);
        case U_SINH: return ax_sinh(x);
        case U_COSH: return ax_cosh(x);
        case U_TANH: return ax_tanh(x);
        case U_ERF: return ax_erf(x);
        case U_ERFC: return ax_erfc(x);
        case U_SIGMOID: return ax_sigmoid(x);
        case U_LOGSIGMOID: return (x < 0 ? x : (C)0) - ax_log1p(ax_exp(-ax_fabs(x)));
        case U_RELU: return x < 0 ? (C)0 : x;
        case U_RELU6: return x < 0 ? (C)0 : x > 6 ? (C)6 : x;
        case U_SILU: return x * ax_sigmoid(x);
        case U_MISH: return x * ax_tanh(ax_softplus(x, (C)1, (C)20));
        case U_LEAKY_RELU: return x > 0 ? x : x * (C)a.p0;
        case U_ELU: return x > 0 ? x : (C)a.p0 * ax_expm1(x);
        case U_GELU:
            return a.p0 == 0 ? (C)0.5 * x * ((C)1 + ax_erf(x * INV_SQRT2))
                             : (C)0.5 * x * ((C)1 + ax_tanh(SQRT_2_OVER_PI * (x + (C)0.044715 * x * x * x)));
        case U_SOFTPLUS: return ax_softplus(x, (C)a.p0, (C)a.p1);
        case U_CLAMP: {   // NaN bounds compare false: no bound; a NaN x stays NaN
            C lo = (C)a.p0, hi = (C)a.p1;
            if (x < lo) x = lo;
            if (x > hi) x = hi;
            return x;
        }
        case U_POW_SCALAR: return ax_pow(x, (C)a.p0);
        case U_RPOW_SCALAR: return ax_pow((C)a.p0, x);
        case U_NAN_TO_NUM:
            return ax_isnan(x) ? (C)a.p0 : !ax_isinf(x) ? x : x > 0 ? (C)a.p1 : (C)a.p2;
        default: return x;   // no floating form: Java never launches it
    }
}

// The integer form (ScalarMath.unaryLong); bool's bitwise not is logical not.
template <int DT>
__device__ __forceinline__ i64 ax_unary_i(int op, i64 x, const UnaryArgs& a) {
    switch (op) {
        case U_NEG: return ax_wsub(0, x);
        case U_ABS: return x < 0 ? ax_wsub(0, x) : x;
        case U_SIGN: return (x > 0) - (x < 0);
        case U_SQUARE: return ax_wmul(x, x);
        case U_RELU: return x < 0 ? 0 : x;
        case U_RELU6: return x < 0 ? 0 : x > 6 ? 6 : x;
        case U_BITWISE_NOT: return DT == DT_BOOL ? (x == 0) : ~x;
        case U_CLAMP: {   // max, then min: lo > hi gives hi
            i64 r = x < a.q0 ? a.q0 : x;
            return r > a.q1 ? a.q1 : r;
        }
        case U_POW_SCALAR: return ax_pow_i(x, a.q0, a.err);
        case U_RPOW_SCALAR: return ax_pow_i(a.q0, x, a.err);
        default: return x;   // FLOOR, CEIL, ROUND, TRUNC, NAN_TO_NUM: identity on integers
    }
}

template <int DT>
__device__ __forceinline__ bool ax_unary_pred(int op, typename Ty<DT>::C x) {
    if constexpr (Ty<DT>::fp) {
        switch (op) {
            case U_ISNAN: return ax_isnan(x);
            case U_ISINF: return ax_isinf(x);
            case U_ISFINITE: return ax_isfinite(x);
            default: return x == 0;   // LOGICAL_NOT
        }
    } else {
        return op == U_LOGICAL_NOT ? x == 0 : op == U_ISFINITE;
    }
}

template <int DT, int OP>   // OP < 0: the op is a.op, read at run time
__device__ __forceinline__ void ax_unary_run(const UnaryArgs& a) {
    typedef Ty<DT> T;
    typedef typename T::S S;
    ax_map<(OP >= 0), S, S>(a.shape, a.v, [&](S in) {
        int op = OP < 0 ? a.op : OP;
        typename T::C x = T::ld(in), r;
        if constexpr (T::fp) r = ax_unary_f(op, x, a);
        else r = ax_unary_i<DT>(op, x, a);
        return T::st(r);
    });
}

template <int DT>
__device__ void ax_unary(const UnaryArgs& a) {
    typedef Ty<DT> T;
    if (a.op >= U_LOGICAL_NOT && a.op <= U_ISFINITE) {   // predicates: bool out
        ax_map<true, unsigned char, typename T::S>(a.shape, a.v,
                [&](typename T::S x) -> unsigned char { return ax_unary_pred<DT>(a.op, T::ld(x)); });
        return;
    }
    if constexpr (T::fp) {   // the training ops get their own loops
        switch (a.op) {
            case U_NEG: ax_unary_run<DT, U_NEG>(a); return;
            case U_EXP: ax_unary_run<DT, U_EXP>(a); return;
            case U_LOG: ax_unary_run<DT, U_LOG>(a); return;
            case U_SQRT: ax_unary_run<DT, U_SQRT>(a); return;
            case U_RSQRT: ax_unary_run<DT, U_RSQRT>(a); return;
            case U_TANH: ax_unary_run<DT, U_TANH>(a); return;
            case U_SIGMOID: ax_unary_run<DT, U_SIGMOID>(a); return;
            case U_RELU: ax_unary_run<DT, U_RELU>(a); return;
            case U_SILU: ax_unary_run<DT, U_SILU>(a); return;
            case U_GELU: ax_unary_run<DT, U_GELU>(a); return;
            case U_LEAKY_RELU: ax_unary_run<DT, U_LEAKY_RELU>(a); return;
            default: break;
        }
    }
    ax_unary_run<DT, -1>(a);
}

#define AX_EACH_DTYPE(M) M(bool, DT_BOOL) M(u8, DT_U8) M(i8, DT_I8) M(i16, DT_I16) M(i32, DT_I32) \
    M(i64, DT_I64) M(f16, DT_F16) M(bf16, DT_BF16) M(f32, DT_F32) M(f64, DT_F64)

#define AX_UNARY_KERNEL(sfx, DTC) AX_KERNEL(unary_##sfx, UnaryArgs, a) { ax_unary<DTC>(a); }
AX_EACH_DTYPE(AX_UNARY_KERNEL)

// ---- binary --------------------------------------------------------------------------------------------

// spi.BinaryOp, in declaration order.
enum BOp {
    B_ADD, B_SUB, B_MUL, B_DIV, B_FLOOR_DIVIDE, B_TRUNC_DIVIDE, B_REMAINDER, B_FMOD,
    B_POW, B_MAXIMUM, B_MINIMUM, B_ATAN2, B_HYPOT,
    B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
    B_LOGICAL_AND, B_LOGICAL_OR, B_LOGICAL_XOR,
    B_BITWISE_AND, B_BITWISE_OR, B_BITWISE_XOR,
    B_ADD_SCALED, B_PRELU
};

struct BinaryArgs {
    int op, pad;
    double alpha;   // ADD_SCALED's alpha (floating dtypes)
    i64 ialpha;     // ADD_SCALED's alpha (integer dtypes; integral, |alpha| <= 2^53)
    int* err;       // integer division by zero / 0 ** negative sets it; null when the op cannot fail
    AxShape shape;
    AxView v[3];    // out, a, b
};

// Math.max / Math.min: NaN wins, -0.0 < 0.0.
template <class C> __device__ __forceinline__ C ax_max(C a, C b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return a == 0 ? a + b : a;   // +0 unless both are -0
    return a > b ? a : b;
}
template <class C> __device__ __forceinline__ C ax_min(C a, C b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return a == 0 ? -(-a - b) : a;   // -0 if either is -0
    return a < b ? a : b;
}

template <class C>
__device__ __forceinline__ C ax_binary_f(int op, C x, C y, const BinaryArgs& a) {
    switch (op) {
        case B_ADD: return x + y;
        case B_SUB: return x - y;
        case B_MUL: return x * y;
        case B_DIV: return x / y;
        // exactness ops in double for every floating dtype, as the CPU's general path
        case B_FLOOR_DIVIDE: return (C)ax_floor_divide((double)x, (double)y);
        case B_TRUNC_DIVIDE: return (C)trunc((double)x / (double)y);
        case B_REMAINDER: return (C)ax_remainder((double)x, (double)y);
        case B_FMOD: return (C)fmod((double)x, (double)y);
        case B_POW: return ax_pow(x, y);
        case B_MAXIMUM: return ax_max(x, y);
        case B_MINIMUM: return ax_min(x, y);
        case B_ATAN2: return ax_atan2(x, y);
        case B_HYPOT: return ax_hypot(x, y);
        case B_ADD_SCALED: return ax_fma(y, (C)a.alpha, x);
        case B_PRELU: return x > 0 ? x : y * x;
        default: return x;   // bitwise ops have no floating form: Java never launches them
    }
}

__device__ __forceinline__ i64 ax_binary_i(int op, i64 x, i64 y, const BinaryArgs& a) {
    switch (op) {
        case B_ADD: return ax_wadd(x, y);
        case B_SUB: return ax_wsub(x, y);
        case B_MUL: return ax_wmul(x, y);
        case B_DIV:
        case B_TRUNC_DIVIDE:
            if (y == 0) { ax_fail(a.err, AX_ERR_DIV0); return 0; }
            return y == -1 ? ax_wsub(0, x) : x / y;   // MIN / -1 traps on x86: wrap instead
        case B_FLOOR_DIVIDE: {
            if (y == 0) { ax_fail(a.err, AX_ERR_DIV0); return 0; }
            if (y == -1) return ax_wsub(0, x);
            i64 q = x / y;
            if ((x ^ y) < 0 && q * y != x) q--;
            return q;
        }
        case B_REMAINDER: {
            if (y == 0) { ax_fail(a.err, AX_ERR_DIV0); return 0; }
            if (y == -1) return 0;
            i64 m = x % y;
            if (m != 0 && (m ^ y) < 0) m += y;
            return m;
        }
        case B_FMOD:
            if (y == 0) { ax_fail(a.err, AX_ERR_DIV0); return 0; }
            return y == -1 ? 0 : x % y;
        case B_POW: return ax_pow_i(x, y, a.err);
        case B_MAXIMUM: return x > y ? x : y;
        case B_MINIMUM: return x < y ? x : y;
        case B_BITWISE_AND: return x & y;
        case B_BITWISE_OR: return x | y;
        case B_BITWISE_XOR: return x ^ y;
        case B_ADD_SCALED: return ax_wadd(x, ax_wmul(a.ialpha, y));
        default: return x;   // atan2, hypot, prelu: no integer form (Java never launches them)
    }
}

template <class C>
__device__ __forceinline__ bool ax_binary_pred(int op, C x, C y) {
    switch (op) {
        case B_EQ: return x == y;
        case B_NE: return x != y;
        case B_LT: return x < y;
        case B_LE: return x <= y;
        case B_GT: return x > y;
        case B_GE: return x >= y;
        case B_LOGICAL_AND: return x != 0 && y != 0;
        case B_LOGICAL_OR: return x != 0 || y != 0;
        default: return (x != 0) != (y != 0);   // LOGICAL_XOR
    }
}

template <int DT, int OP>   // OP < 0: the op is a.op, read at run time
__device__ __forceinline__ void ax_binary_run(const BinaryArgs& a) {
    typedef Ty<DT> T;
    typedef typename T::S S;
    ax_map<(OP >= 0), S, S, S>(a.shape, a.v, [&](S xs, S ys) {
        int op = OP < 0 ? a.op : OP;
        typename T::C x = T::ld(xs), y = T::ld(ys), r;
        if constexpr (T::fp) r = ax_binary_f(op, x, y, a);
        else r = ax_binary_i(op, x, y, a);
        return T::st(r);
    });
}

template <int DT>
__device__ void ax_binary(const BinaryArgs& a) {
    typedef Ty<DT> T;
    typedef typename T::S S;
    if (a.op >= B_EQ && a.op <= B_LOGICAL_XOR) {   // predicates: bool out
        ax_map<true, unsigned char, S, S>(a.shape, a.v,
                [&](S x, S y) -> unsigned char { return ax_binary_pred(a.op, T::ld(x), T::ld(y)); });
        return;
    }
    switch (a.op) {   // the training ops get their own loops
        case B_ADD: ax_binary_run<DT, B_ADD>(a); return;
        case B_SUB: ax_binary_run<DT, B_SUB>(a); return;
        case B_MUL: ax_binary_run<DT, B_MUL>(a); return;
        case B_DIV: if constexpr (T::fp) { ax_binary_run<DT, B_DIV>(a); return; } break;
        case B_ADD_SCALED: ax_binary_run<DT, B_ADD_SCALED>(a); return;
        case B_PRELU: if constexpr (T::fp) { ax_binary_run<DT, B_PRELU>(a); return; } break;
        default: break;
    }
    ax_binary_run<DT, -1>(a);
}

#define AX_BINARY_KERNEL(sfx, DTC) AX_KERNEL(binary_##sfx, BinaryArgs, a) { ax_binary<DTC>(a); }
AX_EACH_DTYPE(AX_BINARY_KERNEL)

// ---- where ---------------------------------------------------------------------------------------------

struct WhereArgs {
    AxShape shape;
    AxView v[4];   // out, cond (bool), a, b
};

template <int DT>
__device__ void ax_where(const WhereArgs& a) {
    typedef typename Bits<DT>::U U;
    ax_map<true, U, unsigned char, U, U>(a.shape, a.v, [](unsigned char c, U x, U y) { return c != 0 ? x : y; });
}

#define AX_WHERE_KERNEL(sfx, DTC) AX_KERNEL(where_##sfx, WhereArgs, a) { ax_where<DTC>(a); }
AX_EACH_DTYPE(AX_WHERE_KERNEL)

// ---- prelu backward: both gradients in one pass (ATen's _prelu_kernel_backward) -------------------------

struct PreluBackwardArgs {
    AxShape shape;
    AxView v[5];   // gradInput, gradWeight (per element), grad, input, weight (broadcast)
};

template <int DT>
__device__ void ax_prelu_backward(const PreluBackwardArgs& a) {
    typedef Ty<DT> T;
    typedef typename T::S S;
    const bool flat = a.shape.ndim == 1;
    AX_GRID_STRIDE(i, a.shape.numel) {
        i64 off[5];
        if (flat) for (int k = 0; k < 5; ++k) off[k] = i * a.v[k].strides[0];
        else ax_offsets<5>(a.shape, a.v, i, off);
        typename T::C g = T::ld(*ax_at<const S>(a.v[2], off[2])), x = T::ld(*ax_at<const S>(a.v[3], off[3]));
        bool pos = x > 0;
        *ax_at<S>(a.v[0], off[0]) = T::st(pos ? g : T::ld(*ax_at<const S>(a.v[4], off[4])) * g);
        *ax_at<S>(a.v[1], off[1]) = T::st(pos ? (typename T::C)0 : x * g);
    }
}

#define AX_PRELU_BACKWARD_KERNEL(sfx, DTC) AX_KERNEL(prelu_backward_##sfx, PreluBackwardArgs, a) { ax_prelu_backward<DTC>(a); }
AX_PRELU_BACKWARD_KERNEL(f16, DT_F16) AX_PRELU_BACKWARD_KERNEL(bf16, DT_BF16) AX_PRELU_BACKWARD_KERNEL(f32, DT_F32)
AX_PRELU_BACKWARD_KERNEL(f64, DT_F64)

// ---- copy: dst = (dst dtype) src -----------------------------------------------------------------------

struct CopyArgs {
    int dst, pad;   // the destination's dtype code; the kernel's name gives the source's
    AxShape shape;
    AxView v[2];    // dst, src
};

// Integers and bool convert exactly through i64 (int64 above 2^53 must not detour through double),
// floating sources through double (float16 -> float32 etc. exact).
template <int SD, int DD>
__device__ void ax_copy_run(const CopyArgs& a) {
    typedef Ty<SD> ST;
    typedef Ty<DD> DTy;
    ax_map<true, typename DTy::S, typename ST::S>(a.shape, a.v, [](typename ST::S s) -> typename DTy::S {
        if constexpr (SD == DD) return s;
        else if constexpr (!ST::fp) return DTy::fromI(ST::ld(s));
        else if constexpr ((SD == DT_F16 || SD == DT_BF16) && (DD == DT_F16 || DD == DT_BF16 || DD == DT_F32))
            return DTy::st(ST::ld(s));   // through float: exact, the same as through double
        else return DTy::fromD((double)ST::ld(s));
    });
}

template <int SD>
__device__ void ax_copy(const CopyArgs& a) {
    switch (a.dst) {
        case DT_BOOL: ax_copy_run<SD, DT_BOOL>(a); break;
        case DT_U8: ax_copy_run<SD, DT_U8>(a); break;
        case DT_I8: ax_copy_run<SD, DT_I8>(a); break;
        case DT_I16: ax_copy_run<SD, DT_I16>(a); break;
        case DT_I32: ax_copy_run<SD, DT_I32>(a); break;
        case DT_I64: ax_copy_run<SD, DT_I64>(a); break;
        case DT_F16: ax_copy_run<SD, DT_F16>(a); break;
        case DT_BF16: ax_copy_run<SD, DT_BF16>(a); break;
        case DT_F32: ax_copy_run<SD, DT_F32>(a); break;
        default: ax_copy_run<SD, DT_F64>(a); break;
    }
}

#define AX_COPY_KERNEL(sfx, DTC) AX_KERNEL(copy_##sfx, CopyArgs, a) { ax_copy<DTC>(a); }
AX_EACH_DTYPE(AX_COPY_KERNEL)

// ---- fill, fillLinear ----------------------------------------------------------------------------------

struct FillArgs {
    i64 bits;   // the value already converted to the dtype by Java (Elem), in the low bytes
    AxShape shape;
    AxView v[1];
};

template <int DT>
__device__ void ax_fill(const FillArgs& a) {
    typedef typename Bits<DT>::U U;
    U bits = (U)(unsigned long long)a.bits;
    ax_map<true, U>(a.shape, a.v, [bits]() { return bits; });
}

#define AX_FILL_KERNEL(sfx, DTC) AX_KERNEL(fill_##sfx, FillArgs, a) { ax_fill<DTC>(a); }
AX_EACH_DTYPE(AX_FILL_KERNEL)

struct FillLinearArgs {
    double start, step, end;   // end NaN: arange (start + i*step throughout)
    i64 n, stride;             // dst is 1-D: n elements, stride in elements
    char* data;
};

// start + i*step for i < n/2, else end - (n-1-i)*step; integer dtypes take (long) of it (CpuCopy.fillLinear).
template <int DT>
__device__ void ax_fill_linear(const FillLinearArgs& a) {
    typedef Ty<DT> T;
    i64 n = a.n, half = n / 2;
    AX_GRID_STRIDE(i, n) {
        double v = i < half || a.end != a.end ? a.start + (double)i * a.step : a.end - (double)(n - 1 - i) * a.step;
        typename T::S* d = (typename T::S*)a.data + i * a.stride;
        if constexpr (T::fp) *d = T::fromD(v);
        else *d = T::fromI(ax_d2i(v));
    }
}

#define AX_FILL_LINEAR_KERNEL(sfx, DTC) AX_KERNEL(fill_linear_##sfx, FillLinearArgs, a) { ax_fill_linear<DTC>(a); }
AX_EACH_DTYPE(AX_FILL_LINEAR_KERNEL)

}  // namespace axew
