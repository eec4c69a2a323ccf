package dev.axial.transforms.spatial;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.axial.transforms.spatial.SpatialFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** SpatialResample, Spacing, ResampleToMatch, Resize, Zoom, RandZoom (and dictionary forms) against MONAI; inverses. */
class SpatialResampleTest {
    private static final double TOL = 2e-5;

    /** The inverse brings back the input's shape and affine, and values within {@code tol} where {@code mask} holds. */
    private static void invertsBack(String name, InvertibleTransform t, MetaTensor in, MetaTensor out, double tol) {
        MetaTensor back = t.inverse(out);
        assertArrayEquals(in.shape(), back.shape(), name + " inverse shape");
        sameMatrix(in.affine(), back.affine(), 1e-6, name + " inverse affine");
        assertTrue(back.appliedOperations().isEmpty(), name);
        if (tol > 0) sameTensor(in.array(), back.array(), tol, name + " inverse values");
    }

    @Test void spatialResampleMatchesMonai() {
        try (Scope s = Scope.open()) {
            double[][] dst = matrix("dst");
            same("resample.bilinear", new SpatialResample().apply(x3("A1"), dst, new long[]{5, 6, 4}), TOL);
            same("resample.nearest_zeros", new SpatialResample().mode("nearest").paddingMode("zeros").apply(x3("A1"), dst, new long[]{5, 6, 4}), TOL);
            same("resample.reflection_ac", new SpatialResample().paddingMode("reflection").alignCorners(true).apply(x3("A2"), dst, new long[]{7, 4, 3}), TOL);
            same("resample.auto_size", new SpatialResample().apply(x3("A2"), dst, null), TOL);
            MetaTensor un = new SpatialResample().apply(x3("A2"), matrix("A2"), new long[]{6, 5, 4});
            same("resample.unchanged", un, 0);
            assertEquals(DType.FLOAT32, un.dtype());
            // a resampling onto a finer grid that covers the input inverts closely (bilinear there and back)
            SpatialResample r = new SpatialResample().dstAffine(new double[][]{{0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 0.5, 0}, {0, 0, 0, 1}});
            MetaTensor in = new MetaTensor(x3("A1").array(), new double[][]{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, null);
            MetaTensor fine = r.apply(in);
            assertArrayEquals(new long[]{1, 11, 9, 7}, fine.shape());
            invertsBack("resample", r, in, fine, 1e-5);
        }
    }

    @Test void spacingMatchesMonai() {
        record Case(String name, Spacing sp, String affine) {}
        try (Scope s = Scope.open()) {
            for (Case c : List.of(new Case("p15_A1", new Spacing(1.5), "A1"), new Case("p_A2", new Spacing(0.7, 1.2, 2.0), "A2"),
                    new Case("p_A2_diag", new Spacing(1.0, 1.5).diagonal(true), "A2"),
                    new Case("p_A1_nearest", new Spacing(2.5, 1.3, 2.0).mode("nearest"), "A1"),
                    new Case("p_A2_ac", new Spacing(1.1, 0.9, 1.7).alignCorners(true).paddingMode("zeros"), "A2"),
                    new Case("p_A2_extent", new Spacing(1.1, 0.9, 1.7).scaleExtent(true).alignCorners(true), "A2"),
                    new Case("p_A1_recompute", new Spacing(1.0, 1.0, 2.0).recomputeAffine(true), "A1"),
                    new Case("p_A1_keep", new Spacing(0.0, 2.0, -1.0), "A1"))) {
                MetaTensor out = c.sp.apply(x3(c.affine));
                same("spacing." + c.name, out, TOL);
                if (!c.name.contains("recompute")) invertsBack(c.name, c.sp, x3(c.affine), out, 0);
            }
            same("spacing.c2", new Spacing(0.7, 1.2, 2.0).apply(x3c2("A2")), TOL);
            same("spacing2d.p", new Spacing(1.0, 0.5).apply(x2()), TOL);
            MetaTensor x2a = new MetaTensor(x2().array(), matrix("A2"), null);
            Spacing sp2 = new Spacing(0.9, 1.7);
            MetaTensor o2 = sp2.apply(x2a);
            same("spacing2d.affine4", o2, TOL);
            invertsBack("spacing2d.affine4", sp2, x2a, o2, 0);
            Orientation or2 = new Orientation("LA");
            MetaTensor x2b = new MetaTensor(x2().array(), matrix("A1"), null), r2 = or2.apply(x2b);
            same("orient2d.affine4", r2, 0);
            invertsBack("orient2d.affine4", or2, x2b, r2, 1e-9);
            same("spacing2d.bicubic", new Spacing(0.8, 1.5).mode("bicubic").apply(x2()), TOL);
            Map<String, Object> d = new Spacingd(new double[]{1.3, 1.0, 2.2}, "a", "b").mode("bilinear", "nearest").apply(pair("A2"));
            same("spacingd.a", (MetaTensor) d.get("a"), TOL);
            same("spacingd.b", (MetaTensor) d.get("b"), TOL);
            // monai-map's verified example: zeros(1,10,10,10), diag(2,2,2) -> (1,19,19,19), identity
            MetaTensor z = new Spacing(1).apply(new MetaTensor(Tensor.zeros(1, 10, 10, 10), new double[][]{{2, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 1}}, null));
            same("spacing.verified1", z, 0);
            assertArrayEquals(new long[]{1, 19, 19, 19}, z.shape());
            // Spacing to a finer grid and back: within interpolation error of the input
            Spacing fine = new Spacing(0.5);
            MetaTensor in = new MetaTensor(x3("A1").array(), new double[][]{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, null);
            invertsBack("spacing fine", fine, in, fine.apply(in), 1e-5);
        }
    }

    @Test void resampleToMatchTakesTheReferenceGrid() {
        try (Scope s = Scope.open()) {
            MetaTensor ref = new MetaTensor(x3("A2").array(), matrix("A2"), Map.of(MetaKeys.FILENAME_OR_OBJ, "ref.nii", "extra", "from_ref"));
            MetaTensor src = new MetaTensor(FX.tensor("match.src", dev.axial.tensor.Device.CPU), matrix("A1"), Map.of(MetaKeys.FILENAME_OR_OBJ, "src.nii"));
            ResampleToMatch r = new ResampleToMatch();
            MetaTensor out = r.apply(src, ref);
            same("match.out", out, TOL);
            assertEquals("src.nii", out.meta().get(MetaKeys.FILENAME_OR_OBJ));
            assertEquals("from_ref", out.meta().get("extra"));
            invertsBack("match", r, src, out, 0);
            Map<String, Object> d = new ResampleToMatchd("ref", "img").apply(Map.of("ref", ref, "img", src));
            same("match.out", (MetaTensor) d.get("img"), TOL);
            assertThrows(TransformException.class, () -> r.apply(src));
        }
    }

    @Test void resizeMatchesMonaiAndInverts() {
        record Case(String name, Resize r, boolean twoD) {}
        try (Scope s = Scope.open()) {
            for (Case c : List.of(new Case("area", new Resize(8, -1, 3), false),
                    new Case("trilinear_ac", new Resize(4, 7, 6).mode("trilinear").alignCorners(true), false),
                    new Case("nearest", new Resize(9, 3, 5).mode("nearest"), false),
                    new Case("longest", new Resize(9).sizeMode("longest"), false),
                    new Case("linear", new Resize(3, 8, 4).mode("linear"), false),
                    new Case("c2", new Resize(4, 7, 6).mode("trilinear"), false),
                    new Case("newdim", new Resize(4, 3, 2).mode("nearest"), true))) {
                MetaTensor in = c.name.equals("c2") ? x3c2("A2") : c.twoD ? x2() : x3("A2");
                MetaTensor out = c.r.apply(in);
                same("resize." + c.name, out, TOL);
                invertsBack("resize " + c.name, c.r, in, out, 0);
            }
            same("resize2d.bicubic", new Resize(9, 4).mode("bicubic").apply(x2()), TOL);
            same("resize2d.bilinear", new Resize(5, 8).mode("bilinear").apply(x2()), TOL);
            // nearest upsampling by 2 and back is exact
            Resize up = new Resize(12, 10, 8).mode("nearest");
            invertsBack("resize up", up, x3("A1"), up.apply(x3("A1")), 1e-7);
            Map<String, Object> d = new Resized(new long[]{4, 7, 6}, "a", "b").mode("trilinear", "nearest").apply(pair("A2"));
            sameTensor(new Resize(4, 7, 6).mode("trilinear").apply(x3("A2")).array(), ((MetaTensor) d.get("a")).array(), 0, "resized a");
            sameTensor(new Resize(4, 7, 6).mode("nearest").apply(x3b("A2")).array(), ((MetaTensor) d.get("b")).array(), 0, "resized b");
        }
    }

    @Test void zoomMatchesMonaiAndInverts() {
        record Case(String name, Zoom z) {}
        try (Scope s = Scope.open()) {
            for (Case c : List.of(new Case("in_area", new Zoom(1.5)), new Case("out_edge", new Zoom(0.6)),
                    new Case("aniso_tri", new Zoom(1.3, 0.8, 1.0).mode("trilinear")), new Case("free", new Zoom(1.3, 0.7, 1.6).keepSize(false)),
                    new Case("out_constant", new Zoom(0.7).paddingMode("constant").mode("nearest")))) {
                MetaTensor out = c.z.apply(x3("A2"));
                same("zoom." + c.name, out, TOL);
                invertsBack("zoom " + c.name, c.z, x3("A2"), out, 0);
            }
            same("zoom.c2", new Zoom(1.5).apply(x3c2("A2")), TOL);
            same("zoom2d.bilinear", new Zoom(1.4, 0.6).mode("bilinear").alignCorners(true).apply(x2()), TOL);
            Map<String, Object> d = new Zoomd(new double[]{1.5}, "a", "b").apply(pair("A2"));
            same("zoom.in_area", (MetaTensor) d.get("a"), TOL);
        }
    }

    @Test void randomZoomsDrawAsMonai() {
        record Case(String name, RandZoom z, long seed) {}
        try (Scope s = Scope.open()) {
            for (Case c : List.of(new Case("randzoom_p5", new RandZoom().prob(0.5), 2),
                    new Case("randzoom_3", new RandZoom().prob(0.8).minZoom(0.6, 0.9, 1.0).maxZoom(1.4, 1.1, 1.3).mode("trilinear"), 7),
                    new Case("randzoom_2", new RandZoom().prob(0.9).minZoom(0.7, 1.2).maxZoom(0.9, 1.5).keepSize(false), 8))) {
                c.z.setRandomState(c.seed);
                for (int i = 0; i < 5; i++) {
                    MetaTensor out = c.z.apply(x3("A2"));
                    same(c.name + "." + i, out, TOL);
                    invertsBack(c.name, c.z, x3("A2"), out, 0);
                }
            }
            RandZoomd d = new RandZoomd("a", "b").prob(0.6).minZoom(0.7).maxZoom(1.4).mode("bilinear", "nearest");
            d.setRandomState(9);
            for (int i = 0; i < 5; i++) {
                Map<String, Object> o = d.apply(pair("A2"));
                same("randzoomd.a" + i, (MetaTensor) o.get("a"), TOL);
                same("randzoomd.b" + i, (MetaTensor) o.get("b"), TOL);
                invertsBack("randzoomd", d, x3b("A2"), (MetaTensor) o.get("b"), 0);
            }
        }
    }

    @Test void zoomOutAndBackWithNearestIsExact() {
        try (Scope s = Scope.open()) {
            Zoom z = new Zoom(2.0).mode("nearest").keepSize(false);
            MetaTensor in = x3("A2"), out = z.apply(in);
            assertArrayEquals(new long[]{1, 12, 10, 8}, out.shape());
            invertsBack("zoom 2 nearest", z, in, out, 1e-7);
            // keep_size: zoomed in 2x, centre-cropped; undoing keeps the centre and zero-fills what the crop cut
            Zoom k = new Zoom(2.0).mode("nearest");
            MetaTensor kept = k.apply(in), back = k.inverse(kept);
            assertArrayEquals(in.shape(), kept.shape());
            assertEquals(in.array().getDouble(0, 3, 2, 2), back.array().getDouble(0, 3, 2, 2), 1e-7);
            assertEquals(0.0, back.array().getDouble(0, 0, 0, 0));
        }
    }

    @Test void aDictionaryPipelineInvertsThroughCompose() {
        try (Scope s = Scope.open()) {
            dev.axial.transforms.Compose pre = new dev.axial.transforms.Compose(new Orientationd("RAS", "a", "b"),
                    new Spacingd(new double[]{0.9, 1.1, 1.7}, "a", "b").mode("bilinear", "nearest"),
                    new RandFlipd("a", "b").prob(1).spatialAxis(0), new RandRotate90d("a", "b").prob(1).spatialAxes(0, 2),
                    new RandZoomd("a", "b").prob(1).keepSize(true));
            pre.setRandomState(5);
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) pre.apply(pair("A2"));
            assertEquals(5, ((MetaTensor) out.get("b")).appliedOperations().size());
            Map<String, Object> back = pre.inverse(out, "a", "b");
            for (String k : List.of("a", "b")) {
                MetaTensor m = (MetaTensor) back.get(k);
                assertArrayEquals(x3("A2").shape(), m.shape(), k);
                sameMatrix(matrix("A2"), m.affine(), 1e-6, k + " affine");
                assertTrue(m.appliedOperations().isEmpty(), k);
            }
        }
    }

    @Test void singularAffinesAndBadInputAreNamed() {
        try (Scope s = Scope.open()) {
            double[][] singular = {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
            MetaTensor bad = new MetaTensor(x3("A1").array(), singular, null);
            var e = assertThrows(TransformException.class, () -> new Spacing(1.0).apply(bad));
            assertTrue(e.getMessage().contains("Spacing") && e.getMessage().contains("singular"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new SpatialResample().apply(bad, matrix("A1"), new long[]{3, 3, 3}));
            assertTrue(e.getMessage().contains("SpatialResample") && e.getMessage().contains("singular"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new SpatialResample().apply(x3("A1"), singular, null));
            assertTrue(e.getMessage().contains("singular"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Resize(4, 4).apply(x3("A1")));
            assertTrue(e.getMessage().contains("Resize") && e.getMessage().contains("[1, 6, 5, 4]"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Zoom(1.0, 2.0).apply(x3("A1")));
            assertTrue(e.getMessage().contains("Zoom"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Spacing(1.0).mode("cubic"));
            assertTrue(e.getMessage().contains("mode"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Spacingd(new double[]{1}, "img").apply(Map.of("x", x3("A1"))));
            assertTrue(e.getMessage().contains("img"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Spacing(1.0).apply(new MetaTensor(Tensor.zeros(4), null, null)));
            assertTrue(e.getMessage().contains("Spacing") && e.getMessage().contains("[4]"), e.getMessage());
        }
    }

    @Test void dictionaryFormsEqualArrayForms() {
        try (Scope s = Scope.open()) {
            record Pair(ArrayTransform array, dev.axial.transforms.MapTransform dict) {}
            for (Pair p : List.of(new Pair(new Spacing(0.9, 1.4, 2.0), new Spacingd(new double[]{0.9, 1.4, 2.0}, "a", "b")),
                    new Pair(new Orientation("LIP"), new Orientationd("LIP", "a", "b")),
                    new Pair(new Zoom(0.8), new Zoomd(new double[]{0.8}, "a", "b")),
                    new Pair(new Resize(5, 5, 5), new Resized(new long[]{5, 5, 5}, "a", "b")))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) p.dict.apply(pair("A2"));
                MetaTensor a = p.array.apply(x3("A2")), b = p.array.apply(x3b("A2"));
                sameTensor(a.array(), ((MetaTensor) d.get("a")).array(), 0, p.dict.name() + " a");
                sameTensor(b.array(), ((MetaTensor) d.get("b")).array(), 0, p.dict.name() + " b");
                sameMatrix(a.affine(), ((MetaTensor) d.get("b")).affine(), 0, p.dict.name() + " affine");
            }
        }
    }
}
