/**
 * Bringing predictions back to the original image space, and test-time augmentation: MONAI's {@code Invertd}
 * ({@link dev.axial.transforms.inverse.Invertd}), {@code decollate_batch} ({@link dev.axial.transforms.inverse.Decollate}),
 * {@code BatchInverseTransform} ({@link dev.axial.transforms.inverse.BatchInverseTransform}) and
 * {@code TestTimeAugmentation} ({@link dev.axial.transforms.inverse.TestTimeAugmentation}).
 *
 * <p>All of them work from the applied operations a MetaTensor carries ({@link dev.axial.transforms.AppliedOperations});
 * inversion of a dictionary pipeline for one key undoes, in reverse order, the invertible members that apply to
 * that key ({@link dev.axial.transforms.inverse.Inversion}).
 */
package dev.axial.transforms.inverse;
