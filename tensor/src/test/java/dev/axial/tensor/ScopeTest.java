package dev.axial.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Ownership: scopes nest, free what they own on close (also on exceptions), hand kept results up, and stay on their thread. */
class ScopeTest {
    private static Throwable onOtherThread(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                err.set(e);
            }
        }, "other");
        t.start();
        t.join();
        return err.get();
    }

    @Test
    void nestedScopesFreeTheirOwnTensorsOnly() {
        assertNull(Scope.current());
        try (Scope outer = Scope.open()) {
            assertSame(outer, Scope.current());
            Tensor a = Tensor.zeros(3);
            Tensor b;
            try (Scope inner = Scope.open()) {
                assertSame(inner, Scope.current());
                b = Tensor.ones(2);
                Tensor view = b.unsqueeze(0);   // views own nothing new
                assertEquals(1, inner.ownedCount());
                assertSame(b.storage(), view.storage());
            }
            assertSame(outer, Scope.current());
            assertTrue(b.storage().isFreed());
            assertFalse(a.storage().isFreed());
            assertThrows(UseAfterFreeException.class, b::toDoubleArray);
            assertEquals(1, outer.ownedCount());
        }
        assertNull(Scope.current());
    }

    @Test
    void keepMovesToTheParentThenToTheCaller() {
        Tensor kept, toCaller;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                Tensor t = Tensor.full(DType.INT64, Device.CPU, 7, 2);
                kept = inner.keep(t.unsqueeze(0));   // keeping a view keeps its storage
                assertEquals(0, inner.ownedCount());
            }
            assertFalse(kept.storage().isFreed());
            assertArrayEquals(new long[]{7, 7}, kept.toLongArray());
            assertEquals(1, outer.ownedCount());
            toCaller = outer.keep(kept);
            assertEquals(0, outer.ownedCount());
        }
        assertFalse(toCaller.storage().isFreed(), "kept from the outermost scope: the caller owns it");
        assertArrayEquals(new long[]{7, 7}, toCaller.toLongArray());
        toCaller.close();
        assertTrue(toCaller.storage().isFreed());
        toCaller.close();   // idempotent
    }

    @Test
    void keepOfATensorNotOwnedFails() {
        Tensor free = Tensor.zeros(2);   // made outside any scope
        try (Scope outer = Scope.open()) {
            Tensor mine = Tensor.zeros(2);
            try (Scope inner = Scope.open()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> inner.keep(mine));
                assertTrue(e.getMessage().contains("another scope"), e.getMessage());
                e = assertThrows(IllegalStateException.class, () -> inner.keep(free));
                assertTrue(e.getMessage().contains("outside any scope"), e.getMessage());
            }
            assertFalse(mine.storage().isFreed(), "a failed keep leaves ownership alone");
            Tensor k = outer.keep(mine);
            assertSame(mine, k);
            assertThrows(IllegalStateException.class, () -> outer.keep(mine), "kept twice");
            mine.close();
        } finally {
            free.close();
        }
    }

    @Test
    void keepAfterCloseAndFreedTensorsFail() {
        Scope s = Scope.open();
        Tensor t = Tensor.zeros(2);
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.keep(t));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        s.close();   // twice is harmless
        try (Scope s2 = Scope.open()) {
            Tensor u = Tensor.zeros(2);
            u.close();
            assertThrows(UseAfterFreeException.class, () -> s2.keep(u));
            assertEquals(0, s2.ownedCount());
        }
    }

    @Test
    void exceptionsInsideAScopeStillFree() {
        Tensor[] made = new Tensor[1];
        assertThrows(ArithmeticException.class, () -> {
            try (Scope s = Scope.open()) {
                made[0] = Tensor.ones(4);
                throw new ArithmeticException("boom");
            }
        });
        assertTrue(made[0].storage().isFreed());
        assertNull(Scope.current());
    }

    @Test
    void closingAnOuterScopeClosesInnerScopesLeftOpen() {
        Scope outer = Scope.open();
        Tensor a = Tensor.zeros(1);
        Scope inner = Scope.open();
        Tensor b = Tensor.zeros(1);
        Scope.open();   // left open too
        Tensor c = Tensor.zeros(1);
        outer.close();
        assertTrue(a.storage().isFreed() && b.storage().isFreed() && c.storage().isFreed());
        assertNull(Scope.current());
        inner.close();   // already closed by outer: harmless
        assertNull(Scope.current());
    }

    @Test
    void scopesAreThreadConfined() throws InterruptedException {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.zeros(2);
            Throwable e = onOtherThread(s::close);
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("thread"), e.getMessage());
            e = onOtherThread(() -> s.keep(t));
            assertInstanceOf(IllegalStateException.class, e);
            assertFalse(t.storage().isFreed(), "a refused close frees nothing");
            assertSame(s, Scope.current());
        }
    }

    @Test
    void tensorsMadeOnAnotherThreadBelongToThatThreadsScopeOrToTheCaller() throws InterruptedException {
        AtomicReference<Tensor> unscoped = new AtomicReference<>(), scoped = new AtomicReference<>();
        try (Scope mine = Scope.open()) {
            Throwable e = onOtherThread(() -> {
                assertNull(Scope.current(), "scopes are per thread");
                unscoped.set(Tensor.ones(3));
                try (Scope theirs = Scope.open()) {
                    scoped.set(Tensor.ones(3));
                }
            });
            assertNull(e);
            assertEquals(0, mine.ownedCount(), "another thread's tensors never join this thread's scope");
        }
        assertTrue(scoped.get().storage().isFreed());
        Tensor u = unscoped.get();
        assertFalse(u.storage().isFreed(), "made outside any scope: the caller owns it");
        assertArrayEquals(new float[]{1, 1, 1}, u.toFloatArray());
        u.close();
        assertTrue(u.storage().isFreed());
    }

    @Test
    void tensorsOutsideAnyScopeAreNotFreedByLaterScopes() {
        Tensor t = Tensor.arange(4);
        try (Scope s = Scope.open()) {
            Tensor u = t.copy();
            assertEquals(1, s.ownedCount(), "results go to the current scope: " + u.describe());
        }
        assertFalse(t.storage().isFreed());
        t.close();
    }
}
