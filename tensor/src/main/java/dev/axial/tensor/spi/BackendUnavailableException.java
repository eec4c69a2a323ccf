package dev.axial.tensor.spi;

/** A backend that cannot load says why: which library, which soname, which call failed. */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String reason) { super(reason); }

    public BackendUnavailableException(String reason, Throwable cause) { super(reason, cause); }
}
