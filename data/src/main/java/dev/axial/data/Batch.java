package dev.axial.data;

import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A collated batch (MONAI's {@code list_data_collate} output): per key, a {@link Tensor} of shape
 * {@code (B, ...)} for tensor values (numbers become an int64 or float64 tensor of shape (B)), or a list for
 * anything else; for MetaTensor values also each sample's metadata (with its affine) under {@link #meta}.
 * The batch owns its tensors: close it when done (a loader's consumer does, batch after batch).
 *
 * <pre>{@code
 * try (Batch b = Collate.listDataCollate(items)) {
 *     Tensor img = b.tensor("image");      // (B, C, H, W, D)
 * }
 * }</pre>
 */
public final class Batch implements AutoCloseable {
    /** The key under which items that are plain tensors (not maps) are collated. */
    public static final String DEFAULT_KEY = "";

    private final Map<String, Object> data;
    private final Map<String, List<Map<String, Object>>> meta;
    private final int size;
    private volatile boolean closed;

    Batch(Map<String, Object> data, Map<String, List<Map<String, Object>>> meta, int size) {
        this.data = new LinkedHashMap<>(data);
        this.meta = new LinkedHashMap<>(meta);
        this.size = size;
    }

    /** Number of samples (after flattening list outputs). */
    public int size() { return size; }

    public Set<String> keys() { return Collections.unmodifiableSet(data.keySet()); }

    /** The collated value of {@code key}: a Tensor or a List. */
    public Object get(String key) {
        if (closed) throw new IllegalStateException("Batch: already closed");
        Object v = data.get(key);
        if (v == null && !data.containsKey(key)) throw new IllegalArgumentException("Batch: no key '" + key + "'; it has " + data.keySet());
        return v;
    }

    /** The stacked tensor of {@code key}. */
    public Tensor tensor(String key) {
        Object v = get(key);
        if (!(v instanceof Tensor t)) throw new IllegalArgumentException("Batch: key '" + key + "' holds a list, not a tensor");
        return t;
    }

    /** The stacked tensor of a batch of plain tensors. */
    public Tensor tensor() { return tensor(DEFAULT_KEY); }

    /** The per-sample values of a key that could not be stacked (strings, objects). */
    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        Object v = get(key);
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("Batch: key '" + key + "' holds a tensor, not a list");
        return (List<Object>) l;
    }

    /** Each sample's metadata for a key that held MetaTensors (empty list otherwise). */
    public List<Map<String, Object>> meta(String key) { return meta.getOrDefault(key, List.of()); }

    /** Live bytes of this batch's tensors (for memory accounting). */
    public long byteSize() {
        long n = 0;
        for (Object v : data.values()) if (v instanceof Tensor t) n += t.storage().byteSize();
        return n;
    }

    /**
     * This batch with every tensor copied into pinned memory of {@code cudaDevice} ({@code Tensor.pinMemory}); the
     * tensors of this batch are freed, so it is closed.
     */
    Batch pinned(Device cudaDevice) {
        Map<String, Object> out = new LinkedHashMap<>(data);
        for (var e : out.entrySet()) if (e.getValue() instanceof Tensor t) e.setValue(t.pinMemory(cudaDevice));
        Batch b = new Batch(out, meta, size);
        for (var e : data.entrySet())
            if (e.getValue() instanceof Tensor t && out.get(e.getKey()) != t) t.close();
        closed = true;
        return b;
    }

    /** Takes the tensors out of the current thread's scopes: the batch owns them from here on. */
    Batch releaseFromScope() {
        for (Object v : data.values()) if (v instanceof Tensor t) Scope.release(t);
        return this;
    }

    /** Frees the tensors. Idempotent. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        for (Object v : data.values()) if (v instanceof Tensor t) t.close();
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Batch(" + size + " samples");
        for (var e : data.entrySet())
            sb.append(", ").append(e.getKey()).append('=').append(e.getValue() instanceof Tensor t ? t.describe() : "list");
        return sb.append(')').toString();
    }
}
