package dev.axial.tensor.cuda;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelArgsTest {
    private static ByteBuffer le(KernelArgs a) { return ByteBuffer.wrap(a.toByteArray()).order(ByteOrder.LITTLE_ENDIAN); }

    @Test void scalarsFollowCAlignment() {
        // struct { float* out; int n; double p; float s; long long m; int k; } -> offsets 0, 8, 16, 24, 32, 40; size 48
        KernelArgs a = new KernelArgs().ptr(0x1000).i32(7).f64(2.5).f32(1.5f).i64(-3).i32(9);
        ByteBuffer b = le(a);
        assertEquals(48, a.size());
        assertEquals(0x1000, b.getLong(0));
        assertEquals(7, b.getInt(8));
        assertEquals(0, b.getInt(12));            // padding
        assertEquals(2.5, b.getDouble(16));
        assertEquals(1.5f, b.getFloat(24));
        assertEquals(-3, b.getLong(32));
        assertEquals(9, b.getInt(40));
    }

    @Test void fixedArraysArePadded() {
        // struct { int op; long long v[4]; int w[3]; double d[2]; } -> 0, 8..40, 40..52, 56..72
        KernelArgs a = new KernelArgs().i32(1).i64s(new long[]{5, 6}, 4).i32s(new int[]{7}, 3).f64s(new double[]{0.5, 1}, 2);
        ByteBuffer b = le(a);
        assertEquals(72, a.size());
        assertEquals(5, b.getLong(8));
        assertEquals(6, b.getLong(16));
        assertEquals(0, b.getLong(24));
        assertEquals(0, b.getLong(32));
        assertEquals(7, b.getInt(40));
        assertEquals(0, b.getInt(48));
        assertEquals(0.5, b.getDouble(56));
        assertEquals(1.0, b.getDouble(64));
        assertThrows(IllegalArgumentException.class, () -> new KernelArgs().i64s(new long[5], 4));
    }

    @Test void stridedWritesShapeThenViews() {
        // struct { AxShape s; AxView out; AxView in; int op; }: shape at 0 (80 bytes), views at 80 and 152, op at 224
        long[] shape = {2, 3, 4};
        KernelArgs a = new KernelArgs().strided(shape, new long[]{0x100, 0x200}, new long[][]{{12, 4, 1}, {1, 2, 6}}).i32(3);
        ByteBuffer b = le(a);
        assertEquals(232, a.size());
        assertEquals(3, b.getInt(0));              // ndim (nothing merges: the second operand is transposed)
        assertEquals(24, b.getLong(8));            // numel
        assertEquals(2, b.getLong(16));
        assertEquals(3, b.getLong(24));
        assertEquals(4, b.getLong(32));
        assertEquals(0, b.getLong(40));
        assertEquals(0x100, b.getLong(80));
        assertEquals(12, b.getLong(88));
        assertEquals(4, b.getLong(96));
        assertEquals(1, b.getLong(104));
        assertEquals(0x200, b.getLong(152));
        assertEquals(1, b.getLong(160));
        assertEquals(2, b.getLong(168));
        assertEquals(6, b.getLong(176));
        assertEquals(3, b.getInt(224));
    }

    @Test void coalescesDimsEveryOperandAllows() {
        // contiguous (2,3,4) and a broadcast over dim 0: dims 1,2 merge for both, dim 0 does not (stride 0)
        long[][] m = KernelArgs.coalesce(new long[]{2, 3, 4}, new long[][]{{12, 4, 1}, {0, 4, 1}});
        assertArrayEquals(new long[]{2, 12}, m[0]);
        assertArrayEquals(new long[]{12, 1}, m[1]);
        assertArrayEquals(new long[]{0, 1}, m[2]);
        // all contiguous: one dim; size-1 dims dropped whatever their stride
        m = KernelArgs.coalesce(new long[]{1, 5, 1, 6}, new long[][]{{99, 6, 77, 1}});
        assertArrayEquals(new long[]{30}, m[0]);
        assertArrayEquals(new long[]{1}, m[1]);
        // flipped (negative stride) merges only with itself
        m = KernelArgs.coalesce(new long[]{3, 4}, new long[][]{{-4, 1}, {4, 1}});
        assertArrayEquals(new long[]{3, 4}, m[0]);
        // one element: no dims; empty: one dim of size 0
        assertEquals(0, KernelArgs.coalesce(new long[]{1, 1}, new long[][]{{1, 1}})[0].length);
        assertEquals(0, KernelArgs.coalesce(new long[]{}, new long[][]{{}})[0].length);
        assertArrayEquals(new long[]{0}, KernelArgs.coalesce(new long[]{3, 0}, new long[][]{{0, 1}})[0]);
    }

    @Test void moreThanEightDimsAfterCoalescingIsRejected() {
        long[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] contiguous = {256, 128, 64, 32, 16, 8, 4, 2, 1};
        assertEquals(1, KernelArgs.coalesce(shape, new long[][]{contiguous})[0].length);
        long[] scattered = new long[9];   // every dim padded: nothing merges
        for (int d = 0; d < 9; d++) scattered[d] = 1L << (2 * (8 - d));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelArgs.coalesce(shape, new long[][]{scattered}));
        assertTrue(e.getMessage().contains("[2, 2, 2, 2, 2, 2, 2, 2, 2]"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
    }

    @Test void shapeIsWrittenAsItIs() {
        ByteBuffer b = le(new KernelArgs().i32(5).shape(2, 1, 3));
        assertEquals(3, b.getInt(8));              // AxShape starts at 8 (8-aligned)
        assertEquals(6, b.getLong(16));
        assertEquals(2, b.getLong(24));
        assertEquals(1, b.getLong(32));
        assertEquals(3, b.getLong(40));
        assertEquals(0, b.getLong(48));
        assertEquals(8 + KernelArgs.SHAPE_BYTES, new KernelArgs().i32(5).shape(2, 1, 3).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KernelArgs().shape(new long[9]));
        assertTrue(e.getMessage().contains("9 dims"), e.getMessage());
    }

    @Test void rejectsStructsPastTheParameterLimit() {
        KernelArgs a = new KernelArgs();
        for (int i = 0; i < KernelArgs.MAX_BYTES / 8; i++) a.i64(i);
        assertThrows(IllegalArgumentException.class, () -> a.i32(1));
    }
}
