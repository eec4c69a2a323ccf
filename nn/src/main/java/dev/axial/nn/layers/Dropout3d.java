package dev.axial.nn.layers;

/**
 * Channel dropout, {@code torch.nn.Dropout3d}: in training, whole channels of (N, C, 3 spatial dims) or
 * unbatched input are zeroed with probability p and the rest scaled by 1/(1-p); see {@link Dropout}.
 *
 * <pre>{@code
 * Variable y = new Dropout3d(0.1).forward(x);
 * }</pre>
 */
public class Dropout3d extends Dropout {
    public Dropout3d() { this(0.5); }

    public Dropout3d(double p) { super(p, 3); }
}
