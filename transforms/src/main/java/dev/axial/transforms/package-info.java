/**
 * MONAI's transforms: array transforms ({@link dev.axial.transforms.ArrayTransform}: a channel-first
 * {@link dev.axial.tensor.MetaTensor} in, one out), their dictionary forms ({@link dev.axial.transforms.MapTransform},
 * MONAI's {@code ...d} names; {@link dev.axial.transforms.ArrayToDict} for deterministic ones), chains
 * ({@link dev.axial.transforms.Compose}) and inversion ({@link dev.axial.transforms.InvertibleTransform} with
 * {@link dev.axial.transforms.AppliedOperations}).
 *
 * <h2>Rules every transform keeps</h2>
 * <ul>
 * <li>MONAI's class names, argument names (camelCase fluent setters returning {@code this}), defaults and numbers;
 * required arguments go to the constructor.</li>
 * <li>Like tensor ops: the input is never freed or changed; outputs belong to the current Scope and may share
 * storage with the input (views). The affine and metadata move with the image ({@code img.withArray(..)}, then
 * {@code setAffine} for spatial changes, as MONAI updates {@code img.affine}).</li>
 * <li>Random transforms return true from {@code isRandom()} and draw only from the {@code RandomState} passed to
 * {@code apply(img, rs)}, in MONAI's order (MONAI's {@code randomize}: e.g. {@code prob} is drawn first with
 * {@code rs.rand() < prob}), so a transform seeded as MONAI's draws the same values. Their dictionary forms draw
 * once per call in the MONAI dictionary class's own order and apply the same parameters to every key; expose the
 * array transform's parameterised step (e.g. {@code apply(img, params)}) for that.</li>
 * <li>Spatial transforms record an applied operation ({@code AppliedOperations.push}) with what the inverse needs,
 * and implement {@code inverse}; a random transform that did not act records {@code doTransform=false}.</li>
 * <li>Bad input throws {@link dev.axial.transforms.TransformException} naming the transform, the key and the
 * shape.</li>
 * </ul>
 */
package dev.axial.transforms;
