package dev.axial.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * MONAI's {@code FolderLayout}: the output file names of {@link SaveImage},
 * {@code output_dir/[rel_dir/][subject/]subject[_postfix][_idx][_key-value][ext]}, where {@code subject} is the
 * input file's name without its extension (two for {@code .gz}), {@code rel_dir} its folder relative to
 * {@code dataRootDir} (when that is set), and the subject folder appears when {@code parent} is true.
 *
 * <pre>{@code
 * new FolderLayout(Path.of("/out"), "seg", ".nii.gz", true, false, "")
 *         .filename("/data/ct/case1.nii", 2, Map.of());      // /out/case1/case1_seg_2.nii.gz
 * }</pre>
 *
 * @param outputDir   the output folder
 * @param postfix     appended to the subject after "_" (none when empty)
 * @param extension   appended at the end, with a "." added when missing; null or "" for none
 * @param parent      whether each subject gets its own folder
 * @param makedirs    whether {@link #filename} creates the folder
 * @param dataRootDir when not empty, the input's folder relative to it is kept under {@code outputDir}
 */
public record FolderLayout(Path outputDir, String postfix, String extension, boolean parent, boolean makedirs, String dataRootDir) {
    public FolderLayout {
        if (outputDir == null) outputDir = Path.of("");
        if (postfix == null) postfix = "";
        if (dataRootDir == null) dataRootDir = "";
    }

    /** MONAI's {@code FolderLayout(output_dir)}: no postfix, no extension, no subject folder, no folder creation. */
    public FolderLayout(Path outputDir) { this(outputDir, "", "", false, false, ""); }

    /** The file name for {@code subject} (a file name or an id), an optional index and {@code _key-value} parts. */
    public Path filename(String subject, Object idx, Map<String, ?> kwargs) {
        StringBuilder name = new StringBuilder(createFileBasename(postfix, subject, outputDir, dataRootDir, parent, idx, makedirs).toString());
        if (kwargs != null) kwargs.forEach((k, v) -> name.append('_').append(k).append('-').append(v));
        if (extension != null && !extension.isEmpty()) name.append(extension.startsWith(".") ? "" : ".").append(extension);
        return Path.of(name.toString());
    }

    public Path filename(String subject, Object idx) { return filename(subject, idx, null); }

    public Path filename(String subject) { return filename(subject, null, null); }

    /**
     * MONAI's {@code create_file_basename}: {@code folder/[rel_dir/][name/]name[_postfix][_patchIndex]}, normalised,
     * without an extension; creates the folder when {@code makedirs}.
     */
    public static Path createFileBasename(String postfix, String inputFileName, Path folder, String dataRootDir,
                                          boolean separateFolder, Object patchIndex, boolean makedirs) {
        Path in = Path.of(inputFileName);
        Path dir = in.getParent();
        String name = in.getFileName() == null ? "" : in.getFileName().toString();
        String[] split = splitext(name);
        if (split[1].equals(".gz")) split = splitext(split[0]);
        String stem = split[0];
        Path output = folder;
        if (!dataRootDir.isEmpty() && dir != null) {
            // os.path.relpath: both made absolute against the working folder, then relativised
            Path rel = Path.of(dataRootDir).toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize());
            output = output.resolve(rel);
        }
        if (separateFolder) output = output.resolve(stem);
        if (makedirs) {
            try {
                Files.createDirectories(output.normalize().toString().isEmpty() ? Path.of(".") : output.normalize());
            } catch (IOException e) {
                throw new UncheckedIOException("FolderLayout: cannot create the output folder " + output, e);
            }
        }
        String base = postfix.isEmpty() ? stem : stem + "_" + postfix;
        if (patchIndex != null) base += "_" + patchIndex;
        Path out = output.resolve(base).normalize();
        return out.toString().isEmpty() ? Path.of(".") : out;
    }

    /** Python's {@code os.path.splitext} on a file name: the last ".ext", unless only dots precede it. */
    static String[] splitext(String name) {
        int dot = name.lastIndexOf('.');
        for (int i = 0; i < dot; i++)
            if (name.charAt(i) != '.') return new String[]{name.substring(0, dot), name.substring(dot)};
        return new String[]{name, ""};
    }
}
