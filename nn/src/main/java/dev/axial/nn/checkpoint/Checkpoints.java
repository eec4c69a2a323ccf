package dev.axial.nn.checkpoint;

import dev.axial.nn.Module;
import dev.axial.nn.StateDictLoad;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saving and loading state dicts, the format chosen by the file's suffix: {@code .safetensors} (read and
 * write), {@code .pt}/{@code .pth} (PyTorch, read only). Saves are atomic: an interrupted save leaves the
 * previous checkpoint intact.
 *
 * <pre>{@code
 * Checkpoints.save(unet, Path.of("best.safetensors"));
 * StateDictLoad r = Checkpoints.loadInto(unet, Path.of("monai_unet.pt"), true);
 * }</pre>
 */
public final class Checkpoints {
    private Checkpoints() {}

    private static String suffix(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot);
    }

    /** Writes {@code module}'s state dict as safetensors (the only format Axial writes). */
    public static void save(Module module, Path file) { save(module.stateDict(), file); }

    /** Writes a state dict as safetensors, atomically. */
    public static void save(Map<String, Tensor> stateDict, Path file) {
        if (!suffix(file).equals(".safetensors"))
            throw new CheckpointException(file, "Axial writes .safetensors only (" + suffix(file) + " is read-only or unknown)");
        SafeTensors.write(file, stateDict, Map.of("format", "pt"));
    }

    /** The state dict in {@code file}, as new tensors in the caller's scope. */
    public static Map<String, Tensor> load(Path file) { return load(file, null); }

    /**
     * The state dict under {@code key} of a nested PyTorch checkpoint ({@code {"model": sd, "epoch": 3}});
     * null takes the top level. Safetensors files are flat: there a key selects the entries under
     * {@code key + "."}, with the prefix removed.
     */
    public static Map<String, Tensor> load(Path file, String key) {
        return switch (suffix(file)) {
            case ".safetensors" -> key == null ? SafeTensors.read(file) : withPrefix(SafeTensors.read(file), key + ".");
            case ".pt", ".pth", ".ckpt", ".bin" -> TorchCheckpoint.load(file, key);
            default -> throw new CheckpointException(file, "unknown checkpoint suffix '" + suffix(file) + "' (.safetensors, .pt, .pth)");
        };
    }

    /** Entries under {@code prefix}, renamed without it; the others are freed. */
    private static Map<String, Tensor> withPrefix(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, t) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), t);
            else t.close();
        });
        return out;
    }

    /**
     * The same state dict with {@code prefix} removed from keys that have it (e.g. DataParallel's
     * {@code "module."}); the tensors are the same objects.
     */
    public static Map<String, Tensor> stripPrefix(Map<String, Tensor> stateDict, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateDict.forEach((k, t) -> out.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, t));
        return out;
    }

    /**
     * Loads {@code file} into {@code module} ({@link Module#loadStateDict}); the file's tensors are freed
     * afterwards. With {@code strict}, mismatches throw listing every key and shape.
     */
    public static StateDictLoad loadInto(Module module, Path file, boolean strict) {
        try (Scope s = Scope.open()) {
            return module.loadStateDict(load(file), strict);
        }
    }
}
