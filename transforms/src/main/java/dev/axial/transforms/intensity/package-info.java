/**
 * MONAI's intensity transforms (monai/transforms/intensity), array and dictionary forms, same names, options and
 * numbers: scaling ({@link dev.axial.transforms.intensity.ScaleIntensity}, {@code ScaleIntensityRange},
 * {@code ScaleIntensityRangePercentiles}, {@code ScaleIntensityFixedMean}), normalisation ({@code NormalizeIntensity},
 * {@code HistogramNormalize}), clipping and masking ({@code ThresholdIntensity}, {@code ClipIntensityPercentiles},
 * {@code MaskIntensity}), shifts, contrast, Gaussian smoothing and sharpening, and the random augmentations (noise,
 * bias field, histogram shift, Gibbs and k-space spikes).
 *
 * <p>Values are computed on the host in float32 arithmetic where MONAI's torch code uses it, so outputs agree with
 * MONAI to float32 rounding (tools/fixtures/gen_transforms_intensity.py holds the reference cases). Random
 * transforms ({@link dev.axial.transforms.intensity.RandomIntensity}) draw from the numpy-compatible generator in
 * MONAI's order, noise arrays included; their dictionary forms ({@link dev.axial.transforms.intensity.RandomIntensityd})
 * reproduce MONAI's two identically seeded generators. Where MONAI turns a whole image into NaN through a statistic
 * (min/max, mean/std, percentiles, histograms), these transforms refuse the image with a
 * {@link dev.axial.transforms.TransformException} naming the transform, the key and the shape; elementwise transforms
 * keep NaN voxels as MONAI does.
 */
package dev.axial.transforms.intensity;
