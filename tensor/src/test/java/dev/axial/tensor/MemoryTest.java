package dev.axial.tensor;

import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.*;

class MemoryTest {
    @Test
    void hundredThousandIterationsOfTemporariesStayFlat() {
        Tensor acc = Tensor.zeros(64, 32);
        try {
            long before = CpuStorage.liveBytes();
            long peakDuring = 0;
            for (int i = 0; i < 100_000; i++) {
                try (Scope s = Scope.open()) {
                    Tensor a = Tensor.ones(32, 64).t().contiguous();     // a copy
                    Tensor b = a.to(DType.FLOAT64).to(DType.FLOAT32);   // two casts
                    acc.copy_(b.reshape(64, 32));
                }
                if (i % 10_000 == 0) peakDuring = Math.max(peakDuring, CpuStorage.liveBytes());
            }
            assertEquals(before, CpuStorage.liveBytes(), "every temporary was freed");
            assertTrue(peakDuring <= before + 64 * 1024, "no growth across iterations: " + (peakDuring - before));
            assertEquals(1.0, acc.getDouble(63, 31));
        } finally {
            acc.close();
        }
    }

    @Test
    void useAfterFreeNamesTheOpAndInDebugModeWhereItWasFreed() {
        boolean was = Debug.enabled();
        Debug.setEnabled(true);
        try {
            Tensor t;
            try (Scope s = Scope.open()) {
                t = Tensor.ones(2, 2);
            }
            UseAfterFreeException e = assertThrows(UseAfterFreeException.class, t::t);
            assertTrue(e.getMessage().startsWith("transpose:"), e.getMessage());
            assertThrows(UseAfterFreeException.class, t::toFloatArray);
            assertNotNull(e.getCause(), "debug mode records where the storage was freed");
            StringWriter w = new StringWriter();
            e.getCause().printStackTrace(new PrintWriter(w));
            assertTrue(w.toString().contains("Scope.close"), w.toString());
        } finally {
            Debug.setEnabled(was);
        }
    }

    @Test
    void closeIsIdempotentAndScopesSkipWhatWasClosed() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.zeros(3);
            t.close();
            t.close();
            assertEquals(0, s.ownedCount());
        }
    }

    @Test
    void outerScopeClosesForgottenInnerScopes() {
        Tensor inner;
        Scope outer = Scope.open();
        Scope.open();   // never closed by hand
        inner = Tensor.zeros(1);
        outer.close();
        assertTrue(inner.storage().isFreed());
        assertNull(Scope.current());
    }
}
