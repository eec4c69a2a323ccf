package dev.axial.tensor;

/** Thrown when an op reads or writes a tensor whose storage was already freed (by its scope or by close()). */
public final class UseAfterFreeException extends IllegalStateException {
    UseAfterFreeException(String op, Storage s, Throwable freedAt) {
        super(op + ": tensor's storage (" + s.dtype() + "[" + s.numel() + "] on " + s.device() + ") was already freed"
                + (freedAt == null ? "; run with -Daxial.debug=true (or AXIAL_DEBUG=1) to see where" : "; see the cause for where"),
                freedAt);
    }
}
