package dev.axial.transforms.croppad;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * MONAI's {@code RandWeightedCrop}: {@code numSamples} crops of {@code spatialSize} centred on voxels drawn with
 * probability proportional to the first channel of a weight map (MONAI's weighted_patch_samples: {@code rand(n)}
 * into the cumulative sum, uniform {@code randint} when the weights sum to zero).
 *
 * <pre>{@code
 * List<MetaTensor> patches = new RandWeightedCrop(32, 32, 32).numSamples(4).setRandomState(0).apply(img, weights, rs);
 * }</pre>
 */
public class RandWeightedCrop extends MultiSampleCrop {
    private static final System.Logger LOG = System.getLogger(RandWeightedCrop.class.getName());

    private final long[] spatialSize;
    private Tensor weightMap;

    public RandWeightedCrop(long... spatialSize) {
        if (spatialSize.length == 0) throw new IllegalArgumentException("RandWeightedCrop: spatial_size is empty");
        this.spatialSize = spatialSize.clone();
    }

    public RandWeightedCrop numSamples(int n) { setNumSamples(n); return this; }

    /** MONAI's weight_map: the map used when none is given. */
    public RandWeightedCrop weightMap(Tensor w) { this.weightMap = w; return this; }

    public long[] spatialSize() { return spatialSize.clone(); }

    @Override public RandWeightedCrop setRandomState(long seed) { super.setRandomState(seed); return this; }

    @Override public List<MetaTensor> apply(MetaTensor img, RandomState rs) { return apply(img, weightMap, rs); }

    public List<MetaTensor> apply(MetaTensor img, Tensor weightMap, RandomState rs) {
        long[] sp = spatial(img);
        long[][] centers = randomize(weightMap, rs);
        if (!Arrays.equals(sp, Arrays.copyOfRange(weightMap.shape(), 1, weightMap.dim())))
            LOG.log(System.Logger.Level.WARNING, "image and weight map spatial shape mismatch: " + Arrays.toString(sp) + " vs " + weightMap.describe());
        return cropAtCenters(img, centers, spatialSize);
    }

    /** The centres for one call, from the weight map's first channel. */
    public long[][] randomize(Tensor weightMap, RandomState rs) {
        if (weightMap == null) throw error("weight map must be provided for weighted patch sampling");
        if (weightMap.dim() < 2) throw error("the weight map must be channel-first (C, spatial...), got " + weightMap.describe());
        long[] shape = Arrays.copyOfRange(weightMap.shape(), 1, weightMap.dim());
        return CropCenters.weightedPatchSamples(spatialSize, weightMap.select(0, 0).toDoubleArray(), shape, numSamples, rs);
    }
}
