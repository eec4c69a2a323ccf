package dev.axial.tensor.cuda;

import dev.axial.tensor.Device;
import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.BackendProvider;
import dev.axial.tensor.spi.BackendUnavailableException;

/**
 * Registers the CUDA backend with {@link dev.axial.tensor.Backends} (META-INF/services). Loading opens the driver,
 * creates the device's context and fails with the exact reason when it cannot ("libcuda.so.1: cannot open shared
 * object file: No such file or directory (no NVIDIA driver?)").
 *
 * <pre>{@code
 * Backends.status().get("cuda");   // "available: cuda:0 (...)" or "unavailable: <reason>"
 * }</pre>
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override public Device.Type type() { return Device.Type.CUDA; }

    @Override public Backend load(Device device) throws BackendUnavailableException {
        return new CudaBackend(CudaContext.get(device.index()));
    }
}
