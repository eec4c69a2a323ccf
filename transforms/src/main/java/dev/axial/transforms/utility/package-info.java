/**
 * MONAI's utility transforms ({@code monai/transforms/utility}), array and dictionary forms: items and types
 * ({@link dev.axial.transforms.utility.Identity}, {@link dev.axial.transforms.utility.Lambda},
 * {@link dev.axial.transforms.utility.DataStats}, {@link dev.axial.transforms.utility.CopyItemsd},
 * {@link dev.axial.transforms.utility.ConcatItemsd}, {@link dev.axial.transforms.utility.DeleteItemsd},
 * {@link dev.axial.transforms.utility.SplitDim}, {@link dev.axial.transforms.utility.SqueezeDim},
 * {@link dev.axial.transforms.utility.ToTensor}, {@link dev.axial.transforms.utility.EnsureType},
 * {@link dev.axial.transforms.utility.EnsureChannelFirst}); the io module's loaders and savers as transforms
 * ({@link dev.axial.transforms.utility.LoadImaged}, {@link dev.axial.transforms.utility.SaveImaged}); labels
 * ({@link dev.axial.transforms.utility.MapLabelValue}, {@link dev.axial.transforms.utility.LabelToMask},
 * {@link dev.axial.transforms.utility.ConvertToMultiChannelBasedOnBratsClasses},
 * {@link dev.axial.transforms.utility.ClassesToIndices}, {@link dev.axial.transforms.utility.FgBgToIndices},
 * {@link dev.axial.transforms.utility.AddExtremePointsChannel}); and adaptors for third-party functions
 * ({@link dev.axial.transforms.utility.FunctionTransform}). Transforms with several outputs (SplitDim, the indices
 * transforms) return lists from {@code apply(Object)}.
 */
package dev.axial.transforms.utility;
