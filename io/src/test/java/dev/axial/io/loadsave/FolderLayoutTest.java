package dev.axial.io.loadsave;

import dev.axial.io.FolderLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The cases of MONAI's tests/data/test_folder_layout.py and tests/data/utils/test_file_basename.py. */
class FolderLayoutTest {
    private static FolderLayout layout(String out, String postfix, String ext, String root) {
        return new FolderLayout(Path.of(out), postfix, ext, false, false, root);
    }

    @Test void monaiFolderLayoutCases() {
        assertEquals(Path.of("subject"), layout("", "", "", "").filename("subject"));
        assertEquals(Path.of("subject"), layout(".", "", "", "").filename("subject"));
        assertEquals(Path.of("subject_1"), layout(".", "", "", "").filename("subject", 1));
        assertEquals(Path.of("/test_run_1/subject.seg"), layout("/test_run_1", "", ".seg", "").filename("subject"));
        assertEquals(Path.of("/test_run_1/subject"), layout("/test_run_1", "", null, "").filename("subject"));
        assertEquals(Path.of("/test_run_1/subject_seg.test"), layout("/test_run_1", "seg", ".test", "").filename("subject"));
        assertEquals(Path.of("/test_run_1/test_seg.test"), layout("/test_run_1", "seg", ".test", "").filename("test.abc"));
        assertEquals(Path.of("/test_run_1/dest/test1/source/test"),
                layout("/test_run_1/dest/test1/", "", "", "/test_run").filename("/test_run/source/test.abc"));
        assertEquals(Path.of("/test_run_1/dest/test1/test"), layout("/test_run_1/dest/test1/", "", "", "").filename("/test_run/source/test.abc"));
        assertEquals(Path.of("/test_run_1/dest/test1/test_key-value"),
                layout("/test_run_1/dest/test1/", "", "", "").filename("/test_run/source/test.abc", null, Map.of("key", "value")));
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("modality", "T1");
        assertEquals(Path.of("/test_run_1/Sub-A_seg_00_modality-T1.nii"), layout("/test_run_1/", "seg", "nii", "").filename("Sub-A", "00", kw));
    }

    @Test void makedirsCreatesTheFolder(@TempDir Path tmp) {
        Path out = tmp.resolve("output");
        new FolderLayout(out, "", "", false, true, "").filename("subject_test", "001");
        assertTrue(Files.isDirectory(out));
    }

    @Test void monaiCreateFileBasenameCases(@TempDir Path tmp) {
        Path out = tmp.resolve("output");
        assertEquals(out.resolve("test/test"), FolderLayout.createFileBasename("", "test.txt", out, "", true, null, true));
        assertEquals(out.resolve("test/test"), FolderLayout.createFileBasename("", "foo/test.txt", out, "", true, null, true));
        assertEquals(out.resolve("test/test"), FolderLayout.createFileBasename("", "foo/test.txt", out, "foo", true, null, true));
        assertEquals(out.resolve("bar/test/test"), FolderLayout.createFileBasename("", "foo/bar/test.txt", out, "foo", true, null, true));
        assertEquals(out.resolve("data/test/test"), FolderLayout.createFileBasename("", "foo/bar/data/test.txt", out, "foo/bar", true, null, true));
        assertEquals(tmp.resolve("foo/bar/test/test"), FolderLayout.createFileBasename("", "foo/bar/test.txt", out, "bar", true, null, true));
        assertEquals(out.resolve("test/test"), FolderLayout.createFileBasename("", "rest/test.txt", out, "rest", true, null, true));
        assertEquals(out.resolve("test/test"), FolderLayout.createFileBasename("", "test.txt", out, "foo", true, null, true));
        assertEquals(out.resolve("test_5"), FolderLayout.createFileBasename("", "test.txt", out, "foo", false, 5, true));
        assertEquals(out.resolve("test/test_post"), FolderLayout.createFileBasename("post", "test.tar.gz", out, "foo", true, null, true));
        assertEquals(out.resolve("test/test_post_8"), FolderLayout.createFileBasename("post", "test.tar.gz", out, "foo", true, 8, true));
        assertEquals(Path.of("output/test/test"), FolderLayout.createFileBasename("", "test.txt", Path.of("output"), "", true, null, false));
    }
}
