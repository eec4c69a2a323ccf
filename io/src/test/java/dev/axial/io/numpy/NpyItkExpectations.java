package dev.axial.io.numpy;

import dev.axial.io.Expectations;
import dev.axial.io.raw.ElementType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a read MetaTensor against one section of expectations/npy_itk.txt (made by tools/testdata/expect_npy_itk.py). */
public final class NpyItkExpectations {
    private NpyItkExpectations() {}

    public static final Expectations EX = Expectations.load("npy_itk");

    /** Sections whose name starts with one of {@code prefixes} or ends with one of the suffixes given. */
    public static List<String> sections(String... suffixes) {
        List<String> out = new ArrayList<>();
        for (String f : EX.files()) for (String s : suffixes) if (f.split("#")[0].endsWith(s)) out.add(f);
        return out;
    }

    public static void check(String section, MetaTensor m) {
        String[] shape = EX.all(section, "shape").getFirst();
        long[] expShape = Arrays.stream(shape).mapToLong(Long::parseLong).toArray();
        assertArrayEquals(expShape, m.shape(), section + ": shape");
        ElementType et = ElementType.of(EX.string(section, "dtype"));
        assertEquals(et.dtype(), m.dtype(), section + ": dtype");
        assertEquals(et.numpyName(), m.meta().get(MetaKeys.DTYPE), section + ": meta dtype");
        String[] ss = EX.all(section, "spatial_shape").getFirst();
        assertArrayEquals(Arrays.stream(ss).mapToLong(Long::parseLong).toArray(), (long[]) m.meta().get(MetaKeys.SPATIAL_SHAPE), section + ": spatial_shape");
        String ocd = EX.string(section, "original_channel_dim");
        Object got = m.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM);
        if (ocd.equals("nan")) assertTrue(got instanceof Double d && d.isNaN(), section + ": original_channel_dim " + got);
        else assertEquals(Integer.parseInt(ocd), ((Number) got).intValue(), section + ": original_channel_dim");
        if (EX.has(section, "affine")) {
            double[] a = EX.doubles(section, "affine");
            double[][] aff = m.affine();
            int n = aff.length;
            assertEquals(a.length, n * n, section + ": affine size");
            for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) assertEquals(a[r * n + c], aff[r][c], 1e-9, section + ": affine[" + r + "][" + c + "]");
        }
        if (m.array().numel() == 0) return;
        double[] v = m.array().toDoubleArray();
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double x : v) { sum += x; min = Math.min(min, x); max = Math.max(max, x); }
        assertEquals(EX.number(section, "sum"), sum, 1e-6 * Math.max(1, Math.abs(sum)), section + ": sum");
        assertEquals(EX.number(section, "min"), min, 0, section + ": min");
        assertEquals(EX.number(section, "max"), max, 0, section + ": max");
        long[] strides = new long[expShape.length];
        long s = 1;
        for (int i = expShape.length - 1; i >= 0; i--) { strides[i] = s; s *= expShape[i]; }
        for (String[] vox : EX.all(section, "voxel")) {
            long flat = 0;
            for (int i = 0; i < expShape.length; i++) flat += Long.parseLong(vox[i]) * strides[i];
            assertEquals(Double.parseDouble(vox[expShape.length]), v[(int) flat], 0, section + ": voxel " + String.join(" ", vox));
        }
    }
}
