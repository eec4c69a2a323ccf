package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Uniform and normal fills a chunk at a time: the Philox words of a run of counters ({@link PhiloxVec}), turned
 * into values in an array, then stored. The mappings are those documented on {@link CpuRandom}; float32 normal
 * uses float32 math ({@link VectorMath#log} and the sine/cosine below, a few ulp), every other case the double
 * formulas of the scalar definition, so only float32 normal values depend on this class's arithmetic.
 */
final class RandomFill {
    /** Elements per chunk at most: a multiple of every vector length in use. */
    static final int CHUNK = 2048;

    private static final VectorSpecies<Float> FS = VectorMath.SPECIES;
    private static final VectorSpecies<Integer> IS = FS.withLanes(int.class);
    private static final int FL = FS.length();
    private static final float HALF_PI = (float) (Math.PI / 2);
    // Cephes sinf / cosf on [-pi/4, pi/4]
    private static final float S1 = -1.6666654611e-1f, S2 = 8.3321608736e-3f, S3 = -1.9515295891e-4f;
    private static final float C1 = 4.166664568298827e-2f, C2 = -1.388731625493765e-3f, C3 = 2.443315711809948e-5f;

    private final int[] w0, w1, w2, w3;
    private final float[] f, tmp;
    private final double[] d;
    private final boolean normal;
    private final DType t;
    private final double a, b;

    /** a, b: [low, high) for uniform, (mean, std) for normal; count: how many values this will fill in all. */
    RandomFill(boolean normal, DType t, double a, double b, long count) {
        this.normal = normal;
        this.t = t;
        this.a = a;
        this.b = b;
        int unit = Math.max(2 * PhiloxVec.LANES, FL);   // both powers of two
        int cap = (int) Math.min(CHUNK, (count + unit - 1) / unit * unit);
        boolean four = normal && t == DType.FLOAT64, f32 = t == DType.FLOAT32;
        w0 = new int[cap];
        w1 = new int[cap];
        w2 = four ? new int[cap] : null;
        w3 = four ? new int[cap] : null;
        f = f32 ? new float[cap] : null;
        tmp = f32 && normal ? new float[cap] : null;
        d = f32 ? null : new double[cap];
    }

    /** Values for counters c .. c + n - 1 (n &lt;= CHUNK) stored at out[off + k * stride]. */
    void fill(long seed, long c, int n, MemorySegment out, long off, long stride) {
        PhiloxVec.blocks(c, seed, n, w0, w1, w2, w3);
        if (t == DType.FLOAT32) {
            if (normal) normalF32(n, (float) a, (float) b);
            else uniformF32(n);
            if (stride == 1) MemorySegment.copy(f, 0, out, ValueLayout.JAVA_FLOAT_UNALIGNED, off * 4, n);
            else for (int k = 0; k < n; k++) out.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, off + k * stride, f[k]);
            return;
        }
        if (normal) normalDouble(n);
        else uniformDouble(n);
        if (t == DType.FLOAT64) {
            if (stride == 1) MemorySegment.copy(d, 0, out, ValueLayout.JAVA_DOUBLE_UNALIGNED, off * 8, n);
            else for (int k = 0; k < n; k++) out.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + k * stride, d[k]);
        } else {
            for (int k = 0; k < n; k++) Elem.putDouble(out, t, off + k * stride, d[k]);
        }
    }

    private void uniformF32(int n) {
        if (a == 0 && b == 1) {
            // (w >>> 8) 2^-24 has 24 bits, so the float computation is exact: the same bits as the double formula
            int padded = (n + FL - 1) / FL * FL;
            for (int i = 0; i < padded; i += FL) {
                IntVector u = IntVector.fromArray(IS, w0, i).lanewise(VectorOperators.LSHR, 8);
                ((FloatVector) u.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).intoArray(f, i);
            }
            return;
        }
        double span = b - a;
        float fb = (float) b;
        boolean open = (float) a < fb;
        for (int k = 0; k < n; k++) {
            float v = (float) (a + Philox.unit24(w0[k]) * span);
            f[k] = v >= fb && open ? Math.nextDown(fb) : v;
        }
    }

    private void uniformDouble(int n) {
        double span = b - a;
        if (t == DType.FLOAT64) {
            for (int k = 0; k < n; k++) {
                double v = a + Philox.unit53(w0[k], w1[k]) * span;
                d[k] = v >= b && a < b ? Math.nextDown(b) : v;
            }
        } else {
            for (int k = 0; k < n; k++) d[k] = a + Philox.unit24(w0[k]) * span;
        }
    }

    /** Box-Muller in double (fdlibm's log and cos): float64 from 53-bit uniforms, float16/bfloat16 from 32-bit ones. */
    private void normalDouble(int n) {
        double twoPi = 2 * Math.PI;
        for (int k = 0; k < n; k++) {
            double u1, u2;
            if (t == DType.FLOAT64) {
                u1 = Philox.unit53Open0(w0[k], w1[k]);
                u2 = Philox.unit53(w2[k], w3[k]);
            } else {
                u1 = Philox.unit32Open0(w0[k]);
                u2 = (w1[k] & 0xffffffffL) * 0x1p-32;
            }
            // StrictMath (fdlibm): the same bits on every JVM and in the CUDA kernel (kernels/random.cu ports it)
            d[k] = a + b * (Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(twoPi * u2));
        }
    }

    /**
     * Box-Muller in float32: u1 = ((w0 &gt;&gt;&gt; 8) + 1) 2^-24 in (0, 1]; the angle 2 pi u2, u2 = (w1 &gt;&gt;&gt; 8) 2^-24,
     * as quarter turns q + r (q = the top two bits of w1, r in [-1/2, 1/2)) so the polynomials need no further
     * range reduction: cos(pi/2 (q + r)) is +-cos or +-sin of pi/2 r.
     */
    private void normalF32(int n, float mean, float std) {
        int padded = (n + FL - 1) / FL * FL;
        for (int i = 0; i < padded; i += FL) {
            IntVector u = IntVector.fromArray(IS, w0, i).lanewise(VectorOperators.LSHR, 8).add(1);
            ((FloatVector) u.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).intoArray(tmp, i);
        }
        VectorMath.log(tmp, tmp, padded);
        for (int i = 0; i < padded; i += FL) {
            FloatVector rad = FloatVector.fromArray(FS, tmp, i).mul(-2f).sqrt();
            IntVector u = IntVector.fromArray(IS, w1, i);
            IntVector q = u.lanewise(VectorOperators.LSHR, 30);
            FloatVector r = ((FloatVector) u.lanewise(VectorOperators.LSHR, 8).and(0x3fffff).convert(VectorOperators.I2F, 0)).mul(0x1p-22f);
            VectorMask<Float> up = r.compare(VectorOperators.GE, 0.5f);
            r = r.blend(r.sub(1f), up);
            q = q.blend(q.add(1), up.cast(IS)).and(3);
            FloatVector x = r.mul(HALF_PI), z = x.mul(x);
            FloatVector sin = z.fma(S3, S2).fma(z, z.broadcast(S1)).mul(z).fma(x, x);
            FloatVector cos = z.fma(C3, C2).fma(z, z.broadcast(C1)).mul(z).mul(z).add(z.mul(-0.5f)).add(1f);
            FloatVector v = cos.blend(sin, q.and(1).compare(VectorOperators.NE, 0).cast(FS));
            v = v.blend(v.neg(), q.add(1).and(2).compare(VectorOperators.NE, 0).cast(FS));
            rad.mul(v).fma(std, mean).intoArray(f, i);
        }
    }
}
