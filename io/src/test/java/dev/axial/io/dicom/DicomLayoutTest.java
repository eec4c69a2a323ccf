package dev.axial.io.dicom;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The reader's fast paths (decode in file order, permuted view, int16 -> float32 rescale loop) against a
 * plain per-voxel reference written here from the files' raw bytes: out[x, y, z] = float32(raw[z][y][x]) *
 * slope + intercept, bit for bit. Odd sizes exercise the vector loops' tails.
 */
class DicomLayoutTest {
    @TempDir Path tmp;

    @Test
    void seriesEqualsPerVoxelReference() throws IOException {
        for (DType dt : new DType[]{DType.FLOAT32, DType.INT16, DType.INT32, DType.UINT8}) {
            Path dir = tmp.resolve("s_" + dt);
            int c = 37, r = 23, k = 9;
            Tensor t = Tensor.empty(dt, Device.CPU, c, r, k);
            MemorySegment s = t.hostSegment();
            Random rnd = new Random(11);
            for (long i = 0; i < (long) c * r * k; i++) {
                switch (dt) {
                    case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (rnd.nextInt(4000) * 0.37 - 1024.5));
                    case INT16 -> s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (rnd.nextInt(65536) - 32768));
                    case INT32 -> s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, rnd.nextInt(65536));
                    default -> s.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
                }
            }
            try (MetaTensor v = new MetaTensor(t, DicomSeriesTest.oblique(), null)) {
                new DicomWriter().writeSeries(v, dir);
            }
            try (MetaTensor back = new DicomReader().read(dir); Tensor flat = back.array().contiguous()) {
                assertArrayEquals(new long[]{c, r, k}, back.shape());
                assertEquals(dt, back.dtype());
                double[] want = reference(dir, c, r, k);
                for (int x = 0; x < c; x++)
                    for (int y = 0; y < r; y++)
                        for (int z = 0; z < k; z++) {
                            long i = ((long) x * r + y) * k + z;
                            assertEquals(want[(int) i], DicomRealFilesTest.get(flat, i), 0.0, dt + " at " + x + "," + y + "," + z);
                        }
            }
        }
    }

    /** Each file's raw little-endian pixels, sorted by position along the slice normal, rescaled in float32. */
    private static double[] reference(Path dir, int c, int r, int k) throws IOException {
        List<Path> files;
        try (Stream<Path> l = Files.list(dir)) { files = new ArrayList<>(l.toList()); }
        List<DicomDataset> headers = new ArrayList<>();
        for (Path f : files) headers.add(DicomParser.readHeader(f));
        double[] iop = headers.getFirst().doubles(DicomTags.IMAGE_ORIENTATION_PATIENT);
        double[] nrm = {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]};
        headers.sort(Comparator.comparingDouble(h -> {
            double[] p = h.doubles(DicomTags.IMAGE_POSITION_PATIENT);
            return p[0] * nrm[0] + p[1] * nrm[1] + p[2] * nrm[2];
        }));
        assertEquals(k, headers.size());
        double[] out = new double[c * r * k];
        for (int z = 0; z < k; z++) {
            DicomDataset h = headers.get(z);
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(h.file())).order(ByteOrder.LITTLE_ENDIAN);
            int bits = h.integer(DicomTags.BITS_ALLOCATED, 16);
            boolean signed = h.integer(DicomTags.PIXEL_REPRESENTATION, 0) == 1;
            boolean rescale = h.has(DicomTags.RESCALE_SLOPE) || h.has(DicomTags.RESCALE_INTERCEPT);
            float slope = (float) h.number(DicomTags.RESCALE_SLOPE, 1), intercept = (float) h.number(DicomTags.RESCALE_INTERCEPT, 0);
            for (int y = 0; y < r; y++)
                for (int x = 0; x < c; x++) {
                    int at = (int) h.pixelOffset() + (y * c + x) * bits / 8;
                    int raw = bits == 8 ? b.get(at) & 0xFF : signed ? b.getShort(at) : b.getShort(at) & 0xFFFF;
                    out[(x * r + y) * k + z] = rescale ? (float) raw * slope + intercept : raw;
                }
        }
        return out;
    }
}
