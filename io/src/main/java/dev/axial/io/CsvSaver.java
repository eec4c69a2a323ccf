package dev.axial.io;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MONAI's {@code CSVSaver}: collects one row of values per image (classification outputs) and appends them to
 * {@code <outputDir>/<filename>} on {@link #finalizeFile()}, a row being {@code filename_or_obj,v0,v1,...}
 * with the values as Python prints floats ({@code 0.1}, {@code 1.0}, {@code 1e-05}). An image without meta
 * is named by a running index. The file is replaced atomically: a failure leaves it as it was.
 *
 * <pre>{@code
 * CsvSaver csv = new CsvSaver(Path.of("out"));                       // out/predictions.csv
 * csv.save(probabilities, Map.of("filename_or_obj", "case1.nii.gz"));
 * csv.finalizeFile();                                                 // case1.nii.gz,0.1,0.9
 * }</pre>
 */
public final class CsvSaver {
    private final Path outputDir;
    private final Path file;
    private final boolean flush;
    private final String delimiter;
    private final Map<String, double[]> cache = new LinkedHashMap<>();
    private int dataIndex;

    /** MONAI's defaults: "./predictions.csv", overwrite, no flush, ",". */
    public CsvSaver() { this(Path.of("./")); }

    public CsvSaver(Path outputDir) { this(outputDir, "predictions.csv", true, false, ","); }

    /**
     * @param overwrite delete an existing file now (MONAI's default); false appends to it
     * @param flush     write after every {@link #saveBatch} instead of only on {@link #finalizeFile()}
     */
    public CsvSaver(Path outputDir, String filename, boolean overwrite, boolean flush, String delimiter) {
        this.outputDir = outputDir;
        if (!filename.endsWith(".csv"))
            System.getLogger(CsvSaver.class.getName()).log(System.Logger.Level.WARNING, "CSV filename does not end with '.csv': " + filename);
        this.file = outputDir.resolve(filename);
        this.flush = flush;
        this.delimiter = delimiter;
        if (overwrite) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("CsvSaver: cannot remove " + file, e);
            }
        }
    }

    /** The CSV file. */
    public Path file() { return file; }

    /** Caches the values of {@code data} (flattened) under the meta's {@code filename_or_obj} (or a running index). */
    public void save(Tensor data, Map<String, ?> meta) {
        double[] values;
        try (Scope s = Scope.open()) {
            values = data.to(DType.FLOAT64).contiguous().toDoubleArray();
        }
        save(values, meta);
    }

    public void save(double[] values, Map<String, ?> meta) {
        String key = meta != null && !meta.isEmpty() ? String.valueOf(meta.get(MetaKeys.FILENAME_OR_OBJ)) : String.valueOf(dataIndex);
        dataIndex++;
        cache.put(key, values.clone());
    }

    /** Saves each item of {@code batch} (first axis) with its meta ({@code metas} may be null); writes when flushing. */
    public void saveBatch(Tensor batch, List<? extends Map<String, ?>> metas) {
        for (int i = 0; i < batch.size(0); i++) save(batch.select(0, i), metas == null ? null : metas.get(i));
        if (flush) finalizeFile();
    }

    /** MONAI's batch form: meta values are lists with one entry per item ({@code {"filename_or_obj": [a, b]}}). */
    public void saveBatch(Tensor batch, Map<String, ? extends List<?>> batchMeta) {
        for (int i = 0; i < batch.size(0); i++) {
            Map<String, Object> m = null;
            if (batchMeta != null && !batchMeta.isEmpty()) {
                m = new LinkedHashMap<>();
                for (var e : batchMeta.entrySet()) m.put(e.getKey(), e.getValue().get(i));
            }
            save(batch.select(0, i), m);
        }
        if (flush) finalizeFile();
    }

    /** The rows not yet written (a copy). */
    public Map<String, double[]> cache() { return new LinkedHashMap<>(cache); }

    public void resetCache() { cache.clear(); }

    /**
     * MONAI's {@code finalize}: appends the cached rows to the file (creating the folder), then clears the cache.
     * The file is rewritten to a temporary beside it and renamed over it, so it is never half-written.
     */
    public void finalizeFile() {
        Path tmp = null;
        try {
            Files.createDirectories(outputDir);
            tmp = file.resolveSibling(file.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                if (Files.exists(file)) Files.copy(file, out);
                StringBuilder sb = new StringBuilder();
                for (var e : cache.entrySet()) {
                    sb.setLength(0);
                    sb.append(e.getKey());
                    for (double v : e.getValue()) sb.append(delimiter).append(pythonFloat(v));
                    sb.append('\n');
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("CsvSaver: cannot write " + file, e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* the original error matters */ }
            }
        }
        cache.clear();
    }

    /** Python's {@code str(float)}: the shortest round-trip digits, positional for 1e-4 <= |v| < 1e16, else {@code 1e+16}. */
    static String pythonFloat(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        // NOTE: Java's Double.toString gives the shortest round-trip digits (JDK 19+), as Python's repr
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = v < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
