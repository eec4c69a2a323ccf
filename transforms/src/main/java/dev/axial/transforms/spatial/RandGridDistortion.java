package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's RandGridDistortion: with probability {@code prob} (default 0.1) a {@link GridDistortion} with steps
 * 1 + U(distort_limit) (default limit 0.03: U(-0.03, 0.03)); num_cells default 5, bilinear, padding border. Draws as
 * MONAI: rand() &lt; prob, then, when acting, uniform(lo, hi, numCells + 1) per spatial dim. Not acting, the image is
 * returned as it is.
 *
 * <pre>{@code
 * RandGridDistortion t = new RandGridDistortion().numCells(4).distortLimit(0.1).prob(0.5);
 * }</pre>
 */
public final class RandGridDistortion extends ArrayTransform {
    private int[] numCells = {5};
    private double lo = -0.03, hi = 0.03;
    private double prob = 0.1;
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "border";

    @Override public boolean isRandom() { return true; }

    public RandGridDistortion numCells(int... n) { numCells = n.clone(); return this; }

    /** Steps from 1 + U(-f, f). */
    public RandGridDistortion distortLimit(double f) { return distortLimit(-f, f); }

    /** Steps from 1 + U(min(a, b), max(a, b)). */
    public RandGridDistortion distortLimit(double a, double b) {
        lo = Math.min(a, b);
        hi = Math.max(a, b);
        return this;
    }

    public RandGridDistortion prob(double p) { prob = p; return this; }

    public RandGridDistortion mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public RandGridDistortion mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public RandGridDistortion paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    /** MONAI's randomize after the prob draw: the steps of every spatial dim. */
    double[][] drawSteps(RandomState rs, int dims) {
        double[][] steps = new double[dims][];
        for (int d = 0; d < dims; d++) {
            int cells = numCells.length == 1 ? numCells[0] : numCells[d];
            steps[d] = rs.uniform(lo, hi, cells + 1);
            for (int i = 0; i < steps[d].length; i++) steps[d][i] += 1.0;
        }
        return steps;
    }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        int r = GridResampling.checkImage(name(), img);
        if (!(rs.rand() < prob)) return img.withArray(img.array().view(img.shape()));   // a view: the output owns its own handle
        return apply(img, drawSteps(rs, r), mode, paddingMode);
    }

    MetaTensor apply(MetaTensor img, double[][] steps, GridResampling.Mode md, String padding) {
        return GridDistortion.distort(name(), img, steps, numCells, md, padding);
    }
}
