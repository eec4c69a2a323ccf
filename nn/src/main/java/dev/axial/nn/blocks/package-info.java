/**
 * MONAI's building blocks ({@code monai.networks.blocks}), built child by child as MONAI builds them so that
 * state-dict keys match: {@link dev.axial.nn.blocks.ADN}, {@link dev.axial.nn.blocks.Convolution}, {@link
 * dev.axial.nn.blocks.ResidualUnit}. MONAI's keyword arguments are builder setters with MONAI's defaults.
 *
 * <pre>{@code
 * ResidualUnit ru = ResidualUnit.builder(3, 16, 32).strides(2).norm("batch").build();
 * }</pre>
 */
package dev.axial.nn.blocks;
