/**
 * MONAI's crop and pad transforms (monai.transforms.croppad), array and dictionary forms, each invertible:
 * pads ({@link dev.axial.transforms.croppad.SpatialPad}, {@link dev.axial.transforms.croppad.BorderPad},
 * {@link dev.axial.transforms.croppad.DivisiblePad}), crops ({@link dev.axial.transforms.croppad.SpatialCrop},
 * {@link dev.axial.transforms.croppad.CenterSpatialCrop}, {@link dev.axial.transforms.croppad.RandSpatialCrop},
 * {@link dev.axial.transforms.croppad.CropForeground}, {@link dev.axial.transforms.croppad.ResizeWithPadOrCrop}) and
 * multi-sample crops ({@link dev.axial.transforms.croppad.RandSpatialCropSamples},
 * {@link dev.axial.transforms.croppad.RandCropByPosNegLabel}, {@link dev.axial.transforms.croppad.RandCropByLabelClasses},
 * {@link dev.axial.transforms.croppad.RandWeightedCrop}) that return lists.
 *
 * <p>Geometry as MONAI's: a pad sets {@code affine @ translate(-before)}, a crop {@code affine @ translate(start)}
 * ({@link dev.axial.transforms.croppad.Regions}). Records use MONAI's extra_info names ({@code padded} with the channel
 * pair first, {@code mode}; {@code cropped} as {@code [before0, after0, ...]}; {@code pad_info}/{@code crop_info} for
 * the composite ones). Random draws follow MONAI's order, so a transform seeded like MONAI's cuts the same boxes.
 *
 * <pre>{@code
 * Compose train = new Compose(
 *         new CropForegroundd(List.of("image", "label"), "image"),
 *         new RandCropByPosNegLabeld(List.of("image", "label"), "label", 96, 96, 96).numSamples(4));
 * List<Map<String, Object>> samples = (List<Map<String, Object>>) train.setRandomState(0).apply(item);
 * }</pre>
 *
 * <p>Differences from MONAI 1.5: no lazy mode; the multi-sample crops are invertible here (MONAI's only trace them):
 * the inverse pads a crop back into its image with zeros; their record keeps {@code cropped} directly in extra_info
 * (MONAI nests the replaced SpatialCrop record there); per-key pad modes of the dictionary pads are not offered
 * (one mode for all keys); pad modes are constant, edge/replicate, reflect, wrap/circular and symmetric (numpy's
 * linear_ramp, maximum, mean, median, minimum and empty are refused).
 */
package dev.axial.transforms.croppad;
