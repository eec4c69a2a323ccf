package dev.axial.transforms.spatial;

import dev.axial.tensor.AffineMath;
import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.MapTransform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** Axial's grid-based spatial transforms against MONAI 1.5 (tools/fixtures/gen_transforms_spatial2.py). */
class GridSpatialFixtureTest {
    static final Fixtures FX = Fixtures.load("transforms_spatial2");
    static final double TOL = 2e-4;
    static Scope scope;

    @BeforeAll static void open() { scope = Scope.open(); }

    @AfterAll static void close() { scope.close(); }

    static double[][] matrix(String key) {
        double[] v = FX.values(key);
        int n = (int) Math.round(Math.sqrt(v.length));
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(v, i * n, m[i], 0, n);
        return m;
    }

    static MetaTensor img(String which) {
        String x = which.equals("seg") ? "in2.seg" : which + ".x";
        String a = which.equals("seg") ? "in2.affine" : which + ".affine";
        return new MetaTensor(FX.float32(x, Device.CPU), matrix(a), null);
    }

    static MetaTensor in2() { return img("in2"); }

    static MetaTensor in3() { return img("in3"); }

    static void assertValues(String key, Tensor actual) {
        assertArrayEquals(FX.shape(key), actual.shape(), key + " shape");
        double[] e = FX.values(key), a = actual.to(dev.axial.tensor.DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < e.length; i++)
            assertEquals(e[i], a[i], TOL, key + " at " + i);
    }

    static void assertAffine(String key, double[][] actual) {
        double[][] e = matrix(key);
        for (int i = 0; i < e.length; i++) assertArrayEquals(e[i], actual[i], 1e-5, key + " row " + i);
    }

    static void assertOut(String name, MetaTensor out) {
        assertValues(name + ".x", out.array());
        assertAffine(name + ".affine", out.affine());
    }

    static boolean acted(MetaTensor out) {
        return Boolean.TRUE.equals(out.appliedOperations().getLast().get(AppliedOperations.DO_TRANSFORM));
    }

    @Test void affineGrid() {
        AffineGrid.Result r = new AffineGrid().rotateParams(0.3).shearParams(0.1, -0.2).translateParams(1, -0.5).scaleParams(1.1, 0.9).apply(4, 3);
        assertValues("affinegrid2.grid", r.grid());
        assertAffine("affinegrid2.matrix", r.affine());
        r = new AffineGrid().rotateParams(0.2, -0.1, 0.3).shearParams(0.1, 0, -0.1, 0.05, 0, 0.2).translateParams(1, 0, -1)
                .scaleParams(1.2, 1, 0.8).alignCorners(true).apply(3, 2, 4);
        assertValues("affinegrid3ac.grid", r.grid());
        assertAffine("affinegrid3ac.matrix", r.affine());
    }

    @Test void resample() {
        Tensor x = FX.float32("in2.x", Device.CPU), grid = FX.float32("resample2.grid", Device.CPU);
        assertValues("resample2.bilinear_border_0", new Resample().apply(x, grid));
        assertValues("resample2.nearest_zeros_0", new Resample().mode("nearest").paddingMode("zeros").apply(x, grid));
        assertValues("resample2.bilinear_reflection_1", new Resample().paddingMode("reflection").alignCorners(true).apply(x, grid));
        assertValues("resample2.1_border_0", new Resample().mode(1).apply(x, grid));
        assertValues("resample2.0_nearest_0", new Resample().mode(0).paddingMode("nearest").apply(x, grid));
    }

    static Affine affine2() { return new Affine().rotateParams(0.3).shearParams(0.1, -0.2).translateParams(1, -0.5).scaleParams(1.1, 0.9); }

    static Affine affine3() {
        return new Affine().rotateParams(0.2, -0.1, 0.3).shearParams(0.1, 0, -0.1, 0.05, 0, 0.2).translateParams(1, 0, -1).scaleParams(1.2, 1, 0.8);
    }

    static void checkWithInverse(String name, InvertibleTransform t, MetaTensor in, boolean inverse) {
        MetaTensor out = ((ArrayTransform) t).apply(in);
        assertOut(name, out);
        if (inverse) {
            MetaTensor back = t.inverse(out);
            assertOut(name + ".inverse", back);
            assertTrue(back.appliedOperations().isEmpty());
        }
    }

    @Test void affine() {
        checkWithInverse("affine2", affine2(), in2(), true);
        checkWithInverse("affine2_size_nearest_zeros", affine2().spatialSize(6, 9).mode("nearest").paddingMode("zeros"), in2(), true);
        checkWithInverse("affine2_ac_border", affine2().alignCorners(true).paddingMode("border"), in2(), false);
        checkWithInverse("affine2_order1", affine2().mode(1).paddingMode("border"), in2(), false);
        checkWithInverse("affine3", affine3(), in3(), true);
        checkWithInverse("affine3_size", affine3().spatialSize(5, -1, 6).paddingMode("zeros"), in3(), false);
    }

    @Test void rotate() {
        checkWithInverse("rotate2", new Rotate(0.4), in2(), true);
        checkWithInverse("rotate2_nokeep", new Rotate(0.4).keepSize(false), in2(), true);
        checkWithInverse("rotate2_nearest_zeros_ac", new Rotate(-0.7).mode("nearest").paddingMode("zeros").alignCorners(true), in2(), true);
        checkWithInverse("rotate3_nokeep", new Rotate(0.1, 0.2, 0.3).keepSize(false), in3(), true);
        checkWithInverse("rotate3", new Rotate(0.3, -0.2, 0.1).paddingMode("reflection"), in3(), true);
    }

    static RandAffine ra2() {
        return new RandAffine().rotateRange(0.5).shearRange(new double[]{0.1}, new double[]{-0.2, 0.05})
                .translateRange(new double[]{1, 2}, new double[]{1}).scaleRange(0.2, 0.1);
    }

    static RandAffine ra3() {
        return new RandAffine().rotateRange(new double[]{0.3}, new double[]{0.2}, new double[]{0.1, 0.4}).shearRange(0.1)
                .translateRange(1, 1, 2).scaleRange(0.15);
    }

    /** Three calls per seed and the inverse of the last; the affine is compared where the transform acted. */
    static void checkRandom(String name, Supplier<ArrayTransform> make, Supplier<MetaTensor> input) {
        checkRandom(name, make, input, true);
    }

    static void checkRandom(String name, Supplier<ArrayTransform> make, Supplier<MetaTensor> input, boolean invertible) {
        for (int seed : new int[]{0, 3}) {
            ArrayTransform t = make.get();
            t.setRandomState(seed);
            MetaTensor out = null;
            for (int call = 0; call < 3; call++) {
                MetaTensor in = input.get();
                out = t.apply(in);
                String key = name + ".s" + seed + ".c" + call;
                assertValues(key + ".x", out.array());
                if (!invertible) {
                    assertAffine(key + ".affine", out.affine());
                    continue;
                }
                if (acted(out)) assertAffine(key + ".affine", out.affine());
                else if (out.shape().length == in.shape().length && java.util.Arrays.equals(out.shape(), in.shape()))
                    assertArrayEquals(in.affine()[0], out.affine()[0], 1e-12, "a transform that did not act keeps the affine");
            }
            if (!invertible) continue;
            boolean acted = acted(out);
            MetaTensor back = ((InvertibleTransform) t).inverse(out);
            assertValues(name + ".s" + seed + ".inverse.x", back.array());
            if (acted) assertAffine(name + ".s" + seed + ".inverse.affine", back.affine());
        }
    }

    @Test void randAffine() {
        checkRandom("randaffine2", () -> ra2().prob(0.6), GridSpatialFixtureTest::in2);
        checkRandom("randaffine2_size", () -> ra2().prob(0.9).spatialSize(5, 9).paddingMode("zeros"), GridSpatialFixtureTest::in2);
        checkRandom("randaffine2_cache", () -> ra2().prob(0.9).spatialSize(8, 7).cacheGrid(true), GridSpatialFixtureTest::in2);
        checkRandom("randaffine3", () -> ra3().prob(0.8), GridSpatialFixtureTest::in3);
    }

    @Test void randRotate() {
        checkRandom("randrotate2", () -> new RandRotate().rangeX(0.5).prob(0.7), GridSpatialFixtureTest::in2);
        checkRandom("randrotate3", () -> new RandRotate().rangeX(0.3).rangeY(0.1, 0.3).rangeZ(0.2).prob(0.8).keepSize(false), GridSpatialFixtureTest::in3);
        checkRandom("randrotate2_nearest", () -> new RandRotate().rangeX(0.2, 1.0).prob(0.9).mode("nearest").paddingMode("zeros"), GridSpatialFixtureTest::in2);
    }

    static void checkRandomDict(String name, Supplier<MapTransform> make) {
        checkRandomDict(name, make, GridSpatialFixtureTest::in2, () -> img("seg"));
    }

    static void checkRandomDict(String name, Supplier<MapTransform> make, Supplier<MetaTensor> image, Supplier<MetaTensor> seg) {
        for (int seed : new int[]{0, 5}) {
            MapTransform t = make.get();
            t.setRandomState(seed);
            for (int call = 0; call < 3; call++) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("img", image.get());
                d.put("seg", seg.get());
                Map<String, Object> out = t.apply(d);
                for (String k : new String[]{"img", "seg"}) {
                    MetaTensor o = (MetaTensor) out.get(k);
                    String key = name + ".s" + seed + ".c" + call + "." + k;
                    assertValues(key + ".x", o.array());
                    if (o.appliedOperations().isEmpty() || acted(o)) assertAffine(key + ".affine", o.affine());
                }
            }
        }
    }

    @Test void randAffined() {
        checkRandomDict("randaffined", () -> new RandAffined("img", "seg").prob(0.7).mode("bilinear", "nearest")
                .rotateRange(0.5).shearRange(new double[]{0.1}, new double[]{-0.2, 0.05})
                .translateRange(new double[]{1, 2}, new double[]{1}).scaleRange(0.2, 0.1));
    }

    @Test void randRotated() {
        checkRandomDict("randrotated", () -> new RandRotated("img", "seg").rangeX(0.6).prob(0.6).mode("bilinear", "nearest").keepSize(false));
    }

    @Test void rand2DElastic() {
        checkRandom("rand2delastic", () -> new Rand2DElastic(new double[]{3, 2.5}, 1, 2).prob(0.7).rotateRange(0.2).scaleRange(0.1, 0.1),
                GridSpatialFixtureTest::in2, false);
        checkRandom("rand2delastic_size", () -> new Rand2DElastic(new double[]{2}, 0.5, 1).prob(0.9).spatialSize(6, 9).paddingMode("zeros").mode("nearest"),
                GridSpatialFixtureTest::in2, false);
        checkRandomDict("rand2delasticd", () -> {
            Rand2DElasticd t = new Rand2DElasticd(new double[]{2, 3}, 1, 3, "img", "seg").prob(0.6).mode("bilinear", "nearest");
            t.transform().translateRange(1, 1);
            return t;
        });
    }

    @Test void rand3DElastic() {
        checkRandom("rand3delastic", () -> new Rand3DElastic(1, 2, 2, 4).prob(0.8).rotateRange(0.1, 0.1, 0.1).translateRange(1),
                GridSpatialFixtureTest::in3, false);
        checkRandom("rand3delastic_size", () -> new Rand3DElastic(0.5, 1, 1, 2).prob(0.9).spatialSize(5, 5, 5).paddingMode("border"),
                GridSpatialFixtureTest::in3, false);
        checkRandomDict("rand3delasticd", () -> {
            Rand3DElasticd t = new Rand3DElasticd(1, 1.5, 1, 3, "img", "seg").prob(0.6).mode("bilinear", "nearest");
            t.transform().scaleRange(0.1);
            return t;
        }, GridSpatialFixtureTest::in3, GridSpatialFixtureTest::in3);
    }

    @Test void gridDistortion() {
        assertOut("griddistortion2", new GridDistortion(new double[][]{{1.1, 0.9, 1.2, 1.0}, {0.8, 1.3, 1.0}}).numCells(3, 2).apply(in2()));
        assertOut("griddistortion3", new GridDistortion(new double[][]{{1.2, 0.8, 1.0}, {1.2, 0.8, 1.0}, {1.2, 0.8, 1.0}}).numCells(2)
                .mode("nearest").paddingMode("zeros").apply(in3()));
        checkRandom("randgriddistortion2", () -> new RandGridDistortion().numCells(3).distortLimit(0.2).prob(0.7), GridSpatialFixtureTest::in2, false);
        checkRandom("randgriddistortion3", () -> new RandGridDistortion().numCells(2, 2, 1).distortLimit(-0.1, 0.3).prob(0.8).paddingMode("reflection"),
                GridSpatialFixtureTest::in3, false);
        checkRandomDict("randgriddistortiond", () -> new RandGridDistortiond("img", "seg").numCells(2).distortLimit(0.25).prob(0.6).mode("bilinear", "nearest"));
    }

    @Test void erfMatchesKnownValues() {
        assertEquals(0.5204998778130465, Rand3DElastic.erf(0.5), 1e-14);
        assertEquals(0.8427007929497149, Rand3DElastic.erf(1), 1e-14);
        assertEquals(-0.9953222650189527, Rand3DElastic.erf(-2), 1e-14);
        assertEquals(0.1124629160182849, Rand3DElastic.erf(0.1), 1e-14);
        assertEquals(0.9999779095030014, Rand3DElastic.erf(3), 1e-14);
    }

    @Test void aFreshGeneratorGivesTheSeededDraws() {
        // apply(img, rs) with a fresh RandomState(s) equals setRandomState(s) then apply(img): the sibling generators are seeded alike
        RandAffine t = ra2().prob(0.6);
        t.setRandomState(3);
        MetaTensor a = t.apply(in2());
        MetaTensor b = ra2().prob(0.6).apply(in2(), new RandomState(3));
        assertArrayEquals(a.array().toFloatArray(), b.array().toFloatArray());
    }
}
