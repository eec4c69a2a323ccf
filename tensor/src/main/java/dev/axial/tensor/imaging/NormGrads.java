package dev.axial.tensor.imaging;

import dev.axial.tensor.Tensor;

/**
 * Gradients of a normalization with respect to its input, weight and bias (weight and bias shaped as the
 * parameters; computed as if weight were 1 and bias 0 where they were absent).
 *
 * <pre>{@code
 * NormGrads g = Normalization.layerNormBackward(gy, x, new long[]{8}, r.mean(), r.invstd(), w);
 * }</pre>
 */
public record NormGrads(Tensor gradInput, Tensor gradWeight, Tensor gradBias) {}
