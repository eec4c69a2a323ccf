package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.AppliedOperations;
import dev.axial.transforms.TransformException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Inverse round trips, dictionary == array, and bad input for the grid-based spatial transforms. */
class GridSpatialPropertyTest {
    Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    /** A smooth blob (1, n, m[, l]) with a non-trivial affine, so interpolation error stays small. */
    static MetaTensor blob(long... size) {
        int n = 1;
        for (long d : size) n *= (int) d;
        float[] v = new float[n];
        long[] idx = new long[size.length];
        for (int p = 0; p < n; p++) {
            double r2 = 0;
            for (int i = 0; i < size.length; i++) {
                double c = (idx[i] - (size[i] - 1) / 2.0) / (size[i] / 4.0);
                r2 += c * c;
            }
            v[p] = (float) Math.exp(-r2);
            for (int i = size.length - 1; i >= 0 && ++idx[i] == size[i]; i--) idx[i] = 0;
        }
        long[] shape = new long[size.length + 1];
        shape[0] = 1;
        System.arraycopy(size, 0, shape, 1, size.length);
        double[][] a = {{0, 1.5, 0, 3}, {-1, 0, 0, -2}, {0, 0, 2, 1}, {0, 0, 0, 1}};
        return new MetaTensor(Tensor.of(v, shape), a, null);
    }

    static double maxDiff(Tensor a, Tensor b) {
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        assertEquals(x.length, y.length);
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    static void assertSameAffine(double[][] e, double[][] a) {
        for (int i = 0; i < e.length; i++) assertArrayEquals(e[i], a[i], 1e-9);
    }

    @Test void affineAndRotateInvertWithinInterpolationError() {
        for (MetaTensor img : new MetaTensor[]{blob(24, 22), blob(26, 24, 22)}) {
            int r = img.shape().length - 1;
            Affine affine = new Affine().rotateParams(r == 2 ? new double[]{0.2} : new double[]{0.1, -0.15, 0.2})
                    .scaleParams(r == 2 ? new double[]{1.25, 1.3} : new double[]{1.3, 1.25, 1.3}).translateParams(0.5, -0.5).paddingMode("zeros");
            // NOTE: scale > 1 samples a wider input region (zooms out), so the rotated image stays inside the output
            Rotate rotate = r == 2 ? new Rotate(0.3).keepSize(false) : new Rotate(0.1, 0.2, -0.1).keepSize(false);
            for (var t : new dev.axial.transforms.InvertibleTransform[]{affine, rotate}) {
                MetaTensor out = ((dev.axial.transforms.ArrayTransform) t).apply(img);
                MetaTensor back = t.inverse(out);
                assertArrayEquals(img.shape(), back.shape());
                assertSameAffine(img.affine(), back.affine());
                assertTrue(back.appliedOperations().isEmpty());
                assertTrue(maxDiff(img.array(), back.array()) < 0.06, t.getClass().getSimpleName() + " round trip " + maxDiff(img.array(), back.array()));
            }
        }
    }

    @Test void randomTransformsInvertAndRecordWhenNotActing() {
        MetaTensor img = blob(30, 28);
        RandAffine ra = new RandAffine().prob(1).rotateRange(0.3).scaleRange(new double[]{0.25, 0.35}, new double[]{0.25, 0.35}).paddingMode("zeros");
        MetaTensor out = ra.apply(img, new RandomState(1));
        assertTrue(maxDiff(img.array(), ra.inverse(out).array()) < 0.06);
        RandRotate rr = new RandRotate().prob(0).rangeX(0.5);
        MetaTensor same = rr.apply(img, new RandomState(1));
        assertFalse((Boolean) same.appliedOperations().getLast().get(AppliedOperations.DO_TRANSFORM));
        assertEquals(0, maxDiff(img.array(), same.array()));
        assertEquals(0, maxDiff(img.array(), rr.inverse(same).array()));
        assertTrue(rr.inverse(same).appliedOperations().isEmpty());
    }

    static Map<String, Object> item(MetaTensor img, MetaTensor seg) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("image", img);
        d.put("label", seg);
        return d;
    }

    @Test void dictionaryFormsEqualArrayForms() {
        MetaTensor img = blob(12, 11), seg = blob(12, 11);
        Map<String, Object> d = new Affined("image", "label").rotateParams(0.4).scaleParams(1.1, 0.9).mode("bilinear", "nearest").apply(item(img, seg));
        assertEquals(0, maxDiff(new Affine().rotateParams(0.4).scaleParams(1.1, 0.9).apply(img).array(), ((MetaTensor) d.get("image")).array()));
        assertEquals(0, maxDiff(new Affine().rotateParams(0.4).scaleParams(1.1, 0.9).mode("nearest").apply(seg).array(), ((MetaTensor) d.get("label")).array()));

        d = new Rotated(0.5, "image", "label").keepSize(false).apply(item(img, seg));
        MetaTensor rot = new Rotate(0.5).keepSize(false).apply(img);
        assertEquals(0, maxDiff(rot.array(), ((MetaTensor) d.get("image")).array()));
        assertSameAffine(rot.affine(), ((MetaTensor) d.get("label")).affine());

        // the random dictionary forms apply the matrix they drew to every key, as the array forms would
        RandAffined rad = new RandAffined("image", "label").prob(1).rotateRange(0.4).translateRange(1, 2).scaleRange(0.1);
        d = rad.apply(item(img, seg), new RandomState(4));
        MetaTensor o = (MetaTensor) d.get("image");
        double[][] m = (double[][]) AppliedOperations.extraInfo(o.appliedOperations().getLast()).get("affine");
        assertEquals(0, maxDiff(new Affine().affine(m).paddingMode("reflection").apply(img).array(), o.array()), 1e-6);
        assertEquals(0, maxDiff(o.array(), ((MetaTensor) d.get("label")).array()));
        // reflection padding brings other content into the corners: the inverse matches where the forward kept the image
        MetaTensor back = rad.inverse(o);
        assertSameAffine(img.affine(), back.affine());
        assertEquals(img.array().getDouble(0, 6, 5), back.array().getDouble(0, 6, 5), 0.05);

        // RandRotated(prob 1) draws its angles from the inner generator: the same as RandRotate seeded alike
        d = new RandRotated("image", "label").prob(1).rangeX(0.7).apply(item(img, seg), new RandomState(9));
        MetaTensor arr = new RandRotate().prob(1).rangeX(0.7).apply(img, new RandomState(9));
        assertEquals(0, maxDiff(arr.array(), ((MetaTensor) d.get("label")).array()));
        assertSameAffine(arr.affine(), ((MetaTensor) d.get("image")).affine());
    }

    @Test void deformationDictionaryFormsEqualArrayForms() {
        // with prob 1, the dictionary's inner transform draws from a copy of the generator: the array form's draws
        MetaTensor img = blob(12, 11), vol = blob(7, 6, 5);
        Map<String, Object> d = new Rand2DElasticd(new double[]{3}, 1, 2, "image", "label").prob(1).mode("bilinear", "nearest").apply(item(img, img), new RandomState(2));
        assertEquals(0, maxDiff(new Rand2DElastic(new double[]{3}, 1, 2).prob(1).apply(img, new RandomState(2)).array(), ((MetaTensor) d.get("image")).array()));
        assertEquals(0, maxDiff(new Rand2DElastic(new double[]{3}, 1, 2).prob(1).mode("nearest").apply(img, new RandomState(2)).array(), ((MetaTensor) d.get("label")).array()));
        d = new Rand3DElasticd(1, 2, 1, 2, "image", "label").prob(1).apply(item(vol, vol), new RandomState(3));
        assertEquals(0, maxDiff(new Rand3DElastic(1, 2, 1, 2).prob(1).apply(vol, new RandomState(3)).array(), ((MetaTensor) d.get("label")).array()));
        d = new RandGridDistortiond("image", "label").prob(1).distortLimit(0.3).apply(item(img, img), new RandomState(4));
        assertEquals(0, maxDiff(new RandGridDistortion().prob(1).distortLimit(0.3).apply(img, new RandomState(4)).array(), ((MetaTensor) d.get("image")).array()));
    }

    @Test void badInputNamesTheTransformAndTheShape() {
        TransformException wrongRank = assertThrows(TransformException.class, () -> new Rand3DElastic(1, 2, 1, 2).prob(1).apply(blob(5, 5)));
        assertTrue(wrongRank.getMessage().contains("Rand3DElastic") && wrongRank.getMessage().contains("[1, 5, 5]"), wrongRank.getMessage());
        assertThrows(TransformException.class, () -> new Rand2DElastic(new double[]{2}, 1, 2).prob(1).apply(blob(5, 5, 5)));
        wrongRank = assertThrows(TransformException.class, () -> new Rand2DElasticd(new double[]{2}, 1, 2, "image").prob(1).apply(Map.of("image", blob(5, 5, 5))));
        assertTrue(wrongRank.getMessage().contains("Rand2DElasticd"), wrongRank.getMessage());
        assertThrows(TransformException.class, () -> new GridDistortion(new double[][]{{1, 1}}).numCells(1).apply(blob(5, 5)));
        MetaTensor flat = MetaTensor.of(Tensor.zeros(1, 5));
        TransformException e = assertThrows(TransformException.class, () -> new Affine().rotateParams(0.1).apply(flat));
        assertTrue(e.getMessage().contains("Affine") && e.getMessage().contains("[1, 5]"), e.getMessage());
        e = assertThrows(TransformException.class, () -> new RandRotate().prob(1).apply(MetaTensor.of(Tensor.zeros(1, 2, 2, 2, 2))));
        assertTrue(e.getMessage().contains("RandRotate"), e.getMessage());
        e = assertThrows(TransformException.class, () -> new Rotate(Double.NaN).apply(blob(4, 4)));
        assertTrue(e.getMessage().contains("Rotate") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(TransformException.class, () -> new Rotate(0.1, 0.2, 0.3).apply(blob(4, 4)));
        assertTrue(e.getMessage().contains("one angle"), e.getMessage());
        // a singular affine cannot be inverted
        MetaTensor squashed = new Affine().scaleParams(0, 1).apply(blob(4, 4));
        e = assertThrows(TransformException.class, () -> new Affine().inverse(squashed));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        // a missing key
        e = assertThrows(TransformException.class, () -> new RandAffined("image", "label").prob(1).apply(Map.of("image", blob(4, 4))));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
        assertEquals(1, new RandAffined("image", "label").allowMissingKeys(true).apply(Map.of("image", blob(4, 4))).size());
        // unsupported spline orders and paddings
        assertThrows(IllegalArgumentException.class, () -> new Affine().mode(3));
        e = assertThrows(TransformException.class, () -> new Affine().mode(1).paddingMode("reflection").apply(blob(4, 4)));
        assertTrue(e.getMessage().contains("spline order"), e.getMessage());
        assertThrows(TransformException.class, () -> new Affine().spatialSize(3, 3, 3).apply(blob(4, 4)));
        assertThrows(TransformException.class, () -> new Resample().apply(Tensor.zeros(1, 4, 4), Tensor.zeros(1, 4, 4)));
        // inverting the wrong transform
        MetaTensor rotated = new Rotate(0.2).apply(blob(4, 4));
        assertThrows(TransformException.class, () -> new Affine().inverse(rotated));
    }
}
