package dev.axial.io.loadsave;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.io.ImageWriter;
import dev.axial.io.WriteOptions;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny test format: a text file "RAWF &lt;dtype&gt; &lt;channel dim or nan&gt; &lt;d0&gt; &lt;d1&gt; ... : v0 v1 ...".
 * Small enough to write by hand, with a reader and a writer that record what they saw.
 */
final class RawFormats {
    private RawFormats() {}

    /** Writes a RAWF file with values 0.25 * i - 3 (or the given values). */
    static Path write(Path file, DType dt, String channelDim, long... shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = dt.isFloatingPoint() ? 0.25 * i - 3 : i - 3;
        return write(file, dt, channelDim, v, shape);
    }

    static Path write(Path file, DType dt, String channelDim, double[] values, long... shape) {
        StringBuilder sb = new StringBuilder("RAWF " + dt.name() + " " + channelDim);
        for (long s : shape) sb.append(' ').append(s);
        sb.append(" :");
        for (double v : values) sb.append(' ').append(v);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads RAWF files; {@code suffix} picks which names it takes; counts its reads. */
    static class Reader implements ImageReader {
        final String name;
        final String suffix;
        final List<Path> reads = new ArrayList<>();

        Reader(String name, String suffix) {
            this.name = name;
            this.suffix = suffix;
        }

        @Override public String name() { return name; }

        @Override public List<String> aliases() { return List.of(name + "Alias"); }

        @Override public boolean verifySuffix(Path p) { return p.getFileName().toString().endsWith(suffix); }

        @Override public MetaTensor read(Path p) {
            reads.add(p);
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ImageFileException(p, "RAWF", null, "cannot read: " + e.getMessage(), e);
            }
            if (!text.startsWith("RAWF ")) throw new ImageFileException(p, "RAWF", "magic", "is not RAWF");
            String[] parts = text.split(":", 2);
            String[] head = parts[0].trim().split(" ");
            DType dt = DType.valueOf(head[1]);
            long[] shape = new long[head.length - 3];
            for (int i = 0; i < shape.length; i++) shape[i] = Long.parseLong(head[3 + i]);
            double[] v = Arrays.stream(parts[1].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
            Tensor t = Tensor.of(v, shape);
            Tensor a = t.to(dt);
            if (a != t) t.close();
            Map<String, Object> meta = new LinkedHashMap<>();
            Object cd = head[2].equals("nan") ? (Object) Double.NaN : Integer.valueOf(head[2]);
            meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, cd);
            long[] spatial = cd instanceof Integer c ? drop(shape, c) : shape;
            meta.put(MetaKeys.SPATIAL_SHAPE, spatial);
            double[][] affine = MetaTensor.identity(4);
            affine[0][0] = 2;                          // so tests can see the affine travel
            meta.put(MetaKeys.ORIGINAL_AFFINE, MetaTensor.copy(affine));
            meta.put(MetaKeys.SPACE, MetaKeys.SPACE_RAS);
            meta.put("reader", name);
            return new MetaTensor(a, affine, meta);
        }

        private static long[] drop(long[] shape, int dim) {
            int d = dim < 0 ? dim + shape.length : dim;
            long[] out = new long[shape.length - 1];
            for (int i = 0, j = 0; i < shape.length; i++) if (i != d) out[j++] = shape[i];
            return out;
        }
    }

    /** What a {@link Writer} was given. */
    record Written(Path file, long[] shape, DType dtype, double[] values, double[][] affine, WriteOptions options, Map<String, Object> meta) {}

    /** Records each write and writes a small text file atomically; fails when {@code fail} is set. */
    static final class Writer implements ImageWriter {
        final List<String> suffixes;
        final List<Written> writes = new ArrayList<>();
        boolean fail;

        Writer(String... suffixes) { this.suffixes = List.of(suffixes); }

        @Override public String name() { return "RawWriter"; }

        @Override public List<String> suffixes() { return suffixes; }

        @Override public void write(MetaTensor image, Path file, WriteOptions options) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp-1");
            try {
                Files.writeString(tmp, "partial");
                if (fail) throw new IllegalStateException("RawWriter: disk full (test)");
                try (Scope s = Scope.open()) {
                    writes.add(new Written(file, image.shape(), image.dtype(), image.array().to(DType.FLOAT64).toDoubleArray(),
                            image.affine(), options, new LinkedHashMap<>(image.meta())));
                }
                Files.writeString(tmp, Arrays.toString(image.shape()));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            }
        }
    }
}
