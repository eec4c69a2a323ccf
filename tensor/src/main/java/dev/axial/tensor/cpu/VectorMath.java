package dev.axial.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 transcendental functions over float arrays with the Vector API (Cephes-style range reduction and
 * polynomials), for the contiguous float32 fast paths. Accuracy: within 2 ulp of the correctly rounded result
 * (sigmoid 2.5) over the float range (VectorMathTest sweeps it). Lengths are whole numbers of vectors.
 *
 * <p>NOTE: array kernels, not functions of a FloatVector: a vector passed to or returned from a method that C2
 * does not inline is boxed (one allocation per vector, about 10x slower), and C2's inlining of Vector API code
 * this size was measured to be unreliable. Each kernel keeps its vectors inside one loop body. Written with plain
 * lane arithmetic rather than VectorOperators.EXP and friends, which fall back to per-lane Math calls where the
 * JDK has no SVML stub.
 *
 * <pre>{@code
 * VectorMath.exp(xs, ys, xs.length);   // xs.length % VectorMath.SPECIES.length() == 0
 * }</pre>
 */
public final class VectorMath {
    /** The species every fast path uses (512-bit on AVX-512 machines). */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final VectorSpecies<Integer> INTS = SPECIES.withLanes(int.class);
    private static final int L = SPECIES.length();
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f;   // 1.5 * 2^23: adding it rounds to an integer
    private static final float SQRT_HALF = 0.707106781186547524f;

    private VectorMath() {}

    /** out[i] = e^a[i] for i &lt; n (n a multiple of the species length); out may be a. */
    public static void exp(float[] a, float[] out, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            // overflows to +Inf above ~88.72, underflows through subnormals to 0 below ~-103.97, NaN stays NaN
            FloatVector xc = x.max(-104f).min(89f);
            FloatVector k = xc.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
            FloatVector r = k.fma(k.broadcast(-LN2_HI), xc);
            r = k.fma(k.broadcast(-LN2_LO), r);
            FloatVector p = r.broadcast(EXP_C[5]);
            for (int c = 4; c >= 0; c--) p = p.fma(r, r.broadcast(EXP_C[c]));
            p = p.mul(r.mul(r)).add(r).add(1f);
            // scale by 2^k in two halves so that k in [-150, 128] never leaves the exponent range of one factor
            IntVector ki = (IntVector) k.convert(VectorOperators.F2I, 0);
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(s1).mul(s2).blend(x, x.test(VectorOperators.IS_NAN)).intoArray(out, i);
        }
    }

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
    public static void tanh(float[] a, float[] e, float[] out, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(SPECIES, a, i).abs().mul(2f).min(40f).intoArray(e, i);
        exp(e, e, n);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            FloatVector z = x.mul(x);
            FloatVector p = z.broadcast(TANH_C[4]);
            for (int c = 3; c >= 0; c--) p = p.fma(z, z.broadcast(TANH_C[c]));
            FloatVector small = p.mul(z).fma(x, x);
            FloatVector big = x.broadcast(-2f).div(FloatVector.fromArray(SPECIES, e, i).add(1f)).add(1f);
            big = big.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            small.blend(big, x.abs().compare(VectorOperators.GE, 0.625f)).intoArray(out, i);
        }
    }

    /** out = 1 / (1 + e^-x) for x &gt;= 0, e^x / (1 + e^x) below: never overflows. {@code e} is scratch; out may be a. */
    public static void sigmoid(float[] a, float[] e, float[] out, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(SPECIES, a, i).abs().neg().intoArray(e, i);
        exp(e, e, n);
        for (int i = 0; i < n; i += L) {
            FloatVector ex = FloatVector.fromArray(SPECIES, e, i);
            FloatVector d = ex.add(1f);
            d.broadcast(1f).div(d).blend(ex.div(d), FloatVector.fromArray(SPECIES, a, i).lt(0f)).intoArray(out, i);
        }
    }

    /**
     * out = erf(a): an odd series for |x| &lt; 1, 1 - erfc(|x|) beyond with Numerical Recipes' fit
     * erfc(z) = t exp(P(t) - z^2), t = 1/(1 + z/2). {@code t}, {@code e} are scratch; out may be a.
     */
    public static void erf(float[] a, float[] t, float[] e, float[] out, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            FloatVector tv = x.broadcast(1f).div(x.abs().fma(0.5f, 1f));
            FloatVector q = tv.broadcast(ERFC_C[9]);
            for (int c = 8; c >= 0; c--) q = q.fma(tv, tv.broadcast(ERFC_C[c]));
            tv.intoArray(t, i);
            q.sub(x.mul(x)).intoArray(e, i);
        }
        exp(e, e, n);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            FloatVector s = x.mul(x);
            // 2/sqrt(pi) * sum (-1)^k x^(2k+1) / (k! (2k+1)), k <= 11: relative truncation error < 1e-9 on [0, 1)
            FloatVector p = s.broadcast(ERF_C[11]);
            for (int c = 10; c >= 1; c--) p = p.fma(s, s.broadcast(ERF_C[c]));
            // the leading term 2/sqrt(pi) x is added last in two parts so its rounding does not dominate
            FloatVector small = x.fma(x.broadcast(ERF_C0_LO), x.mul(s).mul(p));
            small = x.fma(x.broadcast(ERF_C[0]), small);
            FloatVector erfc = FloatVector.fromArray(SPECIES, t, i).mul(FloatVector.fromArray(SPECIES, e, i));
            FloatVector big = erfc.neg().add(1f).reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            small.blend(big, x.abs().compare(VectorOperators.GE, 1f)).intoArray(out, i);
        }
    }

    private static final int SIGN_BIT = 0x80000000;
    private static final float[] EXP_C = {5.0000001201e-1f, 1.6666665459e-1f, 4.1665795894e-2f, 8.3334519073e-3f,
            1.3981999507e-3f, 1.9875691500e-4f};
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
