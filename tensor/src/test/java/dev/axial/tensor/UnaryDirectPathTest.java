package dev.axial.tensor;

import dev.axial.tensor.cpu.Parallel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The float32 unary fast paths, which run straight over memory (one pass, or composite functions in blocks): a row's
 * last partial vector, in-place calls and every thread count give the same bits, special values in any lane included.
 */
class UnaryDirectPathTest {
    private static final List<Function<Tensor, Tensor>> OPS = List.of(Tensor::exp, Tensor::neg, Tensor::abs, Tensor::square,
            Tensor::reciprocal, Tensor::sqrt, Tensor::rsqrt, Tensor::relu, t -> t.leakyRelu(0.1), t -> t.clamp(-1, 2),
            Tensor::log, Tensor::tanh, Tensor::sigmoid, Tensor::silu, Tensor::erf, Tensor::gelu, t -> t.gelu("tanh"));
    private static final List<Function<Tensor, Tensor>> IN_PLACE = List.of(Tensor::exp_, Tensor::neg_, Tensor::abs_, Tensor::square_,
            Tensor::reciprocal_, Tensor::sqrt_, Tensor::rsqrt_, Tensor::relu_, t -> t.leakyRelu_(0.1), t -> t.clamp_(-1, 2),
            Tensor::log_, Tensor::tanh_, Tensor::sigmoid_, Tensor::silu_, Tensor::erf_, t -> t.copy_(t.gelu()), t -> t.copy_(t.gelu("tanh")));

    /** Values over exp's whole range, with NaN, infinities, overflow, subnormal results and signed zeros sprinkled in. */
    private static float[] values(int n) {
        Random r = new Random(n);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.7f, 89f, -87.5f, -100f, -104f, 87f, -87f};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(7) == 0 ? specials[r.nextInt(specials.length)] : (float) (r.nextDouble() * 40 - 20);
        return v;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++)
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
    }

    @ParameterizedTest @MethodSource("dev.axial.tensor.Conformance#devices")
    void sameBitsForEveryTailThreadCountAndInPlace(Device dev) {
        int threads = Parallel.threads();
        try (Scope s = Scope.open()) {
            int rows = 9, cols = 7_919;   // a prime: every row ends in a partial vector, at a different lane
            float[] v = values(rows * cols);
            Tensor flat = Tensor.of(v, rows * cols).to(dev);
            for (int k = 0; k < OPS.size(); k++) {
                Parallel.setThreads(1);
                float[] ref = OPS.get(k).apply(flat).toFloatArray();
                // element by element, as one-element tensors: every value computed alone in a padded vector
                for (int i = 0; i < 64; i++)
                    assertEquals(Float.floatToIntBits(ref[i]), Float.floatToIntBits((float) OPS.get(k).apply(flat.slice(0, i, i + 1)).item()),
                            "op " + k + " alone at " + i);
                for (int th : new int[]{2, 3}) {
                    Parallel.setThreads(th);
                    assertBits(ref, OPS.get(k).apply(flat).toFloatArray(), "op " + k + " threads " + th);
                    assertBits(ref, OPS.get(k).apply(flat.reshape(rows, cols)).toFloatArray(), "op " + k + " rows, threads " + th);
                    Tensor m = flat.reshape(rows, cols).copy();
                    assertSame(m, IN_PLACE.get(k).apply(m));
                    assertBits(ref, m.toFloatArray(), "op " + k + " in place, threads " + th);
                }
                // a view whose rows start mid-vector: the row offsets differ, the bits do not
                Tensor wide = Tensor.of(v, rows, cols).to(dev).slice(1, 3, cols);
                float[] got = OPS.get(k).apply(wide).toFloatArray();
                for (int r = 0, j = 0; r < rows; r++)
                    for (int c = 3; c < cols; c++, j++)
                        assertEquals(Float.floatToIntBits(ref[r * cols + c]), Float.floatToIntBits(got[j]), "op " + k + " offset view");
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
