package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/** The dictionary form of {@link MapLabelValue}. */
public class MapLabelValued extends ArrayToDict<MapLabelValue> {
    public MapLabelValued(double[] origLabels, double[] targetLabels, String... keys) { super(new MapLabelValue(origLabels, targetLabels), keys); }

    public MapLabelValued dtype(dev.axial.tensor.DType dtype) { transform.dtype(dtype); return this; }
}
