package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Gradcheck of the reductions, scans, order statistics and softmax family; PyTorch's tie and zero rules. */
class ReduceOpsTest {
    private final Generator gen = new Generator(11);

    private Tensor randn(long... shape) { return Tensor.randn(gen, shape).to(DType.FLOAT64); }

    private static void check(String name, Function<Variable[], Variable> f, Tensor... in) { GradCheck.check(name, f, in); }

    private static double[] grad(UnaryOperator<Variable> f, Tensor x) {
        Variable p = Variable.param(x.copy());
        f.apply(p).sum().backward();
        return p.grad().toDoubleArray();
    }

    @Test void sumMeanProd() {
        try (Scope s = Scope.open()) {
            Tensor x = randn(2, 3, 4);
            check("sum", v -> v[0].sum(), x);
            check("sum dims", v -> v[0].sum(0, 2), x);
            check("sum negative dim keepdim", v -> v[0].sum(-1, true), x);
            // dtype: computed in float64, the gradient comes back in the input's float32
            Variable f = Variable.param(Tensor.randn(gen, 3, 2));
            Variable sd = f.sum(new int[]{1}, false, DType.FLOAT64);
            assertEquals(DType.FLOAT64, sd.dtype());
            sd.backward(Tensor.of(new double[]{1, 2, 3}, 3));
            assertEquals(DType.FLOAT32, f.grad().dtype());
            assertArrayEquals(new double[]{1, 1, 2, 2, 3, 3}, f.grad().toDoubleArray(), 0);
            f.zeroGrad();
            check("sum view", v -> v[0].transpose(0, 2).sum(new int[]{0, -1}, true), x);
            check("mean", v -> v[0].mean(), x);
            check("mean dims", v -> v[0].mean(new int[]{0, -1}, false), x);
            check("mean keepdim view", v -> v[0].transpose(1, 2).mean(1, true), x);
            Tensor withNan = x.where(randn(2, 3, 4).lt(0.8), Double.NaN);
            check("nansum", v -> v[0].nansum(), withNan);
            check("nansum dims", v -> v[0].nansum(new int[]{1, 2}, true), withNan);
            check("nanmean", v -> v[0].nanmean(), withNan);
            check("nanmean dim", v -> v[0].nanmean(-1, false), withNan);
            check("prod", v -> v[0].prod(), randn(2, 3));
            check("prod dim", v -> v[0].prod(1), x);
            check("prod negative dim keepdim view", v -> v[0].transpose(0, 1).prod(-1, true), x);
            // zeros: one zero gives the product of the rest there, two give zero everywhere (PyTorch), never NaN
            Tensor z = Tensor.of(new double[]{2, 0, 3, 0, 0, 5, 1, 2, 4}, 3, 3);
            check("prod with zeros", v -> v[0].prod(1), z);
            check("prod all with zero", v -> v[0].prod(), Tensor.of(new double[]{2, 0, 3, 4}, 4));
            assertArrayEquals(new double[]{0, 6, 0, 0, 0, 0, 8, 4, 2}, grad(v -> v.prod(1), z), 0);
        }
    }

    @Test void extremaAndTies() {
        try (Scope s = Scope.open()) {
            Tensor x = randn(3, 4, 2);
            check("max", v -> v[0].max(), x);
            check("min", v -> v[0].min(), x);
            check("amax dims", v -> v[0].amax(0, 2), x);
            check("amin keepdim negative", v -> v[0].amin(new int[]{-2}, true), x);
            check("amax view", v -> v[0].transpose(0, 1).amax(new int[]{1}, false), x);
            check("max dim", v -> v[0].max(1).values(), x);
            check("min dim keepdim", v -> v[0].min(-1, true).values(), x);
            Tensor t = Tensor.of(new double[]{1, 3, 3, 2, 5, 5, 5, 0}, 2, 4);
            assertArrayEquals(new double[]{0, 0.5, 0.5, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0}, grad(v -> v.amax(new int[]{1}, false), t), 1e-15);
            assertArrayEquals(new double[]{0, 0, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0}, grad(Variable::max, t), 1e-15);
            assertArrayEquals(new double[]{0, 0, 0, 0, 0, 0, 0, 1}, grad(Variable::min, t), 0);
            // along a dim: all to the returned (first) index
            assertArrayEquals(new double[]{0, 1, 0, 0, 1, 0, 0, 0}, grad(v -> v.max(1).values(), t), 0);
            VariableValuesIndices m = Variable.param(t).max(1, false);
            assertArrayEquals(new double[]{1, 0}, m.indices().toDoubleArray(), 0);
        }
    }

    @Test void orderStatistics() {
        try (Scope s = Scope.open()) {
            Tensor x = randn(3, 5);
            check("median", v -> v[0].median(), x);
            check("nanmedian", v -> v[0].nanmedian(), x);
            check("median dim", v -> v[0].median(1).values(), x);
            check("median dim keepdim view", v -> v[0].transpose(0, 1).median(0, true).values(), x);
            check("nanmedian dim", v -> v[0].nanmedian(-1, false).values(), x.where(randn(3, 5).lt(1), Double.NaN));
            check("kthvalue", v -> v[0].kthvalue(2, 1, false).values(), x);
            check("kthvalue default", v -> v[0].kthvalue(3).values(), x);
            check("sort", v -> v[0].sort(1, true).values(), x);
            check("sort dim 0", v -> v[0].sort(0).values().mul(v[0].sort(0).values()), x);
            check("msort", v -> v[0].msort().exp(), x);
            check("topk", v -> v[0].topk(2).values(), x);
            check("topk smallest dim 0", v -> v[0].topk(2, 0, false, true).values(), x);
            check("cummax", v -> v[0].cummax(1).values(), x);
            check("cummin view", v -> v[0].transpose(0, 1).cummin(0).values(), x);
            for (String mode : new String[]{"linear", "lower", "higher", "midpoint", "nearest"}) {
                check("quantile all " + mode, v -> v[0].quantile(0.3, null, false, mode), x);
                check("quantile dim " + mode, v -> v[0].quantile(0.75, 1, false, mode), x);
                check("quantile dim keepdim view " + mode, v -> v[0].transpose(0, 1).quantile(0.5, -1, true, mode), x);
            }
            check("quantile default", v -> v[0].quantile(0.9), x);
            check("quantile ends", v -> v[0].quantile(1.0, 0, false, "linear").add(v[0].quantile(0.0, 0, false, "linear")), x);
            assertArrayEquals(x.quantile(0.3, 1, true, "midpoint").toDoubleArray(),
                    Variable.param(x).quantile(0.3, 1, true, "midpoint").data().toDoubleArray(), 0);
            Tensor t = Tensor.of(new double[]{1, 3, 2, 3, 0}, 5);
            // the median 2 of [1, 3, 2, 3, 0] is unique; cummax's indices [0, 1, 1, 3, 3] (the latest on ties) add up
            assertArrayEquals(new double[]{0, 0, 1, 0, 0}, grad(Variable::median, t), 0);
            assertArrayEquals(new double[]{1, 2, 0, 2, 0}, grad(v -> v.cummax(0).values(), t), 0);
        }
    }

    @Test void varStdNorm() {
        try (Scope s = Scope.open()) {
            Tensor x = randn(3, 4, 2);
            check("var", v -> v[0].var(), x);
            check("var dims", v -> v[0].var(0, 2), x);
            check("var correction 0 keepdim", v -> v[0].var(new int[]{-1}, 0, true), x);
            check("var view", v -> v[0].transpose(0, 2).var(new int[]{1}, 2.5, false), x);
            check("std", v -> v[0].std(), x);
            check("std dims keepdim", v -> v[0].std(new int[]{1}, true), x);
            check("std correction 0", v -> v[0].std(new int[]{0, 1}, 0, false), x);
            assertArrayEquals(new double[]{0, 0, 0}, grad(Variable::std, Tensor.of(new double[]{1, 1, 1}, 3)), 0);
            Tensor nz = x.add(x.sign().mul(0.1));   // |x| >= 0.1, all distinct
            for (double p : new double[]{2, 1, 3, 1.5, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0}) {
                check("norm p=" + p, v -> v[0].norm(p), nz);
                check("norm dims p=" + p, v -> v[0].norm(p, new int[]{0, -1}, true), nz);
                check("norm view p=" + p, v -> v[0].transpose(0, 1).norm(p, 1), nz);
            }
            check("norm default", v -> v[0].norm(), x);
            assertArrayEquals(new double[]{0, 0, 0}, grad(Variable::norm, Tensor.zeros(DType.FLOAT64, Device.CPU, 3)), 0);
            assertArrayEquals(new double[]{0.5, -0.5, 0}, grad(v -> v.norm(Double.POSITIVE_INFINITY), Tensor.of(new double[]{3, -3, 1}, 3)), 0);
            check("logsumexp", v -> v[0].logsumexp(0, 1, 2), x);
            check("logsumexp dim keepdim", v -> v[0].logsumexp(-1, true), x);
            check("logsumexp view", v -> v[0].transpose(0, 1).logsumexp(new int[]{0}, false), x);
        }
    }

    @Test void softmaxAndScans() {
        try (Scope s = Scope.open()) {
            Tensor x = randn(3, 4, 2);
            for (int d : new int[]{0, 1, -1}) {
                check("softmax " + d, v -> v[0].softmax(d), x);
                check("logSoftmax " + d, v -> v[0].logSoftmax(d), x);
                check("softmax view " + d, v -> v[0].transpose(0, 2).softmax(d), x);
                check("logSoftmax view " + d, v -> v[0].transpose(0, 1).logSoftmax(d), x);
                check("cumsum " + d, v -> v[0].cumsum(d), x);
                check("cumprod " + d, v -> v[0].cumprod(d), x);
                check("logcumsumexp " + d, v -> v[0].logcumsumexp(d), x);
            }
            check("softmax dtype", v -> v[0].softmax(1, DType.FLOAT64), x);
            check("cumsum view", v -> v[0].transpose(0, 1).cumsum(0), x);
            check("cumprod view", v -> v[0].transpose(0, 2).cumprod(-1), x);
            check("logcumsumexp view", v -> v[0].transpose(1, 2).logcumsumexp(1), x);
            // cumprod with zeros takes the exact path: one and two zeros in a row
            Tensor z = Tensor.of(new double[]{2, 0, 3, 4, 0, 5, 0, 2, 1.5, 2, 3, 0.5}, 3, 4);
            check("cumprod with zeros", v -> v[0].cumprod(1), z);
            check("cumprod with zeros dim 0", v -> v[0].cumprod(0), z);
            assertArrayEquals(new double[]{3, 0, 0, 0}, grad(v -> v.cumprod(0), Tensor.of(new double[]{0, 2, 0, 3}, 4)), 0);
            // forward values are the core's
            assertArrayEquals(x.softmax(1).toDoubleArray(), Variable.param(x).softmax(1).data().toDoubleArray(), 0);
            assertArrayEquals(x.logcumsumexp(0).toDoubleArray(), Variable.param(x).logcumsumexp(0).data().toDoubleArray(), 0);
            assertArrayEquals(x.std(new int[]{1}, 0, true).toDoubleArray(), Variable.param(x).std(new int[]{1}, 0, true).data().toDoubleArray(), 0);
        }
    }
}
