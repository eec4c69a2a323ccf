/**
 * MONAI's networks ({@code monai.networks.nets}) with MONAI's state-dict keys, so MONAI checkpoints load by name:
 * {@link dev.axial.nn.nets.UNet}.
 *
 * <pre>{@code
 * UNet net = UNet.builder(3, 1, 2, new int[]{16, 32, 64, 128, 256}, new int[]{2, 2, 2, 2}).numResUnits(2).build();
 * }</pre>
 */
package dev.axial.nn.nets;
