package dev.axial.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reference software (nibabel, pydicom, numpy …) reports for the real test files, read from
 * {@code src/test/resources/expectations/NAME.txt}; the script named in each file's first line made it.
 * The format, one section per file:
 * <pre>
 * # made by tools/testdata/expect_nifti.py with nibabel 5.0.0
 * [python3-nibabel/anatomical.nii]
 * shape 57 67 56
 * dtype uint8
 * affine 2 0 0 -72 0 2 0 -126 0 0 2 -90 0 0 0 1
 * sum 1234567
 * voxel 10 20 30 45
 * </pre>
 * A key may repeat (e.g. {@code voxel}: the index, then the value); values are whitespace-separated.
 *
 * <pre>{@code
 * Expectations ex = Expectations.load("nifti");
 * for (String file : ex.files()) { long[] shape = ex.longs(file, "shape"); ... }
 * }</pre>
 */
public final class Expectations {
    private final Map<String, Map<String, List<String[]>>> sections;

    private Expectations(Map<String, Map<String, List<String[]>>> sections) { this.sections = sections; }

    public static Expectations load(String name) {
        String res = "/expectations/" + name + ".txt";
        InputStream in = Expectations.class.getResourceAsStream(res);
        if (in == null) throw new IllegalStateException("Expectations: no resource " + res);
        Map<String, Map<String, List<String[]>>> sections = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Map<String, List<String[]>> cur = null;
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("[") && line.endsWith("]")) {
                    cur = new LinkedHashMap<>();
                    sections.put(line.substring(1, line.length() - 1), cur);
                    continue;
                }
                if (cur == null) throw new IllegalStateException(res + ": a value before the first [section]: " + line);
                String[] parts = line.split("\\s+");
                String[] values = new String[parts.length - 1];
                System.arraycopy(parts, 1, values, 0, values.length);
                cur.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Expectations(sections);
    }

    /** The section names ("package/relative path"), in file order. */
    public List<String> files() { return new ArrayList<>(sections.keySet()); }

    public boolean has(String file, String key) { return section(file).containsKey(key); }

    /** Every line of {@code key} in {@code file}. */
    public List<String[]> all(String file, String key) {
        List<String[]> v = section(file).get(key);
        if (v == null) throw new IllegalStateException("Expectations: " + file + " has no " + key);
        return v;
    }

    /** The first line of {@code key}, joined by single spaces. */
    public String string(String file, String key) { return String.join(" ", all(file, key).getFirst()); }

    public long[] longs(String file, String key) {
        String[] v = all(file, key).getFirst();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Long.parseLong(v[i]);
        return out;
    }

    public double[] doubles(String file, String key) {
        String[] v = all(file, key).getFirst();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Double.parseDouble(v[i]);
        return out;
    }

    public double number(String file, String key) { return doubles(file, key)[0]; }

    private Map<String, List<String[]>> section(String file) {
        Map<String, List<String[]>> s = sections.get(file);
        if (s == null) throw new IllegalStateException("Expectations: no section [" + file + "]");
        return s;
    }
}
