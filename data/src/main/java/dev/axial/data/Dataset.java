package dev.axial.data;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.Compose;
import dev.axial.transforms.Transform;

import java.util.List;

/**
 * MONAI's {@code Dataset}: a list of items and a transform applied when an item is read. A transform that is not a
 * {@link Compose} is wrapped in one (as MONAI does, so a lone random transform draws from the seed Compose gives
 * it); none means the items as they are.
 *
 * <pre>{@code
 * var train = new Compose(new ScaleIntensityd("image"),
 *         new RandCropByPosNegLabeld(List.of("image", "label"), "label", 96, 96, 96).numSamples(4));
 * try (var ds = new Dataset<>(items, train);
 *      var loader = new DataLoader<>(ds).batchSize(2).shuffle(true).numWorkers(2)) { ... }
 * }</pre>
 *
 * <p>{@link #get(int, RandomState)} draws from the given generator (what the loader's workers use: thread-safe when
 * the transforms are); {@link #get(int)} uses the transforms' own generators, as MONAI's {@code dataset[i]} after
 * {@code transform.set_random_state(seed)} (one thread). Outputs belong to the caller's scope, as transforms' do.
 *
 * @param <T> the item type (usually {@code Map<String, Object>})
 */
public class Dataset<T> implements AutoCloseable {
    private final List<T> data;
    private final Compose transform;

    /** A dataset over {@code data} (not copied; do not change it while in use) with {@code transform} (null: none). */
    public Dataset(List<T> data, Transform transform) {
        if (data == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": data is required");
        this.data = data;
        this.transform = transform == null ? new Compose() : transform instanceof Compose c ? c : new Compose(transform);
    }

    /** The number of items. */
    public int size() { return data.size(); }

    /** The items, untransformed. */
    public List<T> data() { return data; }

    /** The transform (a Compose). */
    public Compose transform() { return transform; }

    /** Item {@code i} transformed, random members seeded from {@code rs} as Compose does. */
    public Object get(int i, RandomState rs) { return transform.apply(item(i), rs); }

    /** Item {@code i} transformed with the transforms' own generators (single-threaded, MONAI's {@code dataset[i]}). */
    public Object get(int i) { return transform.apply(item(i)); }

    /** The raw item {@code i}, bounds-checked with a message naming the dataset. */
    protected final T item(int i) {
        if (i < 0 || i >= data.size())
            throw new IndexOutOfBoundsException(getClass().getSimpleName() + ": index " + i + " outside 0.." + (data.size() - 1));
        return data.get(i);
    }

    /** A plain dataset owns nothing; {@link CacheDataset} frees its cache. */
    @Override public void close() {}
}
