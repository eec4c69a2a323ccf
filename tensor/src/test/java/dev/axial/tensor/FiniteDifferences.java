package dev.axial.tensor;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Central finite differences in float64, the reference for every backward op's test: the gradient of a scalar loss,
 * or the vector-Jacobian product d/dv sum(f(v) * gy) that a backward op computes for an upstream gradient gy.
 *
 * <pre>{@code
 * double[] want = FiniteDifferences.vjp(v -> forward(v), x, gy, 1e-6);
 * }</pre>
 */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /** d loss / dv[i] = (loss(v + h e_i) - loss(v - h e_i)) / 2h for each i; v is restored. */
    public static double[] grad(ToDoubleFunction<double[]> loss, double[] v, double h) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double keep = v[i];
            v[i] = keep + h;
            double up = loss.applyAsDouble(v);
            v[i] = keep - h;
            double down = loss.applyAsDouble(v);
            v[i] = keep;
            out[i] = (up - down) / (2 * h);
        }
        return out;
    }

    /** d/dv sum(f(v) * gy): what a backward op returns for the upstream gradient gy. */
    public static double[] vjp(Function<double[], double[]> f, double[] v, double[] gy, double h) {
        return grad(x -> dot(f.apply(x), gy), v, h);
    }

    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("dot of lengths " + a.length + " and " + b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
