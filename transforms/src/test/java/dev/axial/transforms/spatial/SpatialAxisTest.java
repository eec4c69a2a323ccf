package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.Compose;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.axial.transforms.spatial.SpatialFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** Flip, RandFlip, RandAxisFlip, Rotate90, RandRotate90, Orientation (and dictionary forms) against MONAI; exact inverses. */
class SpatialAxisTest {
    /** Applies {@code t}, checks against MONAI's case, inverts exactly back to the input. */
    private static void checkAndInvert(String name, ArrayTransform t, MetaTensor in) {
        MetaTensor out = t.apply(in);
        same(name, out, 0);
        assertEquals(1, out.appliedOperations().size(), name);
        MetaTensor back = ((InvertibleTransform) t).inverse(out);
        sameTensor(in.array(), back.array(), 0, name + " inverse");
        sameMatrix(in.affine(), back.affine(), 1e-9, name + " inverse affine");
        assertTrue(back.appliedOperations().isEmpty(), name);
    }

    @Test void flipsMatchMonaiAndInvert() {
        try (Scope s = Scope.open()) {
            checkAndInvert("flip.all", new Flip(), x3("A1"));
            checkAndInvert("flip.0", new Flip(0), x3("A1"));
            checkAndInvert("flip.12", new Flip(1, 2), x3("A1"));
            checkAndInvert("flip.m1", new Flip(-1), x3("A1"));
            checkAndInvert("flip2d.0", new Flip(0), x2());
            Map<String, Object> d = new Flipd(new int[]{1, 2}, "a", "b").apply(pair("A1"));
            same("flip.12", (MetaTensor) d.get("a"), 0);
        }
    }

    @Test void randomFlipsDrawAsMonai() {
        try (Scope s = Scope.open()) {
            RandFlip f = new RandFlip().prob(0.5).spatialAxis(1);
            f.setRandomState(3);
            for (int i = 0; i < 5; i++) checkAndInvert("randflip_p5." + i, f, x3("A1"));
            RandFlip g = new RandFlip();
            g.setRandomState(0);
            for (int i = 0; i < 5; i++) same("randflip_default." + i, g.apply(x3("A1")), 0);
            RandAxisFlip a = new RandAxisFlip().prob(0.7);
            a.setRandomState(5);
            for (int i = 0; i < 5; i++) checkAndInvert("randaxisflip." + i, a, x3("A1"));

            RandFlipd fd = new RandFlipd("a", "b").prob(0.5).spatialAxis(0);
            fd.setRandomState(4);
            RandAxisFlipd ad = new RandAxisFlipd("a", "b").prob(0.6).setRandomState(6);
            for (int i = 0; i < 5; i++) {
                Map<String, Object> o = fd.apply(pair("A1"));
                same("randflipd.a" + i, (MetaTensor) o.get("a"), 0);
                same("randflipd.b" + i, (MetaTensor) o.get("b"), 0);
                Map<String, Object> back = fd.inverse(o);
                sameTensor(x3("A1").array(), ((MetaTensor) back.get("a")).array(), 0, "randflipd inverse");
                Map<String, Object> p = ad.apply(pair("A1"));
                same("randaxisflipd.a" + i, (MetaTensor) p.get("a"), 0);
                same("randaxisflipd.b" + i, (MetaTensor) p.get("b"), 0);
                sameTensor(x3b("A1").array(), ((MetaTensor) ad.inverse(p).get("b")).array(), 0, "randaxisflipd inverse");
            }
        }
    }

    @Test void quarterTurnsMatchMonaiAndInvert() {
        try (Scope s = Scope.open()) {
            for (int k = 1; k <= 3; k++)
                for (int[] ax : new int[][]{{0, 1}, {1, 2}, {0, 2}, {2, 0}})
                    checkAndInvert("rot90.k" + k + "_" + ax[0] + ax[1], new Rotate90(k, ax), x3("A2"));
            checkAndInvert("rot90.km1_01", new Rotate90(-1, 0, 1), x3("A2"));
            checkAndInvert("rot90_2d.k1", new Rotate90(), x2());
            Map<String, Object> d = new Rotate90d(2, new int[]{1, 2}, "a").apply(Map.of("a", x3("A2")));
            same("rot90.k2_12", (MetaTensor) d.get("a"), 0);
        }
    }

    @Test void randomQuarterTurnsMatchMonaiCallAfterCall() {
        record Case(String name, RandRotate90 rot, long seed) {}
        try (Scope s = Scope.open()) {
            for (Case c : List.of(new Case("randrot90_default", new RandRotate90(), 0),
                    new Case("randrot90_p5_02", new RandRotate90().prob(0.5).spatialAxes(0, 2), 1),
                    new Case("randrot90_p9_k1_21", new RandRotate90().prob(0.9).maxK(1).spatialAxes(2, 1), 2))) {
                c.rot.setRandomState(c.seed);
                for (int i = 0; i < 6; i++) checkAndInvert(c.name + "." + i, c.rot, x3("A1"));
            }
            RandRotate90d d = new RandRotate90d("a", "b").prob(0.5).spatialAxes(0, 2).setRandomState(3);
            for (int i = 0; i < 6; i++) {
                Map<String, Object> o = d.apply(pair("A1"));
                same("randrot90d.a" + i, (MetaTensor) o.get("a"), 0);
                same("randrot90d.b" + i, (MetaTensor) o.get("b"), 0);
                MetaTensor back = (MetaTensor) d.inverse(o).get("b");
                sameTensor(x3b("A1").array(), back.array(), 0, "randrot90d inverse");
                sameMatrix(matrix("A1"), back.affine(), 1e-9, "randrot90d inverse affine");
            }
            // plain tensors are wrapped (identity affine), as in the training demo
            Map<String, Object> plain = new RandRotate90d("a").prob(1).apply(Map.of("a", Tensor.zeros(1, 2, 3, 4)), new dev.axial.tensor.RandomState(0));
            assertEquals(4, ((MetaTensor) plain.get("a")).shape().length);
        }
    }

    @Test void orientationMatchesMonaiAndInverts() {
        try (Scope s = Scope.open()) {
            for (String codes : List.of("RAS", "LPS", "PLI", "SAR"))
                for (String a : List.of("A1", "A2")) checkAndInvert("orient." + a + "_" + codes, new Orientation(codes), x3(a));
            checkAndInvert("orient.canonical_A1", new Orientation(null).asClosestCanonical(true), x3("A1"));
            checkAndInvert("orient.labels_A1", new Orientation("RFU").labels(new String[]{"R", "L"}, new String[]{"F", "B"}, new String[]{"D", "U"}), x3("A1"));
            checkAndInvert("orient2d.RA", new Orientation("RA"), x2());
            checkAndInvert("orient2d.LP", new Orientation("LP"), x2());
            Map<String, Object> d = new Orientationd("PLI", "a", "b").apply(pair("A2"));
            same("orient.A2_PLI", (MetaTensor) d.get("a"), 0);

            // monai-map's verified example: diag(-1,-1,1) + (5,6,7), arange(24) -> I, (4,4,7), out[0,:,0,0] = [20, 8]
            double[][] a = {{-1, 0, 0, 5}, {0, -1, 0, 6}, {0, 0, 1, 7}, {0, 0, 0, 1}};
            MetaTensor o = new Orientation("RAS").apply(new MetaTensor(Tensor.arange(24).reshape(1, 2, 3, 4).to(dev.axial.tensor.DType.FLOAT32), a, null));
            sameMatrix(new double[][]{{1, 0, 0, 4}, {0, 1, 0, 4}, {0, 0, 1, 7}, {0, 0, 0, 1}}, o.affine(), 1e-12, "verified");
            assertEquals(20.0, o.array().getDouble(0, 0, 0, 0));
            assertEquals(8.0, o.array().getDouble(0, 1, 0, 0));
        }
    }

    @Test void composeInvertsAChainExactly() {
        try (Scope s = Scope.open()) {
            Compose c = new Compose(new Orientation("RAS"), new Flip(0), new RandRotate90().prob(1).spatialAxes(1, 2), new RandAxisFlip().prob(1));
            c.setRandomState(11);
            MetaTensor in = x3("A2");
            MetaTensor out = (MetaTensor) c.apply(in);
            assertEquals(4, out.appliedOperations().size());
            MetaTensor back = c.inverse(out);
            sameTensor(in.array(), back.array(), 0, "compose inverse");
            sameMatrix(in.affine(), back.affine(), 1e-9, "compose inverse affine");
        }
    }

    @Test void badInputIsNamed() {
        try (Scope s = Scope.open()) {
            MetaTensor img = x3("A1");
            var e = assertThrows(TransformException.class, () -> new Flip(3).apply(img));
            assertTrue(e.getMessage().contains("Flip") && e.getMessage().contains("3 spatial dims"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Rotate90(1, 0, 0).apply(img));
            assertTrue(e.getMessage().contains("Rotate90"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new RandRotate90d("nope").prob(1).apply(Map.of("a", img)));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Orientation("RA").apply(img));
            assertTrue(e.getMessage().contains("axcodes"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Orientation("RRS").apply(img));
            assertTrue(e.getMessage().contains("twice"), e.getMessage());
            double[][] singular = {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
            e = assertThrows(TransformException.class, () -> new Orientation("RAS").apply(new MetaTensor(img.array(), singular, null)));
            assertTrue(e.getMessage().contains("singular"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Flip().inverse(img));
            assertTrue(e.getMessage().contains("no applied operations"), e.getMessage());
            e = assertThrows(TransformException.class, () -> new Flip().inverse(new Rotate90().apply(img)));
            assertTrue(e.getMessage().contains("Rotate90"), e.getMessage());
        }
    }
}
