package dev.axial.transforms;

import dev.axial.tensor.RandomState;

import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code OneOf}: each call runs one member, chosen with probabilities {@code weights} (normalised to sum to
 * one; default uniform). The choice is numpy's {@code R.multinomial(1, weights).argmax()}, draw for draw (a chain
 * of binomial(1, p_j / remaining) draws by numpy's inversion algorithm, one uniform each until one hits), and it
 * is recorded on the output ({@code extra_info = {index}}), so {@link #inverse} undoes the member that ran.
 * Seeding as {@link RandomComposition}.
 *
 * <pre>{@code
 * OneOf aug = new OneOf(List.of(new RandFlipd("image"), new RandRotate90d("image")), 0.3, 0.7);
 * aug.setRandomState(0);
 * Map<String, Object> out = (Map<String, Object>) aug.apply(item);
 * }</pre>
 */
public class OneOf extends RandomComposition {
    public static final String INDEX = "index";
    private final double[] weights;

    /** Uniform weights. */
    public OneOf(Transform... transforms) { this(List.of(transforms)); }

    public OneOf(List<? extends Transform> transforms) { this(transforms, (double[]) null); }

    /** {@code weights} (null: uniform) are normalised to sum to one. */
    public OneOf(List<? extends Transform> transforms, double... weights) {
        super(transforms);
        int n = transforms.size();
        if (weights == null || n == 0) {
            if (weights != null && weights.length != 0)
                throw new IllegalArgumentException("OneOf: transforms and weights should be same size, got " + weights.length + " weights and 0 transforms");
            weights = new double[n];
            java.util.Arrays.fill(weights, 1.0 / n);
        }
        this.weights = n == 0 ? new double[0] : normalize("OneOf", weights, n);
    }

    /** The normalised weights. */
    public double[] weights() { return weights.clone(); }

    @Override protected int[] draw(RandomState rs) {
        return weights.length == 0 ? new int[0] : new int[]{multinomialOne(rs, weights)};
    }

    @Override protected Map<String, Object> record(int[] order) { return Map.of(INDEX, order.length == 0 ? -1 : order[0]); }

    @Override protected int[] order(Map<String, Object> extraInfo) {
        int i = ((Number) extraInfo.get(INDEX)).intValue();
        return i < 0 ? new int[0] : new int[]{i};
    }

    /** numpy's legacy {@code multinomial(1, p).argmax()}: binomial(1, p_j / remaining) for j = 0.. until one is 1. */
    static int multinomialOne(RandomState rs, double[] p) {
        double remaining = 1.0;
        for (int j = 0; j < p.length - 1; j++) {
            if (binomialOne(rs, p[j] / remaining) == 1) return j;
            remaining -= p[j];
        }
        return p.length - 1;
    }

    /** numpy's random_binomial(p, n=1): no draw for p = 0; inversion on min(p, 1-p). */
    static int binomialOne(RandomState rs, double p) {
        if (p == 0.0) return 0;
        return p <= 0.5 ? inversionOne(rs, p) : 1 - inversionOne(rs, 1.0 - p);
    }

    /** numpy's random_binomial_inversion with n = 1, including its (rare) restart when the search passes the bound. */
    private static int inversionOne(RandomState rs, double p) {
        double q = 1.0 - p;
        double qn = Math.exp(Math.log(q));   // numpy: exp(n * log(q)), not q itself
        long bound = (long) Math.min(1, p + 10.0 * Math.sqrt(p * q + 1));
        int x = 0;
        double px = qn;
        double u = rs.randomSample();
        while (u > px) {
            x++;
            if (x > bound) {
                x = 0;
                px = qn;
                u = rs.randomSample();
            } else {
                u -= px;
                px = ((1 - x + 1) * p * px) / (x * q);
            }
        }
        return x;
    }
}
