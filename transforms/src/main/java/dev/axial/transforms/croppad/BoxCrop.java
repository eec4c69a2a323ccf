package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;

/** A random crop that draws one box from a spatial shape and cuts it: what its dictionary form shares across keys. */
interface BoxCrop {
    RandSpatialCrop.Box randomize(long[] spatialShape, RandomState rs);

    MetaTensor apply(MetaTensor img, RandSpatialCrop.Box box);
}
