package dev.axial.tensor;

/**
 * Debug mode: {@code -Daxial.debug=true} or {@code AXIAL_DEBUG=1} (or {@link #setEnabled}). It records where
 * each storage is freed, so a use after free names the place, and reports storages the GC had to free.
 */
public final class Debug {
    private static volatile boolean enabled = Boolean.getBoolean("axial.debug")
            || "1".equals(System.getenv("AXIAL_DEBUG")) || "true".equalsIgnoreCase(System.getenv("AXIAL_DEBUG"));

    private Debug() {}

    public static boolean enabled() { return enabled; }

    public static void setEnabled(boolean on) { enabled = on; }
}
