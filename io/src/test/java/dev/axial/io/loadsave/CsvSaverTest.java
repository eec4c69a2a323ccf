package dev.axial.io.loadsave;

import dev.axial.io.CsvSaver;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class CsvSaverTest {
    @TempDir Path dir;

    @Test void rowsAreWrittenAsMonaiWritesThem() throws IOException {
        CsvSaver csv = new CsvSaver(dir.resolve("out"));
        try (Tensor t = Tensor.of(new float[]{0.1f, 2, -3.5f}, 3)) {
            csv.save(t, Map.of("filename_or_obj", "/data/case1.nii.gz"));
        }
        csv.save(new double[]{1e-5, 1e16, 123456789012345.0, 0.0001, Double.NaN, -0.0}, null);
        csv.finalizeFile();
        // float32 0.1 printed as float64, as numpy's np.asarray(data, dtype=float) does
        assertEquals("""
                /data/case1.nii.gz,0.10000000149011612,2.0,-3.5
                1,1e-05,1e+16,123456789012345.0,0.0001,nan,-0.0
                """, Files.readString(csv.file()));
        assertTrue(csv.cache().isEmpty());
    }

    @Test void batchesAppendAndOverwriteDeletes() throws IOException {
        Path out = dir.resolve("o");
        CsvSaver csv = new CsvSaver(out, "p.csv", true, true, "\t");
        try (Tensor b = Tensor.of(new double[]{1, 2, 3, 4}, 2, 2)) {
            csv.saveBatch(b, Map.of("filename_or_obj", List.of("a", "b")));
            csv.saveBatch(b, (List<Map<String, ?>>) null);
        }
        assertEquals("a\t1.0\t2.0\nb\t3.0\t4.0\n2\t1.0\t2.0\n3\t3.0\t4.0\n", Files.readString(out.resolve("p.csv")));
        CsvSaver append = new CsvSaver(out, "p.csv", false, false, ",");
        append.save(new double[]{7}, Map.of("filename_or_obj", "c"));
        append.finalizeFile();
        assertTrue(Files.readString(out.resolve("p.csv")).endsWith("3\t3.0\t4.0\nc,7.0\n"));
        new CsvSaver(out, "p.csv", true, false, ",");
        assertFalse(Files.exists(out.resolve("p.csv")), "overwrite removes the old file at once, as MONAI");
    }

    @Test void aFailedFinalizeLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("predictions.csv");
        Files.createDirectories(target.resolve("blocker"));           // a folder where the file should go
        CsvSaver csv = new CsvSaver(dir, "predictions.csv", false, false, ",");
        csv.save(new double[]{1}, null);
        assertThrows(UncheckedIOException.class, csv::finalizeFile);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList());
        }
        assertTrue(Files.isDirectory(target.resolve("blocker")));
    }
}
