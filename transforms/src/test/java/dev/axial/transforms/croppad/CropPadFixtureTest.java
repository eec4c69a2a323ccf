package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.InvertibleTransform;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.axial.transforms.croppad.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

/** The deterministic pads and crops against MONAI: values, shapes, affines, and MONAI's inverse of each. */
class CropPadFixtureTest {
    private record Case(String name, ArrayTransform t, String in) {}

    private static final List<Case> CASES = List.of(
            new Case("spad_sym", new SpatialPad(8, 8, 8), "in.x3"),
            new Case("spad_end_edge", new SpatialPad(8, -1, 7).method("end").mode("edge"), "in.x3"),
            new Case("spad_reflect", new SpatialPad(9, 7, 6).mode("reflect"), "in.x3"),
            new Case("spad_symmetric", new SpatialPad(9, 9, 9).mode("symmetric"), "in.x3"),
            new Case("spad_wrap2d", new SpatialPad(10, 9).mode("wrap"), "in.x2"),
            new Case("spad_value", new SpatialPad(7, 7).value(2.5), "in.x2"),
            new Case("spad_noop", new SpatialPad(3, 3, 3), "in.x3"),
            new Case("bpad_1", new BorderPad(1), "in.x3"),
            new Case("bpad_dims", new BorderPad(1, 2, 0), "in.x3"),
            new Case("bpad_sides", new BorderPad(1, 0, 2, 3, 0, 1).mode("reflect"), "in.x3"),
            new Case("dpad_4", new DivisiblePad(4), "in.x3"),
            new Case("dpad_end_edge", new DivisiblePad(3, 4, 5).method("end").mode("edge"), "in.x3"),
            new Case("scrop_center", SpatialCrop.ofCenter(new long[]{3, 2, 2}, new long[]{4, 3, 2}), "in.x3"),
            new Case("scrop_center_edge", SpatialCrop.ofCenter(new long[]{1, 4, 3}, new long[]{4, 4, 4}), "in.x3"),
            new Case("scrop_start_end", SpatialCrop.ofStartEnd(new long[]{1, 0, 2}, new long[]{5, 3, 9}), "in.x3"),
            new Case("scrop_2d", SpatialCrop.ofStartEnd(new long[]{2, 1}, new long[]{6, 4}), "in.x2"),
            new Case("ccrop", new CenterSpatialCrop(4, -1, 3), "in.x3"),
            new Case("ccrop_big", new CenterSpatialCrop(10, 2, 2), "in.x3"),
            new Case("resize_crop_pad", new ResizeWithPadOrCrop(8, 3, 4), "in.x3"),
            new Case("resize_end_edge", new ResizeWithPadOrCrop(4, 9, 7).method("end").mode("edge"), "in.x3"),
            new Case("fg_default", new CropForeground(), "in.fg"),
            new Case("fg_margin", new CropForeground().margin(1, 2, 3), "in.fg"),
            new Case("fg_k", new CropForeground().kDivisible(4, 3, 5), "in.fg"),
            new Case("fg_margin_smaller", new CropForeground().margin(3).allowSmaller(true), "in.fg"),
            new Case("fg_channel", new CropForeground().channelIndices(0).margin(1).kDivisible(4).mode("edge"), "in.fg"),
            new Case("fg_select", new CropForeground().selectFn(x -> x.gt(0.5)), "in.fg"));

    @Test void outputsAffinesAndInversesMatchMonai() {
        for (Case c : CASES) {
            try (Scope s = Scope.open()) {
                MetaTensor in = meta(c.in);
                MetaTensor out = c.t.apply(in);
                same(c.name + ".out", out.array());
                sameAffine(c.name + ".affine", out.affine());
                assertEquals(1, out.appliedOperations().size(), c.name);
                assertEquals(c.t.name(), out.appliedOperations().getFirst().get("class"), c.name);
                assertTrue(in.appliedOperations().isEmpty(), "the input is not changed");
                MetaTensor inv = ((InvertibleTransform) c.t).inverse(out);
                same(c.name + ".inv", inv.array());
                sameAffine(c.name + ".inv_affine", inv.affine());
                assertTrue(inv.appliedOperations().isEmpty(), c.name);
            }
        }
    }

    @Test void foregroundBoxesMatchMonai() {
        try (Scope s = Scope.open()) {
            MetaTensor fg = meta("in.fg");
            record Box(String name, CropForeground t) {}
            for (Box b : List.of(new Box("fg_default", new CropForeground()), new Box("fg_margin", new CropForeground().margin(1, 2, 3)),
                    new Box("fg_k", new CropForeground().kDivisible(4, 3, 5)), new Box("fg_margin_smaller", new CropForeground().margin(3).allowSmaller(true)),
                    new Box("fg_channel", new CropForeground().channelIndices(0).margin(1).kDivisible(4)))) {
                long[][] box = b.t.computeBoundingBox(fg);
                long[] want = longs(b.name + ".box");
                int n = box[0].length;
                for (int d = 0; d < n; d++) {
                    assertEquals(want[d], box[0][d], b.name);
                    assertEquals(want[n + d], box[1][d], b.name);
                }
                CropForeground.Result r = b.t.applyWithCoords(fg);
                assertArrayEquals(box[0], r.boxStart());
                same(b.name + ".out", r.image().array());
            }
            // no foreground: an empty box, as MONAI (no exception)
            MetaTensor empty = new CropForeground().apply(MetaTensor.of(dev.axial.tensor.Tensor.zeros(1, 4, 4)));
            assertArrayEquals(longs("fg_empty.shape"), empty.shape());
        }
    }

    @Test void cropForegrounddUsesTheSourceKeyAndStoresTheBox() {
        try (Scope s = Scope.open()) {
            MetaTensor x = meta("in.x3");
            MetaTensor seg = new MetaTensor(x.array().gt(0.8).to(dev.axial.tensor.DType.FLOAT32), affine("in.affine"), null);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("img", x);
            d.put("seg", seg);
            var t = new CropForegroundd(List.of("img", "seg"), "seg");
            t.transform().margin(1);
            Map<String, Object> out = t.apply(d);
            same("fgd.img", ((MetaTensor) out.get("img")).array());
            same("fgd.seg", ((MetaTensor) out.get("seg")).array());
            assertArrayEquals(longs("fgd.start"), (long[]) out.get("foreground_start_coord"));
            assertArrayEquals(longs("fgd.end"), (long[]) out.get("foreground_end_coord"));
            Map<String, Object> back = t.inverse(out);
            assertArrayEquals(x.shape(), ((MetaTensor) back.get("img")).shape());
        }
    }
}
