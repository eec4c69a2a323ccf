/**
 * PyTorch's layers with PyTorch's names, defaults, parameter names and initialisation: {@link
 * dev.axial.nn.layers.Conv3d} and the other convolutions, {@link dev.axial.nn.layers.BatchNorm3d}, {@link
 * dev.axial.nn.layers.InstanceNorm3d}, {@link dev.axial.nn.layers.PReLU}, {@link dev.axial.nn.layers.Dropout},
 * {@link dev.axial.nn.layers.Sequential}, plus MONAI's {@link dev.axial.nn.layers.SkipConnection}. Each forward is
 * one or a few calls into {@code dev.axial.autograd.ops}; the 1d/2d/3d classes differ only in spatial dims, so that
 * {@code toString()} prints PyTorch's class names. Random initialisation draws from a {@code Generator}.
 *
 * <pre>{@code
 * Sequential block = new Sequential(new Conv3d(1, 8, 3), new BatchNorm3d(8), new PReLU());
 * }</pre>
 */
package dev.axial.nn.layers;
