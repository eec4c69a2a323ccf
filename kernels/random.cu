// random.cu: Philox4x32-10 fills (uniform, normal, randint, bernoulli with a scalar p or a tensor of p),
// bit for bit the values of the CPU backend (dev.axial.tensor.cpu.CpuRandom, RandomFill, Philox,
// VectorMath.log): element i (row-major over out's shape) draws from the block at counter offset + i
// under key seed. Every multiply and add that the CPU rounds separately is written with the _rn
// intrinsics so nvcc cannot contract it into an fma; every fma the CPU computes is an fma here.
#include "axial.cuh"
#include "axelem.cuh"

typedef unsigned long long u64;

__device__ __forceinline__ float mulf(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ float addf(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ float sqrtf_rn(float a) { return __fsqrt_rn(a); }
__device__ __forceinline__ double muld(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ double addd(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ double subd(double a, double b) { return __dsub_rn(a, b); }
__device__ __forceinline__ double divd(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ double sqrtd(double a) { return __dsqrt_rn(a); }

// ---- Philox4x32-10, Axial's mapping (cpu/Philox.java) -----------------------------------------------

__device__ __forceinline__ void philox(u64 counter, u64 seed, unsigned w[4]) {
    unsigned c0 = (unsigned)counter, c1 = (unsigned)(counter >> 32), c2 = 0, c3 = 0;
    unsigned k0 = (unsigned)seed, k1 = (unsigned)(seed >> 32);
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        u64 p0 = 0xD2511F53ull * c0, p1 = 0xCD9E8D57ull * c2;
        unsigned hi0 = (unsigned)(p0 >> 32), lo0 = (unsigned)p0, hi1 = (unsigned)(p1 >> 32), lo1 = (unsigned)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
    }
    w[0] = c0;
    w[1] = c1;
    w[2] = c2;
    w[3] = c3;
}

// All exact: at most 53 significant bits times a power of two.
__device__ __forceinline__ double unit24(unsigned w) { return (double)(w >> 8) * 0x1p-24; }
__device__ __forceinline__ u64 bits53(unsigned w0, unsigned w1) { return ((u64)w0 << 21) | (w1 >> 11); }
__device__ __forceinline__ double unit53(unsigned w0, unsigned w1) { return (double)bits53(w0, w1) * 0x1p-53; }
__device__ __forceinline__ double unit32Open0(unsigned w) { return ((double)w + 1) * 0x1p-32; }
__device__ __forceinline__ double unit53Open0(unsigned w0, unsigned w1) { return (double)(bits53(w0, w1) + 1) * 0x1p-53; }

// Math.nextDown for the finite bounds used here (b > a, so b is never -Inf; NaN never reaches it).
__device__ __forceinline__ float nextDownF(float x) {
    if (x == 0) return -0x1p-149f;
    unsigned u;
    memcpy(&u, &x, 4);
    u = x > 0 ? u - 1 : u + 1;
    memcpy(&x, &u, 4);
    return x;
}
__device__ __forceinline__ double nextDownD(double x) {
    if (x == 0) return -0x1p-1074;
    u64 u;
    memcpy(&u, &x, 8);
    u = x > 0 ? u - 1 : u + 1;
    memcpy(&x, &u, 8);
    return x;
}

// ---- fdlibm log and cos, as Java's StrictMath (java.lang.FdLibm), which the CPU's double normal uses ---
// Ported operation for operation (every product and sum rounded on its own) so the results are the same
// bits as StrictMath's. Domain here: log of a positive normal double, cos of a finite x with
// |x| <= 2^19 pi/2 (the fills pass u1 in (0, 1] and 2 pi u2 in [0, 2 pi)); the special-value and
// large-argument paths of fdlibm are left out.

__device__ __forceinline__ int hiWord(double x) { return (int)(__double_as_longlong(x) >> 32); }
__device__ __forceinline__ double withHi(double x, int hi) {
    return __longlong_as_double((long long)(((u64)(unsigned)hi << 32) | ((u64)__double_as_longlong(x) & 0xffffffffull)));
}

__device__ double fdlibmLog(double x) {
    const double ln2_hi = 0x1.62e42feep-1, ln2_lo = 0x1.a39ef35793c76p-33, Lg1 = 0x1.5555555555593p-1,
                 Lg2 = 0x1.999999997fa04p-2, Lg3 = 0x1.2492494229359p-2, Lg4 = 0x1.c71c51d8e78afp-3,
                 Lg5 = 0x1.7466496cb03dep-3, Lg6 = 0x1.39a09d078c69fp-3, Lg7 = 0x1.2f112df3e5244p-3;
    int hx = hiWord(x);
    int k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    int i = (hx + 0x95f64) & 0x100000;
    x = withHi(x, hx | (i ^ 0x3ff00000));   // normalize x or x/2
    k += i >> 20;
    double f = subd(x, 1.0), dk, R;
    if ((0x000fffff & (2 + hx)) < 3) {      // |f| < 2^-20
        if (f == 0.0) {
            if (k == 0) return 0.0;
            dk = (double)k;
            return addd(muld(dk, ln2_hi), muld(dk, ln2_lo));
        }
        R = muld(muld(f, f), subd(0.5, muld(0.33333333333333333, f)));
        if (k == 0) return subd(f, R);
        dk = (double)k;
        return subd(muld(dk, ln2_hi), subd(subd(R, muld(dk, ln2_lo)), f));
    }
    double s = divd(f, addd(2.0, f));
    dk = (double)k;
    double z = muld(s, s);
    i = hx - 0x6147a;
    double w = muld(z, z);
    int j = 0x6b851 - hx;
    double t1 = muld(w, addd(Lg2, muld(w, addd(Lg4, muld(w, Lg6)))));
    double t2 = muld(z, addd(Lg1, muld(w, addd(Lg3, muld(w, addd(Lg5, muld(w, Lg7)))))));
    i |= j;
    R = addd(t2, t1);
    if (i > 0) {
        double hfsq = muld(muld(0.5, f), f);
        if (k == 0) return subd(f, subd(hfsq, muld(s, addd(hfsq, R))));
        return subd(muld(dk, ln2_hi), subd(subd(hfsq, addd(muld(s, addd(hfsq, R)), muld(dk, ln2_lo))), f));
    }
    if (k == 0) return subd(f, muld(s, subd(f, R)));
    return subd(muld(dk, ln2_hi), subd(subd(muld(s, subd(f, R)), muld(dk, ln2_lo)), f));
}

__device__ double fdlibmKernelCos(double x, double y) {
    const double C1 = 0x1.555555555554cp-5, C2 = -0x1.6c16c16c15177p-10, C3 = 0x1.a01a019cb159p-16,
                 C4 = -0x1.27e4f809c52adp-22, C5 = 0x1.1ee9ebdb4b1c4p-29, C6 = -0x1.8fae9be8838d4p-37;
    int ix = hiWord(x) & 0x7fffffff;
    if (ix < 0x3e400000 && (int)x == 0) return 1.0;
    double z = muld(x, x);
    double r = muld(z, addd(C1, muld(z, addd(C2, muld(z, addd(C3, muld(z, addd(C4, muld(z, addd(C5, muld(z, C6)))))))))));
    if (ix < 0x3fd33333) return subd(1.0, subd(muld(0.5, z), subd(muld(z, r), muld(x, y))));
    double qx = ix > 0x3fe90000 ? 0.28125 : __longlong_as_double((long long)((u64)(unsigned)(ix - 0x00200000) << 32));
    double hz = subd(muld(0.5, z), qx), a = subd(1.0, qx);
    return subd(a, subd(hz, subd(muld(z, r), muld(x, y))));
}

__device__ double fdlibmKernelSin1(double x, double y) {   // __kernel_sin(x, y, 1)
    const double S1 = -0x1.5555555555549p-3, S2 = 0x1.111111110f8a6p-7, S3 = -0x1.a01a019c161d5p-13,
                 S4 = 0x1.71de357b1fe7dp-19, S5 = -0x1.ae5e68a2b9cebp-26, S6 = 0x1.5d93a5acfd57cp-33;
    int ix = hiWord(x) & 0x7fffffff;
    if (ix < 0x3e400000 && (int)x == 0) return x;
    double z = muld(x, x), v = muld(z, x);
    double r = addd(S2, muld(z, addd(S3, muld(z, addd(S4, muld(z, addd(S5, muld(z, S6))))))));
    return subd(x, subd(subd(muld(z, subd(muld(0.5, y), muld(v, r))), y), muld(v, S1)));
}

// __ieee754_rem_pio2 for |x| <= 2^19 pi/2: x - n pi/2 = y0 + y1, returns n.
__device__ int fdlibmRemPio2(double x, double& y0, double& y1) {
    const double invpio2 = 0x1.45f306dc9c883p-1, pio2_1 = 0x1.921fb544p0, pio2_1t = 0x1.0b4611a626331p-34,
                 pio2_2 = 0x1.0b4611a6p-34, pio2_2t = 0x1.3198a2e037073p-69, pio2_3 = 0x1.3198a2ep-69,
                 pio2_3t = 0x1.b839a252049c1p-104;
    const int npio2_hw[32] = {0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB,
                              0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB,
                              0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C,
                              0x4041475C, 0x4042106C, 0x4042D97C, 0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB,
                              0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB};
    int hx = hiWord(x), ix = hx & 0x7fffffff;
    if (ix <= 0x3fe921fb) {
        y0 = x;
        y1 = 0;
        return 0;
    }
    double z;
    if (ix < 0x4002d97c) {   // |x| < 3 pi/4: n = +-1
        if (hx > 0) {
            z = subd(x, pio2_1);
            if (ix != 0x3ff921fb) {
                y0 = subd(z, pio2_1t);
                y1 = subd(subd(z, y0), pio2_1t);
            } else {
                z = subd(z, pio2_2);
                y0 = subd(z, pio2_2t);
                y1 = subd(subd(z, y0), pio2_2t);
            }
            return 1;
        }
        z = addd(x, pio2_1);
        if (ix != 0x3ff921fb) {
            y0 = addd(z, pio2_1t);
            y1 = addd(subd(z, y0), pio2_1t);
        } else {
            z = addd(z, pio2_2);
            y0 = addd(z, pio2_2t);
            y1 = addd(subd(z, y0), pio2_2t);
        }
        return -1;
    }
    double t = fabs(x);
    int n = (int)addd(muld(t, invpio2), 0.5);
    double fn = (double)n;
    double r = subd(t, muld(fn, pio2_1)), w = muld(fn, pio2_1t);
    if (n < 32 && ix != npio2_hw[n - 1]) {
        y0 = subd(r, w);
    } else {
        int j = ix >> 20;
        y0 = subd(r, w);
        int i = j - ((hiWord(y0) >> 20) & 0x7ff);
        if (i > 16) {
            t = r;
            w = muld(fn, pio2_2);
            r = subd(t, w);
            w = subd(muld(fn, pio2_2t), subd(subd(t, r), w));
            y0 = subd(r, w);
            i = j - ((hiWord(y0) >> 20) & 0x7ff);
            if (i > 49) {
                t = r;
                w = muld(fn, pio2_3);
                r = subd(t, w);
                w = subd(muld(fn, pio2_3t), subd(subd(t, r), w));
                y0 = subd(r, w);
            }
        }
    }
    y1 = subd(subd(r, y0), w);
    if (hx < 0) {
        y0 = -y0;
        y1 = -y1;
        return -n;
    }
    return n;
}

__device__ double fdlibmCos(double x) {
    if ((hiWord(x) & 0x7fffffff) <= 0x3fe921fb) return fdlibmKernelCos(x, 0.0);
    double y0, y1;
    switch (fdlibmRemPio2(x, y0, y1) & 3) {
        case 0: return fdlibmKernelCos(y0, y1);
        case 1: return -fdlibmKernelSin1(y0, y1);
        case 2: return -fdlibmKernelCos(y0, y1);
        default: return fdlibmKernelSin1(y0, y1);
    }
}

// ---- float32 log and Box-Muller exactly as VectorMath.log and RandomFill.normalF32 -------------------

__device__ __forceinline__ float logF32(float x) {   // x in (0, 1] here: no subnormal or special lanes
    const float C[9] = {3.3333331174e-1f, -2.4999993993e-1f, 2.0000714765e-1f, -1.6668057665e-1f,
                        1.4249322787e-1f, -1.2420140846e-1f, 1.1676998740e-1f, -1.1514610310e-1f, 7.0376836292e-2f};
    unsigned bits;
    memcpy(&bits, &x, 4);
    int e = (int)((bits >> 23) & 0xff) - 126;
    unsigned mb = (bits & 0x807fffffu) | (126u << 23);
    float m;
    memcpy(&m, &mb, 4);
    bool small = m < 0.707106781186547524f;
    float ef = (float)e;
    if (small) ef = addf(ef, -1.0f);
    float f = addf(small ? addf(m, m) : m, -1.0f);
    float z = mulf(f, f);
    float y = C[8];
    for (int c = 7; c >= 0; c--) y = fmaf(y, f, C[c]);
    y = mulf(mulf(y, f), z);
    y = fmaf(ef, -2.12194440e-4f, y);
    y = fmaf(z, -0.5f, y);
    return fmaf(ef, 0.693359375f, addf(f, y));
}

__device__ __forceinline__ float normalF32(unsigned w0, unsigned w1, float mean, float std) {
    float u1 = mulf((float)((w0 >> 8) + 1), 0x1p-24f);
    float rad = sqrtf_rn(mulf(logF32(u1), -2.0f));
    int q = (int)(w1 >> 30);
    float r = mulf((float)((w1 >> 8) & 0x3fffff), 0x1p-22f);
    if (r >= 0.5f) {
        r = addf(r, -1.0f);
        q += 1;
    }
    q &= 3;
    const float HALF_PI = (float)(3.14159265358979323846 / 2);
    float x = mulf(r, HALF_PI), z = mulf(x, x);
    float sn = fmaf(mulf(fmaf(fmaf(z, -1.9515295891e-4f, 8.3321608736e-3f), z, -1.6666654611e-1f), z), x, x);
    float cs = addf(addf(mulf(mulf(fmaf(fmaf(z, 2.443315711809948e-5f, -1.388731625493765e-3f), z, 4.166664568298827e-2f), z), z),
                         mulf(z, -0.5f)), 1.0f);
    float v = (q & 1) ? sn : cs;
    if ((q + 1) & 2) v = -v;
    return fmaf(mulf(rad, v), std, mean);
}

// ---- the fills (values stored as Elem.putDouble / putLong store them: axelem.cuh) --------------------

enum { R_UNIFORM = 0, R_NORMAL = 1, R_RANDINT = 2, R_BERNOULLI = 3 };
enum { K_INT = 0, K_F32 = 1, K_F64 = 2, K_HALF = 3 };   // which formulas a dtype takes

template <class T> struct Kind { static const int k = K_INT; };
template <> struct Kind<float> { static const int k = K_F32; };
template <> struct Kind<double> { static const int k = K_F64; };
template <> struct Kind<f16> { static const int k = K_HALF; };
template <> struct Kind<bf16> { static const int k = K_HALF; };

// op: RandomOp's ordinal; (a, b): UNIFORM [a, b), NORMAL (mean, std), RANDINT [a, b), BERNOULLI p = a.
struct RandomArgs {
    AxShape s;
    AxView out;
    int op;
    i64 seed;
    i64 offset;
    double a;
    double b;
};

template <class T> __device__ T draw(int op, const unsigned w[4], double a, double b) {
    const int k = Kind<T>::k;
    if (op == R_RANDINT) {
        u64 r = (u64)w[0] | ((u64)w[1] << 32);
        i64 low = (i64)a, range = (i64)b - (i64)a;
        return Ty<T>::fromL((i64)((u64)low + __umul64hi(r, (u64)range)));
    }
    if (op == R_BERNOULLI) return Ty<T>::fromL(unit53(w[0], w[1]) < a ? 1 : 0);
    if (op == R_UNIFORM) {
        double span = addd(b, -a);
        if (k == K_F32) {
            if (a == 0 && b == 1) return Ty<T>::fromD(mulf((float)(w[0] >> 8), 0x1p-24f));
            float fb = (float)b;
            float v = (float)addd(a, muld(unit24(w[0]), span));
            return Ty<T>::fromD(v >= fb && (float)a < fb ? nextDownF(fb) : v);
        }
        if (k == K_F64) {
            double v = addd(a, muld(unit53(w[0], w[1]), span));
            return Ty<T>::fromD(v >= b && a < b ? nextDownD(b) : v);
        }
        return Ty<T>::fromD(addd(a, muld(unit24(w[0]), span)));
    }
    // NORMAL
    if (k == K_F32) return Ty<T>::fromD(normalF32(w[0], w[1], (float)a, (float)b));
    double u1, u2;
    if (k == K_F64) {
        u1 = unit53Open0(w[0], w[1]);
        u2 = unit53(w[2], w[3]);
    } else {
        u1 = unit32Open0(w[0]);
        u2 = (double)w[1] * 0x1p-32;
    }
    double g = muld(sqrtd(muld(-2.0, fdlibmLog(u1))), fdlibmCos(muld(2 * 3.14159265358979323846, u2)));
    return Ty<T>::fromD(addd(a, muld(b, g)));
}

template <class T> __device__ void randomFill(const RandomArgs& a) {
    AX_GRID_STRIDE(i, a.s.numel) {
        unsigned w[4];
        philox((u64)a.offset + (u64)i, (u64)a.seed, w);
        ((T*)a.out.data)[ax_offset(a.s, a.out, i)] = draw<T>(a.op, w, a.a, a.b);
    }
}

// out[i] = 1 when unit53 < p[i]; p has out's dtype and shape. A probability outside [0, 1] (or NaN) sets
// *bad (the caller reads it back and throws, as the CPU does).
struct BernoulliArgs {
    AxShape s;
    AxView out;
    AxView p;
    i64 seed;
    i64 offset;
    int* bad;
};

template <class T> __device__ void bernoulliFill(const BernoulliArgs& a) {
    AX_GRID_STRIDE(i, a.s.numel) {
        unsigned w[4];
        philox((u64)a.offset + (u64)i, (u64)a.seed, w);
        double p = Ty<T>::d(((const T*)a.p.data)[ax_offset(a.s, a.p, i)]);
        if (!(p >= 0 && p <= 1)) *a.bad = 1;   // every writer stores 1: the race is benign
        ((T*)a.out.data)[ax_offset(a.s, a.out, i)] = Ty<T>::fromL(unit53(w[0], w[1]) < p ? 1 : 0);
    }
}

#define AX_RANDOM(sfx, T)                                                        \
    AX_KERNEL(random_##sfx, RandomArgs, a) { randomFill<T>(a); }                 \
    AX_KERNEL(bernoulli_##sfx, BernoulliArgs, a) { bernoulliFill<T>(a); }

AX_RANDOM(bool, AxBool)
AX_RANDOM(u8, unsigned char)
AX_RANDOM(i8, signed char)
AX_RANDOM(i16, short)
AX_RANDOM(i32, int)
AX_RANDOM(i64, i64)
AX_RANDOM(f16, f16)
AX_RANDOM(bf16, bf16)
AX_RANDOM(f32, float)
AX_RANDOM(f64, double)
