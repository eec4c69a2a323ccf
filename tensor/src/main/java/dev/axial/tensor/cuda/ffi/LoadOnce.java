package dev.axial.tensor.cuda.ffi;

import dev.axial.tensor.spi.BackendUnavailableException;

import java.util.function.Supplier;

/**
 * A library facade loaded on first use, once: its failure ({@link BackendUnavailableException}) is kept and
 * repeated with the same reason on every later call.
 *
 * <pre>{@code
 * private static final LoadOnce<Cublas> INSTANCE = new LoadOnce<>(() -> new Cublas(NativeLibrary.open(...)));
 * public static Cublas get() { return INSTANCE.get(); }
 * }</pre>
 */
final class LoadOnce<T> {
    private final Supplier<T> loader;
    private volatile Object value;   // the T, or the BackendUnavailableException

    LoadOnce(Supplier<T> loader) { this.loader = loader; }

    @SuppressWarnings("unchecked")
    T get() {
        Object o = value;
        if (o == null) {
            synchronized (this) {
                o = value;
                if (o == null) {
                    try {
                        o = loader.get();
                    } catch (BackendUnavailableException e) {
                        o = e;
                    }
                    value = o;
                }
            }
        }
        if (o instanceof BackendUnavailableException e) throw new BackendUnavailableException(e.getMessage(), e);
        return (T) o;
    }
}
