package dev.axial.nn.checkpoint;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch checkpoints ({@code .pt}/{@code .pth}, the zip format {@code torch.save} writes since 1.6)
 * without Python: {@code <root>/data.pkl} is unpickled with tensors as placeholders ({@code _rebuild_tensor_v2}
 * of a storage, offset, size and stride), then the tensors asked for are read from {@code <root>/data/<key>}.
 * Only the globals a state dict needs are accepted; any other is refused by name.
 *
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *     Map<String, Tensor> sd = TorchCheckpoint.load(Path.of("best_metric_model.pth"));     // a bare state dict
 *     Map<String, Tensor> m = TorchCheckpoint.load(Path.of("checkpoint.pt"), "model");   // {"model": sd, ...}
 *     unet.loadStateDict(sd, true);
 * }
 * }</pre>
 *
 * <p>Results are new CPU tensors in the caller's scope, each with its own storage (views into one storage are
 * copied apart), in the file's key order.
 */
public final class TorchCheckpoint {
    private TorchCheckpoint() {}

    /** A storage named by a persistent id: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    private record StorageRef(String key, DType dtype, long numel) {}

    /** A tensor to be made: {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)}. */
    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /**
     * The top-level state dict: the file's object must be a dict of tensors (as {@code torch.save(model.state_dict())}).
     * A nested checkpoint ({@code {"model": ..., "epoch": 3}}) is refused with its keys; pick one with
     * {@link #load(Path, String)}.
     */
    public static Map<String, Tensor> load(Path file) { return load(file, null); }

    /** The state dict under {@code key} (dotted for deeper nesting: {@code "trainer.model"}); null = the top. */
    public static Map<String, Tensor> load(Path file, String key) {
        try (Archive a = Archive.open(file)) {
            Object node = a.root;
            String where = "the top level";
            if (key != null) {
                for (String part : key.split("\\.")) {
                    if (!(node instanceof Map<?, ?> m) || !m.containsKey(part))
                        throw new CheckpointException(file, "no entry '" + part + "' for key '" + key + "' (" + where + " has "
                                + (node instanceof Map<?, ?> mm ? mm.keySet() : describe(node)) + ")");
                    node = m.get(part);
                    where = "'" + part + "'";
                }
            }
            if (!(node instanceof Map<?, ?> m)) throw new CheckpointException(file, where + " is a " + describe(node) + ", not a state dict");
            List<String> nonTensor = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) if (!(e.getValue() instanceof TensorRef)) nonTensor.add(e.getKey() + " (" + describe(e.getValue()) + ")");
            if (!nonTensor.isEmpty())
                throw new CheckpointException(file, where + " is not a plain state dict: non-tensor entries " + nonTensor
                        + (key == null ? "; a nested checkpoint: pick the state dict with load(file, key), keys " + m.keySet() : ""));
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) refs.put(String.valueOf(e.getKey()), (TensorRef) e.getValue());
            return a.materialize(refs);
        }
    }

    /**
     * The whole object: maps (String keys where the file has them), lists, Object[] tuples, numbers, strings,
     * booleans, null and tensors (new, in the caller's scope).
     */
    public static Object read(Path file) {
        try (Archive a = Archive.open(file)) {
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            IdentityHashMap<TensorRef, String> names = new IdentityHashMap<>();
            collect(a.root, "", refs, names);
            Map<String, Tensor> tensors = a.materialize(refs);
            IdentityHashMap<TensorRef, Tensor> byRef = new IdentityHashMap<>();
            names.forEach((ref, name) -> byRef.put(ref, tensors.get(name)));
            return replace(a.root, byRef);
        }
    }

    private static void collect(Object o, String path, Map<String, TensorRef> refs, IdentityHashMap<TensorRef, String> names) {
        if (o instanceof TensorRef t) {
            if (!names.containsKey(t)) {
                refs.put(path, t);
                names.put(t, path);
            }
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, refs, names));
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) collect(l.get(i), path + "." + i, refs, names);
        } else if (o instanceof Object[] t) {
            for (int i = 0; i < t.length; i++) collect(t[i], path + "." + i, refs, names);
        }
    }

    private static Object replace(Object o, IdentityHashMap<TensorRef, Tensor> byRef) {
        if (o instanceof TensorRef t) return byRef.get(t);
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, replace(v, byRef)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) out.add(replace(v, byRef));
            return out;
        }
        if (o instanceof Object[] t) {
            Object[] out = new Object[t.length];
            for (int i = 0; i < t.length; i++) out[i] = replace(t[i], byRef);
            return out;
        }
        return o;
    }

    private static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof TensorRef t) return "tensor " + t.storage.dtype + Shapes.str(t.size);
        if (o instanceof Map<?, ?>) return "dict";
        if (o instanceof List<?>) return "list";
        if (o instanceof Object[]) return "tuple";
        return o.getClass().getSimpleName() + " " + o;
    }

    /** The open zip and its unpickled object. */
    private static final class Archive implements AutoCloseable {
        final Path file;
        final ZipFile zip;
        final String prefix;
        Object root;

        private Archive(Path file, ZipFile zip, String prefix) {
            this.file = file;
            this.zip = zip;
            this.prefix = prefix;
        }

        static Archive open(Path file) {
            checkMagic(file);
            ZipFile zip;
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw new CheckpointException(file, "not a readable zip (truncated or corrupt): " + e.getMessage(), e);
            } catch (IOException e) {
                throw new CheckpointException(file, "cannot read: " + e, e);
            }
            try {
                String pkl = null;
                for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                    String n = en.nextElement().getName();
                    if (n.equals("data.pkl") || n.endsWith("/data.pkl")) {
                        // NOTE: the root folder is "archive" or the file's stem, whatever torch.save chose
                        if (pkl == null || n.length() < pkl.length()) pkl = n;
                    }
                }
                if (pkl == null) throw new CheckpointException(file, "a zip without data.pkl: not a torch.save checkpoint (a TorchScript or other archive?)");
                Archive a = new Archive(file, zip, pkl.substring(0, pkl.length() - "data.pkl".length()));
                ZipEntry order = zip.getEntry(a.prefix + "byteorder");
                if (order != null) {
                    String bo = new String(zip.getInputStream(order).readNBytes(16), StandardCharsets.US_ASCII).trim();
                    if (!bo.equals("little")) throw new CheckpointException(file, "byteorder '" + bo + "' is not supported (little-endian only)");
                }
                try (InputStream in = zip.getInputStream(zip.getEntry(pkl))) {
                    a.root = new Unpickler(file, new java.io.BufferedInputStream(in, 1 << 16), a::storage, a::reduce).load();
                }
                return a;
            } catch (IOException e) {
                closeQuietly(zip);
                throw new CheckpointException(file, "cannot read: " + e, e);
            } catch (RuntimeException e) {
                closeQuietly(zip);
                throw e;
            }
        }

        private static void checkMagic(Path file) {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            } catch (IOException e) {
                throw new CheckpointException(file, "cannot read: " + e, e);
            }
            if (head.length == 4 && head[0] == 'P' && head[1] == 'K') return;
            if (head.length >= 2 && (head[0] & 0xff) == 0x80)
                throw new CheckpointException(file, "a legacy (pre-1.6, non-zip) torch.save file: not supported; re-save it with torch >= 1.6 or as safetensors");
            throw new CheckpointException(file, "not a PyTorch zip checkpoint (no zip signature)");
        }

        private static void closeQuietly(ZipFile z) {
            try {
                z.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }

        Object storage(Object pid) {
            if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0]))
                throw new CheckpointException(file, "data.pkl: unsupported persistent id " + describe(pid));
            if (!(t[1] instanceof Unpickler.Global g)) throw new CheckpointException(file, "data.pkl: storage type is " + describe(t[1]));
            DType dt = switch (g.name()) {
                case "FloatStorage" -> DType.FLOAT32;
                case "DoubleStorage" -> DType.FLOAT64;
                case "HalfStorage" -> DType.FLOAT16;
                case "BFloat16Storage" -> DType.BFLOAT16;
                case "LongStorage" -> DType.INT64;
                case "IntStorage" -> DType.INT32;
                case "ShortStorage" -> DType.INT16;
                case "CharStorage" -> DType.INT8;
                case "ByteStorage" -> DType.UINT8;
                case "BoolStorage" -> DType.BOOL;
                default -> throw new CheckpointException(file, "data.pkl: unsupported storage type '" + g + "'");
            };
            if (!(t[4] instanceof Long numel) || numel < 0) throw new CheckpointException(file, "data.pkl: bad storage size " + describe(t[4]));
            return new StorageRef(String.valueOf(t[2]), dt, numel);
        }

        Object reduce(Unpickler.Global g, Object[] args) {
            switch (g.toString()) {
                case "collections.OrderedDict" -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    if (args.length > 0 && args[0] instanceof List<?> pairs)
                        for (Object p : pairs) if (p instanceof Object[] kv && kv.length == 2) m.put(kv[0], kv[1]);
                    return m;
                }
                case "torch._utils._rebuild_tensor_v2" -> {
                    if (args.length < 4 || !(args[0] instanceof StorageRef s) || !(args[1] instanceof Long off))
                        throw new CheckpointException(file, "data.pkl: unexpected arguments to _rebuild_tensor_v2");
                    return new TensorRef(s, off, longs(args[2]), longs(args[3]));
                }
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                    return args[0];
                }
                default -> throw new CheckpointException(file, "data.pkl: unsupported call of '" + g + "'");
            }
        }

        private long[] longs(Object o) {
            if (!(o instanceof Object[] t)) throw new CheckpointException(file, "data.pkl: expected a tuple of ints, got " + describe(o));
            long[] out = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                if (!(t[i] instanceof Long v)) throw new CheckpointException(file, "data.pkl: expected a tuple of ints, got " + describe(t[i]));
                out[i] = v;
            }
            return out;
        }

        /** Reads each storage once and makes the tensors, each with a storage of its own. */
        Map<String, Tensor> materialize(Map<String, TensorRef> refs) {
            Map<String, Integer> uses = new HashMap<>();
            for (TensorRef r : refs.values()) uses.merge(r.storage.key, 1, Integer::sum);
            Map<String, Tensor> storages = new HashMap<>();
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (Scope s = Scope.open()) {
                for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
                    String name = e.getKey();
                    TensorRef r = e.getValue();
                    Tensor st = storages.get(r.storage.key);
                    if (st == null) {
                        st = readStorage(name, r.storage);
                        storages.put(r.storage.key, st);
                    }
                    Tensor view;
                    try {
                        view = new Tensor(st.storage(), st.backend(), r.size, r.stride, r.offset);
                    } catch (TensorException ex) {
                        throw CheckpointException.atKey(file, name, "size " + Shapes.str(r.size) + ", stride " + Shapes.str(r.stride)
                                + " and offset " + r.offset + " do not fit its storage of " + r.storage.numel + " elements");
                    }
                    boolean whole = uses.get(r.storage.key) == 1 && view.isContiguous() && r.offset == 0 && view.numel() == r.storage.numel;
                    out.put(name, whole ? view : view.copy());
                }
                for (Tensor t : out.values()) s.keep(t);
            }
            return out;
        }

        private Tensor readStorage(String tensorKey, StorageRef ref) {
            ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key);
            if (entry == null) throw CheckpointException.atKey(file, tensorKey, "its storage " + prefix + "data/" + ref.key + " is missing from the zip");
            long bytes = ref.numel * ref.dtype.byteSize();
            if (entry.getSize() >= 0 && entry.getSize() < bytes)
                throw CheckpointException.atKey(file, tensorKey, "storage " + ref.key + " holds " + entry.getSize() + " bytes, needs " + bytes + " (" + ref.numel + " x " + ref.dtype + ")");
            Tensor t = Tensor.empty(ref.dtype, Device.CPU, ref.numel);
            MemorySegment seg = t.hostSegment();
            byte[] buf = new byte[(int) Math.min(1 << 20, Math.max(1, bytes))];
            try (InputStream in = zip.getInputStream(entry)) {
                long done = 0;
                while (done < bytes) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, bytes - done));
                    if (n < 0) throw CheckpointException.atKey(file, tensorKey, "storage " + ref.key + " ends after " + done + " of " + bytes + " bytes (truncated?)");
                    MemorySegment.copy(buf, 0, seg, ValueLayout.JAVA_BYTE, done, n);
                    done += n;
                }
            } catch (IOException e) {
                throw CheckpointException.atKey(file, tensorKey, "cannot read storage " + ref.key + ": " + e);
            }
            return t;
        }

        @Override public void close() { closeQuietly(zip); }
    }
}
