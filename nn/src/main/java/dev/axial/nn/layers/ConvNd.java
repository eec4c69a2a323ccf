package dev.axial.nn.layers;

import dev.axial.autograd.Variable;
import dev.axial.autograd.ops.ConvOps;
import dev.axial.nn.Init;
import dev.axial.nn.Module;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.imaging.ConvOptions;

import java.util.Arrays;

/**
 * A convolution or transposed convolution over 1 to 3 spatial dims, PyTorch's {@code _ConvNd}: parameters
 * {@code weight} ([out, in/groups, k...], or [in, out/groups, k...] when transposed) and optional {@code bias} [out],
 * initialised as PyTorch does (kaiming_uniform with a = sqrt(5) for the weight, U(+-1/sqrt(fan_in)) for the bias)
 * from the given {@link Generator}. Use the named subclasses ({@link Conv3d}, {@link ConvTranspose3d}, ...) or
 * MONAI's factory {@link dev.axial.nn.layers.factories.Conv}.
 *
 * <pre>{@code
 * ConvNd c = new Conv3d(1, 16, new int[]{3}, ConvOptions.of().stride(2).padding(1), true, new Generator(0));
 * Variable y = c.forward(x);   // x: (N, 1, D, H, W)
 * }</pre>
 */
public class ConvNd extends Module {
    private final int spatialDims, inChannels, outChannels;
    private final int[] kernelSize;
    private final ConvOptions options;
    private final boolean transposed;
    private final Variable weight, bias;

    /**
     * @param kernelSize one value for every spatial dim, or one per dim
     * @param options    stride, padding, dilation, groups, output padding (transposed only)
     */
    protected ConvNd(int spatialDims, boolean transposed, int inChannels, int outChannels, int[] kernelSize,
                     ConvOptions options, boolean bias, Generator generator) {
        String name = (transposed ? "ConvTranspose" : "Conv") + spatialDims + "d";
        if (spatialDims < 1 || spatialDims > 3) throw new IllegalArgumentException(name + ": spatial dims must be 1, 2 or 3");
        int groups = options.groups();
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException(name + ": in_channels " + inChannels + " and out_channels " + outChannels
                    + " must be positive and divisible by groups " + groups);
        if (transposed && options.paddingMode() != null)
            throw new IllegalArgumentException(name + ": padding \"" + options.paddingMode() + "\" is for convolutions only");
        this.spatialDims = spatialDims;
        this.transposed = transposed;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = expand(name, "kernel_size", kernelSize, spatialDims);
        for (int k : this.kernelSize)
            if (k <= 0) throw new IllegalArgumentException(name + ": kernel_size " + Arrays.toString(kernelSize) + " must be positive");
        this.options = options;
        // validate the per-dim option lengths now rather than at the first forward
        options.strides(spatialDims);
        options.paddings(spatialDims);
        options.dilations(spatialDims);
        options.outputPaddings(spatialDims);
        long[] shape = new long[spatialDims + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = (transposed ? outChannels : inChannels) / groups;
        for (int i = 0; i < spatialDims; i++) shape[i + 2] = this.kernelSize[i];
        this.weight = registerParameter("weight", Init.kaimingUniform(generator, Math.sqrt(5), shape));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(generator, shape, outChannels)) : null;
    }

    static int[] expand(String layer, String what, int[] v, int rank) {
        if (v.length == rank) return v.clone();
        if (v.length == 1) {
            int[] out = new int[rank];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException(layer + ": " + what + " " + Arrays.toString(v) + " must have 1 or " + rank + " values");
    }

    public final Variable weight() { return weight; }

    /** Null without bias. */
    public final Variable bias() { return bias; }

    public final int spatialDims() { return spatialDims; }

    public final int inChannels() { return inChannels; }

    public final int outChannels() { return outChannels; }

    public final int[] kernelSize() { return kernelSize.clone(); }

    public final ConvOptions options() { return options; }

    public final boolean isTransposed() { return transposed; }

    @Override public Variable forward(Variable input) {
        int d = input.dim();
        if ((d != spatialDims + 2 && d != spatialDims + 1) || input.size(d - spatialDims - 1) != inChannels)
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + inChannels + ", " + outChannels
                    + "): expected input (N, " + inChannels + ", " + spatialDims + " spatial dims) or unbatched, got "
                    + Shapes.str(input.shape()));
        if (transposed) return switch (spatialDims) {
            case 1 -> ConvOps.convTranspose1d(input, weight, bias, options);
            case 2 -> ConvOps.convTranspose2d(input, weight, bias, options);
            default -> ConvOps.convTranspose3d(input, weight, bias, options);
        };
        return switch (spatialDims) {
            case 1 -> ConvOps.conv1d(input, weight, bias, options);
            case 2 -> ConvOps.conv2d(input, weight, bias, options);
            default -> ConvOps.conv3d(input, weight, bias, options);
        };
    }

    /** PyTorch's repr: stride always, the rest only where not the default. */
    @Override protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(options.strides(spatialDims)));
        if (options.paddingMode() != null) sb.append(", padding=").append(options.paddingMode());
        else if (!allEqual(options.paddings(spatialDims), 0)) sb.append(", padding=").append(tuple(options.paddings(spatialDims)));
        if (!allEqual(options.dilations(spatialDims), 1)) sb.append(", dilation=").append(tuple(options.dilations(spatialDims)));
        if (transposed && !allEqual(options.outputPaddings(spatialDims), 0))
            sb.append(", output_padding=").append(tuple(options.outputPaddings(spatialDims)));
        if (options.groups() != 1) sb.append(", groups=").append(options.groups());
        if (bias == null) sb.append(", bias=False");
        return sb.toString();
    }

    static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    private static boolean allEqual(int[] v, int x) {
        for (int a : v) if (a != x) return false;
        return true;
    }
}
