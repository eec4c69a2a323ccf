package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.spi.RandomOp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Philox4x32-10 random fills (see {@link Philox} for the counter mapping). Element {@code i} (row-major over
 * out's shape, whatever its strides) draws from the one block at counter {@code offset + i}:
 * <ul>
 * <li>UNIFORM: float64 takes 53 bits from words 0, 1; other float types 24 bits of word 0 ({@code (w >>> 8) * 2^-24});
 *     scaled to [a, b) in double (float32/float64 results that round up to b are stepped down below b).</li>
 * <li>NORMAL: Box-Muller on one block, u1 in (0, 1] and u2 in [0, 1), the cosine branch only: float64 from words
 *     (0, 1) and (2, 3) with 53 bits each in double math; float32 from words 0 and 1 with 24 bits each
 *     (u1 = ((w0 &gt;&gt;&gt; 8) + 1) 2^-24, u2 = (w1 &gt;&gt;&gt; 8) 2^-24) in float32 vector math, a few ulp
 *     ({@link RandomFill}); float16/bfloat16 from words 0 and 1 with 32 bits each in double math. The double
 *     math uses StrictMath's log and cos (fdlibm), so the values are the same on every JVM and on CUDA.</li>
 * <li>RANDINT: r = words 1:0 as an unsigned 64-bit number, low + floor(r * (high - low) / 2^64) (multiply-shift):
 *     each value's probability is off from uniform by at most (high - low) / 2^64 relative.</li>
 * <li>BERNOULLI: 1 when u &lt; p for u with 53 bits from words 0, 1 (so p = 0 never, p = 1 always).</li>
 * </ul>
 */
final class CpuRandom {
    private CpuRandom() {}

    @FunctionalInterface
    private interface Writer {
        /** Writes the value for element {@code i} (counter words in w) at element offsets off. */
        void put(long[] off, long k, int[] w);
    }

    static void random(RandomOp op, Tensor out, long seed, long offset, double a, double b) {
        out.checkAlive(op.opName());
        DType t = out.dtype();
        if ((op == RandomOp.UNIFORM || op == RandomOp.NORMAL) && !t.isFloatingPoint())
            throw TensorException.of(op.opName(), "needs a floating output dtype", out);
        MemorySegment o = seg(out);
        StridedLoop loop = StridedLoop.of(out);
        long so = loop.innerStride(0);
        if (op == RandomOp.UNIFORM || op == RandomOp.NORMAL) {
            fill(loop, o, so, seed, offset, op == RandomOp.NORMAL, t, a, b);
            return;
        }
        Writer w = switch (op) {
            case UNIFORM, NORMAL -> throw new AssertionError(op);
            case RANDINT -> {
                long low = (long) a, range = (long) b - (long) a;
                if (range <= 0) throw TensorException.of("randint", "empty range [" + a + ", " + b + ")", out);
                yield (off, k, x) -> {
                    long r = (x[0] & 0xffffffffL) | ((long) x[1] << 32);
                    Elem.putLong(o, t, off[0] + k * so, low + Math.unsignedMultiplyHigh(r, range));
                };
            }
            case BERNOULLI -> {
                if (!(a >= 0 && a <= 1)) throw TensorException.of("bernoulli", "p must be in [0, 1], got " + a, out);
                yield (off, k, x) -> Elem.putLong(o, t, off[0] + k * so, Philox.unit53(x[0], x[1]) < a ? 1 : 0);
            }
        };
        run(loop, seed, offset, w);
    }

    /** Uniform and normal fills through {@link RandomFill}, chunk by chunk along each row segment. */
    private static void fill(StridedLoop loop, MemorySegment o, long so, long seed, long offset, boolean normal, DType t,
                             double a, double b) {
        Parallel.forRange(loop.numel(), 1 << 13, (s, e) -> {
            RandomFill f = new RandomFill(normal, t, a, b, e - s);
            long[] pos = {s};
            loop.range(s, e, (off, n) -> {
                for (long k = 0; k < n; k += RandomFill.CHUNK) {
                    int len = (int) Math.min(RandomFill.CHUNK, n - k);
                    f.fill(seed, offset + pos[0] + k, len, o, off[0] + k * so, so);
                }
                pos[0] += n;
            });
        });
    }

    /** Walks out row-major in parallel chunks; element i gets the block at counter offset + i. */
    private static void run(StridedLoop loop, long seed, long offset, Writer w) {
        Parallel.forRange(loop.numel(), 1 << 13, (s, e) -> {
            int[] x = new int[4];
            long[] pos = {s};
            loop.range(s, e, (off, n) -> {
                long p = offset + pos[0];
                for (long k = 0; k < n; k++) {
                    Philox.block(p + k, seed, x);
                    w.put(off, k, x);
                }
                pos[0] += n;
            });
        });
    }

    static void bernoulli(Tensor out, Tensor p, long seed, long offset) {
        out.checkAlive("bernoulli");
        p.checkAlive("bernoulli");
        DType t = out.dtype(), pt = p.dtype();
        MemorySegment o = seg(out), ps = seg(p);
        StridedLoop loop = StridedLoop.of(out, p);
        long so = loop.innerStride(0), sp = loop.innerStride(1);
        run(loop, seed, offset, (off, k, x) -> {
            double pr = Elem.getDouble(ps, pt, off[1] + k * sp);
            if (!(pr >= 0 && pr <= 1))
                throw TensorException.of("bernoulli", "every probability must be in [0, 1], got " + pr, p);
            Elem.putLong(o, t, off[0] + k * so, Philox.unit53(x[0], x[1]) < pr ? 1 : 0);
        });
    }
}
