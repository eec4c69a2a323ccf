package dev.axial.nn.layers;

/**
 * Channel dropout, {@code torch.nn.Dropout1d}: in training, whole channels of (N, C, 1 spatial dims) or
 * unbatched input are zeroed with probability p and the rest scaled by 1/(1-p); see {@link Dropout}.
 *
 * <pre>{@code
 * Variable y = new Dropout1d(0.1).forward(x);
 * }</pre>
 */
public class Dropout1d extends Dropout {
    public Dropout1d() { this(0.5); }

    public Dropout1d(double p) { super(p, 1); }
}
