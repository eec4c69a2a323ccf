package dev.axial.transforms.croppad;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * GridPatch, RandGridPatch, CenterScaleCrop, RandScaleCrop and BoundingRect against MONAI 1.5
 * (tools/fixtures/gen_transforms_croppad2.py; the options are repeated here), their dictionary forms, inverses and
 * bad input.
 */
class GridScaleFixtureTest {
    static final Fixtures FX = Fixtures.load("transforms_croppad2");
    Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    static double[][] affine(String key) {
        double[] a = FX.values(key);
        double[][] m = new double[4][4];
        for (int i = 0; i < 16; i++) m[i / 4][i % 4] = a[i];
        return m;
    }

    static MetaTensor in(String key) { return new MetaTensor(FX.tensor(key, Device.CPU), affine("in.affine"), null); }

    static MetaTensor twice(String key) { return new MetaTensor(FX.tensor(key, Device.CPU).mul(2), affine("in.affine"), null); }

    static void same(String key, Tensor got) {
        assertArrayEquals(FX.shape(key), got.shape(), key + " shape");
        double[] want = FX.values(key), g = got.toDoubleArray();
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 1e-6, key + "[" + i + "]");
    }

    static void sameAffine(String key, double[][] got) {
        double[][] want = affine(key);
        for (int i = 0; i < 4; i++) assertArrayEquals(want[i], got[i], 1e-9, key + " row " + i);
    }

    static void samePatches(String name, MetaTensor o) {
        same(name + ".out", o.array());
        sameAffine(name + ".affine", o.affine());
        long[][] loc = (long[][]) o.meta().get(GridPatch.LOCATION), size = (long[][]) o.meta().get(GridPatch.SPATIAL_SHAPE);
        long[] wantLoc = FX.entry(name + ".location").longs(), wantSize = FX.entry(name + ".spatial_shape").longs();
        int n = loc[0].length;
        for (int d = 0; d < loc.length; d++)
            for (int i = 0; i < n; i++) {
                assertEquals(wantLoc[d * n + i], loc[d][i], name + " location " + d + "," + i);
                assertEquals(wantSize[d * n + i], size[d][i], name + " spatial_shape " + d + "," + i);
            }
        assertEquals(FX.entry(name + ".count").longs()[0], ((Integer) o.meta().get(GridPatch.COUNT)).longValue(), name + " count");
        assertArrayEquals(FX.entry(name + ".offset").longs(), (long[]) o.meta().get(GridPatch.OFFSET), name + " offset");
    }

    @Test void gridPatchMatchesMonai() {
        record Case(String name, GridPatch t, String in) {}
        for (Case c : List.of(
                new Case("gp_basic", new GridPatch(2, 2, 2), "in.x3"),
                new Case("gp_offset_pad", new GridPatch(3, 2, 3).offset(1, 0, 2).padMode("constant"), "in.x3"),
                new Case("gp_overlap_max", new GridPatch(3, 3).overlap(0.5).numPatches(5).sortFn("max"), "in.x2"),
                new Case("gp_min_edge", new GridPatch(2, 3).sortFn("min").numPatches(4).padMode("edge"), "in.x2"),
                new Case("gp_thresh", new GridPatch(2, 2, 2).threshold(3.0).numPatches(6), "in.x3"),
                new Case("gp_fill", new GridPatch(3, 3, 3).numPatches(5).constantValues(0.5), "in.x3"),
                new Case("gp_big", new GridPatch(8, 3, 2), "in.x3"),
                new Case("gp_reflect", new GridPatch(2, 2, 2).offset(-1, 0, 1).padMode("reflect"), "in.x3"),
                new Case("gp_whole", new GridPatch(0, 2, 3), "in.x3"),
                new Case("gp_value", new GridPatch(3, 4).padMode("constant").constantValues(2.0).overlap(0.25), "in.x2")))
            samePatches(c.name, c.t.apply(in(c.in)));
    }

    @Test void randGridPatchMatchesMonaiCallAfterCall() {
        record Case(String name, RandGridPatch t, String in, long seed) {}
        for (Case c : List.of(
                new Case("rgp_default", new RandGridPatch(2, 2, 2), "in.x3", 0),
                new Case("rgp_range", new RandGridPatch(3, 2).minOffset(0).maxOffset(2, 1).numPatches(3).sortFn("random"), "in.x2", 1),
                new Case("rgp_pad", new RandGridPatch(3, 3, 3).minOffset(-1).maxOffset(2).padMode("constant")
                        .sortFn("max").numPatches(4), "in.x3", 2))) {
            c.t.setRandomState(c.seed);
            samePatches(c.name, c.t.apply(in(c.in)));
            samePatches(c.name + "2", c.t.apply(in(c.in)));
        }
    }

    @Test void gridPatchDictionaryFormsMatchMonaiAndTheArrayForm() {
        var gd = new GridPatchd(List.of("a", "b"), 3, 2, 2);
        gd.transform().overlap(0.5).padMode("constant");
        Map<String, Object> o = gd.apply(Map.of("a", in("in.x3"), "b", twice("in.x3")));
        same("gpd.a", ((MetaTensor) o.get("a")).array());
        same("gpd.b", ((MetaTensor) o.get("b")).array());
        same("gpd.a", gd.transform().apply(in("in.x3")).array());

        var rd = new RandGridPatchd(List.of("a", "b"), 2, 2, 2);
        rd.transform().maxOffset(1).numPatches(3).sortFn("random");
        rd.setRandomState(3);
        o = rd.apply(Map.of("a", in("in.x3"), "b", twice("in.x3")));
        same("rgpd.a", ((MetaTensor) o.get("a")).array());
        same("rgpd.b", ((MetaTensor) o.get("b")).array());
        assertArrayEquals(FX.entry("rgpd.offset").longs(), (long[]) ((MetaTensor) o.get("b")).meta().get(GridPatch.OFFSET));
    }

    @Test void gridPatchBadInput() {
        MetaTensor x = in("in.x3");
        var e = assertThrows(TransformException.class, () -> new GridPatch(2, 2).apply(x));
        assertTrue(e.getMessage().contains("GridPatch") && e.getMessage().contains("[1, 6, 5, 4]"), e.getMessage());
        assertThrows(TransformException.class, () -> new GridPatch(2, 2, 2).overlap(1.0).apply(x));
        assertThrows(TransformException.class, () -> new GridPatch(2, 2, 2).offset(-1, 0, 0).apply(x));   // no padding
        assertThrows(TransformException.class, () -> new GridPatch(2, 2, 2).offset(-3, 0, 0).padMode("constant").apply(x));
        assertThrows(TransformException.class, () -> new GridPatch(2, 2, 2).padMode("linear_ramp"));
        assertThrows(IllegalArgumentException.class, () -> new GridPatch(2, 2, 2).sortFn("random"));
        assertThrows(TransformException.class, () -> new GridPatch(2).apply(MetaTensor.of(Tensor.zeros(5))));
        var md = assertThrows(TransformException.class, () -> new GridPatchd(List.of("a", "b"), 2, 2, 2).apply(Map.of("a", x)));
        assertTrue(md.getMessage().contains("'b'"), md.getMessage());
        // MONAI clips a patch larger than the image to it (gp_big); everything filtered away gives an empty stack
        MetaTensor none = new GridPatch(2, 2, 2).threshold(-1).apply(x);
        assertArrayEquals(new long[]{0, 1, 2, 2, 2}, none.shape());
        assertEquals(0, none.meta().get(GridPatch.COUNT));
    }

    @Test void scaleCropsMatchMonaiAndInvert() {
        record Case(String name, Crop t, String in) {}
        for (Case c : List.of(new Case("csc_half", new CenterScaleCrop(0.5), "in.x3"),
                new Case("csc_dims", new CenterScaleCrop(0.3, -1, 0.6), "in.x3"),
                new Case("csc_2d", new CenterScaleCrop(0.6, 0.4), "in.x2"))) {
            MetaTensor o = c.t.apply(in(c.in));
            same(c.name + ".out", o.array());
            sameAffine(c.name + ".affine", o.affine());
            MetaTensor back = c.t.inverse(o);
            same(c.name + ".inv", back.array());
            sameAffine(c.name + ".inv_affine", back.affine());
            assertTrue(back.appliedOperations().isEmpty());
        }
    }

    @Test void randScaleCropMatchesMonaiCallAfterCall() {
        record Case(String name, RandScaleCrop t, String in, long seed) {}
        for (Case c : List.of(new Case("rsc_fixed", new RandScaleCrop(0.5), "in.x3", 0),
                new Case("rsc_size", new RandScaleCrop(0.3, 0.4, 0.5).maxRoiScale(0.8, -1, 0.75).randomSize(true), "in.x3", 1),
                new Case("rsc_center", new RandScaleCrop(0.4).randomCenter(false).randomSize(true), "in.x3", 2),
                new Case("rsc_2d", new RandScaleCrop(0.5, 0.7).randomSize(true), "in.x2", 3))) {
            c.t.setRandomState(c.seed);
            MetaTensor o = c.t.apply(in(c.in));
            same(c.name + ".out", o.array());
            sameAffine(c.name + ".affine", o.affine());
            MetaTensor back = c.t.inverse(o);
            same(c.name + ".inv", back.array());
            sameAffine(c.name + ".inv_affine", back.affine());
            same(c.name + ".out2", c.t.apply(in(c.in)).array());
        }
    }

    @Test void scaleCropDictionaryFormsMatchMonaiAndInvert() {
        var cd = new CenterScaleCropd(List.of("a", "b"), 0.5, 0.6, 0.75);
        Map<String, Object> o = cd.apply(Map.of("a", in("in.x3"), "b", twice("in.x3")));
        same("cscd.a", ((MetaTensor) o.get("a")).array());
        same("cscd.b", ((MetaTensor) o.get("b")).array());
        same("cscd.a", cd.transform().apply(in("in.x3")).array());
        Map<String, Object> back = cd.inverse(o);
        assertArrayEquals(new long[]{1, 6, 5, 4}, ((MetaTensor) back.get("b")).shape());

        var rd = new RandScaleCropd(List.of("a", "b"), 0.4);
        rd.transform().randomSize(true);
        rd.setRandomState(4);
        o = rd.apply(Map.of("a", in("in.x3"), "b", twice("in.x3")));
        same("rscd.a", ((MetaTensor) o.get("a")).array());
        same("rscd.b", ((MetaTensor) o.get("b")).array());
        back = rd.inverse(o);
        MetaTensor a = (MetaTensor) back.get("a");
        sameAffine("in.affine", a.affine());
        // the inverse puts the crop back where it came from: zero outside it, the input inside
        double[] x = FX.values("in.x3"), y = a.array().toDoubleArray();
        for (int i = 0; i < x.length; i++) assertTrue(y[i] == 0 || y[i] == (float) x[i], "inverse at " + i);
    }

    @Test void scaleCropBadInput() {
        var e = assertThrows(TransformException.class, () -> new CenterScaleCrop(0.5, 0.5).apply(in("in.x3")));
        assertTrue(e.getMessage().contains("CenterScaleCrop") && e.getMessage().contains("[6, 5, 4]"), e.getMessage());
        assertThrows(TransformException.class, () -> new RandScaleCrop(0.8).maxRoiScale(0.5).randomSize(true).apply(in("in.x3")));
        assertThrows(TransformException.class, () -> new CenterScaleCrop(Double.NaN).apply(in("in.x3")));
        assertThrows(TransformException.class, () -> new RandScaleCrop(0.5).apply(MetaTensor.of(Tensor.zeros(4))));
        assertThrows(TransformException.class, () -> new RandScaleCropd(List.of("a"), 0.5).apply(Map.of("b", in("in.x3"))));
    }

    @Test void boundingRectMatchesMonai() {
        MetaTensor lab = MetaTensor.of(FX.tensor("br.x", Device.CPU));
        same("br.out", new BoundingRect().apply(lab));
        same("br.out_any", new BoundingRect().selectFn(x -> x.ne(0)).apply(lab));
        same("br.out3", new BoundingRect().selectFn(x -> x.gt(0.8)).apply(MetaTensor.of(FX.tensor("br.x3", Device.CPU))));
        var d = new BoundingRectd(List.of("a")).bboxKeyPostfix("box");
        Map<String, Object> o = d.apply(Map.of("a", lab));
        same("brd.out", (Tensor) o.get("a_box"));
        assertSame(lab, o.get("a"));
        Map<String, Object> clash = new LinkedHashMap<>(Map.of("a", lab, "a_box", 1));
        assertThrows(TransformException.class, () -> d.apply(clash));
        assertThrows(TransformException.class, () -> new BoundingRect().apply(MetaTensor.of(Tensor.zeros(3))));
    }
}
