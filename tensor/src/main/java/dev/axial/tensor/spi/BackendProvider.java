package dev.axial.tensor.spi;

import dev.axial.tensor.Device;

/**
 * Found through {@link java.util.ServiceLoader}; one per device type. The CPU backend is built in;
 * others (CUDA) live in their own package and load only when first asked for.
 */
public interface BackendProvider {
    Device.Type type();

    /**
     * Loads the backend for {@code device}, or throws {@link BackendUnavailableException} saying exactly
     * why not (no driver, which library soname was looked for, ...). Called at most once per device.
     */
    Backend load(Device device) throws BackendUnavailableException;
}
