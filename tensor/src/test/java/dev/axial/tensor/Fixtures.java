package dev.axial.tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference tensors computed by PyTorch, read from {@code src/test/resources/fixtures/NAME.txt} (written by
 * {@code tools/fixtures/fixturelib.py}; each file names the script that made it). Values are held as Java
 * arrays, so a fixture outlives any scope; {@link #tensor} makes a tensor on demand.
 *
 * <pre>{@code
 * Fixtures fx = Fixtures.load("conv");
 * Tensor x = fx.tensor("conv2d_basic.x", Device.CPU);
 * }</pre>
 */
public final class Fixtures {
    /** One stored tensor: dtype name, shape and values widened to double (int64 kept exactly in {@code longs}). */
    public record Entry(String dtype, long[] shape, double[] values, long[] longs) {}

    private final String name;
    private final Map<String, Entry> entries;

    private Fixtures(String name, Map<String, Entry> entries) {
        this.name = name;
        this.entries = entries;
    }

    /** Reads fixtures/NAME.txt from the test class path. */
    public static Fixtures load(String name) {
        String res = "/fixtures/" + name + ".txt";
        Map<String, Entry> map = new LinkedHashMap<>();
        try (InputStream in = Fixtures.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalArgumentException("no fixture file " + res + " on the test class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] head = line.split(" ");
                if (!head[0].equals("tensor") || head.length < 3) throw new IllegalStateException(res + ": bad header line: " + line);
                long[] shape = new long[head.length - 3];
                for (int i = 0; i < shape.length; i++) shape[i] = Long.parseLong(head[i + 3]);
                String body = r.readLine();
                if (body == null) throw new IllegalStateException(res + ": tensor " + head[1] + " has no values line");
                String[] tok = body.isEmpty() ? new String[0] : body.split(" ");
                long n = 1;
                for (long d : shape) n *= d;
                if (tok.length != n)
                    throw new IllegalStateException(res + ": tensor " + head[1] + " has " + tok.length + " values for shape " + Arrays.toString(shape));
                double[] v = new double[tok.length];
                long[] l = head[2].equals("int64") ? new long[tok.length] : null;
                for (int i = 0; i < tok.length; i++) {
                    if (l != null) {
                        l[i] = Long.parseLong(tok[i]);
                        v[i] = l[i];
                    } else {
                        v[i] = switch (tok[i]) {
                            case "nan" -> Double.NaN;
                            case "inf" -> Double.POSITIVE_INFINITY;
                            case "-inf" -> Double.NEGATIVE_INFINITY;
                            default -> Double.parseDouble(tok[i]);
                        };
                    }
                }
                map.put(head[1], new Entry(head[2], shape, v, l));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Fixtures(name, map);
    }

    public Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) throw new IllegalArgumentException("fixture " + name + " has no tensor " + key + "; it has " + entries.keySet());
        return e;
    }

    public boolean has(String key) { return entries.containsKey(key); }

    public long[] shape(String key) { return entry(key).shape().clone(); }

    public double[] values(String key) { return entry(key).values(); }

    /** The stored tensor on {@code dev}, in its stored dtype (owned by the current scope, if any). */
    public Tensor tensor(String key, Device dev) {
        Entry e = entry(key);
        DType dt = switch (e.dtype()) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalStateException("fixture dtype " + e.dtype());
        };
        Tensor host = e.longs() != null ? Tensor.of(e.longs(), e.shape()) : Tensor.of(e.values(), e.shape());
        // NOTE: Tensor.of reads an empty shape as "flat"; a 0-dim fixture (e.g. num_batches_tracked) stays 0-dim
        if (e.shape().length == 0) host = host.reshape();
        Tensor t = host.to(dev, dt);
        if (t != host) host.close();
        return t;
    }

    /** The stored tensor as float32 on {@code dev}. */
    public Tensor float32(String key, Device dev) { return tensor(key, dev).to(DType.FLOAT32); }
}
