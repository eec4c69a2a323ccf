package dev.axial.data;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** RandRotate90(d) against MONAI with the same seeds (tools/fixtures/gen_crop_rotate.py); the crops moved to dev.axial.transforms.croppad. */
class CropRotateTest {
    private static final Fixtures FX = Fixtures.load("crop_rotate");

    private static void same(String key, Tensor got) {
        assertArrayEquals(FX.shape(key), got.shape(), key + " shape");
        double[] want = FX.values(key), g = got.toDoubleArray();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 1e-6, key + "[" + i + "]");
    }

    private static void sameMatrix(String key, double[][] got) {
        double[] want = FX.values(key);
        int n = got.length;
        assertEquals(want.length, n * n, key);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) assertEquals(want[i * n + j], got[i][j], 1e-9, key + "[" + i + "][" + j + "]");
    }

    @Test void rotationsMatchMonaiCallAfterCall() {
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor("rot.x", Device.CPU);
            record Case(String name, RandRotate90 rot, long seed) {}
            for (Case c : List.of(new Case("rot_default", new RandRotate90(), 0),
                    new Case("rot_p5_02", new RandRotate90().prob(0.5).spatialAxes(0, 2), 1),
                    new Case("rot_p9_k1_21", new RandRotate90().prob(0.9).maxK(1).spatialAxes(2, 1), 2))) {
                c.rot.setRandomState(c.seed);
                for (int i = 0; i < 8; i++) same(c.name + "." + i, c.rot.apply(x));
            }
            RandRotate90d d = new RandRotate90d("a", "b").prob(0.5).spatialAxes(0, 2).setRandomState(3);
            Tensor b = x.slice(0, 0, 1).mul(2);
            for (int i = 0; i < 8; i++) {
                Map<String, Object> o = d.apply(Map.of("a", x, "b", b));
                same("rotd.a" + i, (Tensor) o.get("a"));
                same("rotd.b" + i, (Tensor) o.get("b"));
            }
        }
    }

    @Test void rotatedMetaTensorAffinesMatchMonai() {
        try (Scope s = Scope.open()) {
            Tensor x = FX.tensor("rot.x", Device.CPU);
            double[] a = FX.values("meta_crop.affine_in");
            double[][] aff = new double[4][4];
            for (int i = 0; i < 16; i++) aff[i / 4][i % 4] = a[i];
            double[][] aff2 = {{0.5, 0.2, 3.0}, {-0.1, 2.0, 1.0}, {0, 0, 1}};
            for (int k = 1; k <= 3; k++) {
                for (int[] ax : new int[][]{{0, 1}, {1, 2}, {0, 2}})
                    sameMatrix("rotmeta.k" + k + "_" + ax[0] + ax[1], RandRotate90.rot90(new MetaTensor(x, aff, null), k, ax).affine());
                sameMatrix("rotmeta2d.k" + k, RandRotate90.rot90(new MetaTensor(x.select(3, 0), aff2, null), k, 0, 1).affine());
            }
        }
    }

    @Test void badInputIsNamed() {
        try (Scope s = Scope.open()) {
            Tensor img = Tensor.zeros(1, 4, 4);
            var r = assertThrows(IllegalArgumentException.class, () -> RandRotate90.rot90(img, 1, 0, 2));
            assertTrue(r.getMessage().contains("RandRotate90"), r.getMessage());
            var d = assertThrows(IllegalArgumentException.class, () -> new RandRotate90d("nope").prob(1).apply(Map.of("a", img)));
            assertTrue(d.getMessage().contains("nope"), d.getMessage());
        }
    }
}
