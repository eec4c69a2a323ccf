package dev.axial.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 transcendental functions on whole vectors (Cephes-style range reduction and polynomials), for the
 * contiguous float32 fast paths. Accuracy: within 2 ulp of the correctly rounded result (sigmoid 2.5) over the float range
 * (VectorMathTest sweeps it). NOTE: written with plain lane arithmetic rather than VectorOperators.EXP and
 * friends, which fall back to per-lane Math calls where the JDK has no SVML stub.
 *
 * <pre>{@code
 * FloatVector y = VectorMath.exp(FloatVector.fromArray(VectorMath.SPECIES, a, 0));
 * }</pre>
 */
public final class VectorMath {
    /** The species every fast path uses (512-bit on AVX-512 machines). */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final VectorSpecies<Integer> INTS = SPECIES.withLanes(int.class);
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f;   // 1.5 * 2^23: adding it rounds to an integer
    private static final float SQRT_HALF = 0.707106781186547524f;

    private VectorMath() {}

    /** e^x; overflows to +Inf above ~88.72, underflows through subnormals to 0 below ~-103.97, NaN stays NaN. */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-104f).min(89f);
        FloatVector t = xc.fma(LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = mad(n, -LN2_HI, xc);
        r = mad(n, -LN2_LO, r);
        FloatVector p = r.broadcast(1.9875691500e-4f);
        p = mad(p, r, 1.3981999507e-3f);
        p = mad(p, r, 8.3334519073e-3f);
        p = mad(p, r, 4.1665795894e-2f);
        p = mad(p, r, 1.6666665459e-1f);
        p = mad(p, r, 5.0000001201e-1f);
        p = p.mul(r.mul(r)).add(r).add(1f);
        // scale by 2^n in two halves so that n in [-150, 128] never leaves the exponent range of one factor
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = p.mul(s1).mul(s2);
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** Natural log; log(0) = -Inf, log(negative) = NaN, log(+Inf) = +Inf; subnormals handled. */
    public static FloatVector log(FloatVector x) {
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
        FloatVector y = f.broadcast(7.0376836292e-2f);
        y = mad(y, f, -1.1514610310e-1f);
        y = mad(y, f, 1.1676998740e-1f);
        y = mad(y, f, -1.2420140846e-1f);
        y = mad(y, f, 1.4249322787e-1f);
        y = mad(y, f, -1.6668057665e-1f);
        y = mad(y, f, 2.0000714765e-1f);
        y = mad(y, f, -2.4999993993e-1f);
        y = mad(y, f, 3.3333331174e-1f);
        y = y.mul(f).mul(z);
        y = mad(ef, LN2_LO, y);
        y = mad(z, -0.5f, y);
        FloatVector r = f.add(y);
        r = mad(ef, LN2_HI, r);
        r = r.blend(Float.NEGATIVE_INFINITY, x.eq(0f));
        r = r.blend(Float.NaN, x.lt(0f).or(x.test(VectorOperators.IS_NAN)));
        return r.blend(Float.POSITIVE_INFINITY, x.eq(Float.POSITIVE_INFINITY));
    }

    /** Hyperbolic tangent: a polynomial near 0, 1 - 2/(e^{2|x|}+1) elsewhere. */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.broadcast(-5.70498872745e-3f);
        p = mad(p, z, 2.06390887954e-2f);
        p = mad(p, z, -5.37397155531e-2f);
        p = mad(p, z, 1.33314422036e-1f);
        p = mad(p, z, -3.33332819422e-1f);
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector e = exp(a.add(a).min(40f));
        FloatVector big = x.broadcast(-2f).div(e.add(1f)).add(1f);
        // restore the sign of x (keeps -0.0 and NaN as they are in the small branch)
        big = withSignOf(big, x);
        return small.blend(big, a.compare(VectorOperators.GE, 0.625f));
    }

    /** 1 / (1 + e^-x) for x &gt;= 0, e^x / (1 + e^x) below: never overflows, and stays within 2 ulp for large negative x. */
    public static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector d = e.add(1f);
        return d.broadcast(1f).div(d).blend(e.div(d), x.lt(0f));
    }

    /** Error function: an odd series for |x| < 1, 1 - erfc(|x|) with a Chebyshev fit of erfc beyond. */
    public static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector s = x.mul(x);
        // 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)), n <= 11: relative truncation error < 1e-9 on [0, 1)
        FloatVector p = s.broadcast(ERF_C[11]);
        for (int k = 10; k >= 1; k--) p = mad(p, s, ERF_C[k]);
        // the leading term 2/sqrt(pi) x is added last in two parts so its rounding does not dominate
        FloatVector small = x.fma(x.broadcast(ERF_C0_LO), x.mul(s).mul(p));
        small = x.fma(x.broadcast(ERF_C[0]), small);
        FloatVector t = x.broadcast(1f).div(a.fma(0.5f, 1f));
        FloatVector q = t.broadcast(0.17087277f);
        q = mad(q, t, -0.82215223f);
        q = mad(q, t, 1.48851587f);
        q = mad(q, t, -1.13520398f);
        q = mad(q, t, 0.27886807f);
        q = mad(q, t, -0.18628806f);
        q = mad(q, t, 0.09678418f);
        q = mad(q, t, 0.37409196f);
        q = mad(q, t, 1.00002368f);
        q = mad(q, t, -1.26551223f);
        FloatVector erfc = t.mul(exp(q.sub(s)));
        FloatVector big = erfc.neg().add(1f);
        big = withSignOf(big, x);
        return small.blend(big, a.compare(VectorOperators.GE, 1f));
    }

    /** |mag| with the sign bit of {@code sign} (mag is non-negative here). */
    private static FloatVector withSignOf(FloatVector mag, FloatVector sign) {
        return mag.reinterpretAsInts().or(sign.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }

    /** a * b + c with one rounding. */
    private static FloatVector mad(FloatVector a, FloatVector b, float c) { return a.fma(b, a.broadcast(c)); }

    private static FloatVector mad(FloatVector a, float b, FloatVector c) { return a.fma(a.broadcast(b), c); }

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
