package dev.axial.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** numpy's legacy RandomState draw for draw (fixtures from tools/fixtures/gen_random_state.py): exact doubles and longs. */
class RandomStateTest {
    private static final Fixtures FX = Fixtures.load("random_state");
    private static final long[] SEEDS = {0, 1, 42, 12345, 4294967295L};
    private static final long[][] RANGES = {{0, 1}, {0, 2}, {0, 3}, {5, 17}, {-10, 10}, {0, 100}, {0, 1000}, {0, 1L << 31},
            {0, 1L << 32}, {0, (1L << 32) + 1}, {-(1L << 40), 1L << 40}, {0, 1L << 62}, {3, 4}, {0, 7}};

    @Test void monaiMapReferenceNumbers() {
        RandomState r = new RandomState(0);
        assertEquals(0.5488135039273248, r.rand());
        assertEquals(0.43037873274483895, r.uniform(-1, 1));
        assertEquals(0.9787379841057392, r.normal());
    }

    private static void exact(String key, double[] got) {
        double[] want = FX.values(key);
        assertEquals(want.length, got.length, key);
        for (int i = 0; i < want.length; i++)
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), key + "[" + i + "]: " + want[i] + " vs " + got[i]);
    }

    /** Normal draws: numpy's glibc log and Java's Math.log differ by 1 ulp on ~0.1% of arguments. */
    private static void gauss(String key, double[] got) {
        double[] want = FX.values(key);
        assertEquals(want.length, got.length, key);
        int off = 0;
        for (int i = 0; i < want.length; i++) {
            if (want[i] != got[i]) off++;
            assertEquals(want[i], got[i], Math.ulp(want[i]) * 1.01, key + "[" + i + "]");
        }
        assertTrue(off <= Math.max(1, want.length / 50), key + ": " + off + " of " + want.length + " normal draws differ in the last bit");
    }

    private static void exact(String key, long[] got) {
        long[] want = FX.entry(key).longs();
        assertArrayEquals(want, got, key);
    }

    @Test void uniformAndNormalDrawForDraw() {
        for (long seed : SEEDS) {
            String p = "s" + seed + ".";
            exact(p + "random_sample", new RandomState(seed).randomSample(200));
            exact(p + "uniform", new RandomState(seed).uniform(-3.5, 7.25, 50));
            gauss(p + "standard_normal", new RandomState(seed).standardNormal(201));
            gauss(p + "normal", new RandomState(seed).normal(2.0, 0.5, 51));
        }
    }

    @Test void integersDrawForDraw() {
        for (long seed : SEEDS) {
            String p = "s" + seed + ".";
            RandomState r = new RandomState(seed);
            long[] got = new long[RANGES.length * 6];
            for (int i = 0; i < got.length; i++) got[i] = r.randint(RANGES[i % RANGES.length][0], RANGES[i % RANGES.length][1]);
            exact(p + "randint", got);
            exact(p + "randint_size", new RandomState(seed).randint(0, 93, 40));
            RandomState u = new RandomState(seed);
            long[] us = new long[20];
            for (int i = 0; i < us.length; i++) us[i] = u.randintUint32();
            exact(p + "randint_uint32", us);
        }
    }

    @Test void shufflePermutationChoiceDrawForDraw() {
        double[] pp = {0.1, 0.0, 0.25, 0.05, 0.3, 0.3};
        for (long seed : SEEDS) {
            String p = "s" + seed + ".";
            long[] a = new long[37];
            for (int i = 0; i < a.length; i++) a[i] = i;
            new RandomState(seed).shuffle(a);
            exact(p + "shuffle", a);
            List<Long> list = new ArrayList<>();
            for (int i = 0; i < 37; i++) list.add((long) i);
            new RandomState(seed).shuffle(list);
            exact(p + "shuffle", list.stream().mapToLong(Long::longValue).toArray());
            exact(p + "permutation", new RandomState(seed).permutation(1000));
            exact(p + "choice", new RandomState(seed).choice(17, 30, true, null));
            exact(p + "choice_noreplace", new RandomState(seed).choice(17, 9, false, null));
            exact(p + "choice_p", new RandomState(seed).choice(6, 40, true, pp));
            exact(p + "choice_p_noreplace", new RandomState(seed).choice(6, 4, false, pp));
        }
    }

    @Test void interleavedDrawsKeepTheCachedGauss() {
        for (long seed : SEEDS) {
            RandomState r = new RandomState(seed);
            double[] got = new double[150];
            int k = 0;
            for (int i = 0; i < 30; i++) {
                got[k++] = r.rand();
                got[k++] = r.randint(0, 10 + i);
                got[k++] = r.normal();
                got[k++] = r.uniform(-1, 1);
                got[k++] = r.randn();
            }
            gauss("s" + seed + ".mixed", got);
            double[] want = FX.values("s" + seed + ".mixed");
            for (int i = 0; i < want.length; i++)
                if (i % 5 != 2 && i % 5 != 4) assertEquals(want[i], got[i], "s" + seed + ".mixed[" + i + "] (not a normal draw: exact)");
        }
    }

    @Test void copyContinuesIdentically() {
        RandomState a = new RandomState(7);
        a.normal();
        RandomState b = a.copy();
        for (int i = 0; i < 10; i++) assertEquals(a.normal(), b.normal());
        assertEquals(a.randint(0, 1000), b.randint(0, 1000));
    }

    @Test void badArgumentsNameTheOp() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomState(-1)).getMessage().contains("seed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomState(0).randint(5, 5)).getMessage().contains("randint"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomState(0).choice(3, 4, false, null)).getMessage().contains("replace=false"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomState(0).choice(2, 1, true, new double[]{0.5, 0.6})).getMessage().contains("sum to 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomState(0).choice(2, 1, true, new double[]{1})).getMessage().contains("same size"));
    }
}
