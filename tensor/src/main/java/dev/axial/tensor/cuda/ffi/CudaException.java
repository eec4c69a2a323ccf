package dev.axial.tensor.cuda.ffi;

/**
 * A CUDA library call that returned an error status: names the library, the call (with its key arguments), the
 * status code and the library's own name for it.
 *
 * <pre>{@code
 * try {
 *     driver.memAlloc(1L << 40);
 * } catch (CudaException e) {
 *     e.getMessage();   // "cuMemAlloc_v2(1099511627776 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)"
 *     e.status();       // 2
 * }
 * }</pre>
 */
public class CudaException extends RuntimeException {
    private final String library;
    private final String call;
    private final int status;
    private final String statusName;

    /**
     * @param library    "CUDA driver", "cuBLAS", "NVRTC", "cuDNN"
     * @param call       the call with its key arguments, e.g. "cuMemAlloc_v2(1024 bytes)"
     * @param status     the status code returned
     * @param statusName the library's name for it (cuGetErrorName, cublasGetStatusName, ...)
     */
    public CudaException(String library, String call, int status, String statusName) {
        this(library, call, status, statusName, null);
    }

    /** As above with {@code detail} appended to the message (e.g. a compiler log, the allocator's counters). */
    public CudaException(String library, String call, int status, String statusName, String detail) {
        super(call + " failed: " + statusName + " (" + status + ")" + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.library = library;
        this.call = call;
        this.status = status;
        this.statusName = statusName;
    }

    /** The library that failed ("CUDA driver", "cuBLAS", ...). */
    public String library() { return library; }

    /** The call, with its key arguments. */
    public String call() { return call; }

    /** The raw status code. */
    public int status() { return status; }

    /** The library's name for the status, e.g. CUDA_ERROR_OUT_OF_MEMORY. */
    public String statusName() { return statusName; }
}
