package dev.axial.nn.layers.factories;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A layer type and its keyword arguments: MONAI's {@code "prelu"} or {@code ("prelu", {"init": 0.2})} forms, as
 * its {@code split_args} reads them. Names are case-insensitive ("PRELU" = "prelu"); argument keys are MONAI's /
 * PyTorch's snake_case keyword names.
 *
 * <pre>{@code
 * LayerSpec act = LayerSpec.of("prelu", Map.of("init", 0.2));
 * LayerSpec norm = LayerSpec.of(Norm.INSTANCE, Map.of("affine", true));
 * LayerSpec relu = LayerSpec.of("RELU");
 * }</pre>
 */
public record LayerSpec(String name, Map<String, Object> args) {
    public LayerSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("LayerSpec: the layer name is empty");
        name = name.toLowerCase(Locale.ROOT);
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args == null ? Map.of() : args));
    }

    /** A name with no arguments (MONAI's plain string form). */
    public static LayerSpec of(String name) { return new LayerSpec(name, Map.of()); }

    /** MONAI's {@code (name, {args})} tuple form. */
    public static LayerSpec of(String name, Map<String, ?> args) { return new LayerSpec(name, new LinkedHashMap<>(args)); }

    /** A dropout ratio as MONAI's get_dropout_layer reads a bare float: {@code ("dropout", {"p": p})}. */
    public static LayerSpec dropout(double p) { return of(Dropout.DROPOUT, Map.of("p", p)); }

    /** Throws unless every argument key is one of {@code allowed} (PyTorch's unexpected keyword argument). */
    void check(String factory, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String k : args.keySet())
            if (!ok.contains(k))
                throw new IllegalArgumentException(factory + " '" + name + "': unexpected argument '" + k + "' (accepts " + new TreeSet<>(ok) + ")");
    }

    double doubleArg(String key, double dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("LayerSpec '" + name + "': argument '" + key + "' must be a number, got " + v);
    }

    int intArg(String key, int dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) return ((Number) v).intValue();
        throw new IllegalArgumentException("LayerSpec '" + name + "': argument '" + key + "' must be an integer, got " + v);
    }

    boolean boolArg(String key, boolean dflt) {
        Object v = args.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("LayerSpec '" + name + "': argument '" + key + "' must be a boolean, got " + v);
    }

    @Override public String toString() { return args.isEmpty() ? name : "(" + name + ", " + args + ")"; }
}
