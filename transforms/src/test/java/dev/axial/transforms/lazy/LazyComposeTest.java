package dev.axial.transforms.lazy;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.Compose;
import dev.axial.transforms.Transform;
import dev.axial.transforms.croppad.CenterSpatialCrop;
import dev.axial.transforms.croppad.CenterSpatialCropd;
import dev.axial.transforms.croppad.SpatialCrop;
import dev.axial.transforms.croppad.SpatialCropd;
import dev.axial.transforms.croppad.SpatialPadd;
import dev.axial.transforms.spatial.Flip;
import dev.axial.transforms.spatial.Flipd;
import dev.axial.transforms.spatial.Orientation;
import dev.axial.transforms.spatial.Orientationd;
import dev.axial.transforms.spatial.Rotate90d;
import dev.axial.transforms.spatial.Spacing;
import dev.axial.transforms.spatial.Spacingd;
import dev.axial.transforms.spatial.Zoomd;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** MONAI's Compose(lazy=True) against tools/fixtures/gen_transforms_lazy.py, and lazy against eager. */
class LazyComposeTest {
    static final Fixtures FX = Fixtures.load("transforms_lazy");
    static final String[] KEYS = {"img", "seg"};

    static double[][] matrix(String key) { return matrix(FX, key); }

    static double[][] matrix(Fixtures fx, String key) {
        double[] v = fx.values(key);
        int n = (int) Math.round(Math.sqrt(v.length));
        double[][] m = new double[n][n];
        for (int i = 0; i < v.length; i++) m[i / n][i % n] = v[i];
        return m;
    }

    static MetaTensor image(String key) { return new MetaTensor(FX.tensor(key, Device.CPU), matrix("A"), null); }

    static Map<String, Object> item() { return Map.of("img", image("x"), "seg", image("seg")); }

    static void same(String name, MetaTensor got, double tol, double affineTol) { same(FX, name, got, tol, affineTol); }

    /** {@code got} against fixture {@code name}: shape, values within {@code tol}, affine within {@code affineTol}. */
    static void same(Fixtures fx, String name, MetaTensor got, double tol, double affineTol) {
        assertArrayEquals(fx.shape(name + ".out"), got.shape(), name + " shape");
        double[] want = fx.values(name + ".out"), g = got.array().toDoubleArray();
        double worst = 0;
        for (int i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - g[i]));
        assertTrue(worst <= Math.max(tol, 1e-6), name + ": worst error " + worst);
        double[][] wa = matrix(fx, name + ".affine"), ga = got.affine();
        for (int i = 0; i < wa.length; i++)
            for (int j = 0; j < wa.length; j++)
                assertEquals(wa[i][j], ga[i][j], affineTol, name + " affine " + Arrays.deepToString(ga));
    }

    static Compose spleen(Boolean lazy) {
        List<String> keys = List.of(KEYS);
        return new Compose(
                new Orientationd("RAS", KEYS),
                new Spacingd(new double[]{1.5, 1.2, 1.7}, KEYS).mode("bilinear", "nearest"),
                new SpatialPadd(keys, 12, 12, 12),
                new CenterSpatialCropd(keys, 10, 11, 9),
                new Rotate90d(1, new int[]{0, 2}, KEYS),
                new Zoomd(new double[]{1.2}, KEYS).mode("bilinear", "nearest")).lazy(lazy);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(Transform t, Map<String, Object> d) { return (Map<String, Object>) t.apply(d); }

    @Test void spleenPipelineLazyEqualsMonaiInOneResampling() {
        try (Scope s = Scope.open()) {
            Compose c = spleen(true).overrides(Map.of("seg", Overrides.NONE.mode("nearest").paddingMode("zeros")));
            Map<String, Object> out = run(c, item());
            for (String k : KEYS) {
                MetaTensor m = (MetaTensor) out.get(k);
                same("spleen.lazy." + k, m, 1e-4, 1e-9);
                assertFalse(m.hasPendingOperations());
                // MONAI's records, in order, marked lazy, for the inverse
                assertEquals(List.of("Orientation", "SpatialResample", "SpatialPad", "CenterSpatialCrop", "Rotate90", "Zoom"),
                        m.appliedOperations().stream().map(o -> o.get(AppliedOperations.CLASS_NAME)).toList());
                assertTrue(m.appliedOperations().stream().allMatch(o -> Boolean.TRUE.equals(o.get(AppliedOperations.LAZY))));
            }
            Map<String, Object> eager = run(spleen(false), item());
            for (String k : KEYS) same("spleen.eager." + k, (MetaTensor) eager.get(k), 1e-4, 1e-9);
        }
    }

    static Compose exact() {
        List<String> keys = List.of(KEYS);
        return new Compose(
                new Orientationd("RAS", KEYS),
                new Flipd(new int[]{0}, KEYS),
                new Rotate90d(3, new int[]{1, 2}, KEYS),
                new SpatialPadd(keys, 11, 12, 13),
                new SpatialCropd(SpatialCrop.ofStartEnd(new long[]{1, 0, 2}, new long[]{9, 12, 10}), KEYS));
    }

    @Test void noInterpolationMeansLazyEqualsEagerExactlyAndInverts() {
        try (Scope s = Scope.open()) {
            Compose c = exact().lazy(true);
            Map<String, Object> lazy = run(c, item());
            Map<String, Object> eager = run(exact().lazy(false), item());
            for (String k : KEYS) {
                same("exact.lazy." + k, (MetaTensor) lazy.get(k), 0, 1e-12);
                same("exact.eager." + k, (MetaTensor) eager.get(k), 0, 1e-12);
                assertArrayEquals(((MetaTensor) eager.get(k)).array().toDoubleArray(), ((MetaTensor) lazy.get(k)).array().toDoubleArray(), 0.0);
            }
            Map<String, Object> back = c.inverse(lazy, KEYS);
            for (String k : KEYS) {
                same("exact.inverse." + k, (MetaTensor) back.get(k), 0, 1e-12);
                assertTrue(((MetaTensor) back.get(k)).appliedOperations().isEmpty());
            }
        }
    }

    @Test void arrayFormsWithOverridesAndLazyNone() {
        try (Scope s = Scope.open()) {
            Compose c = new Compose(new Orientation("RAS"), new Spacing(1.4, 1.4, 1.9), new CenterSpatialCrop(6, 7, 5), new Flip(1))
                    .lazy(true).overrides(Overrides.NONE.mode("nearest"));
            same("array.nearest", (MetaTensor) c.apply(image("x")), 1e-5, 1e-9);
            // lazy=None: each member's own flag; the eager crop in between applies what is pending first
            Compose none = new Compose(new Orientation("RAS").lazy(true), new Spacing(1.4, 1.4, 1.9).lazy(true),
                    new CenterSpatialCrop(6, 7, 5), new Flip(1).lazy(true)).lazy(null);
            same("array.none", (MetaTensor) none.apply(image("x")), 1e-4, 1e-9);
        }
    }

    @Test void pendingOperationsLeaveTheArrayAndPeekGivesTheGeometry() {
        try (Scope s = Scope.open()) {
            MetaTensor img = image("x");
            MetaTensor p = new Orientation("RAS").lazy(true).apply(img);
            p = new Flip(0).lazy(true).apply(p);
            assertSame(img.array(), p.array());
            assertEquals(2, p.pendingOperations().size());
            MetaTensor eager = new Flip(0).apply(new Orientation("RAS").apply(img));
            assertArrayEquals(AppliedOperations.spatialSize(eager.shape()), Lazy.peekPendingShape(p));
            double[][] pa = Lazy.peekPendingAffine(p), ea = eager.affine();
            for (int i = 0; i < 4; i++) assertArrayEquals(ea[i], pa[i], 1e-12);
            MetaTensor applied = Lazy.applyPending(p, null);
            assertArrayEquals(eager.array().toDoubleArray(), applied.array().toDoubleArray(), 0.0);
            assertTrue(img.pendingOperations().isEmpty());
        }
    }

    /** Property: any chain of flips, quarter turns, pads and crops is exact lazily (no interpolation), equal to eager. */
    @Test void randomExactChainsLazyEqualEager() {
        java.util.Random r = new java.util.Random(3);
        for (int trial = 0; trial < 25; trial++) {
            try (Scope s = Scope.open()) {
                List<Transform> ts = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) ts.add(switch (r.nextInt(4)) {
                    case 0 -> new Flip(r.nextInt(3));
                    case 1 -> new dev.axial.transforms.spatial.Rotate90(1 + r.nextInt(3), r.nextInt(2), 2);
                    case 2 -> new dev.axial.transforms.croppad.SpatialPad(6 + r.nextInt(4), 6 + r.nextInt(4), 6 + r.nextInt(4)); // constant (zeros), as the fused crop/pad
                    default -> new CenterSpatialCrop(3 + r.nextInt(4), 3 + r.nextInt(4), 3 + r.nextInt(4));
                });
                MetaTensor img = image("x");
                MetaTensor lazy = (MetaTensor) new Compose(ts).lazy(true).apply(img);
                MetaTensor eager = (MetaTensor) new Compose(ts).lazy(false).apply(img);
                assertArrayEquals(eager.shape(), lazy.shape(), "trial " + trial);
                // NOTE: MONAI's fused crop/pad fills with zeros (padding_mode None), not with a pad's own mode; and a pad after
                // a crop shows, fused, the voxels the crop cut (eagerly zeros): values are compared without that order
                int firstCrop = -1, lastPad = -1;
                for (int i = 0; i < ts.size(); i++) {
                    if (ts.get(i) instanceof CenterSpatialCrop && firstCrop < 0) firstCrop = i;
                    if (ts.get(i) instanceof dev.axial.transforms.croppad.SpatialPad) lastPad = i;
                }
                if (firstCrop < 0 || lastPad < firstCrop) assertArrayEquals(eager.array().toDoubleArray(), lazy.array().toDoubleArray(), 0.0, "trial " + trial);
                double[][] ea = eager.affine(), la = lazy.affine();
                for (int i = 0; i < 4; i++) assertArrayEquals(ea[i], la[i], 1e-9, "trial " + trial);
            }
        }
    }
}
