package dev.axial.benchmarks;

import dev.axial.tensor.Generator;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.imaging.ConvOptions;
import dev.axial.tensor.imaging.Convolution;

/**
 * {@link BuildAB}'s workload: one 3-D convolution pass (kernel 3, padding 1, float32, {@link ConvBench}'s inputs),
 * called for a stretch of time. Loaded once per build, so its statics belong to that build.
 *
 * <pre>{@code double ms = ConvCall.run("64:64:6:1:8", "w", 300_000_000L);   // filter gradient, ms per call}</pre>
 */
public final class ConvCall {
    private static String shape;
    private static Inputs in;

    private ConvCall() {}

    /** A pass's operands: x (N, Cin, size³), w (Cout, Cin, 3, 3, 3), b (Cout), dy (N, Cout, out³), and the options. */
    record Inputs(Tensor x, Tensor w, Tensor b, Tensor dy, ConvOptions o) implements AutoCloseable {
        /** Seeded normal inputs for "Cin:Cout:size:stride[:batch]" (batch 2 unless given), padding 1. */
        static Inputs of(String shape) {
            String[] p = shape.split(":");
            if (p.length < 4) throw new IllegalArgumentException("conv: shape is Cin:Cout:size:stride[:batch], got " + shape);
            int cin = Integer.parseInt(p[0]), cout = Integer.parseInt(p[1]), size = Integer.parseInt(p[2]), stride = Integer.parseInt(p[3]);
            int n = p.length > 4 ? Integer.parseInt(p[4]) : 2;
            Generator g = new Generator(7);
            int out = (size - 1) / stride + 1;
            return new Inputs(Tensor.randn(g, n, cin, size, size, size), Tensor.randn(g, cout, cin, 3, 3, 3), Tensor.randn(g, cout),
                    Tensor.randn(g, n, cout, out, out, out), ConvOptions.of().stride(stride).padding(1));
        }

        Tensor forward() { return Convolution.conv3d(x, w, b, o); }

        Tensor backwardInput() { return Convolution.convBackwardInput(dy, w, x.shape(), o); }

        Tensor backwardWeight() { return Convolution.convBackwardWeight(dy, x, w.shape(), o); }

        @Override
        public void close() {
            for (Tensor t : new Tensor[]{x, w, b, dy}) t.close();
        }
    }

    /**
     * Mean ms per call of pass {@code f}, {@code d} or {@code w} over about {@code nanos} of calls, on inputs made
     * once per shape ("Cin:Cout:size:stride[:batch]", batch 2 unless given).
     */
    public static double run(String shape, String pass, long nanos) {
        if (!shape.equals(ConvCall.shape)) {
            if (in != null) in.close();
            in = Inputs.of(shape);
            ConvCall.shape = shape;
        }
        long t0 = System.nanoTime(), now;
        int calls = 0;
        do {
            Tensor t = switch (pass) {
                case "f" -> in.forward();
                case "d" -> in.backwardInput();
                case "w" -> in.backwardWeight();
                default -> throw new IllegalArgumentException("ab: pass must be f, d or w, got " + pass);
            };
            t.close();
            calls++;
            now = System.nanoTime();
        } while (now - t0 < nanos);
        return (now - t0) / 1e6 / calls;
    }
}
