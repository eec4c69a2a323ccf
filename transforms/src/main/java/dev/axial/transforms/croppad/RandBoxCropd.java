package dev.axial.transforms.croppad;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.InvertibleTransform;

import java.util.List;
import java.util.Map;

/** The dictionary form of a {@link BoxCrop}: one box drawn from the first present key's shape, cut from every key. */
abstract class RandBoxCropd<C extends Crop & BoxCrop> extends InvertibleMapTransform {
    protected final C cropper;

    RandBoxCropd(C cropper, String... keys) {
        super(keys);
        this.cropper = cropper;
    }

    @Override protected InvertibleTransform inverter() { return cropper; }

    @Override public boolean isRandom() { return true; }

    @Override public Map<String, Object> apply(Map<String, Object> d, RandomState rs) {
        Map<String, Object> out = copy(d);
        List<String> keys = presentKeys(d);
        if (keys.isEmpty()) return out;
        RandSpatialCrop.Box box = cropper.randomize(cropper.spatialShape(image(d, keys.getFirst())), rs);
        for (String k : keys) out.put(k, cropper.apply(image(d, k), box));
        return out;
    }
}
