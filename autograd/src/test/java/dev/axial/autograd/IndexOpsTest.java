package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Gradchecks of the indexing family (float64, seeded), with duplicate indices, broadcasting and non-contiguous inputs. */
class IndexOpsTest {
    private final Generator gen = new Generator(11);

    private Tensor rnd(long... shape) { return Tensor.randn(gen, shape); }

    private static Tensor idx(long[] v, long... shape) { return Tensor.of(v, shape); }

    private static void check(String name, Function<Variable[], Variable> f, Tensor... in) {
        try (Scope s = Scope.open()) {
            GradCheck.check(name, f, in);
        }
    }

    @Test void indexSelect() {
        Tensor x = rnd(4, 3);
        Tensor dup = idx(new long[]{2, 0, 2, 2, 3}, 5);
        check("index_select duplicates", v -> v[0].indexSelect(0, dup), x);
        check("index_select dim -1", v -> v[0].indexSelect(-1, Tensor.of(new int[]{1, 1, 0}, 3)), x);
        check("index_select non-contiguous", v -> v[0].t().indexSelect(1, dup), x);
        check("index_select empty index", v -> v[0].indexSelect(0, Tensor.zeros(DType.INT64, x.device(), 0)).sum().add(v[0].sum()), x);
    }

    @Test void gatherAndTakeAlongDim() {
        Tensor x = rnd(3, 4);
        Tensor ix = idx(new long[]{0, 0, 3, 1, 2, 2}, 3, 2);
        check("gather duplicates", v -> v[0].gather(-1, ix), x);
        check("gather dim 0 non-contiguous", v -> v[0].t().gather(0, idx(new long[]{1, 1, 0, 2}, 2, 2)), x);
        check("take_along_dim broadcast", v -> v[0].takeAlongDim(idx(new long[]{3, 0, 0}, 1, 3), 1), x);
        check("take_along_dim flat", v -> v[0].t().takeAlongDim(idx(new long[]{11, 0, 11, 5}, 4)), x);
    }

    @Test void maskedSelect() {
        Tensor mask = Tensor.of(new boolean[]{true, false, true, true, false, false, true, true}, 2, 1, 4);
        check("masked_select", v -> v[0].maskedSelect(mask.select(1, 0)), rnd(2, 4));
        check("masked_select broadcast self", v -> v[0].maskedSelect(mask), rnd(3, 4));
    }

    @Test void scatters() {
        // each column writes distinct rows (no duplicates: without a reduction the last write would win)
        Tensor ix = idx(new long[]{3, 0, 1, 1, 2, 0}, 2, 3);
        check("scatter src larger than index", v -> v[0].scatter(0, ix, v[1]), rnd(4, 3), rnd(3, 4));
        check("scatter non-contiguous", v -> v[0].t().scatter(0, ix, v[1].t()), rnd(3, 4), rnd(3, 2));
        check("scatter value", v -> v[0].scatter(0, ix, 2.5), rnd(4, 3));
        Tensor dup = idx(new long[]{1, 1, 0, 1, 1, 0, 2, 2, 2}, 3, 3);
        check("scatter_add duplicates", v -> v[0].scatterAdd(1, dup, v[1]), rnd(3, 4), rnd(4, 3));
        check("scatter_add dim -2", v -> v[0].scatterAdd(-2, dup, v[1]), rnd(3, 3), rnd(3, 3));
    }

    @Test void scatterReduce() {
        Tensor dup = idx(new long[]{1, 1, 0, 3, 1, 0, 3, 3}, 2, 4);
        for (String r : new String[]{"sum", "mean", "amax", "amin"}) {
            for (boolean inc : new boolean[]{true, false}) {
                check("scatter_reduce " + r + " includeSelf=" + inc, v -> v[0].scatterReduce(1, dup, v[1], r, inc), rnd(2, 5), rnd(3, 4));
            }
        }
        // ties share the gradient evenly, as PyTorch does
        try (Scope s = Scope.open()) {
            Variable self = Variable.param(Tensor.of(new double[]{1, 5}, 2));
            Variable src = Variable.param(Tensor.of(new double[]{5, 5, 0}, 3));
            self.scatterReduce(0, idx(new long[]{1, 1, 0}, 3), src, "amax").sum().backward();
            assertArrayEquals(new double[]{1, 1 / 3.0}, self.grad().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[]{1 / 3.0, 1 / 3.0, 0}, src.grad().toDoubleArray(), 1e-12);
            self.close();
            src.close();
        }
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(DType.FLOAT64, dev.axial.tensor.Device.CPU, 3));
            assertThrows(UnsupportedOperationException.class, () -> x.scatterReduce(0, idx(new long[]{0}, 1), x, "prod"));
        }
    }

    @Test void maskedFill() {
        Tensor mask = Tensor.of(new boolean[]{true, false, false, true}, 4);
        check("masked_fill", v -> v[0].maskedFill(mask, -1.5), rnd(3, 4));
        check("masked_fill broadcast mask", v -> v[0].maskedFill(mask.view(4, 1), 0), rnd(3));
        check("masked_fill variable value", v -> v[0].t().maskedFill(mask, v[1]), rnd(4, 2), rnd());
    }

    @Test void indexPut() {
        Tensor rows = idx(new long[]{2, -4, 1}, 3), cols = idx(new long[]{0, 1, 1}, 3);
        check("index_put", v -> v[0].indexPut(new Tensor[]{rows, cols}, v[1], false), rnd(4, 2), rnd(3));
        check("index_put broadcast value", v -> v[0].indexPut(new Tensor[]{rows}, v[1], false), rnd(4, 3), rnd(3));
        Tensor dup = idx(new long[]{1, 3, 1, 1}, 4);
        check("index_put accumulate duplicates", v -> v[0].indexPut(new Tensor[]{dup}, v[1], true), rnd(4, 2), rnd(4, 2));
        Tensor mask = Tensor.of(new boolean[]{true, false, true, true, false, true}, 2, 3);
        check("index_put bool mask", v -> v[0].indexPut(new Tensor[]{mask}, v[1], false), rnd(2, 3, 2), rnd(4, 2));
        check("index_put one value", v -> v[0].transpose(0, 1).indexPut(new Tensor[]{mask.t()}, v[1], false), rnd(2, 3), rnd());
    }

    @Test void badInputNamesTheOp() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(DType.FLOAT64, dev.axial.tensor.Device.CPU, 2, 3));
            RuntimeException e = assertThrows(RuntimeException.class, () -> x.gather(1, idx(new long[]{3, 0}, 2, 1)));
            assertTrue(e.getMessage().contains("gather"), e.getMessage());
            e = assertThrows(RuntimeException.class, () -> x.indexSelect(0, idx(new long[]{0, 1}, 1, 2)));
            assertTrue(e.getMessage().contains("index_select"), e.getMessage());
            e = assertThrows(RuntimeException.class, () -> x.indexPut(new Tensor[]{idx(new long[]{0}, 1)}, Variable.of(Tensor.zeros(DType.FLOAT64, x.device(), 4)), false));
            assertTrue(e.getMessage().contains("index_put"), e.getMessage());
        }
    }
}
