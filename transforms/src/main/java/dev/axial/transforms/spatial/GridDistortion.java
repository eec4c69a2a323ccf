package dev.axial.transforms.spatial;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.TransformException;

import java.util.Arrays;

/**
 * MONAI's GridDistortion: each spatial dim is cut into {@code numCells} cells of size d // numCells; cell i is
 * stretched by {@code distortSteps[dim][i]} (numCells + 1 steps per dim, the last cell runs to the edge), giving a
 * monotone coordinate per dim (float32 linspace per cell, as torch), centred and sampled by {@link Resample}
 * (float64). Defaults: bilinear, padding border. Not invertible (as MONAI); the affine is not changed.
 *
 * <pre>{@code
 * MetaTensor out = new GridDistortion(new double[][]{{1.1, 0.9, 1.0}, {1.0, 1.2, 0.8}}).numCells(2).apply(img);
 * }</pre>
 */
public final class GridDistortion extends ArrayTransform {
    private final double[][] distortSteps;
    private int[] numCells = {5};
    private GridResampling.Mode mode = GridResampling.Mode.of("bilinear");
    private String paddingMode = "border";

    /** One row of numCells + 1 steps per spatial dim. */
    public GridDistortion(double[][] distortSteps) { this.distortSteps = distortSteps.clone(); }

    /** Cells per dim: one value for all dims or one per dim (default 5). */
    public GridDistortion numCells(int... n) { numCells = n.clone(); return this; }

    public GridDistortion mode(String m) { mode = GridResampling.Mode.of(m); return this; }

    public GridDistortion mode(int order) { mode = GridResampling.Mode.order(order); return this; }

    public GridDistortion paddingMode(String p) { paddingMode = GridResampling.padding(p); return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) { return distort(name(), img, distortSteps, numCells, mode, paddingMode); }

    static MetaTensor distort(String who, MetaTensor img, double[][] steps, int[] numCells, GridResampling.Mode mode, String padding) {
        int r = GridResampling.checkImage(who, img);
        if (steps.length != r)
            throw new TransformException(who + ": distort_steps has " + steps.length + " rows for an image of shape " + Arrays.toString(img.shape()));
        long[] sp = GridResampling.spatial(img.shape());
        float[][] ranges = new float[r][];
        for (int dim = 0; dim < r; dim++) {
            int cells = numCells.length == 1 ? numCells[0] : numCells[dim];
            if (steps[dim].length < cells + 1)
                throw new TransformException(who + ": dim " + dim + " needs " + (cells + 1) + " distort steps, got " + steps[dim].length);
            int d = (int) sp[dim];
            float[] range = new float[d];
            int cell = d / cells;
            double prev = 0;
            for (int idx = 0; idx <= cells; idx++) {
                int start = idx * cell, end = start + cell;
                double cur;
                if (end > d) {
                    end = d;
                    cur = d;
                } else cur = prev + cell * steps[dim][idx];
                linspace(range, Math.min(start, d), end, (float) prev, (float) cur);
                prev = cur;
            }
            float c = (float) ((d - 1.0) / 2.0);
            for (int i = 0; i < d; i++) range[i] -= c;
            ranges[dim] = range;
        }
        int n = Math.toIntExact(GridResampling.numel(sp));
        double[][] coords = new double[r][n];
        long[] idx = new long[r];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < r; i++) coords[i][p] = ranges[i][(int) idx[i]];
            for (int i = r - 1; i >= 0 && ++idx[i] == sp[i]; i--) idx[i] = 0;
        }
        return Rand2DElastic.resample(img, coords, sp, mode, padding);
    }

    /** torch.linspace(a, b, end - start) in float32 into out[start, end). */
    private static void linspace(float[] out, int start, int end, float a, float b) {
        int steps = end - start;
        if (steps <= 0) return;
        if (steps == 1) {
            out[start] = a;
            return;
        }
        float step = (b - a) / (steps - 1);
        int half = steps / 2;
        for (int i = 0; i < steps; i++) out[start + i] = i < half ? a + step * i : b - step * (steps - i - 1);
    }
}
