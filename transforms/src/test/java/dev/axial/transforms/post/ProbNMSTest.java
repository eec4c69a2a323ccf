package dev.axial.transforms.post;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ProbNMS(d) against MONAI 1.5: sigma 0 (transforms_post fixtures) and sigma > 0 (transforms_croppad2). */
class ProbNMSTest {
    static final Fixtures POST = Fixtures.load("transforms_post"), CP2 = Fixtures.load("transforms_croppad2");
    Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    static void same(Fixtures fx, String key, List<double[]> got, double tol) {
        long[] shape = fx.shape(key);
        double[] want = fx.values(key);
        assertEquals(shape[0], got.size(), key + " peaks");
        for (int i = 0; i < got.size(); i++)
            for (int j = 0; j < shape[1]; j++)
                assertEquals(want[(int) (i * shape[1] + j)], got.get(i)[j], j == 0 ? tol : 0, key + " peak " + i + " entry " + j);
    }

    @Test void withoutSigmaMatchesMonai() {
        same(POST, "nms_2d.out", new ProbNMS().spatialDims(2).boxSize(3).probThreshold(0.5).apply(POST.tensor("nms_2d.x", Device.CPU)), 0);
        same(POST, "nms_3d.out", new ProbNMS().spatialDims(3).boxSize(2, 3, 4).probThreshold(0.7).apply(POST.tensor("nms_3d.x", Device.CPU)), 0);
    }

    @Test void withSigmaMatchesMonai() {
        same(CP2, "nmss_2d.out", new ProbNMS().sigma(1.0).boxSize(3).probThreshold(0.4).apply(CP2.tensor("nmss_2d.x", Device.CPU)), 0);
        Tensor p3 = CP2.tensor("nmss_3d.x", Device.CPU);
        same(CP2, "nmss_3d.out", new ProbNMS().spatialDims(3).sigma(0.8, 2.0, 3.0).boxSize(2, 3, 4).probThreshold(0.35).apply(p3), 1e-6);
        same(CP2, "nmss_3d1.out", new ProbNMS().spatialDims(3).sigma(1.5).boxSize(2).probThreshold(0.4).apply(p3), 1e-6);
    }

    @Test void dictionaryFormEqualsArrayForm() {
        Tensor p = POST.tensor("nms_2d.x", Device.CPU);
        var d = new ProbNMSd(List.of("a", "b"));
        d.transform().boxSize(3);
        Map<String, Object> o = d.apply(Map.of("a", p, "b", MetaTensor.of(p.mul(0.9))));
        @SuppressWarnings("unchecked") List<double[]> a = (List<double[]>) o.get("a");
        same(POST, "nms_2d.out", a, 0);
        @SuppressWarnings("unchecked") List<double[]> b = (List<double[]>) o.get("b");
        List<double[]> want = new ProbNMS().boxSize(3).apply(p.mul(0.9));
        assertEquals(want.size(), b.size());
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), b.get(i));
    }

    @Test void badInput() {
        Tensor p = POST.tensor("nms_2d.x", Device.CPU);
        var e = assertThrows(TransformException.class, () -> new ProbNMS().spatialDims(3).apply(p));
        assertTrue(e.getMessage().contains("ProbNMS") && e.getMessage().contains("[10, 12]"), e.getMessage());
        assertThrows(TransformException.class, () -> new ProbNMS().boxSize(2, 3, 4).apply(p));
        assertThrows(IllegalArgumentException.class, () -> new ProbNMS().probThreshold(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new ProbNMS().boxSize(0));
        assertThrows(TransformException.class, () -> new ProbNMS().apply(Tensor.of(new float[]{0.7f, Float.NaN}, 1, 2)));
        var md = assertThrows(TransformException.class, () -> new ProbNMSd(List.of("x")).apply(Map.of("y", p)));
        assertTrue(md.getMessage().contains("'x'"), md.getMessage());
    }
}
