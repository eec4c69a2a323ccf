package dev.axial.transforms.lazy;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.Compose;
import dev.axial.transforms.OneOf;
import dev.axial.transforms.RandomOrder;
import dev.axial.transforms.SomeOf;
import dev.axial.transforms.Transform;
import dev.axial.transforms.croppad.ResizeWithPadOrCrop;
import dev.axial.transforms.croppad.ResizeWithPadOrCropd;
import dev.axial.transforms.spatial.Affine;
import dev.axial.transforms.spatial.Affined;
import dev.axial.transforms.spatial.Flip;
import dev.axial.transforms.spatial.Flipd;
import dev.axial.transforms.spatial.Orientationd;
import dev.axial.transforms.spatial.RandAffine;
import dev.axial.transforms.spatial.RandAffined;
import dev.axial.transforms.spatial.RandAxisFlip;
import dev.axial.transforms.spatial.RandAxisFlipd;
import dev.axial.transforms.spatial.RandFlip;
import dev.axial.transforms.spatial.RandFlipd;
import dev.axial.transforms.spatial.RandRotate;
import dev.axial.transforms.spatial.RandRotate90;
import dev.axial.transforms.spatial.RandRotate90d;
import dev.axial.transforms.spatial.RandRotated;
import dev.axial.transforms.spatial.RandZoom;
import dev.axial.transforms.spatial.RandZoomd;
import dev.axial.transforms.spatial.ResampleToMatchd;
import dev.axial.transforms.spatial.Resize;
import dev.axial.transforms.spatial.Resized;
import dev.axial.transforms.spatial.Rotate;
import dev.axial.transforms.spatial.Rotate90;
import dev.axial.transforms.spatial.Rotate90d;
import dev.axial.transforms.spatial.Rotated;
import dev.axial.transforms.spatial.Spacingd;
import dev.axial.transforms.spatial.Zoomd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.axial.transforms.lazy.LazyComposeTest.matrix;
import static dev.axial.transforms.lazy.LazyComposeTest.same;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The resampling and random spatial transforms under MONAI's lazy execution, against tools/fixtures/gen_transforms_lazy2.py
 * (Compose(lazy=True) pipelines, OneOf, a nested Compose, ApplyPendingd, the inverse of a lazy result), and properties:
 * lazy records equal eager ones, random transforms draw as eagerly, exact chains are equal lazily and eagerly.
 */
class LazyResampleTest {
    static final Fixtures FX = Fixtures.load("transforms_lazy2");
    static final String[] KEYS = {"img", "seg"};
    static final String[] IMG = {"img"};

    static MetaTensor image(String key) { return new MetaTensor(FX.tensor(key, Device.CPU), matrix(FX, "A"), null); }

    static Map<String, Object> item(String... keys) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        for (String k : keys) d.put(k, image(k.equals("img") ? "x" : "seg"));
        return d;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(Transform t, Map<String, Object> d) { return (Map<String, Object>) t.apply(d); }

    static void check(String name, Map<String, Object> d, String[] keys, double tol) {
        for (String k : keys) same(FX, name + "." + k, (MetaTensor) d.get(k), tol, 1e-6);
    }

    static Compose aug(boolean lazy) {
        return new Compose(
                new RandAffined(KEYS).prob(1.0).rotateRange(0.3, 0.2, 0.1).scaleRange(0.1).translateRange(1, 0.5, 0).paddingMode("zeros"),
                new Rotated(new double[]{0.2, 0.0, 0.1}, KEYS).keepSize(false),
                new Resized(new long[]{8, 7, 6}, KEYS),
                new ResizeWithPadOrCropd(List.of(KEYS), 9, 6, 7)).lazy(lazy);
    }

    @Test void resamplingTransformsFuseLazilyAsMonaiAndInvert() {
        try (Scope s = Scope.open()) {
            Compose c = aug(true).overrides(Map.of("seg", Overrides.NONE.mode("nearest").paddingMode("zeros")));
            c.setRandomState(5);
            Map<String, Object> out = run(c, item(KEYS));
            check("aug.lazy", out, KEYS, 1e-4);
            for (String k : KEYS) {
                MetaTensor m = (MetaTensor) out.get(k);
                assertEquals(List.of("RandAffined", "Rotate", "Resize", "ResizeWithPadOrCrop"),
                        m.appliedOperations().stream().map(o -> o.get(AppliedOperations.CLASS_NAME)).toList());
                assertTrue(m.appliedOperations().stream().allMatch(o -> Boolean.TRUE.equals(o.get(AppliedOperations.LAZY))));
            }
            // MONAI's Compose.inverse of the lazy result: each record undone eagerly, in reverse
            Map<String, Object> back = c.inverse(out, KEYS);
            check("aug.inverse", back, KEYS, 1e-4);
            Compose e = aug(false);
            e.setRandomState(5);
            check("aug.eager", run(e, item(KEYS)), KEYS, 1e-4);
        }
    }

    @Test void affineAndArrayFormsLazily() {
        try (Scope s = Scope.open()) {
            Compose aff = new Compose(new Affined(KEYS).rotateParams(0.1, 0.0, 0.3).scaleParams(1.1, 0.9, 1.0).spatialSize(6, 6, 6)
                    .paddingMode("zeros")).lazy(true);
            check("affine.lazy", run(aff, item(KEYS)), KEYS, 1e-4);
            Compose arr = new Compose(new RandAffine().prob(1.0).rotateRange(0.3).scaleRange(0.1), new Rotate(0.0, 0.2, 0.0),
                    new Resize(8, 6, 7), new ResizeWithPadOrCrop(7, 7, 7)).lazy(true).overrides(Overrides.NONE.mode("nearest"));
            arr.setRandomState(9);
            same(FX, "array", (MetaTensor) arr.apply(image("x")), 1e-4, 1e-6);
        }
    }

    static Compose rnd(boolean lazy) {
        return new Compose(
                new RandFlipd(IMG).prob(0.5).spatialAxis(0),
                new RandAxisFlipd(IMG).prob(0.6),
                new RandRotate90d(IMG).prob(0.7).maxK(3).spatialAxes(0, 2),
                new RandZoomd(IMG).prob(0.7).minZoom(0.8).maxZoom(1.3).keepSize(true),
                new RandRotated(IMG).rangeX(0.3).rangeZ(0.2).prob(0.7)).lazy(lazy);
    }

    @Test void randomTransformsDrawAsEagerAndFuseAsMonai() {
        for (int seed = 0; seed < 4; seed++) {
            try (Scope s = Scope.open()) {
                Compose lazy = rnd(true), eager = rnd(false);
                lazy.setRandomState(seed);
                eager.setRandomState(seed);
                Map<String, Object> lo = run(lazy, item(IMG)), eo = run(eager, item(IMG));
                check("rand" + seed + ".lazy", lo, IMG, 1e-4);
                check("rand" + seed + ".eager", eo, IMG, 1e-4);
                // the same draws: the same transforms acted lazily and eagerly
                assertEquals(done((MetaTensor) eo.get("img")), done((MetaTensor) lo.get("img")), "seed " + seed);
            }
        }
    }

    static List<Boolean> done(MetaTensor m) {
        return m.appliedOperations().stream().map(o -> (Boolean) o.get(AppliedOperations.DO_TRANSFORM)).toList();
    }

    static Compose exact() {
        return new Compose(new RandFlipd(IMG).prob(0.5).spatialAxis(1), new RandAxisFlipd(IMG).prob(0.5),
                new RandRotate90d(IMG).prob(0.7).spatialAxes(1, 2));
    }

    @Test void exactRandomChainsLazyEqualEagerAndMonaiAndInvert() {
        for (int seed = 0; seed < 3; seed++) {
            try (Scope s = Scope.open()) {
                Compose c = exact().lazy(true);
                c.setRandomState(seed);
                Map<String, Object> lo = run(c, item(IMG));
                check("exact" + seed + ".lazy", lo, IMG, 0);
                double[] flags = FX.values("exact" + seed + ".done");
                List<Boolean> want = Arrays.stream(flags).mapToObj(v -> v != 0).toList();
                assertEquals(want, done((MetaTensor) lo.get("img")), "seed " + seed);
                check("exact" + seed + ".inverse", c.inverse(lo, IMG), IMG, 0);
                Compose e = exact().lazy(false);
                e.setRandomState(seed);
                MetaTensor eo = (MetaTensor) run(e, item(IMG)).get("img");
                assertArrayEquals(eo.array().toDoubleArray(), ((MetaTensor) lo.get("img")).array().toDoubleArray(), 0.0);
            }
        }
    }

    @Test void oneOfWithLazyMembersRunsLazilyAndRecordsItsChoice() {
        for (int seed : new int[]{0, 1, 4}) {
            try (Scope s = Scope.open()) {
                OneOf one = new OneOf(List.of(new Flipd(new int[]{0}, KEYS), new Rotate90d(1, new int[]{0, 1}, KEYS),
                        new Zoomd(new double[]{1.3}, KEYS).keepSize(false)), 0.2, 0.3, 0.5);
                Compose c = new Compose(new Orientationd("RAS", KEYS), one, new Spacingd(new double[]{1.25, 0.9, 1.6}, KEYS)).lazy(true);
                c.setRandomState(seed);
                Map<String, Object> out = run(c, item(KEYS));
                MetaTensor m = (MetaTensor) out.get("img");
                Map<String, Object> rec = m.appliedOperations().stream().filter(o -> "OneOf".equals(o.get(AppliedOperations.CLASS_NAME)))
                        .findFirst().orElseThrow();
                assertEquals((int) FX.values("oneof" + seed + ".index")[0], ((Number) AppliedOperations.extraInfo(rec).get(OneOf.INDEX)).intValue());
                // MONAI: the member's pending operations are applied at the OneOf's end, its record is not lazy
                assertNotEquals(Boolean.TRUE, rec.get(AppliedOperations.LAZY));
                check("oneof" + seed + ".lazy", out, KEYS, 1e-4);
            }
        }
    }

    @Test void someOfAndRandomOrderWithLazyMembersAsMonai() {
        for (int seed = 0; seed < 3; seed++) {
            try (Scope s = Scope.open()) {
                Compose some = new Compose(new Orientationd("RAS", IMG),
                        new SomeOf(List.of(new Flipd(new int[]{0}, IMG), new Rotate90d(1, new int[]{0, 2}, IMG),
                                new Zoomd(new double[]{0.8}, IMG).keepSize(true))).numTransforms(1, 3),
                        new Rotated(new double[]{0.1, 0.0, 0.0}, IMG)).lazy(true);
                some.setRandomState(seed);
                check("someof" + seed + ".lazy", run(some, item(IMG)), IMG, 1e-4);
                Compose order = new Compose(new RandomOrder(List.of(new Zoomd(new double[]{1.2}, IMG).keepSize(false),
                        new Flipd(new int[]{1}, IMG), new Rotate90d(1, new int[]{1, 2}, IMG))), new Resized(new long[]{6, 6, 6}, IMG)).lazy(true);
                order.setRandomState(seed);
                check("randomorder" + seed + ".lazy", run(order, item(IMG)), IMG, 1e-4);
            }
        }
    }

    @SuppressWarnings("unchecked")
    @Test void randSpatialCropSamplesLazilyFuseEachSample() {
        try (Scope s = Scope.open()) {
            var crops = new dev.axial.transforms.croppad.RandSpatialCropSamplesd(List.of(KEYS), 3, 4, 5, 4);
            crops.transform().randomSize(false);
            Compose c = new Compose(new Flipd(new int[]{0}, KEYS), new Zoomd(new double[]{1.2}, KEYS).keepSize(false), crops,
                    new Rotate90d(1, new int[]{0, 1}, KEYS)).lazy(true);
            c.setRandomState(3);
            List<Map<String, Object>> out = (List<Map<String, Object>>) c.apply(item(KEYS));
            assertEquals(3, out.size());
            for (int i = 0; i < 3; i++) {
                check("samples." + i + ".lazy", out.get(i), KEYS, 1e-4);
                MetaTensor m = (MetaTensor) out.get(i).get("img");
                assertEquals(i, ((Number) m.meta().get(dev.axial.transforms.croppad.MultiSampleCrop.PATCH_INDEX)).intValue());
                assertEquals(4, m.appliedOperations().size());
            }
            // each sample inverts (eagerly) back to the input's shape
            MetaTensor back = (MetaTensor) c.inverse(out.get(0), KEYS).get("img");
            assertArrayEquals(image("x").shape(), back.shape());
            assertTrue(back.appliedOperations().isEmpty());
        }
    }

    @Test void nestedComposeRunsLazilyAndApplyPendingdOnlyItsKeys() {
        try (Scope s = Scope.open()) {
            Compose nested = new Compose(new Flipd(new int[]{1}, KEYS),
                    new Compose(new Rotate90d(1, new int[]{0, 2}, KEYS), new Resized(new long[]{6, 6, 6}, KEYS)),
                    new Zoomd(new double[]{0.8}, KEYS).keepSize(true)).lazy(true);
            check("nested.lazy", run(nested, item(KEYS)), KEYS, 1e-4);
            Compose ap = new Compose(new Spacingd(new double[]{1.4, 1.2, 1.7}, KEYS), new ApplyPendingd("seg"),
                    new Rotated(new double[]{0.3, 0.0, 0.0}, KEYS)).lazy(true);
            check("applypending.lazy", run(ap, item(KEYS)), KEYS, 1e-4);
            Compose rtm = new Compose(new Spacingd(new double[]{1.5, 1.4, 1.7}, "seg"), new Flipd(new int[]{2}, KEYS),
                    new ResampleToMatchd("seg", "img")).lazy(true);
            check("resampletomatch.lazy", run(rtm, item(KEYS)), KEYS, 1e-4);
            // ApplyPending (array form) does nothing outside a Compose
            MetaTensor p = new Flip(0).lazy(true).apply(image("x"));
            assertSame(p, new ApplyPending().apply(p));
        }
    }

    /** Property: each transform run lazily, once its pending operation is applied, records what it records eagerly. */
    @Test void lazyRecordsEqualEagerRecords() {
        List<Supplier<Transform>> makers = List.of(
                () -> new Resize(8, 5, 6), () -> new Rotate(0.2, 0.1, 0.0).keepSize(false),
                () -> new Affine().rotateParams(0.2).spatialSize(6, 6, 6), () -> new ResizeWithPadOrCrop(9, 4, 6),
                () -> new RandAffine().prob(0.5).rotateRange(0.3), () -> new RandFlip().prob(0.5), () -> new RandAxisFlip().prob(0.5),
                () -> new RandRotate90().prob(0.5), () -> new RandZoom().prob(0.5), () -> new RandRotate().rangeX(0.3).prob(0.5),
                () -> new Rotate90(1, 0, 2),
                () -> new dev.axial.transforms.spatial.SpatialResample().dstAffine(new double[][]{{0, -1.2, 0, 4}, {1.4, 0, 0, -2}, {0, 0, 1.7, 3}, {0, 0, 0, 1}}));
        for (int seed = 0; seed < 4; seed++) {
            for (Supplier<Transform> make : makers) {
                try (Scope s = Scope.open()) {
                    Transform lt = make.get(), et = make.get();
                    ((LazyTransform) lt).lazy(true);
                    lt.setRandomState(seed);
                    et.setRandomState(seed);
                    MetaTensor img = image("x");
                    MetaTensor pending = (MetaTensor) lt.apply(img);
                    assertEquals(1, pending.pendingOperations().size(), lt.name());
                    MetaTensor eager = (MetaTensor) et.apply(img);
                    assertArrayEquals(AppliedOperations.spatialSize(eager.shape()), Lazy.peekPendingShape(pending), lt.name());
                    MetaTensor applied = Lazy.applyPending(pending, null);
                    Map<String, Object> lr = applied.appliedOperations().getLast(), er = eager.appliedOperations().getLast();
                    assertEquals(er.get(AppliedOperations.CLASS_NAME), lr.get(AppliedOperations.CLASS_NAME));
                    assertEquals(er.get(AppliedOperations.DO_TRANSFORM), lr.get(AppliedOperations.DO_TRANSFORM), lt.name() + " seed " + seed);
                    assertArrayEquals((long[]) er.get(AppliedOperations.ORIG_SIZE), (long[]) lr.get(AppliedOperations.ORIG_SIZE));
                    if (Boolean.TRUE.equals(er.get(AppliedOperations.DO_TRANSFORM)))
                        assertEquals(AppliedOperations.extraInfo(er).keySet(), AppliedOperations.extraInfo(lr).keySet(), lt.name());
                    double[][] ea = eager.affine(), la = applied.affine();
                    for (int i = 0; i < ea.length; i++) assertArrayEquals(ea[i], la[i], 1e-9, lt.name() + " seed " + seed);
                    // and the lazily applied result inverts (the record is undone eagerly)
                    MetaTensor back = ((dev.axial.transforms.InvertibleTransform) lt).inverse(applied);
                    assertArrayEquals(img.shape(), back.shape(), lt.name());
                    assertTrue(back.appliedOperations().isEmpty(), lt.name());
                }
            }
        }
    }

    /** Property: SomeOf and RandomOrder of exact members give the same result (and draws) lazily and eagerly. */
    @Test void someOfAndRandomOrderLazyEqualEager() {
        for (int seed = 0; seed < 6; seed++) {
            for (int kind = 0; kind < 2; kind++) {
                try (Scope s = Scope.open()) {
                    List<Object> results = new ArrayList<>();
                    for (boolean lazy : new boolean[]{true, false}) {
                        List<Transform> members = List.of(new Flip(0), new Rotate90(1, 1, 2), new RandFlip().prob(0.5).spatialAxis(2));
                        Transform t = kind == 0 ? new SomeOf(members).numTransforms(1, 3) : new RandomOrder(members);
                        Compose c = new Compose(new Rotate90(1, 0, 1), t, new Flip(1)).lazy(lazy);
                        c.setRandomState(seed);
                        MetaTensor out = (MetaTensor) c.apply(image("x"));
                        assertFalse(out.hasPendingOperations());
                        results.add(out);
                    }
                    MetaTensor l = (MetaTensor) results.get(0), e = (MetaTensor) results.get(1);
                    assertArrayEquals(e.shape(), l.shape());
                    assertArrayEquals(e.array().toDoubleArray(), l.array().toDoubleArray(), 0.0, "seed " + seed + " kind " + kind);
                    assertEquals(e.appliedOperations().stream().map(o -> o.get(AppliedOperations.CLASS_NAME)).toList(),
                            l.appliedOperations().stream().map(o -> o.get(AppliedOperations.CLASS_NAME)).toList());
                }
            }
        }
    }

    static List<Object> lazyFlags(MetaTensor m) { return m.appliedOperations().stream().map(o -> o.get(AppliedOperations.LAZY)).toList(); }

    /** MONAI passes the outer Compose's flag to a nested one (False forces it eager); with the outer None the inner one's own flag decides. */
    @Test void nestedComposeTakesTheOuterFlagUnlessNone() {
        try (Scope s = Scope.open()) {
            Compose forcedEager = new Compose(new Flip(0), new Compose(new Flip(1), new Rotate90(1, 0, 2)).lazy(true)).lazy(false);
            MetaTensor e = (MetaTensor) forcedEager.apply(image("x"));
            assertEquals(List.of(false, false, false), lazyFlags(e).stream().map(Boolean.TRUE::equals).toList());
            Compose byInner = new Compose(new Flip(0), new Compose(new Flip(1), new Rotate90(1, 0, 2)).lazy(true)).lazy(null);
            MetaTensor l = (MetaTensor) byInner.apply(image("x"));
            assertEquals(List.of(false, true, true), lazyFlags(l).stream().map(Boolean.TRUE::equals).toList());
            assertArrayEquals(e.array().toDoubleArray(), l.array().toDoubleArray(), 0.0);
        }
    }

    @Test void badInputLazilyNamesTheTransform() {
        try (Scope s = Scope.open()) {
            MetaTensor img = image("x");
            var ex = assertThrows(dev.axial.transforms.TransformException.class, () -> new Resize(4, 4, 4, 2).lazy(true).apply(img));
            assertTrue(ex.getMessage().contains("Resize") && ex.getMessage().contains("[1, 7, 6, 5]"), ex.getMessage());
            MetaTensor flat = new MetaTensor(dev.axial.tensor.Tensor.zeros(7, 6), null, null);
            var ex2 = assertThrows(dev.axial.transforms.TransformException.class, () -> new Rotate(0.1).lazy(true).apply(flat));
            assertTrue(ex2.getMessage().contains("Rotate") && ex2.getMessage().contains("[7, 6]"), ex2.getMessage());
        }
    }
}
