package dev.axial.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of image readers and writers. Readers are tried in MONAI's order: those registered here,
 * latest first, then the built-in ones (NIfTI, the 2-D image formats, NumPy, NRRD, MetaImage, DICOM). A
 * {@code LoadImage} given a reader by name or instance tries that one first. Writers are chosen by the
 * longest matching file suffix, registered ones before the built-in ones.
 *
 * <p>Adding a format takes a few lines:
 * <pre>{@code
 * ImageFormats.registerReader(new MyRawReader());           // now LoadImage reads *.raw
 * ImageFormats.registerWriter(new MyRawWriter());           // and SaveImage writes .raw
 * }</pre>
 */
public final class ImageFormats {
    private static final List<ImageReader> READERS = new CopyOnWriteArrayList<>();
    private static final List<ImageWriter> WRITERS = new CopyOnWriteArrayList<>();

    private ImageFormats() {}

    /** Puts {@code reader} in front of every reader registered before it and of the built-in ones. */
    public static void registerReader(ImageReader reader) {
        if (reader == null) throw new IllegalArgumentException("ImageFormats.registerReader: reader is null");
        READERS.addFirst(reader);
    }

    /** Puts {@code writer} in front of the others for its suffixes. */
    public static void registerWriter(ImageWriter writer) {
        if (writer == null) throw new IllegalArgumentException("ImageFormats.registerWriter: writer is null");
        WRITERS.addFirst(writer);
    }

    /** Removes a registered reader or writer (tests, plug-in unloading); built-in ones stay. */
    public static void unregister(Object readerOrWriter) {
        READERS.remove(readerOrWriter);
        WRITERS.remove(readerOrWriter);
    }

    /** Every reader in the order LoadImage tries them: registered (latest first), then built-in. */
    public static List<ImageReader> readers() {
        List<ImageReader> all = new ArrayList<>(READERS);
        all.addAll(DefaultFormats.readers());
        return all;
    }

    /** Every writer: registered (latest first), then built-in. */
    public static List<ImageWriter> writers() {
        List<ImageWriter> all = new ArrayList<>(WRITERS);
        all.addAll(DefaultFormats.writers());
        return all;
    }

    /** The reader called {@code name} (or with that alias, e.g. MONAI's "NibabelReader"), ignoring case. */
    public static Optional<ImageReader> reader(String name) {
        for (ImageReader r : readers()) {
            if (r.name().equalsIgnoreCase(name)) return Optional.of(r);
            for (String a : r.aliases()) if (a.equalsIgnoreCase(name)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The first reader, in {@link #readers()} order, whose {@code verifySuffix} accepts {@code path}. */
    public static Optional<ImageReader> readerFor(Path path) {
        for (ImageReader r : readers()) if (r.verifySuffix(path)) return Optional.of(r);
        return Optional.empty();
    }

    /** The writer for {@code file}'s suffix (longest match wins, registered before built-in). */
    public static ImageWriter writerFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ImageWriter best = null;
        int bestLen = -1;
        for (ImageWriter w : writers())
            for (String s : w.suffixes())
                if (name.endsWith(s) && s.length() > bestLen) {
                    best = w;
                    bestLen = s.length();
                }
        if (best == null) {
            List<String> known = new ArrayList<>();
            for (ImageWriter w : writers()) known.addAll(w.suffixes());
            throw new IllegalArgumentException("ImageFormats.writerFor: no writer for " + file + " (known suffixes: " + known + ")");
        }
        return best;
    }
}
