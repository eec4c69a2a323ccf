package dev.axial.autograd;

import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class OpProfileTest {
    @Test void chargesEachRecordedOpAndEachBackwardFormulaWithASyncAtEveryBoundary() {
        AtomicInteger syncs = new AtomicInteger();
        try (Scope s = Scope.open(); OpProfile p = OpProfile.start(syncs::incrementAndGet)) {
            Variable a = Variable.param(Tensor.of(new double[]{1, 2, 3}, 3));
            Variable b = Variable.param(Tensor.of(new double[]{4, 5, 6}, 3));
            p.mark();
            Variable loss = a.mul(b).add(a).sum();
            loss.backward();
            p.charge("step");
            String table = p.table(50);
            for (String row : new String[]{"forward  mul", "forward  add", "forward  sum", "backward mul", "backward add",
                    "backward sum", "step", "all"})
                assertTrue(table.contains(row), "missing row '" + row + "' in\n" + table);
            // one row per name, each call counted: the three forward ops once each
            assertTrue(table.lines().anyMatch(l -> l.startsWith("forward  mul") && l.trim().split("\\s+")[4].equals("1")), table);
            // start, mark, 3 forwards, 3 x (before + after) backward, charge
            assertEquals(1 + 1 + 3 + 6 + 1, syncs.get());
            assertTrue(p.totalMillis() >= 0);
            assertArrayEquals(new double[]{5, 6, 7}, a.grad().toDoubleArray(), 0);
        }
    }

    @Test void nothingIsChargedWithoutAnOpenProfileAndOnlyOneOpensAtATime() {
        try (Scope s = Scope.open()) {
            Variable a = Variable.param(Tensor.of(new double[]{1, 2}, 2));
            a.mul(a).sum().backward();   // no profile: the hooks are one volatile read
            try (OpProfile p = OpProfile.start(() -> {})) {
                assertThrows(IllegalStateException.class, () -> OpProfile.start(() -> {}));
                assertTrue(p.table(5).contains("all"));
            }
            try (OpProfile again = OpProfile.start(() -> {})) {   // closing released it
                assertEquals(0, again.totalMillis(), 0);
            }
        }
    }

    /**
     * A device clock (stamps read later, as CUDA events): nothing is read at the boundaries, every charge is read when
     * the table is made, and every stamp is released by close.
     */
    @Test void aDeviceClockIsReadWhenTheTableIsMadeAndEveryStampIsReleased() {
        java.util.List<Long> made = new java.util.ArrayList<>(), released = new java.util.ArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        OpProfile.Clock clock = new OpProfile.Clock() {
            @Override public long stamp() {
                made.add(100L + made.size());
                return made.getLast();
            }

            @Override public long nanos(long from, long to) {
                reads.incrementAndGet();
                return (to - from) * 1_000_000;   // 1 ms per boundary
            }

            @Override public void release(long stamp) { released.add(stamp); }
        };
        try (Scope s = Scope.open()) {
            String table;
            try (OpProfile p = OpProfile.start(clock)) {
                Variable a = Variable.param(Tensor.of(new double[]{1, 2, 3}, 3));
                p.mark();
                a.mul(a).sum().backward();
                p.charge("step");
                assertEquals(0, reads.get(), "a device clock is read only for the table");
                table = p.table(10);
                // forward mul, sum; backward sum, mul (each 1 ms: one boundary apart); the step 1 ms
                assertEquals(5, reads.get());
                assertEquals(5, p.totalMillis(), 1e-9);
            }
            assertTrue(table.contains("forward  mul") && table.contains("backward sum") && table.contains("step"), table);
            java.util.Collections.sort(released);
            assertEquals(made, released, "close releases every stamp exactly once");
        }
    }
}
