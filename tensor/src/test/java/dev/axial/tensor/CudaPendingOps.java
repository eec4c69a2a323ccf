package dev.axial.tensor;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * While the CUDA backend is being filled in, a test that reaches a CUDA op not written yet (the backend throws
 * UnsupportedOperationException "cuda: X is not implemented yet") is reported as skipped, not failed, so that
 * {@link Conformance#devices()} can include cuda:0 from the first skeleton on. Registered for every test through
 * JUnit's extension auto-detection (src/test/resources). {@code -Daxial.cuda.strict=true} turns it off: then such
 * tests fail, which lists what is still missing.
 *
 * <pre>{@code
 * mvn test -pl tensor -Daxial.cuda.strict=true   // every missing CUDA op fails
 * }</pre>
 */
public final class CudaPendingOps implements TestExecutionExceptionHandler {
    @Override public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (!Boolean.getBoolean("axial.cuda.strict") && pending(t) != null)
            throw new TestAbortedException("skipped on CUDA: " + pending(t).getMessage(), t);
        throw t;
    }

    /** The "cuda: ... not implemented yet" exception in t's cause chain, or null. */
    static Throwable pending(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
            if (c instanceof UnsupportedOperationException && c.getMessage() != null && c.getMessage().startsWith("cuda: ")
                    && c.getMessage().contains("not implemented yet")) return c;
        return null;
    }
}
