package dev.axial.io;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real files from Debian packages, fetched by {@code tools/testdata/fetch.sh} (which {@code ./axial test}
 * runs) into {@code $AXIAL_TESTDATA} or {@code ~/.cache/axial/testdata}. A test asking for a file that is
 * not there is skipped with the reason, never failed.
 *
 * <pre>{@code
 * Path anat = TestData.nibabel("anatomical.nii");
 * Path ct = TestData.pydicom("CT_small.dcm");
 * Path ch2 = TestData.mricron("templates/ch2.nii.gz");
 * }</pre>
 */
public final class TestData {
    private TestData() {}

    /** The cache folder. */
    public static Path root() {
        String env = System.getenv("AXIAL_TESTDATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "axial", "testdata");
    }

    /** A file of nibabel/tests/data (package python3-nibabel). */
    public static Path nibabel(String name) {
        return file("python3-nibabel", "usr/lib/python3/dist-packages/nibabel/tests/data/" + name);
    }

    /** A file of pydicom/data/test_files (package python3-pydicom). */
    public static Path pydicom(String name) {
        return file("python3-pydicom", "usr/lib/python3/dist-packages/pydicom/data/test_files/" + name);
    }

    /** A file under /usr/share/mricron (package mricron-data), e.g. "templates/ch2.nii.gz". */
    public static Path mricron(String name) {
        return file("mricron-data", "usr/share/mricron/" + name);
    }

    /** {@code relative} inside the unpacked {@code debianPackage}; skips the calling test when absent. */
    public static Path file(String debianPackage, String relative) {
        Path pkg = root().resolve(debianPackage);
        Assumptions.assumeTrue(Files.isRegularFile(pkg.resolve(".complete")),
                () -> "skipped: Debian package " + debianPackage + " is not in " + root() + " (run tools/testdata/fetch.sh; it needs apt-get and the network)");
        Path p = pkg.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "skipped: " + p + " is not in this version of " + debianPackage);
        return p;
    }
}
