package dev.axial.io;

import java.nio.file.Path;

/**
 * A file that cannot be read or written as asked: truncated, wrong magic, a header field that lies, an
 * unsupported datatype or transfer syntax, a DICOM series with gaps. The message names the file, the format
 * and the field; {@link #file()} and {@link #field()} carry them for programs.
 *
 * <pre>{@code
 * throw new ImageFileException(path, "NIfTI", "dim[3]", "is -4; dimensions must be >= 1");
 * // NIfTI /data/ct.nii: header field dim[3] is -4; dimensions must be >= 1
 * }</pre>
 */
public class ImageFileException extends RuntimeException {
    private final transient Path file;
    private final String field;

    /** {@code field} may be null when the problem is not one header field (e.g. a truncated file). */
    public ImageFileException(Path file, String format, String field, String message) {
        this(file, format, field, message, null);
    }

    public ImageFileException(Path file, String format, String field, String message, Throwable cause) {
        super(format + " " + file + ": " + (field == null ? "" : "header field " + field + " ") + message, cause);
        this.file = file;
        this.field = field;
    }

    /** The file (or folder) that failed. */
    public Path file() { return file; }

    /** The header field at fault, or null. */
    public String field() { return field; }
}
