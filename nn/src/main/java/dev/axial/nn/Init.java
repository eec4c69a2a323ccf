package dev.axial.nn;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;

import java.util.function.Supplier;

/**
 * Parameter initialisation as {@code torch.nn.init}, drawn from a {@link Generator} so that one seed makes a model
 * reproducible (the numbers differ from PyTorch's, whose generator is Mersenne Twister; the distributions are the
 * same). Each method returns a new float32 CPU tensor in the current scope.
 *
 * <pre>{@code
 * Generator g = new Generator(0);
 * Tensor w = Init.kaimingUniform(g, Math.sqrt(5), 16, 1, 3, 3, 3);   // a Conv3d(1, 16, 3) weight
 * UNet net = Init.skipInit(() -> UNet.builder(3, 1, 1, channels, strides).build());   // zeros, weights loaded next
 * }</pre>
 */
public final class Init {
    private static final ScopedValue<Boolean> SKIP = ScopedValue.newInstance();

    private Init() {}

    /**
     * Builds a module without drawing its initial values, as PyTorch's {@code torch.nn.utils.skip_init}: inside
     * {@code build}, every method of this class returns zeros and leaves its generator untouched. For a model whose
     * weights a checkpoint is about to replace; a cold JVM otherwise spends a few hundred ms drawing a million
     * numbers that are thrown away.
     */
    public static <M> M skipInit(Supplier<M> build) {
        return ScopedValue.where(SKIP, Boolean.TRUE).call(build::get);
    }

    /**
     * PyTorch's fan-in of a weight of {@code shape}: {@code shape[1]} times the receptive field (the product of the
     * dims after the first two). For a transposed convolution's [in, out/groups, k...] weight this is
     * out/groups * k^d, as PyTorch computes it.
     */
    public static long fanIn(long... shape) {
        if (shape.length < 2)
            throw new IllegalArgumentException("Init.fanIn: needs at least 2 dims, got shape of rank " + shape.length);
        long f = shape[1];
        for (int i = 2; i < shape.length; i++) f *= shape[i];
        return f;
    }

    /** U(low, high). */
    public static Tensor uniform(Generator g, double low, double high, long... shape) {
        if (SKIP.isBound()) return Tensor.zeros(DType.FLOAT32, Device.CPU, shape);
        return Tensor.uniform(g, DType.FLOAT32, Device.CPU, low, high, shape);
    }

    /**
     * kaiming_uniform_(a, mode="fan_in", nonlinearity="leaky_relu"): U(-b, b) with
     * b = sqrt(2 / (1 + a^2)) * sqrt(3 / fan_in). With a = sqrt(5), PyTorch's default for convolutions,
     * b = 1 / sqrt(fan_in).
     */
    public static Tensor kaimingUniform(Generator g, double a, long... shape) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.sqrt(3.0 / fanIn(shape));
        return uniform(g, -bound, bound, shape);
    }

    /** PyTorch's default bias of a layer whose weight has {@code weightShape}: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static Tensor defaultBias(Generator g, long[] weightShape, long... shape) {
        long fan = fanIn(weightShape);
        double bound = fan > 0 ? 1 / Math.sqrt(fan) : 0;
        return uniform(g, -bound, bound, shape);
    }
}
