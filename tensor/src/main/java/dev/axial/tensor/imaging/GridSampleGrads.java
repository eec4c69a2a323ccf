package dev.axial.tensor.imaging;

import dev.axial.tensor.Tensor;

/**
 * The result of {@link GridSampling#gridSampleBackward}: the gradient of the input and of the grid, each null
 * where it was not asked for.
 *
 * <pre>{@code
 * GridSampleGrads g = GridSampling.gridSampleBackward(gradOut, input, grid, GridSampleOptions.of(), true, true);
 * Tensor dInput = g.gradInput(), dGrid = g.gradGrid();
 * }</pre>
 */
public record GridSampleGrads(Tensor gradInput, Tensor gradGrid) {}
