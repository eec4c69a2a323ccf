package dev.axial.autograd;

import dev.axial.autograd.ops.ConvOps;
import dev.axial.autograd.ops.DropoutOps;
import dev.axial.autograd.ops.NormOps;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import dev.axial.tensor.imaging.ConvOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory rule: 10,000 steps of forward + backward + update on a small convolutional model keep live
 * memory flat (saved tensors, gradients and temporaries all freed each step), and the model learns meanwhile.
 */
class TrainingLoopMemoryTest {
    @Test void tenThousandStepsOfASmallConvNetKeepMemoryFlat() {
        Generator g = new Generator(11);
        // parameters and running stats live outside the step scope: owned here, closed at the end
        Variable w1 = Variable.param(Scope.release(Tensor.randn(g, 4, 1, 3, 3).mul(0.3)));
        Variable b1 = Variable.param(Scope.release(Tensor.zeros(4)));
        Variable gamma = Variable.param(Scope.release(Tensor.ones(4)));
        Variable beta = Variable.param(Scope.release(Tensor.zeros(4)));
        Variable w2 = Variable.param(Scope.release(Tensor.randn(g, 1, 4, 3, 3).mul(0.3)));
        Tensor runningMean = Scope.release(Tensor.zeros(4));
        Tensor runningVar = Scope.release(Tensor.ones(4));
        List<Variable> params = List.of(w1, b1, gamma, beta, w2);
        Tensor x = Scope.release(Tensor.randn(g, 2, 1, 8, 8));
        Tensor target = Scope.release(x.gt(0.3).to(x.dtype()));   // learn a soft threshold of the input
        Generator dropoutGen = new Generator(5);
        ConvOptions same = ConvOptions.of().padding(1);

        double first = 0, last = 0;
        long live10 = -1;
        for (int step = 0; step < 10_000; step++) {
            try (Scope s = Scope.open()) {
                Variable h = ConvOps.conv2d(Variable.of(x), w1, b1, same);
                h = NormOps.batchNorm(h, runningMean, runningVar, gamma, beta, true).relu();
                h = DropoutOps.dropout2d(h, 0.1, true, dropoutGen);
                Variable y = ConvOps.conv2d(h, w2, null, same).sigmoid();
                Variable loss = y.sub(target).square().mean();
                loss.backward();
                if (step == 0) first = loss.item();
                last = loss.item();
                try (var ng = GradMode.noGrad()) {
                    for (Variable p : params) p.data().sub_(p.grad().mul(0.5));
                }
                for (Variable p : params) p.zeroGrad();
            }
            if (step == 10) live10 = CpuStorage.liveBytes();
        }
        long end = CpuStorage.liveBytes();
        // NOTE: <=, not ==: the GC may free a tensor leaked by another test meanwhile; ours may only stay level
        assertTrue(end <= live10, "live bytes grew from " + live10 + " to " + end + " over 10,000 steps");
        assertTrue(last < 0.5 * first, "the model learns: loss " + first + " -> " + last);
        for (Variable p : params) p.data().close();
        runningMean.close();
        runningVar.close();
        x.close();
        target.close();
    }
}
