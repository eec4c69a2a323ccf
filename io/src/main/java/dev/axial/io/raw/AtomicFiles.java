package dev.axial.io.raw;

import dev.axial.io.ImageFileException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file output: each target is written as {@code NAME.tmp-<random>} in its own folder and renamed
 * over the target only when every file of the set is complete; on any failure the temporaries are deleted
 * and the targets are left as they were.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/a.npy"), "NumPy", out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes one file's bytes to a stream. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically. */
    public static void write(Path target, String format, Body body) {
        Map<Path, Body> one = new LinkedHashMap<>();
        one.put(target, body);
        writeAll(format, one);
    }

    /**
     * Writes several files (e.g. a .mhd header and its .raw data); they are renamed in map order, so put the
     * file that refers to the others last.
     */
    public static void writeAll(String format, Map<Path, Body> files) {
        List<Path> temps = new ArrayList<>();
        Path current = null;
        try {
            for (Map.Entry<Path, Body> e : files.entrySet()) {
                current = e.getKey().toAbsolutePath();
                Path dir = current.getParent();
                Files.createDirectories(dir);
                Path tmp = dir.resolve(current.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                temps.add(tmp);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), RawIO.CHUNK)) {
                    e.getValue().write(out);
                }
            }
            int i = 0;
            for (Path target : files.keySet()) {
                current = target;
                Path tmp = temps.get(i++);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            deleteAll(temps);
            throw new ImageFileException(current, format, null, "cannot write: " + e, e);
        } catch (RuntimeException | Error e) {
            deleteAll(temps);
            throw e;
        }
    }

    private static void deleteAll(List<Path> temps) {
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // NOTE: best effort; the original error is the one to report
            }
        }
    }
}
