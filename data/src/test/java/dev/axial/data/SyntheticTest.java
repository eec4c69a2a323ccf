package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** MONAI's create_test_image_2d/3d with the same RandomState seed (fixtures from tools/fixtures/gen_synthetic.py). */
class SyntheticTest {
    private static final Fixtures FX = Fixtures.load("synthetic");

    private static void full(String name, Synthetic.Image s) {
        try (s) {
            assertArrayEquals(FX.shape(name + ".image"), s.image().shape(), name);
            float[] img = s.image().toFloatArray();
            double[] want = FX.values(name + ".image");
            for (int i = 0; i < want.length; i++) assertEquals(want[i], img[i], 1e-6, name + ".image[" + i + "]");
            int[] lab = s.label().toIntArray();
            long[] wl = FX.entry(name + ".label").longs();
            for (int i = 0; i < wl.length; i++) assertEquals(wl[i], lab[i], name + ".label[" + i + "]");
        }
    }

    private static void stats(String name, Synthetic.Image s) {
        try (s) {
            assertArrayEquals(FX.entry(name + ".shape").longs(), s.image().shape(), name);
            float[] img = s.image().toFloatArray();
            double sum = 0;
            for (float v : img) sum += v;
            assertEquals(FX.values(name + ".sum")[0], sum, 1e-6 * Math.max(1, sum), name + ".sum");
            long[] counts = FX.entry(name + ".label_counts").longs();
            long[] got = new long[counts.length];
            for (int v : s.label().toIntArray()) got[v]++;
            assertArrayEquals(counts, got, name + ".label_counts");
            double[] row = FX.values(name + ".row");
            for (int i = 0; i < row.length; i++) assertEquals(row[i], img[i * 97], 1e-6, name + ".row[" + i + "]");
        }
    }

    @Test void matchesMonaiValueByValue() {
        full("d2_noise", Synthetic.createTestImage2d(64, 64, 6, 12, 3, 0.2, 3, null, new RandomState(7)));
        full("d2_oneclass_ch0", Synthetic.createTestImage2d(40, 50, 5, 9, 2, 0.0, 1, 0, new RandomState(3)));
        full("d2_default_chlast", Synthetic.createTestImage2d(61, 62, 12, 30, 5, 0.0, 5, -1, new RandomState(11)));
        full("d3_noise", Synthetic.createTestImage3d(20, 22, 24, 4, 6, 2, 0.1, 4, null, new RandomState(5)));
    }

    @Test void monaiMapReferenceNumbers() {
        try (Synthetic.Image s = Synthetic.createTestImage3d(32, 32, 32, 3, 8, 3, .1, 1, null, new RandomState(0))) {
            assertEquals(2502.4766, s.image().sum().item(), 1e-3);
            assertEquals(1049, s.label().sum().itemLong());
        }
        try (Synthetic.Image s = Synthetic.createTestImage2d(64, 64, 4, 10, 4, 0, 3, null, new RandomState(42))) {
            assertEquals(350.33331, s.image().sum().item(), 1e-3);
            long[] counts = new long[4];
            for (int v : s.label().toIntArray()) counts[v]++;
            assertArrayEquals(new long[]{3460, 334, 189, 113}, counts);
        }
        stats("d3_ref", Synthetic.createTestImage3d(32, 32, 32, 3, 8, 3, .1, 1, null, new RandomState(0)));
        stats("d2_ref", Synthetic.createTestImage2d(64, 64, 4, 10, 4, 0, 3, null, new RandomState(42)));
    }

    @Test void demoVolumeAndConsecutiveDraws() {
        stats("d3_demo", Synthetic.createTestImage3d(128, 128, 128, 12, 30, 5, 0.0, 1, -1, new RandomState(0)));
        RandomState r = new RandomState(123);
        stats("seq0", Synthetic.createTestImage3d(40, 40, 40, 5, 10, 3, 0.05, 2, 0, r));
        stats("seq1", Synthetic.createTestImage3d(40, 40, 40, 5, 10, 3, 0.05, 2, 0, r));
    }

    @Test void badArgumentsAreNamed() {
        Supplier<RandomState> r = () -> new RandomState(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.createTestImage2d(64, 64, 3, 5, 5, 0, 2, null, r.get()))
                .getMessage().contains("rad_max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.createTestImage3d(20, 64, 64, 3, 10, 5, 0, 2, null, r.get()))
                .getMessage().contains("minimal size 20"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.createTestImage2d(64, 64, 3, 10, 5, 0, 2, 1, r.get()))
                .getMessage().contains("channel dim"));
    }

    @Test void ownsItsTensors() {
        Synthetic.Image s = Synthetic.createTestImage2d(64, 64, new RandomState(1));
        Tensor img = s.image();
        s.close();
        assertThrows(RuntimeException.class, img::toFloatArray);
    }
}
