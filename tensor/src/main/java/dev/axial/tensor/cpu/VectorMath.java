package dev.axial.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Float32 transcendental functions with the Vector API (Cephes-style range reduction and polynomials), for the
 * contiguous float32 fast paths. Accuracy: within 2 ulp of the correctly rounded result (sigmoid 2.5) over the
 * float range (VectorMathTest sweeps it). Lengths are whole numbers of vectors. Kernels read and write native
 * memory segments (floats from offset 0; a float[]-backed segment is about 10x slower through the Vector API);
 * exp and log also have float[] forms.
 *
 * <p>NOTE: kernels over memory, not functions of a FloatVector: a vector passed to or returned from a method that C2
 * does not inline is boxed (one allocation per vector, about 10x slower), and C2's inlining of Vector API code
 * this size was measured to be unreliable. Each kernel keeps its vectors inside one loop body. Written with plain
 * lane arithmetic rather than VectorOperators.EXP and friends, which fall back to per-lane Math calls where the
 * JDK has no SVML stub.
 *
 * <pre>{@code
 * VectorMath.exp(in, out, n);   // native segments of n floats, n % VectorMath.SPECIES.length() == 0
 * }</pre>
 */
public final class VectorMath {
    /** The species every fast path uses (512-bit on AVX-512 machines). */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final VectorSpecies<Integer> INTS = SPECIES.withLanes(int.class);
    private static final int L = SPECIES.length(), VB = SPECIES.vectorByteSize();
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23 + 127: adding it rounds to an integer n and leaves n + 127 (the exponent of 2^n) in the low bits */
    private static final float EXP_MAGIC = 12583039f;
    private static final int EXP_LIMIT_BITS = Float.floatToRawIntBits(87f);
    /** e^r = 1 + r + r^2 (c2 + c3 r + ... + c6 r^4) on |r| &lt;= ln2/2: a relative-error fit, 0.07 ulp */
    private static final float EXP_C2 = 4.9999997020e-01f, EXP_C3 = 1.6666521132e-01f, EXP_C4 = 4.1667226702e-02f,
            EXP_C5 = 8.3687296137e-03f, EXP_C6 = 1.3879672624e-03f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    private VectorMath() {}

    /**
     * out[i] = e^a[i] for i &lt; n (n a multiple of the species length; segments of floats from offset 0); out may
     * be a. For |x| &lt;= 87 (2^n stays
     * a normal float): n = round(x log2 e) by the magic-number trick, r = x - n ln2 in two parts, e^r by a degree-6
     * polynomial (Horner, all fma), and 2^n from the magic sum's low bits shifted into the exponent. A vector with
     * any lane outside (overflow, subnormal results, infinities, NaN) has those lanes redone with Math.exp, rare
     * in practice and lane by lane, so every lane's result is independent of its neighbours.
     */
    public static void exp(MemorySegment a, MemorySegment out, long n) {
        float[] fix = null;
        FloatVector c4 = FloatVector.broadcast(SPECIES, EXP_C4), c3 = FloatVector.broadcast(SPECIES, EXP_C3),
                c2 = FloatVector.broadcast(SPECIES, EXP_C2), one = FloatVector.broadcast(SPECIES, 1f),
                ln2Hi = FloatVector.broadcast(SPECIES, -LN2_HI), ln2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        for (long i = 0, bytes = n * Float.BYTES; i < bytes; i += VB) {
            FloatVector x = FloatVector.fromMemorySegment(SPECIES, a, i, NO);
            FloatVector kb = x.fma(LOG2E, EXP_MAGIC);
            FloatVector k = kb.sub(EXP_MAGIC);
            FloatVector r = k.fma(ln2Hi, x);
            r = k.fma(ln2Lo, r);
            FloatVector p = r.fma(EXP_C6, EXP_C5).fma(r, c4).fma(r, c3).fma(r, c2).fma(r, one).fma(r, one);
            FloatVector y = p.mul(kb.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            long outside = x.reinterpretAsInts().and(~SIGN_BIT).compare(VectorOperators.GT, EXP_LIMIT_BITS).toLong();
            if (outside == 0) {
                y.intoMemorySegment(out, i, NO);
            } else {
                if (fix == null) fix = new float[L];
                y.intoArray(fix, 0);
                for (long m = outside; m != 0; m &= m - 1) {
                    int j = Long.numberOfTrailingZeros(m);
                    fix[j] = (float) Math.exp(a.get(F, i + (long) j * Float.BYTES));
                }
                MemorySegment.copy(fix, 0, out, F, i, L);
            }
        }
    }

    /**
     * As {@link #exp(MemorySegment, MemorySegment, long)} on heap arrays, staged through per-thread native memory:
     * the Vector API reads a float[]-backed segment about 10x slower than native memory (measured), and one kernel
     * for both kinds of segment would mix them in one profile.
     */
    public static void exp(float[] a, float[] out, int n) {
        MemorySegment s = STAGE.get();
        for (int i = 0; i < n; i += STAGE_FLOATS) {
            int m = Math.min(STAGE_FLOATS, n - i);
            MemorySegment.copy(a, i, s, F, 0, m);
            exp(s, s, m);
            MemorySegment.copy(s, F, 0, out, i, m);
        }
    }

    private static final int STAGE_FLOATS = 2048;
    private static final ThreadLocal<MemorySegment> STAGE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STAGE_FLOATS * (long) Float.BYTES, 64));

    /** out[i] = log(a[i]); log(0) = -Inf, log(negative) = NaN, log(+Inf) = +Inf; subnormals handled. */
    public static void log(float[] a, float[] out, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            VectorMask<Float> sub = x.lt(1.17549435e-38f).and(x.compare(VectorOperators.GT, 0f));
            FloatVector xs = x.blend(x.mul(8388608f), sub);   // 2^23 lifts subnormals into the normal range
            IntVector bits = xs.reinterpretAsInts();
            IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
            e = e.blend(e.sub(23), sub.cast(INTS));
            FloatVector m = bits.and(0x807fffff).or(126 << 23).reinterpretAsFloats();   // in [0.5, 1)
            VectorMask<Float> small = m.lt(SQRT_HALF);
            FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
            ef = ef.blend(ef.sub(1f), small);
            FloatVector f = m.blend(m.add(m), small).sub(1f);
            FloatVector z = f.mul(f);
            FloatVector y = f.broadcast(LOG_C[8]);
            for (int c = 7; c >= 0; c--) y = y.fma(f, f.broadcast(LOG_C[c]));
            y = y.mul(f).mul(z);
            y = ef.fma(ef.broadcast(LN2_LO), y);
            y = z.fma(z.broadcast(-0.5f), y);
            FloatVector r = ef.fma(ef.broadcast(LN2_HI), f.add(y));
            r = r.blend(Float.NEGATIVE_INFINITY, x.eq(0f));
            r = r.blend(Float.NaN, x.lt(0f).or(x.test(VectorOperators.IS_NAN)));
            r.blend(Float.POSITIVE_INFINITY, x.eq(Float.POSITIVE_INFINITY)).intoArray(out, i);
        }
    }

    /** out = tanh(a): a polynomial below |x| = 0.625, 1 - 2/(e^{2|x|}+1) above. {@code e} is scratch; out may be a. */
    public static void tanh(MemorySegment a, MemorySegment e, MemorySegment out, long n) {
        for (long i = 0; i < n * Float.BYTES; i += VB) ld(a, i).abs().mul(2f).min(40f).intoMemorySegment(e, i, NO);
        exp(e, e, n);
        for (long i = 0; i < n * Float.BYTES; i += VB) {
            FloatVector x = ld(a, i);
            FloatVector z = x.mul(x);
            FloatVector p = z.broadcast(TANH_C[4]);
            for (int c = 3; c >= 0; c--) p = p.fma(z, z.broadcast(TANH_C[c]));
            FloatVector small = p.mul(z).fma(x, x);
            FloatVector big = x.broadcast(-2f).div(ld(e, i).add(1f)).add(1f);
            big = big.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            small.blend(big, x.abs().compare(VectorOperators.GE, 0.625f)).intoMemorySegment(out, i, NO);
        }
    }

    /** out = 1 / (1 + e^-x) for x &gt;= 0, e^x / (1 + e^x) below: never overflows. {@code e} is scratch; out may be a. */
    public static void sigmoid(MemorySegment a, MemorySegment e, MemorySegment out, long n) {
        for (long i = 0; i < n * Float.BYTES; i += VB) ld(a, i).abs().neg().intoMemorySegment(e, i, NO);
        exp(e, e, n);
        for (long i = 0; i < n * Float.BYTES; i += VB) {
            FloatVector ex = ld(e, i);
            FloatVector d = ex.add(1f);
            d.broadcast(1f).div(d).blend(ex.div(d), ld(a, i).lt(0f)).intoMemorySegment(out, i, NO);
        }
    }

    /**
     * out = erf(a): an odd series for |x| &lt; 1, 1 - erfc(|x|) beyond with Numerical Recipes' fit
     * erfc(z) = t exp(P(t) - z^2), t = 1/(1 + z/2). {@code t}, {@code e} are scratch; out may be a.
     */
    public static void erf(MemorySegment a, MemorySegment t, MemorySegment e, MemorySegment out, long n) {
        for (long i = 0; i < n * Float.BYTES; i += VB) {
            FloatVector x = ld(a, i);
            FloatVector tv = x.broadcast(1f).div(x.abs().fma(0.5f, 1f));
            FloatVector q = tv.broadcast(ERFC_C[9]);
            for (int c = 8; c >= 0; c--) q = q.fma(tv, tv.broadcast(ERFC_C[c]));
            tv.intoMemorySegment(t, i, NO);
            q.sub(x.mul(x)).intoMemorySegment(e, i, NO);
        }
        exp(e, e, n);
        for (long i = 0; i < n * Float.BYTES; i += VB) {
            FloatVector x = ld(a, i);
            FloatVector s = x.mul(x);
            // 2/sqrt(pi) * sum (-1)^k x^(2k+1) / (k! (2k+1)), k <= 11: relative truncation error < 1e-9 on [0, 1)
            FloatVector p = s.broadcast(ERF_C[11]);
            for (int c = 10; c >= 1; c--) p = p.fma(s, s.broadcast(ERF_C[c]));
            // the leading term 2/sqrt(pi) x is added last in two parts so its rounding does not dominate
            FloatVector small = x.fma(x.broadcast(ERF_C0_LO), x.mul(s).mul(p));
            small = x.fma(x.broadcast(ERF_C[0]), small);
            FloatVector erfc = ld(t, i).mul(ld(e, i));
            FloatVector big = erfc.neg().add(1f).reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            small.blend(big, x.abs().compare(VectorOperators.GE, 1f)).intoMemorySegment(out, i, NO);
        }
    }

    private static FloatVector ld(MemorySegment s, long byteOffset) { return FloatVector.fromMemorySegment(SPECIES, s, byteOffset, NO); }

    private static final int SIGN_BIT = 0x80000000;
    private static final float[] LOG_C = {3.3333331174e-1f, -2.4999993993e-1f, 2.0000714765e-1f, -1.6668057665e-1f,
            1.4249322787e-1f, -1.2420140846e-1f, 1.1676998740e-1f, -1.1514610310e-1f, 7.0376836292e-2f};
    private static final float[] TANH_C = {-3.33332819422e-1f, 1.33314422036e-1f, -5.37397155531e-2f, 2.06390887954e-2f,
            -5.70498872745e-3f};
    private static final float[] ERFC_C = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f,
            0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

    /** Taylor coefficients of erf(x)/x in powers of x^2 (2/sqrt(pi) * (-1)^n / (n! (2n+1))). */
    private static final float[] ERF_C = erfCoefficients();
    private static final float ERF_C0_LO = (float) (1.1283791670955126 - ERF_C[0]);

    private static float[] erfCoefficients() {
        float[] c = new float[12];
        double fact = 1;
        for (int n = 0; n < 12; n++) {
            if (n > 0) fact *= n;
            c[n] = (float) (1.1283791670955126 * ((n & 1) == 0 ? 1 : -1) / (fact * (2 * n + 1)));
        }
        return c;
    }
}
