package dev.axial.transforms.inverse;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.Compose;
import dev.axial.transforms.InvertibleTransform;
import dev.axial.transforms.Transform;
import dev.axial.transforms.TransformException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * MONAI's {@code TestTimeAugmentation(transform, batch_size, num_workers=0, inferrer_fn=identity, device="cpu",
 * image_key="image", orig_key="label", nearest_interp=True, orig_meta_keys=None, to_tensor=True,
 * output_device="cpu", post_func=identity, return_full_data=False)}: runs {@code transform} (random invertible
 * dictionary transforms) {@code numExamples} times on the item, infers on batches of {@code batchSize}
 * ({@code inferrerFn} on the stacked {@code imageKey} arrays, (B, C, ...)), brings each prediction back with
 * {@link Invertd} (the operations recorded on {@code origKey}) and combines them as MONAI: over the N outputs at
 * each voxel the mode (of the values truncated to integers, as MONAI's {@code mode(x.long())}; ties give the
 * smallest, as torch.mode), the mean and the standard deviation (unbiased), and the volume variation coefficient
 * {@code vvc = std(all) / mean(all)} over every output value.
 *
 * <p>Randomness: the i-th example is {@code transform.apply(item)} with the transform's own generators, in order, as
 * MONAI's Dataset with num_workers 0. MONAI's DataLoader reseeds the transform at every call with a draw from
 * torch's default generator ({@code set_random_state(torch.empty((), int64).random_() % 2^32)}), which Java cannot
 * read; after {@code torch.manual_seed(s)} that seed is the second raw 32-bit output of mt19937(s), so
 * {@link #torchSeed(long)} reproduces MONAI's augmentations exactly ({@link #loaderSeed(long)} gives the seed
 * itself). With neither, the transform's generators continue from where they are. Only num_workers 0 and items of
 * one shape are supported (MONAI's pad_list_data_collate padding is not).
 *
 * <pre>{@code
 * var tta = new TestTimeAugmentation(new Compose(new RandFlipd("image").prob(0.5), new RandRotate90d("image").prob(0.5)), 2)
 *         .inferrerFn(x -> model.forward(x)).origKey("image").torchSeed(0);
 * TestTimeAugmentation.Result r = tta.call(Map.of("image", img), 4);   // r.mode(), r.mean(), r.std(), r.vvc()
 * }</pre>
 */
public final class TestTimeAugmentation {
    /** mode, mean, std (each (C, ...) as one output) and vvc; {@code full} is the (N, C, ...) stack of outputs. */
    public record Result(Tensor mode, Tensor mean, Tensor std, double vvc, Tensor full) {}

    private static final String PRED_KEY = "pred";
    private final Transform transform;
    private final int batchSize;
    private Function<Tensor, Tensor> inferrerFn = x -> x;
    private Device device = null;
    private String imageKey = "image", origKey = "label", origMetaKeys = null, metaKeyPostfix = "meta_dict";
    private boolean nearestInterp = true, toTensor = true, returnFullData = false;
    private Device outputDevice = Device.CPU;
    private UnaryOperator<MetaTensor> postFunc = x -> x;
    private Long loaderSeed = null;

    public TestTimeAugmentation(Transform transform, int batchSize) {
        if (!(transform instanceof InvertibleTransform))
            throw new IllegalArgumentException("TestTimeAugmentation: transform is not invertible");
        if (batchSize < 1) throw new IllegalArgumentException("TestTimeAugmentation: batch_size must be positive, got " + batchSize);
        this.transform = transform;
        this.batchSize = batchSize;
        checkTransforms();
    }

    /** Only 0 (MONAI's default): items are made in this thread. */
    public TestTimeAugmentation numWorkers(int n) {
        if (n != 0) throw new IllegalArgumentException("TestTimeAugmentation: only num_workers=0 is supported, got " + n);
        return this;
    }

    public TestTimeAugmentation inferrerFn(Function<Tensor, Tensor> f) { this.inferrerFn = f; return this; }

    /** Where the batch goes before the inferrer (default: where it is). */
    public TestTimeAugmentation device(Device d) { this.device = d; return this; }

    public TestTimeAugmentation imageKey(String k) { this.imageKey = k; return this; }

    /** The key whose applied operations invert the predictions (MONAI's default "label"). */
    public TestTimeAugmentation origKey(String k) { this.origKey = k; return this; }

    public TestTimeAugmentation nearestInterp(boolean n) { this.nearestInterp = n; return this; }

    public TestTimeAugmentation origMetaKeys(String k) { this.origMetaKeys = k; return this; }

    public TestTimeAugmentation metaKeyPostfix(String p) { this.metaKeyPostfix = p; return this; }

    public TestTimeAugmentation toTensor(boolean t) { this.toTensor = t; return this; }

    public TestTimeAugmentation outputDevice(Device d) { this.outputDevice = d; return this; }

    public TestTimeAugmentation postFunc(UnaryOperator<MetaTensor> f) { this.postFunc = f; return this; }

    /** When true, {@link #call} returns only {@code full} (mode, mean, std null; vvc NaN), as MONAI returns the stack. */
    public TestTimeAugmentation returnFullData(boolean r) { this.returnFullData = r; return this; }

    /** Seeds the transform with {@code seed} at every call, as MONAI's DataLoader's set_rnd(dataset, seed). */
    public TestTimeAugmentation loaderSeed(long seed) { this.loaderSeed = Math.floorMod(seed, 1L << 32); return this; }

    /** As MONAI after {@code torch.manual_seed(s)}: the loader seed is the second raw output of mt19937(s). */
    public TestTimeAugmentation torchSeed(long s) {
        RandomState mt = new RandomState(s);
        mt.nextUint32();
        return loaderSeed(mt.nextUint32());
    }

    /** MONAI's _check_transforms: random members should be invertible (MONAI warns; this throws). */
    private void checkTransforms() {
        List<Transform> ts = transform instanceof Compose c ? c.transforms() : List.of(transform);
        for (Transform t : ts)
            if (t.isRandom() && !(t instanceof InvertibleTransform))
                throw new IllegalArgumentException("TestTimeAugmentation: not all applied random transform(s) are invertible. Problematic transform: " + t.name());
    }

    /** The combined result of {@code numExamples} augmented predictions of {@code data}. */
    @SuppressWarnings("unchecked")
    public Result call(Map<String, Object> data, int numExamples) {
        if (numExamples < 1 || numExamples % batchSize != 0)
            throw new TransformException("TestTimeAugmentation: num_examples should be multiple of batch size (" + batchSize + "), got " + numExamples);
        if (!data.containsKey(imageKey)) throw new TransformException("TestTimeAugmentation: key '" + imageKey + "' is not in the data (keys " + data.keySet() + ")");
        if (loaderSeed != null) transform.setRandomState(loaderSeed);
        Invertd inverter = new Invertd(transform, PRED_KEY).origKeys(origKey).nearestInterp(nearestInterp).toTensor(toTensor)
                .device(outputDevice).postFunc(postFunc);
        if (origMetaKeys != null) inverter.origMetaKeys(origMetaKeys);
        inverter.metaKeyPostfix(metaKeyPostfix);
        List<Tensor> outs = new ArrayList<>(numExamples);
        for (int start = 0; start < numExamples; start += batchSize) {
            List<Map<String, Object>> items = new ArrayList<>(batchSize);
            Tensor[] images = new Tensor[batchSize];
            for (int i = 0; i < batchSize; i++) {
                Object o = transform.apply(data);
                if (!(o instanceof Map<?, ?> m)) throw new TransformException("TestTimeAugmentation: the transform returned a " + o.getClass().getSimpleName() + ", not a dictionary");
                Map<String, Object> item = (Map<String, Object>) m;
                images[i] = Inversion.metaTensor("TestTimeAugmentation", item, imageKey).array();
                if (i > 0 && !Arrays.equals(images[i].shape(), images[0].shape()))
                    throw new TransformException("TestTimeAugmentation: augmented '" + imageKey + "' shapes differ (" + Arrays.toString(images[0].shape())
                            + " vs " + Arrays.toString(images[i].shape()) + "); padding them (pad_list_data_collate) is not supported");
                items.add(item);
            }
            Tensor batch = Tensor.stack(0, images);
            if (device != null) batch = batch.to(device);
            Tensor pred = inferrerFn.apply(batch);
            List<Object> preds = Decollate.decollateBatch(pred);
            if (preds.size() != batchSize) throw new TransformException("TestTimeAugmentation: the inferrer returned " + preds.size() + " items for a batch of " + batchSize);
            for (int i = 0; i < batchSize; i++) {
                Map<String, Object> item = new java.util.LinkedHashMap<>(items.get(i));
                item.put(PRED_KEY, preds.get(i));
                outs.add(((MetaTensor) inverter.apply(item).get(PRED_KEY)).array());
            }
        }
        Tensor full = Tensor.stack(0, outs.toArray(Tensor[]::new));
        if (returnFullData) return new Result(null, null, null, Double.NaN, full);
        return stats(full);
    }

    /** MONAI's combination of the (N, ...) outputs: mode of the truncated values, mean, unbiased std, vvc. */
    static Result stats(Tensor full) {
        long[] shape = full.shape();
        int n = (int) shape[0];
        double[] v = full.to(Device.CPU).to(DType.FLOAT64).contiguous().toDoubleArray();
        int m = v.length / n;
        float[] mode = new float[m], mean = new float[m], std = new float[m];
        long[] vals = new long[n];
        double total = 0;
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) { s += v[i * m + j]; vals[i] = (long) v[i * m + j]; }
            double mu = s / n, ss = 0;
            for (int i = 0; i < n; i++) ss += (v[i * m + j] - mu) * (v[i * m + j] - mu);
            mean[j] = (float) mu;
            std[j] = (float) (n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN);
            Arrays.sort(vals);
            long best = vals[0];
            int bestCount = 0;
            for (int i = 0; i < n; ) {
                int k = i;
                while (k < n && vals[k] == vals[i]) k++;
                if (k - i > bestCount) { bestCount = k - i; best = vals[i]; }
                i = k;
            }
            mode[j] = best;
            total += s;
        }
        double mu = total / v.length, ss = 0;
        for (double x : v) ss += (x - mu) * (x - mu);
        float sd = (float) Math.sqrt(ss / (v.length - 1));
        double vvc = sd / (float) mu;
        long[] one = Arrays.copyOfRange(shape, 1, shape.length);
        return new Result(Tensor.of(mode, one), Tensor.of(mean, one), Tensor.of(std, one), vvc, full);
    }
}
