package dev.axial.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.axial.tensor.DType.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every dtype pair through {@code Tensor.to}, against PyTorch's conversion rules written in plain Java:
 * float → int truncates toward zero, int narrowing wraps, anything → bool is != 0, half types round to
 * nearest even (the reference finds the nearest of all 65536 bit patterns, independently of the code under test).
 */
class CastTest {
    private static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    // ---- reference rounding for the 16-bit float types -------------------------------------------

    /** Positive finite values of a 16-bit type in bit order, plus infinity as the next power of two. */
    private record Half16(boolean bf, double[] values) {
        static Half16 make(boolean bf) {
            int max = bf ? 0x7f80 : 0x7c00;   // the bits of +inf
            double[] v = new double[max + 1];
            for (int b = 0; b < max; b++) v[b] = decode(bf, (short) b);
            v[max] = bf ? Math.scalb(1.0, 128) : 65536.0;
            return new Half16(bf, v);
        }

        static double decode(boolean bf, short bits) {
            return bf ? Float.intBitsToFloat((bits & 0xffff) << 16) : halfToDouble(bits);
        }

        /** Nearest value, ties to the even bit pattern, overflow to infinity; x is a float value. */
        short round(double x) {
            int inf = values.length - 1;
            if (Double.isNaN(x)) return (short) (bf ? 0x7fc0 : 0x7e00);
            int sign = (Double.doubleToRawLongBits(x) < 0) ? 0x8000 : 0;
            double a = Math.abs(x);
            int bits;
            if (a >= values[inf]) {
                bits = inf;
            } else {
                int i = Arrays.binarySearch(values, a);
                if (i >= 0) {
                    bits = i;
                } else {
                    int hi = -i - 1, lo = hi - 1;
                    double dl = a - values[lo], dh = values[hi] - a;
                    bits = dl < dh ? lo : dh < dl ? hi : ((lo & 1) == 0 ? lo : hi);
                }
            }
            return (short) (bits | sign);
        }
    }

    private static final Half16 HALF = Half16.make(false), BF16 = Half16.make(true);

    /** IEEE binary16 decoding written out (sign, 5-bit exponent, 10-bit fraction, subnormals). */
    static double halfToDouble(short h) {
        int b = h & 0xffff, sign = b >>> 15, exp = (b >>> 10) & 0x1f, frac = b & 0x3ff;
        double mag = exp == 0 ? Math.scalb((double) frac, -24)
                : exp == 31 ? (frac == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : Math.scalb(1024.0 + frac, exp - 25);
        return sign == 1 ? -mag : mag;
    }

    // ---- the reference conversion ------------------------------------------------------------

    /** One source element: its exact value as a long (integral/bool sources) or as a double (floating sources). */
    private record Val(long l, double d) {}

    /** The raw bits PyTorch stores for {@code v} (of type {@code from}) converted to {@code to}; null if undefined. */
    private static Long expectBits(DType from, Val v, DType to) {
        if (to == BOOL) return (from.isFloatingPoint() ? v.d != 0 : v.l != 0) ? 1L : 0L;
        if (!from.isFloatingPoint()) {
            long x = v.l;
            return switch (to) {
                case FLOAT64 -> Double.doubleToRawLongBits((double) x);
                case FLOAT32 -> (long) Float.floatToRawIntBits((float) x);        // one rounding, straight from int64
                case FLOAT16 -> (long) HALF.round((float) x);                     // int64 -> float -> half, as c10::Half
                case BFLOAT16 -> (long) BF16.round((float) x);
                default -> wrap(x, to);
            };
        }
        double x = v.d;
        return switch (to) {
            case FLOAT64 -> Double.doubleToRawLongBits(x);
            case FLOAT32 -> (long) Float.floatToRawIntBits((float) x);
            case FLOAT16 -> (long) HALF.round((float) x);                         // double goes through float first, as c10
            case BFLOAT16 -> (long) BF16.round((float) x);
            default -> Double.isNaN(x) || Math.abs(x) >= 0x1p31 ? null : wrap((long) x, to);   // out of range is UB in C++
        };
    }

    private static long wrap(long x, DType to) {
        return switch (to) {
            case UINT8 -> x & 0xff;
            case INT8 -> (byte) x;
            case INT16 -> (short) x;
            case INT32 -> (int) x;
            default -> x;
        };
    }

    private static void putBits(MemorySegment m, DType t, long i, long bits) {
        switch (t.byteSize()) {
            case 1 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) bits);
            case 2 -> m.setAtIndex(S, i, (short) bits);
            case 4 -> m.setAtIndex(I, i, (int) bits);
            default -> m.setAtIndex(L, i, bits);
        }
    }

    private static long getBits(MemorySegment m, DType t, long i) {
        return switch (t.byteSize()) {
            case 1 -> t == UINT8 || t == BOOL ? m.get(ValueLayout.JAVA_BYTE, i) & 0xff : m.get(ValueLayout.JAVA_BYTE, i);
            case 2 -> t.isFloatingPoint() ? m.getAtIndex(S, i) & 0xffff : m.getAtIndex(S, i);
            case 4 -> t.isFloatingPoint() ? m.getAtIndex(I, i) & 0xffffffffL : m.getAtIndex(I, i);
            default -> m.getAtIndex(L, i);
        };
    }

    private static boolean isNaNBits(DType t, long bits) {
        return switch (t) {
            case FLOAT64 -> Double.isNaN(Double.longBitsToDouble(bits));
            case FLOAT32 -> Float.isNaN(Float.intBitsToFloat((int) bits));
            case FLOAT16 -> Double.isNaN(halfToDouble((short) bits));
            case BFLOAT16 -> Float.isNaN(Float.intBitsToFloat(((int) bits & 0xffff) << 16));
            default -> false;
        };
    }

    /** Bits of a value of {@code t} (already representable there). */
    private static long bitsOf(DType t, Val v) {
        return switch (t) {
            case FLOAT64 -> Double.doubleToRawLongBits(v.d);
            case FLOAT32 -> Float.floatToRawIntBits((float) v.d) & 0xffffffffL;
            case FLOAT16 -> HALF.round(v.d) & 0xffff;
            case BFLOAT16 -> BF16.round(v.d) & 0xffff;
            default -> wrap(v.l, t);
        };
    }

    // ---- the values --------------------------------------------------------------------------

    private static final long[] LONGS = {0, 1, -1, 2, -2, 7, 127, 128, -128, -129, 255, 256, 300, -300, 32767, 32768,
            -32769, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, (1L << 53) + 1, (1L << 62) + (1L << 38) + 1,
            -(1L << 53) - 3, Long.MAX_VALUE, Long.MIN_VALUE, 2049, 16777217, 0x7fff_ffff_ffff_fdffL};

    private static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.7, 0.1, 1.0 / 3, 299.9,
            300.7, -300.7, 255.99, 65504, 65519.99, 65520, 1e5, -1e5, 3.4e38, 3.5e38, 1e300, 1e-300,
            0x1p-24, 0x1.8p-24, 0x1p-25, 0x1.0000000001p-25, 0x1p-14, 0x1.ff8p-15, 1e-40, -1e-40, 0x1p-133, 0x1.008p0, 0x1.018p0,
            1 + 0x1p-11, 1 + 0x1.8p-11, 1 + 0x1p-8, 1 + 0x1.8p-8, 16777217.0, 2147483647.5, -2147483648.9,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

    /** Source values exactly representable in {@code t}, with random extras. */
    private static List<Val> values(DType t, long seed) {
        List<Val> out = new ArrayList<>();
        Random r = new Random(seed);
        if (t.isFloatingPoint()) {
            List<Double> ds = new ArrayList<>();
            for (double d : DOUBLES) ds.add(d);
            for (int i = 0; i < 40; i++) ds.add((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12) - 4));
            for (double d : ds) {
                double x = switch (t) {
                    case FLOAT64 -> d;
                    case FLOAT32 -> (float) d;
                    case FLOAT16 -> halfToDouble(HALF.round((float) d));
                    default -> Half16.decode(true, BF16.round((float) d));
                };
                out.add(new Val(0, x));
            }
        } else if (t == BOOL) {
            out.add(new Val(0, 0));
            out.add(new Val(1, 0));
        } else {
            List<Long> ls = new ArrayList<>();
            for (long l : LONGS) ls.add(l);
            for (int i = 0; i < 40; i++) ls.add(r.nextLong() >> r.nextInt(64));
            for (long l : ls) out.add(new Val(wrap(l, t), 0));
        }
        return out;
    }

    private static Tensor source(Device dev, DType t, List<Val> vals, boolean strided, Arena arena) {
        int n = vals.size(), k = strided ? 2 : 1;
        MemorySegment m = arena.allocate((long) n * k * t.byteSize());
        for (int i = 0; i < n; i++) putBits(m, t, (long) i * k, bitsOf(t, vals.get(i)));
        Tensor x = Tensor.fromSegment(m, t, (long) n * k).to(dev);
        return strided ? x.slice(0, 0, (long) n * k, 2) : x;
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void everyPairFollowsPyTorchConversionRules(Device dev) {
        int checked = 0;
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            for (DType from : DType.values()) {
                List<Val> vals = values(from, from.ordinal());
                for (boolean strided : new boolean[]{false, true}) {
                    Tensor src = source(dev, from, vals, strided, arena);
                    assertEquals(!strided, src.isContiguous());
                    for (DType to : DType.values()) {
                        Tensor dst = src.to(to);
                        assertEquals(to, dst.dtype());
                        assertArrayEquals(src.shape(), dst.shape());
                        MemorySegment raw = arena.allocate((long) vals.size() * to.byteSize());
                        dst.copyTo(raw);
                        for (int i = 0; i < vals.size(); i++) {
                            Long want = expectBits(from, vals.get(i), to);
                            if (want == null) continue;
                            long got = getBits(raw, to, i);
                            String what = from + " " + vals.get(i) + " -> " + to + (strided ? " (strided)" : "");
                            if (isNaNBits(to, want)) assertTrue(isNaNBits(to, got), what + ": got bits " + Long.toHexString(got));
                            else assertEquals(Long.toHexString(want & mask(to)), Long.toHexString(got & mask(to)), what);
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 5000, "checked " + checked);
    }

    /**
     * Long rows, contiguous and strided, for every pair: the CPU converts a row in chunks of 2048 through a buffer, so
     * 5,000 elements cross two chunk boundaries. Values 0..100 in steps of 0.5 (whole numbers for integer sources) are
     * exact in every dtype but bool and the integers, which truncate them.
     */
    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void longRowsConvertAcrossChunkBoundaries(Device dev) {
        int n = 5000;
        try (Scope s = Scope.open()) {
            for (DType from : DType.values()) {
                double[] v = new double[2 * n];
                for (int i = 0; i < v.length; i++)
                    v[i] = from == DType.BOOL ? i % 3 % 2 : from.isFloatingPoint() ? (i * 7 % 201) * 0.5 : i * 7 % 101;
                Tensor all = Tensor.of(v).to(from).to(dev);
                for (Tensor src : new Tensor[]{all.slice(0, 0, n), all.slice(0, 0, 2L * n, 2)}) {
                    double[] sv = src.to(DType.FLOAT64).toDoubleArray();
                    for (DType to : DType.values()) {
                        double[] got = src.to(to).to(DType.FLOAT64).toDoubleArray();
                        for (int i = 0; i < n; i++) {
                            double want = to == DType.BOOL ? (sv[i] != 0 ? 1 : 0) : to.isFloatingPoint() ? sv[i] : Math.floor(sv[i]);
                            assertEquals(want, got[i], 0, from + " -> " + to + (src.isContiguous() ? "" : " (strided)") + " at " + i);
                        }
                    }
                }
            }
        }
    }

    private static long mask(DType t) { return t.byteSize() == 8 ? -1L : (1L << (8 * t.byteSize())) - 1; }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void namedPyTorchExamples(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor big = Tensor.of(new long[]{300, -1, 256, -129}).to(dev);
            assertArrayEquals(new int[]{44, 255, 0, 127}, big.to(UINT8).toIntArray());
            assertArrayEquals(new int[]{44, -1, 0, 127}, big.to(INT8).toIntArray());
            Tensor f = Tensor.of(new double[]{2.7, -2.7, 0.5, -0.5, -0.0}).to(dev);
            assertArrayEquals(new long[]{2, -2, 0, 0, 0}, f.to(INT64).toLongArray());
            assertArrayEquals(new boolean[]{true, true, true, true, false}, f.to(BOOL).toBooleanArray());
            assertArrayEquals(new double[]{1, 0, 1}, Tensor.of(new boolean[]{true, false, true}).to(dev).to(FLOAT64).toDoubleArray());
            // float32 -> float16: 1 + 2^-11 is halfway between 1 and 1 + 2^-10: even wins; 65520 overflows
            float[] h = Tensor.of(new float[]{1 + 0x1p-11f, 1 + 0x1.8p-10f, 65519f, 65520f, 0x1p-25f, 0x1.8p-25f}).to(dev)
                    .to(FLOAT16).toFloatArray();
            assertArrayEquals(new float[]{1f, 1 + 0x1p-9f, 65504f, Float.POSITIVE_INFINITY, 0f, 0x1p-24f}, h);
            // bfloat16 keeps 8 bits: 1 + 2^-8 ties to 1, 1 + 3*2^-8 ties up to 1 + 2^-6; 1e-40 becomes the subnormal 2^-133
            float[] b = Tensor.of(new float[]{1 + 0x1p-8f, 1 + 0x1.8p-7f, 1e-40f}).to(dev).to(BFLOAT16).toFloatArray();
            assertEquals(1f, b[0]);
            assertEquals(1 + 0x1p-6f, b[1]);
            assertEquals(0x1p-133f, b[2], "1e-40 rounds to the bf16 subnormal 2^-133");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void int64BeyondTwoToThe53IsExact(Device dev) {
        long[] v = {(1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE + 1, -(1L << 60) - 7};
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(v).to(dev);
            assertArrayEquals(v, x.toLongArray());
            assertArrayEquals(v, x.copy().toLongArray());
            assertArrayEquals(v, x.to(INT64).toLongArray());
            int[] narrow = x.to(INT32).toIntArray();
            for (int i = 0; i < v.length; i++) assertEquals((int) v[i], narrow[i]);
            Tensor strided = Tensor.of(new long[]{v[0], 0, v[1], 0, v[2], 0, v[3], 0}).to(dev).slice(0, 0, 8, 2);
            assertArrayEquals(v, strided.contiguous().toLongArray());
            assertArrayEquals(v, strided.toLongArray());
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], x.getLong(i));
                assertEquals(v[i], strided.getLong(i - v.length));
            }
            // int64 -> float32 rounds once (2^62 + 2^38 + 1 is just above a tie: rounds up)
            long t = (1L << 62) + (1L << 38) + 1;
            assertEquals((float) t, Tensor.of(new long[]{t}).to(dev).to(FLOAT32).toFloatArray()[0]);
            Tensor full = Tensor.full(INT64, dev, (1L << 53) + 1, 3);
            assertArrayEquals(new long[]{(1L << 53) + 1, (1L << 53) + 1, (1L << 53) + 1}, full.toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void toArrayConversions(Device dev) {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new double[]{-1.5, 0, 2.25, 300, Double.NaN}).to(dev).to(FLOAT32);
            assertArrayEquals(new float[]{-1.5f, 0, 2.25f, 300, Float.NaN}, x.toFloatArray());
            assertArrayEquals(new double[]{-1.5, 0, 2.25, 300, Double.NaN}, x.toDoubleArray());
            Tensor y = x.slice(0, 0, 4);
            assertArrayEquals(new int[]{-1, 0, 2, 300}, y.toIntArray());
            assertArrayEquals(new long[]{-1, 0, 2, 300}, y.toLongArray());
            assertArrayEquals(new boolean[]{true, false, true, true}, y.toBooleanArray());
            Tensor u = Tensor.of(new byte[]{-1, 5}).to(dev).to(UINT8);
            assertArrayEquals(new int[]{255, 5}, u.toIntArray());
            assertEquals(255.0, u.getDouble(0));
            assertEquals(255, u.getLong(-2));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void segmentRoundTripsForEveryDtypeAndLayout(Device dev) {
        Random r = new Random(42);
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            for (DType t : DType.values()) {
                int rows = 5, cols = 7, n = rows * cols, es = t.byteSize();
                byte[] bytes = new byte[n * es];
                r.nextBytes(bytes);
                if (t == BOOL) for (int i = 0; i < n; i++) bytes[i] &= 1;
                MemorySegment src = MemorySegment.ofArray(bytes);
                Tensor x = Tensor.fromSegment(src, t, rows, cols).to(dev);
                MemorySegment back = arena.allocate(n * es);
                x.copyTo(back);
                assertArrayEquals(bytes, back.toArray(ValueLayout.JAVA_BYTE), t.toString());
                // a transposed view copies out in its own row-major order, bit for bit (NaN payloads too)
                Tensor tr = x.t();
                MemorySegment out = arena.allocate(n * es);
                tr.copyTo(out);
                for (int i = 0; i < cols; i++)
                    for (int j = 0; j < rows; j++)
                        for (int b = 0; b < es; b++)
                            assertEquals(bytes[(j * cols + i) * es + b], out.get(ValueLayout.JAVA_BYTE, (long) (i * rows + j) * es + b),
                                    t + " transposed [" + i + "," + j + "]");
                // and a contiguous copy of the view too
                MemorySegment out2 = arena.allocate(n * es);
                tr.contiguous().copyTo(out2);
                assertArrayEquals(out.toArray(ValueLayout.JAVA_BYTE), out2.toArray(ValueLayout.JAVA_BYTE), t + " contiguous()");
                // fromSegment into a tensor, then a strided copy_ into a transposed destination
                Tensor dst = Tensor.zeros(t, dev, cols, rows).t();
                dst.copy_(x);
                MemorySegment out3 = arena.allocate(n * es);
                dst.copyTo(out3);
                assertArrayEquals(bytes, out3.toArray(ValueLayout.JAVA_BYTE), t + " copy_ into a transposed view");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.axial.tensor.Conformance#devices")
    void segmentErrors(Device dev) {
        try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate(8);
            TensorException e = assertThrows(TensorException.class, () -> Tensor.fromSegment(small, FLOAT32, 3).to(dev));
            assertTrue(e.getMessage().contains("fromSegment"), e.getMessage());
            Tensor x = Tensor.zeros(FLOAT64, dev, 2);
            e = assertThrows(TensorException.class, () -> x.copyTo(small));
            assertTrue(e.getMessage().contains("copyTo") && e.getMessage().contains("float64[2]"), e.getMessage());
            assertThrows(TensorException.class, () -> Tensor.fromSegment(small, FLOAT32, -1, 2).to(dev));
        }
    }
}
