package dev.axial.tensor;

/** For tests outside this package: a tensor with one dim reversed as a view (negative stride), which flip() copies. */
public final class FlippedView {
    private FlippedView() {}

    public static Tensor of(Tensor t, int dim) {
        long[] sh = t.shape(), st = t.strides();
        long off = t.offset() + (sh[dim] > 0 ? (sh[dim] - 1) * st[dim] : 0);
        st[dim] = -st[dim];
        return t.asStrided(sh, st, off);
    }
}
