package dev.axial.tensor;

/** Debug mode: {@code -Daxial.debug=true} or {@code AXIAL_DEBUG=1}. Records where storages are freed and reports leaks. */
public final class Debug {
    public static final boolean ENABLED = Boolean.getBoolean("axial.debug")
            || "1".equals(System.getenv("AXIAL_DEBUG")) || "true".equalsIgnoreCase(System.getenv("AXIAL_DEBUG"));

    private Debug() {}
}
