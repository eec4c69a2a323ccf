package dev.axial.nn.losses;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hundreds of loss + backward + update steps keep live memory flat, and the loss falls. */
class LossMemoryTest {
    @Test void diceAndDiceCeStepsKeepMemoryFlat() {
        Generator g = new Generator(3);
        Variable logits = Variable.param(Scope.release(Tensor.randn(g, 2, 3, 6, 6, 4)));
        Tensor labels = Scope.release(Tensor.randint(g, 0, 3, 2, 1, 6, 6, 4).to(dev.axial.tensor.DType.FLOAT32));
        Loss[] losses = {new DiceLoss().softmax(true).toOnehotY(true).weight(new double[]{.5, 1, 2}),
                new DiceCELoss().softmax(true).toOnehotY(true).includeBackground(false).labelSmoothing(.1)};
        for (Loss loss : losses) {
            double first = 0, last = 0;
            long live10 = -1;
            for (int step = 0; step < 200; step++) {
                try (Scope s = Scope.open()) {
                    Variable l = loss.forward(logits, Variable.of(labels));
                    l.backward();
                    if (step == 0) first = l.item();
                    last = l.item();
                    try (var ng = GradMode.noGrad()) {
                        logits.data().sub_(logits.grad().mul(20));
                    }
                    logits.zeroGrad();
                }
                if (step == 10) live10 = CpuStorage.liveBytes();
            }
            long end = CpuStorage.liveBytes();
            assertTrue(end <= live10, loss.getClass().getSimpleName() + ": live bytes grew from " + live10 + " to " + end);
            assertTrue(last < first, loss.getClass().getSimpleName() + " learns: " + first + " -> " + last);
        }
        logits.data().close();
        labels.close();
    }
}
