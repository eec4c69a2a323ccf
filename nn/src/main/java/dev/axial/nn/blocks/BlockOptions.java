package dev.axial.nn.blocks;

import dev.axial.nn.layers.factories.Act;
import dev.axial.nn.layers.factories.LayerSpec;
import dev.axial.nn.layers.factories.Norm;
import dev.axial.tensor.Generator;

import java.util.Arrays;

/**
 * The keyword arguments MONAI's {@link Convolution} and {@link ResidualUnit} share, with MONAI's defaults (strides 1,
 * kernel_size 3, adn_ordering "NDA", act PRELU, norm INSTANCE, no dropout, dropout_dim 1, dilation 1, bias, padding
 * from same_padding), and the {@link Generator} that initialises weights and draws dropout masks. Fluent setters.
 *
 * <pre>{@code
 * Convolution c = Convolution.builder(3, 1, 16).strides(2).norm(Norm.BATCH).dropout(0.1).build();
 * }</pre>
 */
public abstract class BlockOptions<B extends BlockOptions<B>> {
    final int spatialDims, inChannels, outChannels;
    int[] strides = {1}, kernelSize = {3}, dilation = {1}, padding;
    String adnOrdering = "NDA";
    LayerSpec act = LayerSpec.of(Act.PRELU), norm = LayerSpec.of(Norm.INSTANCE), dropout;
    Integer dropoutDim = 1;
    boolean bias = true;
    Generator generator = Generator.defaultGenerator();

    BlockOptions(int spatialDims, int inChannels, int outChannels) {
        if (spatialDims < 1 || spatialDims > 3)
            throw new IllegalArgumentException(getClass().getEnclosingClass().getSimpleName() + ": spatial_dims must be 1, 2 or 3, got " + spatialDims);
        this.spatialDims = spatialDims;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
    }

    @SuppressWarnings("unchecked")
    private B self() { return (B) this; }

    /** One stride for every dim, or one per dim. */
    public B strides(int... v) { strides = v.clone(); return self(); }

    public B kernelSize(int... v) { kernelSize = v.clone(); return self(); }

    public B adnOrdering(String v) { adnOrdering = v; return self(); }

    /** An activation name ("prelu", "relu", "leakyrelu"), or null for none. */
    public B act(String v) { return act(v == null ? null : LayerSpec.of(v)); }

    /** MONAI's ("name", {args}) form, or null for none. */
    public B act(LayerSpec v) { act = v; return self(); }

    /** "batch" or "instance", or null for none. */
    public B norm(String v) { return norm(v == null ? null : LayerSpec.of(v)); }

    public B norm(LayerSpec v) { norm = v; return self(); }

    /** A dropout ratio (MONAI's float form; 0 still adds a no-op Dropout layer, as MONAI). */
    public B dropout(double p) { return dropout(LayerSpec.dropout(p)); }

    /** MONAI's ("dropout", {"p": ...}) form, or null for none. */
    public B dropout(LayerSpec v) { dropout = v; return self(); }

    /** 1: element-wise dropout; 2 or 3: whole channels. */
    public B dropoutDim(Integer v) { dropoutDim = v; return self(); }

    public B dilation(int... v) { dilation = v.clone(); return self(); }

    public B bias(boolean v) { bias = v; return self(); }

    /** Explicit padding (default: MONAI's same_padding of kernel_size and dilation). */
    public B padding(int... v) { padding = v == null ? null : v.clone(); return self(); }

    /** Initialises weights and draws dropout masks (default: {@link Generator#defaultGenerator()}). */
    public B generator(Generator v) {
        if (v == null) throw new IllegalArgumentException("generator is null");
        generator = v;
        return self();
    }

    /** MONAI's same_padding: (k - 1) * d / 2 per dim; odd (k - 1) * d has no same padding. */
    static int[] samePadding(int[] kernelSize, int[] dilation) {
        int n = Math.max(kernelSize.length, dilation.length);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            int k = kernelSize[kernelSize.length == 1 ? 0 : i], d = dilation[dilation.length == 1 ? 0 : i];
            if ((k - 1) * d % 2 == 1)
                throw new IllegalArgumentException("Same padding not available for kernel_size=" + Arrays.toString(kernelSize)
                        + " and dilation=" + Arrays.toString(dilation) + ".");
            p[i] = (k - 1) * d / 2;   // numpy computes (k - 1) / 2 * d in floats: the same for even (k - 1) * d
        }
        return p;
    }

    static long product(int[] v) {
        long p = 1;
        for (int x : v) p *= x;
        return p;
    }
}
