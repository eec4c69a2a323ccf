package dev.axial.io.dicom;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a DICOM file or a series folder as MONAI's {@code PydicomReader} (defaults: swap_ij, affine_lps_to_ras,
 * prune_metadata) does: pixel_array (with RescaleSlope/Intercept as float32 where the file has them), axes 0
 * and 1 swapped, the affine from ImageOrientationPatient, PixelSpacing and ImagePositionPatient in RAS, and the
 * metadata keys spacing, spatial_shape, affine, original_affine, space, original_channel_dim, filename_or_obj,
 * lastImagePositionPatient (series) and the tags 00200037, 00200032, 00280030 as {vr, Value}.
 *
 * <p>A folder is one series: slices are sorted by ImagePositionPatient along the slice normal (MONAI sorts by
 * InstanceNumber; the two agree for well-formed series) and stacked on the last axis. Duplicate positions, gaps
 * (a step more than 10% off the median), mixed orientations, sizes, pixel formats or SeriesInstanceUIDs are
 * errors naming the folder, the field and the files.
 *
 * <pre>{@code
 * try (MetaTensor ct = new DicomReader().read(Path.of("/data/ct_series"))) {
 *     ct.shape();          // [512, 512, 128], float32 (Hounsfield units)
 *     ct.affine();         // voxel -> RAS mm
 * }
 * }</pre>
 */
public final class DicomReader implements ImageReader {
    private static final String FORMAT = DicomInput.FORMAT;
    /** A step between slices may differ from the median step by this fraction before we call it a gap. */
    private static final double GAP_TOLERANCE = 0.1;

    @Override public String name() { return "DicomReader"; }

    @Override public List<String> aliases() { return List.of("PydicomReader"); }

    @Override public boolean verifySuffix(Path path) {
        if (Files.isDirectory(path)) return true;
        String n = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".dcm") || n.endsWith(".dicom")) return true;
        return !n.contains(".") && Files.isRegularFile(path) && DicomParser.hasMagic(path);
    }

    @Override public MetaTensor read(Path path) {
        if (Files.isDirectory(path)) return readSeries(path);
        return readFile(path);
    }

    private static MetaTensor readFile(Path path) {
        try (DicomInput in = DicomParser.open(path)) {
            DicomDataset ds = DicomParser.parse(in);
            if (!ds.hasPixelData()) throw new ImageFileException(path, FORMAT, "PixelData", "is missing: the file holds no image");
            DicomPixels.Geometry g = DicomPixels.geometry(ds);
            boolean rescale = rescaled(ds);
            DType out = rescale ? DType.FLOAT32 : g.dtype();
            int n = g.frames(), r = g.rows(), c = g.cols(), s = g.samples();
            // Decoded in pydicom's own (frames?, rows, cols, samples?) order, sequential writes; MONAI's swap of
            // axes 0 and 1 is a permuted view, as NiftiReader returns its Fortran-order data (no transpose copy).
            List<Long> natural = new ArrayList<>(n > 1 ? List.of((long) n, (long) r, (long) c) : List.of((long) r, (long) c));
            if (s > 1) natural.add((long) s);
            int[] perm = new int[natural.size()];
            for (int i = 0; i < perm.length; i++) perm[i] = i;
            perm[0] = 1;
            perm[1] = 0;
            DicomPixels.Placement p = new DicomPixels.Placement(0, (long) r * c * s, (long) c * s, s, 1);
            Tensor t = Tensor.empty(out, Device.CPU, natural.stream().mapToLong(Long::longValue).toArray());
            try {
                DicomPixels.decode(in, ds, g, p, t.hostSegment(), out, rescale, ds.number(DicomTags.RESCALE_SLOPE, 1), ds.number(DicomTags.RESCALE_INTERCEPT, 0));
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
            Tensor view = t.permute(perm);
            long[] spatial = view.shape();
            return finish(view, ds, spatial, null, path);
        }
    }

    private static boolean rescaled(DicomDataset ds) {
        return ds.has(DicomTags.RESCALE_SLOPE) || ds.has(DicomTags.RESCALE_INTERCEPT);
    }

    private record Slice(Path file, DicomDataset ds, DicomPixels.Geometry g, double position) {}

    private static MetaTensor readSeries(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm") || DicomParser.hasMagic(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ImageFileException(dir, FORMAT, null, "cannot list the series folder: " + e, e);
        }
        if (files.isEmpty()) throw new ImageFileException(dir, FORMAT, null, "the folder holds no DICOM files (*.dcm or files with the DICM preamble)");
        if (files.size() == 1) {
            MetaTensor m = readFile(files.getFirst());
            m.meta().put(MetaKeys.FILENAME_OR_OBJ, dir.toString());
            return m;
        }
        List<Slice> slices = new ArrayList<>();
        for (Path f : files) {
            DicomDataset ds = DicomParser.readHeader(f);
            if (!ds.hasPixelData()) throw new ImageFileException(dir, FORMAT, "PixelData", "is missing in " + f.getFileName());
            slices.add(new Slice(f, ds, DicomPixels.geometry(ds), Double.NaN));
        }
        Slice first = slices.getFirst();
        same(dir, slices, "Rows", s -> Integer.toString(s.g.rows()));
        same(dir, slices, "Columns", s -> Integer.toString(s.g.cols()));
        same(dir, slices, "BitsAllocated", s -> s.g.bitsAllocated() + (s.g.signed() ? " signed" : " unsigned"));
        if (first.g.frames() > 1 || first.g.samples() > 1)
            throw new ImageFileException(dir, FORMAT, first.g.frames() > 1 ? "NumberOfFrames" : "SamplesPerPixel",
                    "series of multi-frame or colour files are not supported (" + first.file.getFileName() + ")");
        double[] iop = vector(dir, first, DicomTags.IMAGE_ORIENTATION_PATIENT, 6);
        for (Slice s : slices) {
            double[] o = vector(dir, s, DicomTags.IMAGE_ORIENTATION_PATIENT, 6);
            for (int i = 0; i < 6; i++)
                if (Math.abs(o[i] - iop[i]) > 1e-4)
                    throw new ImageFileException(dir, FORMAT, "ImageOrientationPatient", "mixed orientations: " + first.file.getFileName()
                            + " has " + java.util.Arrays.toString(iop) + ", " + s.file.getFileName() + " has " + java.util.Arrays.toString(o));
        }
        same(dir, slices, "SeriesInstanceUID", s -> s.ds.string(DicomTags.SERIES_INSTANCE_UID));
        double[] normal = {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]};
        List<Slice> sorted = new ArrayList<>();
        for (Slice s : slices) {
            double[] x = vector(dir, s, DicomTags.IMAGE_POSITION_PATIENT, 3);
            sorted.add(new Slice(s.file, s.ds, s.g, x[0] * normal[0] + x[1] * normal[1] + x[2] * normal[2]));
        }
        sorted.sort(Comparator.comparingDouble(Slice::position));
        checkSpacing(dir, sorted);

        int k = sorted.size(), r = first.g.rows(), c = first.g.cols();
        boolean rescale = sorted.stream().anyMatch(s -> rescaled(s.ds));
        DType out = rescale ? DType.FLOAT32 : first.g.dtype();
        // Slices decode into a contiguous (k, rows, cols) volume with sequential writes; MONAI's (cols, rows, k)
        // is a permuted view of it (no transpose copy), as NiftiReader returns its Fortran-order data.
        Tensor t = Tensor.empty(out, Device.CPU, k, r, c);
        try {
            for (int i = 0; i < k; i++) {
                Slice s = sorted.get(i);
                try (DicomInput in = DicomParser.open(s.file)) {
                    DicomDataset ds = DicomParser.parse(in);
                    DicomPixels.decode(in, ds, s.g, new DicomPixels.Placement((long) i * r * c, 0, c, 1, 0), t.hostSegment(), out,
                            rescale, ds.number(DicomTags.RESCALE_SLOPE, 1), ds.number(DicomTags.RESCALE_INTERCEPT, 0));
                }
            }
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        double[] last = sorted.getLast().ds.doubles(DicomTags.IMAGE_POSITION_PATIENT);
        return finish(t.permute(2, 1, 0), sorted.getFirst().ds, new long[]{c, r, k}, last, dir);
    }

    private static void checkSpacing(Path dir, List<Slice> sorted) {
        double[] steps = new double[sorted.size() - 1];
        for (int i = 0; i + 1 < sorted.size(); i++) {
            steps[i] = sorted.get(i + 1).position - sorted.get(i).position;
            if (steps[i] < 1e-4)
                throw new ImageFileException(dir, FORMAT, "ImagePositionPatient", "duplicate slice position " + sorted.get(i).position
                        + " mm along the slice normal: " + sorted.get(i).file.getFileName() + " and " + sorted.get(i + 1).file.getFileName());
        }
        double[] s = steps.clone();
        java.util.Arrays.sort(s);
        double median = s[s.length / 2];
        for (int i = 0; i < steps.length; i++)
            if (Math.abs(steps[i] - median) > GAP_TOLERANCE * median)
                throw new ImageFileException(dir, FORMAT, "ImagePositionPatient", String.format(Locale.ROOT,
                        "uneven slice spacing (missing slices?): %.4g mm between %s and %s, the series' median step is %.4g mm",
                        steps[i], sorted.get(i).file.getFileName(), sorted.get(i + 1).file.getFileName(), median));
    }

    private static void same(Path dir, List<Slice> slices, String field, java.util.function.Function<Slice, String> key) {
        String v0 = key.apply(slices.getFirst());
        for (Slice s : slices) {
            String v = key.apply(s);
            if (!java.util.Objects.equals(v0, v))
                throw new ImageFileException(dir, FORMAT, field, "differs within the series: " + slices.getFirst().file.getFileName()
                        + " has " + v0 + ", " + s.file.getFileName() + " has " + v);
        }
    }

    private static double[] vector(Path dir, Slice s, int tag, int n) {
        double[] v = s.ds.doubles(tag);
        if (v == null || v.length != n)
            throw new ImageFileException(dir, FORMAT, DicomTags.keyword(tag), (v == null ? "is missing" : "has " + v.length + " values, " + n + " expected")
                    + " in " + s.file.getFileName() + "; a series needs it to order the slices");
        return v;
    }

    /** MONAI's PydicomReader._get_affine, then LPS -> RAS and the swap of the first two axes; and its metadata. */
    private static MetaTensor finish(Tensor t, DicomDataset ds, long[] spatial, double[] last, Path source) {
        double[][] a = MetaTensor.identity(4);
        double[] iop = ds.doubles(DicomTags.IMAGE_ORIENTATION_PATIENT);
        double[] ipp = ds.doubles(DicomTags.IMAGE_POSITION_PATIENT);
        if (iop != null && iop.length == 6 && ipp != null && ipp.length == 3) {
            double[] ps = ds.doubles(DicomTags.PIXEL_SPACING);
            double dr = ps != null && ps.length >= 2 ? ps[0] : 1, dc = ps != null && ps.length >= 2 ? ps[1] : 1;
            for (int i = 0; i < 3; i++) {
                a[i][0] = iop[3 + i] * dr;
                a[i][1] = iop[i] * dc;
                a[i][3] = ipp[i];
            }
            a[2][2] = 1;
            if (last != null) {
                long n = spatial[spatial.length - 1];
                for (int i = 0; i < 3; i++) a[i][2] = (last[i] - ipp[i]) / (n - 1);
            }
            for (int j = 0; j < 4; j++) { a[0][j] = -a[0][j]; a[1][j] = -a[1][j]; }
        }
        for (double[] row : a) { double x = row[0]; row[0] = row[1]; row[1] = x; }
        Map<String, Object> meta = new LinkedHashMap<>();
        for (int tag : new int[]{DicomTags.IMAGE_ORIENTATION_PATIENT, DicomTags.IMAGE_POSITION_PATIENT, DicomTags.PIXEL_SPACING}) {
            double[] v = ds.doubles(tag);
            if (v == null) continue;
            List<Double> values = new ArrayList<>();
            for (double x : v) values.add(x);
            meta.put(String.format("%08X", tag), Map.of("vr", "DS", "Value", values));
        }
        int rk = spatial.length;
        double[] spacing = new double[rk];
        for (int j = 0; j < rk; j++) {
            double ss = 0;
            for (int i = 0; i < Math.min(rk, 4); i++) ss += a[i][j] * a[i][j];
            spacing[j] = Math.sqrt(ss);
        }
        meta.put("spacing", spacing);
        if (last != null) meta.put("lastImagePositionPatient", last.clone());
        meta.put(MetaKeys.SPATIAL_SHAPE, spatial.clone());
        meta.put(MetaKeys.SPACE, MetaKeys.SPACE_RAS);
        meta.put(MetaKeys.ORIGINAL_AFFINE, MetaTensor.copy(a));
        meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, Double.NaN); // MONAI: spatial_shape is the array's whole shape
        meta.put(MetaKeys.FILENAME_OR_OBJ, source.toString());
        meta.put("TransferSyntaxUID", ds.transferSyntax());
        return new MetaTensor(t, a, meta);
    }
}
