package dev.axial.io.nifti;

import dev.axial.io.WriteOptions;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Write then read back: every dtype, 2-D to 5-D, flips, permutations, oblique and left-handed affines. */
class NiftiRoundTripTest {
    @TempDir Path dir;

    static final Map<String, double[][]> AFFINES = Map.of(
            "scaled", new double[][] {{0.7, 0, 0, -10}, {0, 0.8, 0, 20}, {0, 0, 2.5, 3}, {0, 0, 0, 1}},
            "flipX", new double[][] {{-1, 0, 0, 90}, {0, 1, 0, -126}, {0, 0, 1, -72}, {0, 0, 0, 1}},
            "permuted", new double[][] {{0, 0, 2, 1}, {1, 0, 0, 2}, {0, 3, 0, 3}, {0, 0, 0, 1}},
            "oblique", oblique(0.3, -0.2, 0.5, new double[] {1.2, 0.9, 3.0}, false),
            "obliqueLeftHanded", oblique(-0.7, 0.4, 1.1, new double[] {0.5, 0.5, 1.5}, true),
            "allFlipped", new double[][] {{-2, 0, 0, 5}, {0, -2, 0, 6}, {0, 0, -2, 7}, {0, 0, 0, 1}});

    /** R(x) R(y) R(z) diag(zooms), the third column negated when {@code flip}, translation (12.5, -40.25, 7). */
    static double[][] oblique(double ax, double ay, double az, double[] zooms, boolean flip) {
        double[][] rx = {{1, 0, 0}, {0, Math.cos(ax), -Math.sin(ax)}, {0, Math.sin(ax), Math.cos(ax)}};
        double[][] ry = {{Math.cos(ay), 0, Math.sin(ay)}, {0, 1, 0}, {-Math.sin(ay), 0, Math.cos(ay)}};
        double[][] rz = {{Math.cos(az), -Math.sin(az), 0}, {Math.sin(az), Math.cos(az), 0}, {0, 0, 1}};
        double[][] r = mul(mul(rx, ry), rz);
        double[][] a = new double[4][4];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) a[i][j] = r[i][j] * zooms[j] * (flip && j == 2 ? -1 : 1);
        a[0][3] = 12.5;
        a[1][3] = -40.25;
        a[2][3] = 7;
        a[3][3] = 1;
        return a;
    }

    static double[][] mul(double[][] x, double[][] y) {
        double[][] o = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) o[i][j] += x[i][k] * y[k][j];
        return o;
    }

    static Tensor pattern(DType dt, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            double x = (i * 37L % 101) - 50;
            v[i] = switch (dt) {
                case BOOL -> i % 3 == 0 ? 1 : 0;
                case UINT8 -> (i * 7L) % 256;
                case FLOAT32, FLOAT64, FLOAT16 -> x * 0.25;
                default -> x * 3;
            };
        }
        return Tensor.of(v, shape).to(dt);
    }

    private MetaTensor roundTrip(Tensor t, double[][] affine, String name, WriteOptions opts) {
        Path f = dir.resolve(name);
        new NiftiWriter().write(new MetaTensor(t, affine, null), f, opts);
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "a temporary file is left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new NiftiReader().read(f);
    }

    static void assertAffine(double[][] want, double[][] got, String what) {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                assertTrue(Math.abs(want[i][j] - got[i][j]) <= 1e-6 * Math.max(1, Math.abs(want[i][j])),
                        what + ": affine[" + i + "][" + j + "] want " + want[i][j] + " got " + got[i][j] + "\n" + Arrays.deepToString(got));
    }

    @Test
    void everyDtypeSurvives() {
        for (DType dt : List.of(DType.UINT8, DType.INT8, DType.INT16, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64)) {
            for (String ext : List.of(".nii", ".nii.gz")) {
                try (Scope s = Scope.open()) {
                    Tensor t = pattern(dt, 5, 4, 3);
                    try (MetaTensor back = roundTrip(t, AFFINES.get("oblique"), dt + ext, null)) {
                        assertEquals(dt, back.dtype(), dt + ext);
                        assertArrayEquals(new long[] {5, 4, 3}, back.shape());
                        assertArrayEquals(t.toDoubleArray(), back.array().contiguous().toDoubleArray(), dt + ext);
                        assertAffine(AFFINES.get("oblique"), back.affine(), dt + ext);
                        assertEquals(NiftiDataType.forDType(dt).code, back.meta().get("datatype"));
                    }
                }
            }
        }
    }

    @Test
    void boolAndHalfAreStoredAsUint8AndFloat32() {
        try (Scope s = Scope.open()) {
            Tensor b = pattern(DType.BOOL, 3, 3, 2);
            try (MetaTensor back = roundTrip(b, MetaTensor.identity(4), "b.nii", null)) {
                assertEquals(DType.UINT8, back.dtype());
                assertArrayEquals(b.toDoubleArray(), back.array().contiguous().toDoubleArray());
            }
            Tensor h = pattern(DType.FLOAT16, 3, 3, 2);
            try (MetaTensor back = roundTrip(h, MetaTensor.identity(4), "h.nii", null)) {
                assertEquals(DType.FLOAT32, back.dtype());
                assertArrayEquals(h.toDoubleArray(), back.array().contiguous().toDoubleArray());
            }
        }
    }

    @Test
    void everyOrientationSurvivesInSformAndQform() throws IOException {
        for (Map.Entry<String, double[][]> e : AFFINES.entrySet()) {
            try (Scope s = Scope.open(); MetaTensor back = roundTrip(pattern(DType.INT16, 4, 5, 6), e.getValue(), e.getKey() + ".nii", null)) {
                assertAffine(e.getValue(), back.affine(), e.getKey() + " (sform)");
                NiftiHeader h = NiftiHeader.parse(dir.resolve(e.getKey() + ".nii"), MemorySegment.ofArray(Files.readAllBytes(dir.resolve(e.getKey() + ".nii"))));
                assertAffine(e.getValue(), h.qform(), e.getKey() + " (qform)");
                assertEquals(1, back.meta().get("qform_code"));
                assertEquals(1, back.meta().get("sform_code"));
                double det = NiftiAffine.det(new double[][] {
                        Arrays.copyOf(e.getValue()[0], 3), Arrays.copyOf(e.getValue()[1], 3), Arrays.copyOf(e.getValue()[2], 3)});
                assertEquals(det < 0 ? -1.0 : 1.0, ((double[]) back.meta().get("pixdim"))[0], e.getKey() + " qfac");
            }
        }
    }

    @Test
    void twoToFiveDimensions() {
        long[][] shapes = {{6, 7}, {4, 5, 6}, {4, 5, 3, 2}, {3, 4, 2, 1, 3}};
        for (long[] shape : shapes) {
            for (String ext : List.of(".nii", ".nii.gz")) {
                try (Scope s = Scope.open()) {
                    Tensor t = pattern(DType.FLOAT32, shape);
                    try (MetaTensor back = roundTrip(t, AFFINES.get("permuted"), shape.length + "d" + ext, null)) {
                        assertArrayEquals(shape, back.shape(), Arrays.toString(shape));
                        assertArrayEquals(t.toDoubleArray(), back.array().contiguous().toDoubleArray(), Arrays.toString(shape));
                        assertAffine(AFFINES.get("permuted"), back.affine(), Arrays.toString(shape));
                        Object ch = back.meta().get("original_channel_dim");
                        if (shape.length <= 3) assertTrue(ch instanceof Double d && d.isNaN());
                        else assertEquals(-1, ch);
                    }
                }
            }
        }
    }

    @Test
    void aReadImageWritesBackUnchanged() {
        try (Scope s = Scope.open()) {
            Tensor t = pattern(DType.INT16, 5, 4, 3);
            try (MetaTensor first = roundTrip(t, AFFINES.get("obliqueLeftHanded"), "a.nii.gz", null);
                 MetaTensor second = roundTrip(first.array(), first.affine(), "b.nii", null)) {
                assertArrayEquals(t.toDoubleArray(), second.array().contiguous().toDoubleArray());
                assertAffine(first.affine(), second.affine(), "second generation");
            }
        }
    }

    @Test
    void uint16ComesBackAsUint16() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(new int[] {0, 1, 65535, 40000, 7, 123}, 3, 2, 1);
            MetaTensor m = new MetaTensor(t, MetaTensor.identity(4), Map.of("datatype", 512));
            new NiftiWriter().write(m, dir.resolve("u16.nii"), null);
            try (MetaTensor back = new NiftiReader().read(dir.resolve("u16.nii"))) {
                assertEquals(512, back.meta().get("datatype"));
                assertEquals(DType.INT32, back.dtype());
                assertArrayEquals(t.toDoubleArray(), back.array().contiguous().toDoubleArray());
            }
        }
    }

    @Test
    void outputDtypeTruncatesAndClips() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(new float[] {-3.6f, 0.5f, 1.5f, 2.5f, 254.6f, 300f, Float.NaN, 17.49f}, 8, 1, 1);
            try (MetaTensor back = roundTrip(t, MetaTensor.identity(4), "u8.nii.gz", new WriteOptions().outputDtype(DType.UINT8))) {
                assertEquals(DType.UINT8, back.dtype());
                assertArrayEquals(new double[] {0, 0, 1, 2, 254, 255, 0, 17}, back.array().contiguous().toDoubleArray(), "as numpy's astype, clipped");
            }
            Tensor big = Tensor.of(new int[] {-40000, 40000, 5}, 3, 1, 1);
            try (MetaTensor back = roundTrip(big, MetaTensor.identity(4), "i16.nii", new WriteOptions().outputDtype(DType.INT16))) {
                assertArrayEquals(new double[] {-32768, 32767, 5}, back.array().contiguous().toDoubleArray());
            }
        }
    }

    @Test
    void channelLastGoesToDim4() {
        try (Scope s = Scope.open()) {
            Tensor t = pattern(DType.UINT8, 6, 5, 3);   // (H, W, C)
            try (MetaTensor back = roundTrip(t, MetaTensor.identity(3), "rgb.nii", new WriteOptions().channelLast(true))) {
                assertArrayEquals(new long[] {6, 5, 1, 3}, back.shape());
                assertArrayEquals(t.toDoubleArray(), back.array().contiguous().toDoubleArray());
                assertEquals(-1, back.meta().get("original_channel_dim"));
                assertAffine(MetaTensor.identity(4), back.affine(), "2-D affine padded to 3-D");
            }
        }
    }

    @Test
    void quaternionMatchesNibabel() {
        // nibabel: Nifti1Header().set_qform([[0,-2,0,10],[1.5,0,0,-3],[0,0,-3,7],[0,0,0,1]]) gives
        // quatern (0, 0, 0.70710677), pixdim[0] -1, zooms (1.5, 2, 3)
        double[] q = NiftiAffine.quaternion(new double[][] {{0, -2, 0, 10}, {1.5, 0, 0, -3}, {0, 0, -3, 7}, {0, 0, 0, 1}});
        assertArrayEquals(new double[] {0, 0, Math.sqrt(0.5), -1, 1.5, 2, 3}, q, 1e-7);
    }
}
