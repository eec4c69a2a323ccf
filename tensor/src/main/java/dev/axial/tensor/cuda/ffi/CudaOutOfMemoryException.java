package dev.axial.tensor.cuda.ffi;

/**
 * Device memory is exhausted (CUDA_ERROR_OUT_OF_MEMORY): thrown by the driver facade's allocation and, after it
 * has emptied its cache and retried, by the caching allocator with its counters in the message.
 *
 * <pre>{@code
 * catch (CudaOutOfMemoryException e) { CudaMemory.emptyCache(Device.cuda(0)); ... }
 * }</pre>
 */
public class CudaOutOfMemoryException extends CudaException {
    /** CUDA_ERROR_OUT_OF_MEMORY. */
    public static final int STATUS = 2;

    public CudaOutOfMemoryException(String library, String call, String detail) {
        super(library, call, STATUS, "CUDA_ERROR_OUT_OF_MEMORY", detail);
    }
}
