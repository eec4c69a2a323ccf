package dev.axial.nn.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read or written: truncated, malformed, an unknown dtype, an unsupported
 * pickle global. The message names the file and, where there is one, the key.
 *
 * <pre>{@code
 * try { SafeTensors.read(path); } catch (CheckpointException e) { log(e.getMessage()); }
 * }</pre>
 */
public class CheckpointException extends RuntimeException {
    public CheckpointException(Path file, String message) { super(file + ": " + message); }

    public CheckpointException(Path file, String message, Throwable cause) { super(file + ": " + message, cause); }

    static CheckpointException atKey(Path file, String key, String message) {
        return new CheckpointException(file, "key '" + key + "': " + message);
    }
}
