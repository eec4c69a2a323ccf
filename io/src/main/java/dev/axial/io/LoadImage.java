package dev.axial.io;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * MONAI's {@code LoadImage}: reads an image file (or a DICOM folder, or several files stacked as channels)
 * into a {@link MetaTensor}, cast to float32 by default.
 *
 * <p>Which reader reads a file, as MONAI chooses:
 * <ul>
 * <li>without a reader given to the constructor: readers registered on this loader with {@link #register}
 *     (latest first), then {@link ImageFormats#readers()} (registered globally, latest first, then the
 *     built-in ones); the first whose {@code verifySuffix} accepts every path reads them, and its error, if
 *     any, is the error;</li>
 * <li>with a reader given (an instance or a name such as "NiftiReader" or MONAI's "NibabelReader"): that one
 *     first, then the others in the order above, each tried regardless of suffix until one reads the files;
 *     when none does, the error lists every reader's failure.</li>
 * </ul>
 *
 * <pre>{@code
 * try (MetaTensor ct = new LoadImage().apply("ct.nii.gz")) { ... }               // float32, file's axes
 * MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(Path.of("ct.nii.gz")); // (1, H, W, D)
 * MetaTensor raw = new LoadImage("NiftiReader").dtype(null).apply("seg.nii");    // the file's dtype
 * LoadImage.Loaded l = new LoadImage().applyWithMeta("t1.nii.gz");               // MONAI image_only=False
 * }</pre>
 *
 * <p>MONAI's {@code simple_keys}, {@code prune_meta_pattern} and {@code prune_meta_sep} are not offered: the
 * readers here write no redundant keys, and the meta is a plain map the caller can prune.
 */
public final class LoadImage {
    private final List<ImageReader> ownReaders = new ArrayList<>();
    private boolean autoSelect = true;
    private boolean imageOnly = true;
    private DType dtype = DType.FLOAT32;
    private boolean ensureChannelFirst;

    /** MONAI's default loader: readers chosen by suffix. */
    public LoadImage() {}

    /** A loader that tries {@code reader} first (MONAI's {@code LoadImage(reader=...)}). */
    public LoadImage(ImageReader reader) { reader(reader); }

    /** A loader that tries the reader of that name (or alias) first, e.g. "NiftiReader" or "NibabelReader". */
    public LoadImage(String readerName) { reader(readerName); }

    /** Adds a user reader, tried before those given earlier and before every registered one; turns off choice by suffix. */
    public LoadImage reader(ImageReader reader) {
        ownReaders.add(Objects.requireNonNull(reader, "LoadImage.reader: reader is null"));
        autoSelect = false;
        return this;
    }

    /** The reader called {@code name} (or with that alias), ignoring case, tried first; see {@link #reader(ImageReader)}. */
    public LoadImage reader(String name) {
        for (ImageReader r : ownReaders)
            if (r.name().equalsIgnoreCase(name) || r.aliases().stream().anyMatch(name::equalsIgnoreCase)) return reader(r);
        ImageReader r = ImageFormats.reader(name).orElseThrow(() -> new IllegalArgumentException(
                "LoadImage: no reader called \"" + name + "\"; known readers: " + names(ImageFormats.readers())));
        return reader(r);
    }

    /** MONAI's {@code register}: {@code reader} is tried before every other one (still by suffix unless a reader was given). */
    public LoadImage register(ImageReader reader) {
        ownReaders.add(Objects.requireNonNull(reader, "LoadImage.register: reader is null"));
        return this;
    }

    /** MONAI's {@code image_only} (default true); only {@link LoadImaged} and {@link #load} look at it. */
    public LoadImage imageOnly(boolean imageOnly) { this.imageOnly = imageOnly; return this; }

    public boolean imageOnly() { return imageOnly; }

    /** The dtype of the result (default float32); null keeps the file's dtype. */
    public LoadImage dtype(DType dtype) { this.dtype = dtype; return this; }

    /** Whether to make the result channel-first with {@link EnsureChannelFirst} (default false). */
    public LoadImage ensureChannelFirst(boolean ensure) { this.ensureChannelFirst = ensure; return this; }

    /** The readers in the order this loader tries them. */
    public List<ImageReader> readers() {
        List<ImageReader> all = new ArrayList<>(ownReaders.reversed());
        all.addAll(ImageFormats.readers());
        return all;
    }

    /** The image MONAI's {@code image_only=False} gives, with its meta dictionary (the image's own, live). */
    public record Loaded(MetaTensor image, Map<String, Object> meta) implements AutoCloseable {
        @Override public void close() { image.close(); }
    }

    public MetaTensor apply(Path file) { return apply(List.of(file), null); }

    public MetaTensor apply(String file) { return apply(Path.of(expandUser(file))); }

    /** Several files stacked as channels (along a new first axis, or along their own channel axis if they have one). */
    public MetaTensor apply(List<Path> files) { return apply(files, null); }

    /** {@code files} read by {@code reader} alone (MONAI's run-time reader argument), when it is not null. */
    public MetaTensor apply(List<Path> files, ImageReader reader) {
        if (files == null || files.isEmpty()) throw new IllegalArgumentException("LoadImage: no file given");
        for (Path p : files)
            if (!Files.exists(p)) throw new ImageFileException(p, "LoadImage", null, "no such file or folder");
        MetaTensor img = reader != null ? readAll(reader, files) : choose(files);
        try {
            img.meta().put(MetaKeys.FILENAME_OR_OBJ, files.getFirst().toString());
            if (dtype != null && img.dtype() != dtype) img = MetaArrays.replaceArray(img, a -> a.to(dtype));
            if (ensureChannelFirst) img = channelFirst(img);
            return img;
        } catch (RuntimeException e) {
            img.close();
            throw e;
        }
    }

    /**
     * EnsureChannelFirst on an image LoadImage owns: contiguous, as read; when the channel axis moves, the moved
     * copy replaces the read array, which is freed (one volume kept, no view of a freed array).
     */
    private static MetaTensor channelFirst(MetaTensor img) {
        MetaTensor cf = new EnsureChannelFirst().apply(img);
        if (cf == img || cf.array().isContiguous()) return cf;
        MetaTensor out = cf.withArray(cf.array().contiguous());
        img.close();
        return out;
    }

    public Loaded applyWithMeta(Path file) { return withMeta(apply(file)); }

    public Loaded applyWithMeta(String file) { return withMeta(apply(file)); }

    public Loaded applyWithMeta(List<Path> files) { return withMeta(apply(files)); }

    /**
     * MONAI's {@code __call__}: a {@link Path}, a String or a list of them; gives a {@link MetaTensor} when
     * {@link #imageOnly()} is true, else a {@link Loaded}.
     */
    public Object load(Object fileOrFiles) {
        MetaTensor img = apply(paths(fileOrFiles), null);
        return imageOnly ? img : withMeta(img);
    }

    private static Loaded withMeta(MetaTensor img) { return new Loaded(img, img.meta()); }

    static List<Path> paths(Object fileOrFiles) {
        return switch (fileOrFiles) {
            case Path p -> List.of(p);
            case String s -> List.of(Path.of(expandUser(s)));
            case List<?> l -> l.stream().map(LoadImage::paths).map(List::getFirst).toList();
            case Object[] a -> paths(Arrays.asList(a));
            case null -> throw new IllegalArgumentException("LoadImage: the file name is null");
            default -> throw new IllegalArgumentException("LoadImage: expected a Path, a String or a list of them, got "
                    + fileOrFiles.getClass().getSimpleName());
        };
    }

    /** MONAI's {@code expanduser}. */
    private static String expandUser(String s) {
        return s.equals("~") || s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s;
    }

    private MetaTensor choose(List<Path> files) {
        List<ImageReader> order = readers();
        if (autoSelect) {
            for (ImageReader r : order)
                if (files.stream().allMatch(r::verifySuffix)) return readAll(r, files);
            throw new ImageFileException(files.getFirst(), "LoadImage", null, "cannot find a suitable reader for " + describe(files)
                    + ": no reader takes its suffix; readers tried: " + names(order)
                    + ". Register one with ImageFormats.registerReader or LoadImage.register.");
        }
        // NOTE: as MONAI with a user reader: every reader is tried, suffix or not, until one succeeds
        List<String> errors = new ArrayList<>();
        for (ImageReader r : order) {
            try {
                return readAll(r, files);
            } catch (RuntimeException e) {
                errors.add(r.name() + ": " + e.getMessage());
            }
        }
        throw new ImageFileException(files.getFirst(), "LoadImage", null, "cannot find a suitable reader for " + describe(files)
                + "; every reader failed:\n  " + String.join("\n  ", errors));
    }

    /** Reads every file with {@code reader} and stacks them as MONAI's readers do; frees everything on failure. */
    private MetaTensor readAll(ImageReader reader, List<Path> files) {
        List<MetaTensor> parts = new ArrayList<>();
        try {
            for (Path p : files) {
                MetaTensor m = reader.read(p);
                parts.add(m);
                // NOTE: casting each part before stacking keeps the peak memory at one float copy
                if (files.size() > 1 && dtype != null && m.dtype() != dtype) parts.set(parts.size() - 1, MetaArrays.replaceArray(m, a -> a.to(dtype)));
            }
            if (parts.size() == 1) return parts.getFirst();
            return stack(parts, files);
        } catch (RuntimeException e) {
            for (MetaTensor m : parts) m.close();
            throw e;
        }
    }

    /** MONAI's {@code _stack_images} with the first file's meta; the affines and spatial shapes must agree. */
    private static MetaTensor stack(List<MetaTensor> parts, List<Path> files) {
        MetaTensor first = parts.getFirst();
        for (int i = 1; i < parts.size(); i++) {
            MetaTensor m = parts.get(i);
            if (!MetaArrays.allclose(m.affine(), first.affine(), 1e-8))
                throw new IllegalArgumentException("LoadImage: the affines of all images must be the same to stack them as channels; "
                        + files.getFirst() + " has " + Arrays.deepToString(first.affine()) + ", " + files.get(i) + " has " + Arrays.deepToString(m.affine()));
            long[] s0 = MetaArrays.shape(first.meta().get(MetaKeys.SPATIAL_SHAPE)), si = MetaArrays.shape(m.meta().get(MetaKeys.SPATIAL_SHAPE));
            if (s0 != null && si != null && !Arrays.equals(s0, si))
                throw new IllegalArgumentException("LoadImage: the spatial shapes of all images must be the same to stack them as channels; "
                        + files.getFirst() + " has " + Arrays.toString(s0) + ", " + files.get(i) + " has " + Arrays.toString(si));
            if (m.dtype() != first.dtype())
                throw new IllegalArgumentException("LoadImage: cannot stack " + files.getFirst() + " (" + first.dtype() + ") with "
                        + files.get(i) + " (" + m.dtype() + "); set a dtype to cast them");
        }
        Object cd = first.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM);
        boolean none = EnsureChannelFirst.isNoChannel(cd);
        Tensor[] arrays = parts.stream().map(MetaTensor::array).toArray(Tensor[]::new);
        Tensor stacked;
        try (Scope s = Scope.open()) {
            stacked = s.keep(none ? Tensor.stack(0, arrays) : Tensor.cat(((Number) cd).intValue(), arrays));
        }
        MetaTensor out = first.withArray(stacked);
        if (none) out.meta().put(MetaKeys.ORIGINAL_CHANNEL_DIM, 0);
        for (MetaTensor m : parts) m.close();
        return out;
    }

    private static String describe(List<Path> files) { return files.size() == 1 ? files.getFirst().toString() : files.toString(); }

    static List<String> names(List<ImageReader> readers) { return readers.stream().map(ImageReader::name).toList(); }
}
