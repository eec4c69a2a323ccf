package dev.axial.transforms;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ComposeTest {
    /** Adds one uniform draw to every voxel and records it. */
    static final class AddRandom extends ArrayTransform {
        final List<Double> drawn = new ArrayList<>();
        @Override public boolean isRandom() { return true; }
        @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
            double v = rs.rand();
            drawn.add(v);
            return img.withArray(img.array().add(v));
        }
    }

    /** Doubles the image and records its size, so it can be undone. */
    static final class Twice extends ArrayTransform implements InvertibleTransform {
        @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
            MetaTensor out = img.withArray(img.array().mul(2));
            AppliedOperations.push(out, this, AppliedOperations.spatialSize(img.shape()), Map.of("factor", 2.0));
            return out;
        }
        @Override public MetaTensor inverse(MetaTensor img) {
            double f = (Double) AppliedOperations.extraInfo(AppliedOperations.last(img, this)).get("factor");
            return AppliedOperations.undone(img, img.array().div(f));
        }
    }

    static final class Twiced extends ArrayToDict<Twice> {
        Twiced(String... keys) { super(new Twice(), keys); }
    }

    @Test void seedsRandomMembersAsMonai() {
        // MONAI: Compose([a, b, c]).set_random_state(7) gives a and c the seeds RandomState(7).randint(2**32, dtype=uint32)
        // in order: 327741615 and 976413892, whose first rand() are these (numpy 1.24)
        AddRandom a = new AddRandom(), c = new AddRandom();
        Compose compose = new Compose(a, new Twice(), c).setRandomState(7);
        try (Scope s = Scope.open()) {
            compose.apply(MetaTensor.of(Tensor.zeros(1, 2, 2)));
            assertEquals(0.055749463523702913, a.drawn.getFirst(), 0.0);
            assertEquals(0.9887368224483839, c.drawn.getFirst(), 0.0);
            // a loader's per-item generator seeded 7 gives the same draws
            a.drawn.clear();
            c.drawn.clear();
            compose.apply(MetaTensor.of(Tensor.zeros(1, 2, 2)), new RandomState(7));
            assertEquals(List.of(0.055749463523702913), a.drawn);
            assertEquals(List.of(0.9887368224483839), c.drawn);
        }
    }

    @Test void listsAreMappedAndInversionRunsBackwards() {
        Compose compose = new Compose(new Twice(), new Twice());
        try (Scope s = Scope.open()) {
            MetaTensor img = MetaTensor.of(Tensor.ones(1, 2, 2));
            MetaTensor out = (MetaTensor) compose.apply(img);
            assertEquals(4.0, out.array().max().item());
            assertEquals(2, out.appliedOperations().size());
            assertTrue(img.appliedOperations().isEmpty(), "the input is not changed");
            MetaTensor back = compose.inverse(out);
            assertEquals(1.0, back.array().max().item());
            assertTrue(back.appliedOperations().isEmpty());
            assertEquals(2, out.appliedOperations().size(), "inversion does not change its input");

            @SuppressWarnings("unchecked")
            List<Object> many = (List<Object>) compose.apply(List.of(MetaTensor.of(Tensor.ones(1, 2)), MetaTensor.of(Tensor.ones(1, 3))));
            assertEquals(2, many.size());
            TransformException e = assertThrows(TransformException.class, () -> new Twice().inverse(MetaTensor.of(Tensor.ones(1, 2))));
            assertTrue(e.getMessage().contains("no applied operations"), e.getMessage());
        }
    }

    @Test void dictionaryFormsCopyTheMapAndNameMissingKeys() {
        try (Scope s = Scope.open()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("image", MetaTensor.of(Tensor.ones(1, 2, 2)));
            d.put("label", MetaTensor.of(Tensor.ones(1, 2, 2)));
            Map<String, Object> out = new Twiced("image").apply(d);
            assertNotSame(d, out);
            assertSame(d.get("label"), out.get("label"));
            assertEquals(2.0, ((MetaTensor) out.get("image")).array().max().item());
            TransformException e = assertThrows(TransformException.class, () -> new Twiced("image", "mask").apply(d));
            assertTrue(e.getMessage().contains("Twiced") && e.getMessage().contains("'mask'"), e.getMessage());
            assertEquals(2, ((Map<?, ?>) new Twiced("image", "mask").allowMissingKeys(true).apply(d)).size());
            TransformException wrong = assertThrows(TransformException.class, () -> new Twice().apply((Object) d, new RandomState(0)));
            assertTrue(wrong.getMessage().contains("use the dictionary form"), wrong.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new ArrayToDict<AddRandom>(new AddRandom(), "image") {});
        }
    }
}
