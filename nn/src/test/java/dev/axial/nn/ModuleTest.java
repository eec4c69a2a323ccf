package dev.axial.nn;

import dev.axial.autograd.Variable;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {
    /** y = x * w + b, with a buffer counting calls, as a tiny layer. */
    static final class Scale extends Module {
        final Variable w = registerParameter("weight", Tensor.of(new float[] {1, 2, 3}, 3));
        final Variable b = registerParameter("bias", Tensor.zeros(3));
        Scale() { registerBuffer("calls", Tensor.zeros(1)); }
        @Override public Variable forward(Variable x) {
            buffer("calls").add_(1);
            return x.mul(w).add(b);
        }
    }

    static final class Net extends Module {
        final Scale first = registerModule("first", new Scale());
        final Scale second;
        Net() {
            registerParameter("gain", Tensor.ones(1));
            second = registerModule("second", new Scale());
        }
        @Override public Variable forward(Variable x) { return second.forward(first.forward(x)); }
    }

    @Test void stateDictKeysFollowPyTorchOrder() {
        try (Net net = new Net()) {
            assertEquals(List.of("gain", "first.weight", "first.bias", "first.calls", "second.weight", "second.bias", "second.calls"),
                    List.copyOf(net.stateDict().keySet()));
            assertEquals(List.of("gain", "first.weight", "first.bias", "second.weight", "second.bias"), List.copyOf(net.namedParameters().keySet()));
            assertEquals(List.of("", "first", "second"), List.copyOf(net.namedModules().keySet()));
            assertEquals(13, net.numParameters());
        }
    }

    @Test void loadStrictCopiesValuesAndNonStrictReportsTheRest() {
        try (Net a = new Net(); Net b = new Net(); Scope s = Scope.open()) {
            a.first.w.data().fill_(7);
            b.loadStateDict(a.stateDict(), true);
            assertArrayEquals(new float[] {7, 7, 7}, b.first.w.data().toFloatArray());

            Map<String, Tensor> partial = new LinkedHashMap<>(a.stateDict());
            partial.remove("gain");
            partial.put("extra.weight", Tensor.zeros(2));
            partial.put("second.bias", Tensor.zeros(4));
            StateDictException e = assertThrows(StateDictException.class, () -> b.loadStateDict(partial, true));
            assertTrue(e.getMessage().contains("gain") && e.getMessage().contains("extra.weight")
                    && e.getMessage().contains("second.bias: checkpoint [4], model [3]"), e.getMessage());

            a.second.w.data().fill_(5);
            StateDictLoad r = b.loadStateDict(partial, false);
            assertEquals(List.of("gain"), r.missingKeys());
            assertEquals(List.of("extra.weight"), r.unexpectedKeys());
            assertEquals(1, r.mismatchedShapes().size());
            assertArrayEquals(new float[] {5, 5, 5}, b.second.w.data().toFloatArray(), "matching keys load without strict");
        }
    }

    @Test void trainEvalReachesChildrenAndCloseFreesEverything() {
        Net net = new Net();
        net.eval();
        assertFalse(net.first.isTraining());
        net.train();
        assertTrue(net.second.isTraining());
        try (Scope s = Scope.open()) {
            Variable y = net.forward(Variable.of(Tensor.ones(3))).sum();
            y.backward();
        }
        assertNotNull(net.first.w.grad());
        Tensor w = net.first.w.data();
        net.close();
        assertTrue(w.storage().isFreed());
        assertNull(net.first.w.grad());
    }

    @Test void badNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            { registerParameter("a.b", Tensor.zeros(1)); }
            @Override public Variable forward(Variable x) { return x; }
        });
    }
}
