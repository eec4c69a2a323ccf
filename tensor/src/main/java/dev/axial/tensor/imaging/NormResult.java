package dev.axial.tensor.imaging;

import dev.axial.tensor.Tensor;

/**
 * A normalization's output and the statistics its backward needs: for batch and instance norm PyTorch's
 * {@code save_mean} and {@code save_invstd} (per channel, or per (n, c) for instance norm; in eval mode the running
 * mean and 1/sqrt(running_var + eps) that were used), for group and layer norm {@code mean} and {@code rstd}.
 *
 * <pre>{@code
 * NormResult r = Normalization.groupNorm(x, 4, w, b, 1e-5);
 * Tensor y = r.output();
 * }</pre>
 *
 * @param output the normalized tensor (input's shape)
 * @param mean   the mean per normalized unit
 * @param invstd 1 / sqrt(var + eps) per normalized unit
 */
public record NormResult(Tensor output, Tensor mean, Tensor invstd) {}
