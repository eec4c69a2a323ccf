package dev.axial.inferers;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.util.function.Function;

/**
 * MONAI's {@code SlidingWindowInferer}: {@link SlidingWindow#slidingWindowInference} with its options held, for
 * validation loops and {@code axial infer}.
 *
 * <pre>{@code
 * var inferer = new SlidingWindowInferer(96, 96, 96).swBatchSize(4).overlap(0.5).mode("gaussian");
 * Tensor pred = inferer.infer(volume, w -> model.forward(Variable.of(w)).data());
 * }</pre>
 */
public final class SlidingWindowInferer {
    private final long[] roiSize;
    private int swBatchSize = 1;
    private double[] overlap = {0.25};
    private String mode = "constant";
    private double[] sigmaScale = {0.125};
    private String paddingMode = "constant";
    private double cval;
    private boolean progress;

    /** {@code roiSize}: the window size, one value per spatial dim (or one for all); {@code <= 0} takes the input's size. */
    public SlidingWindowInferer(long... roiSize) {
        if (roiSize.length == 0) throw new IllegalArgumentException("SlidingWindowInferer: roiSize is required");
        this.roiSize = roiSize.clone();
    }

    /** Windows per predictor call. Default 1. */
    public SlidingWindowInferer swBatchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("SlidingWindowInferer: swBatchSize must be positive, got " + n);
        swBatchSize = n;
        return this;
    }

    /** Overlap of neighbouring windows in [0, 1), one value or one per spatial dim. Default 0.25. */
    public SlidingWindowInferer overlap(double... o) {
        for (double v : o)
            if (v < 0 || v >= 1) throw new IllegalArgumentException("SlidingWindowInferer: overlap must be >= 0 and < 1, got " + v);
        overlap = o.clone();
        return this;
    }

    /** Blending: "constant" (default) or "gaussian". */
    public SlidingWindowInferer mode(String m) {
        SlidingWindow.checkMode(m);
        mode = m;
        return this;
    }

    /** Gaussian sigma as a fraction of the roi, one value or one per spatial dim. Default 0.125. */
    public SlidingWindowInferer sigmaScale(double... s) { sigmaScale = s.clone(); return this; }

    /** Padding of inputs smaller than the roi: "constant" (default), "reflect", "replicate" or "circular". */
    public SlidingWindowInferer paddingMode(String m) { paddingMode = m; return this; }

    /** Fill value of constant padding. Default 0. */
    public SlidingWindowInferer cval(double v) { cval = v; return this; }

    /** Print the window count to stderr. Default false. */
    public SlidingWindowInferer progress(boolean v) { progress = v; return this; }

    /** Runs {@code network} over windows of {@code inputs} (B, C, spatial...) and stitches the result. */
    public Tensor infer(Tensor inputs, Function<Tensor, Tensor> network) {
        return SlidingWindow.slidingWindowInference(inputs, roiSize, swBatchSize, network, overlap, mode, sigmaScale, paddingMode, cval, progress);
    }

    /** As {@link #infer(Tensor, Function)}, keeping the input's affine and metadata on the result (as MONAI does). */
    public MetaTensor infer(MetaTensor inputs, Function<Tensor, Tensor> network) {
        return inputs.withArray(infer(inputs.array(), network));
    }
}
