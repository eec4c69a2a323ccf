package dev.axial.benchmarks.transforms;

import dev.axial.io.nifti.NiftiWriter;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test item of the spleen-pipeline benchmark: a 512×512×128 int16 CT-like volume ({@code image.nii.gz}) and a
 * uint8 label of a few blobs ({@code label.nii.gz}), pixdim (0.8, 0.8, 2.5), affine diag(-0.8, -0.8, 2.5) (LPS
 * axes, so {@code Orientationd("RAS")} flips two axes). Content: air (-1000 HU) outside a body ellipse, a fat rim
 * (-100), soft tissue (~40 ± 30), two lungs (-850), a spine (700), a liver (60), a spleen (50) and two kidneys (30);
 * the label is 1 on spleen and kidneys. A small deterministic hash noise (±8 HU) keeps gzip realistic.
 * {@code benchmarks/monai/spleen_pipeline.py} has the same formula in numpy (the Python side may also read the
 * files this writes: run this first and point it at the same directory).
 *
 * <pre>{@code java -cp ... dev.axial.benchmarks.transforms.SpleenData /tmp/axial-spleen}</pre>
 */
public final class SpleenData {
    public static final int X = 512, Y = 512, Z = 128;
    public static final double[][] AFFINE = {{-0.8, 0, 0, 204}, {0, -0.8, 0, 204}, {0, 0, 2.5, -160}, {0, 0, 0, 1}};

    private SpleenData() {}

    /** The default directory: {@code -Daxial.spleen.dir}, else {@code java.io.tmpdir/axial-spleen}. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("axial.spleen.dir", Path.of(System.getProperty("java.io.tmpdir"), "axial-spleen").toString()));
    }

    /** Writes image.nii.gz and label.nii.gz into {@code dir} unless both are there; returns dir. */
    public static Path ensure(Path dir) {
        try {
            Files.createDirectories(dir);
            Path img = dir.resolve("image.nii.gz"), lab = dir.resolve("label.nii.gz");
            if (Files.exists(img) && Files.exists(lab)) return dir;
            try (Tensor image = Tensor.empty(DType.INT16, Device.CPU, X, Y, Z);
                 Tensor label = Tensor.empty(DType.UINT8, Device.CPU, X, Y, Z)) {
                fill(image.hostSegment(), label.hostSegment());
                new NiftiWriter().write(new MetaTensor(image, AFFINE, null), img, null);
                new NiftiWriter().write(new MetaTensor(label, AFFINE, null), lab, null);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double e3(double a, double b, double c) { return a * a + b * b + c * c; }

    /** Row-major (i, j, k): k fastest, as the writer takes it. */
    static void fill(MemorySegment image, MemorySegment label) {
        long idx = 0;
        for (int i = 0; i < X; i++) {
            double dx = (i - 255.5) / 215;
            for (int j = 0; j < Y; j++) {
                double dy = (j - 255.5) / 175;
                double r2 = dx * dx + dy * dy;
                for (int k = 0; k < Z; k++, idx++) {
                    double v;
                    int lab = 0;
                    if (r2 > 1) v = -1000;
                    else if (r2 > 0.85) v = -100;
                    else {
                        v = 40 + 20 * Math.sin(i / 23.0) * Math.cos(j / 31.0) + 10 * Math.sin(k / 9.0);
                        double zl = (k - 90) / 50.0;
                        if (e3((dx - 0.45) / 0.3, (dy + 0.15) / 0.45, zl) < 1 || e3((dx + 0.45) / 0.3, (dy + 0.15) / 0.45, zl) < 1) v = -850;
                        else if (e3(dx / 0.1, (dy - 0.6) / 0.12, 0) < 1) v = 700;
                        else if (e3((dx - 0.5) / 0.15, (dy - 0.2) / 0.2, (k - 45) / 20.0) < 1) { v = 50; lab = 1; }
                        else if (e3((dx + 0.4) / 0.35, (dy - 0.05) / 0.3, (k - 40) / 35.0) < 1) v = 60;
                        else if (e3((dx - 0.25) / 0.08, (dy - 0.45) / 0.1, (k - 30) / 15.0) < 1
                                || e3((dx + 0.25) / 0.08, (dy - 0.45) / 0.1, (k - 30) / 15.0) < 1) { v = 30; lab = 1; }
                    }
                    long h = ((long) i * 73856093L) ^ ((long) j * 19349663L) ^ ((long) k * 83492791L);
                    int noise = (int) ((h >>> 7) & 15) - 8;
                    image.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, idx, (short) (Math.floor(v + 0.5) + noise));
                    label.set(ValueLayout.JAVA_BYTE, idx, (byte) lab);
                }
            }
        }
    }

    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : defaultDir();
        System.out.println(ensure(dir).toAbsolutePath());
    }
}
