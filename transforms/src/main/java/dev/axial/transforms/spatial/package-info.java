/**
 * MONAI's spatial transforms that move whole axes or resample from one affine grid to another, each with its
 * dictionary form and its inverse: {@link dev.axial.transforms.spatial.Flip}, {@link dev.axial.transforms.spatial.RandFlip},
 * {@link dev.axial.transforms.spatial.RandAxisFlip}, {@link dev.axial.transforms.spatial.Rotate90},
 * {@link dev.axial.transforms.spatial.RandRotate90}, {@link dev.axial.transforms.spatial.Orientation} (exact inverses),
 * {@link dev.axial.transforms.spatial.SpatialResample}, {@link dev.axial.transforms.spatial.Spacing},
 * {@link dev.axial.transforms.spatial.ResampleToMatch}, {@link dev.axial.transforms.spatial.Resize},
 * {@link dev.axial.transforms.spatial.Zoom} and {@link dev.axial.transforms.spatial.RandZoom} (inverses within
 * interpolation error). Output affines are MONAI's: {@code A @ xform} with MONAI's xform for each operation.
 *
 * <pre>{@code
 * Compose pre = new Compose(new Orientationd("RAS", "image", "label"),
 *         new Spacingd(new double[]{1.5, 1.5, 2.0}, "image", "label").mode("bilinear", "nearest"),
 *         new RandFlipd("image", "label").prob(0.5).spatialAxis(0),
 *         new RandRotate90d("image", "label").prob(0.5).spatialAxes(0, 2));
 * Map<String, Object> out = (Map<String, Object>) pre.apply(item);
 * Map<String, Object> back = pre.inverse(out, "label");
 * }</pre>
 *
 * <p>Random dictionary forms draw once per call, in the MONAI dictionary class's order, and apply the same
 * parameters to every key. Where MONAI's dictionary class holds a random array transform with its own generator
 * (RandAxisFlipd, RandZoomd), {@code setRandomState(seed)} seeds both alike, as MONAI does.
 *
 * <p>Known differences: nearest-neighbour resampling at exact half-voxel ties (e.g. halving the voxel size) may
 * pick the other neighbour than MONAI, whose choice there depends on float64 rounding noise in its matrix solve;
 * spline (integer) modes, lazy resampling and anti-aliasing in Resize are not supported.
 */
package dev.axial.transforms.spatial;
