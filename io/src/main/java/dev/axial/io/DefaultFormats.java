package dev.axial.io;

import java.util.List;

/** The built-in readers in MONAI's default order, and the built-in writers. */
final class DefaultFormats {
    private DefaultFormats() {}

    private static final List<ImageReader> READERS = List.of();
    private static final List<ImageWriter> WRITERS = List.of();

    static List<ImageReader> readers() { return READERS; }

    static List<ImageWriter> writers() { return WRITERS; }
}
