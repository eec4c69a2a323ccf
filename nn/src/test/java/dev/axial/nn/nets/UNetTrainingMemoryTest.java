package dev.axial.nn.nets;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A UNet with residual units, batch norm and dropout trained for 300 steps: live memory stays flat (forward
 * temporaries, saved tensors, gradients, running-stat updates all freed), it learns, and one seed gives the same
 * weights, the same masks and the same losses.
 */
class UNetTrainingMemoryTest {
    static double[] train(long seed, int steps, long[] liveAt10AndEnd) {
        Generator g = new Generator(seed);
        try (UNet net = UNet.builder(2, 1, 2, new int[]{4, 8}, new int[]{2}).numResUnits(1).norm("batch").dropout(0.1)
                .generator(g).build();
             Tensor x = Scope.release(Tensor.randn(g, 2, 1, 8, 8));
             Tensor target = Scope.release(twoClass(x))) {
            double[] losses = new double[steps];
            for (int step = 0; step < steps; step++) {
                try (Scope s = Scope.open()) {
                    Variable loss = net.forward(Variable.of(x)).sigmoid().sub(target).square().mean();
                    loss.backward();
                    losses[step] = loss.item();
                    try (var ng = GradMode.noGrad()) {
                        for (Variable p : net.parameters()) p.data().sub_(p.grad().mul(0.5));
                    }
                    net.zeroGrad();
                }
                if (step == 10 && liveAt10AndEnd != null) liveAt10AndEnd[0] = CpuStorage.liveBytes();
            }
            if (liveAt10AndEnd != null) liveAt10AndEnd[1] = CpuStorage.liveBytes();
            assertEquals(steps, net.stateDict().get("model.0.conv.unit0.adn.N.num_batches_tracked").item(), 0);
            return losses;
        }
    }

    /** One-hot of (x > 0, x <= 0), its temporaries freed. */
    static Tensor twoClass(Tensor x) {
        try (Scope s = Scope.open()) {
            return Scope.release(Tensor.cat(1, x.gt(0).to(x.dtype()), x.le(0).to(x.dtype())));
        }
    }

    @Test void threeHundredStepsKeepMemoryFlatAndLearn() {
        long[] live = new long[2];
        double[] losses = train(7, 300, live);
        // NOTE: <=, not ==: the GC may free a tensor leaked by another test meanwhile; ours may only stay level
        assertTrue(live[1] <= live[0], "live bytes grew from " + live[0] + " to " + live[1] + " over 300 steps");
        assertTrue(losses[299] < 0.7 * losses[0], "the model learns: loss " + losses[0] + " -> " + losses[299]);
    }

    @Test void oneSeedOneRun() {
        assertTrue(Arrays.equals(train(11, 5, null), train(11, 5, null)), "same seed, same losses");
        assertFalse(Arrays.equals(train(11, 5, null), train(12, 5, null)));
    }
}
