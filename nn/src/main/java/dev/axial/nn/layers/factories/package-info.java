/**
 * MONAI's layer factories ({@code monai.networks.layers.factories}): {@link dev.axial.nn.layers.factories.Act},
 * {@link dev.axial.nn.layers.factories.Norm}, {@link dev.axial.nn.layers.factories.Conv} and {@link
 * dev.axial.nn.layers.factories.Dropout} make a layer from a name (any case) and keyword arguments, given as a
 * {@link dev.axial.nn.layers.factories.LayerSpec}, MONAI's {@code ("prelu", {"init": 0.2})} form.
 *
 * <pre>{@code
 * Module act = Act.layer(LayerSpec.of("prelu", Map.of("init", 0.2)));
 * }</pre>
 */
package dev.axial.nn.layers.factories;
