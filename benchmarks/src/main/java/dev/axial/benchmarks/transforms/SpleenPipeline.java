package dev.axial.benchmarks.transforms;

import dev.axial.tensor.RandomState;
import dev.axial.transforms.MapTransform;
import dev.axial.transforms.croppad.CropForeground;
import dev.axial.transforms.croppad.CropForegroundd;
import dev.axial.transforms.croppad.RandCropByPosNegLabeld;
import dev.axial.transforms.intensity.ScaleIntensityRange;
import dev.axial.transforms.intensity.ScaleIntensityRanged;
import dev.axial.transforms.spatial.Orientationd;
import dev.axial.transforms.spatial.Spacingd;
import dev.axial.transforms.utility.EnsureChannelFirstd;
import dev.axial.transforms.utility.LoadImaged;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The per-item training pipeline of MONAI's spleen tutorial, in issue 7's order: LoadImaged, EnsureChannelFirstd,
 * Orientationd RAS, Spacingd (1.5, 1.5, 2.0) bilinear/nearest, ScaleIntensityRanged -57..164 -> 0..1 clipped,
 * CropForegroundd (source image), RandCropByPosNegLabeld 96^3, pos 1, neg 1, 4 samples, image threshold 0.
 * The steps are separate objects so the benchmark can time each alone.
 */
public final class SpleenPipeline {
    static final List<String> KEYS = List.of("image", "label");
    public final LoadImaged load = new LoadImaged("image", "label");
    public final EnsureChannelFirstd channelFirst = new EnsureChannelFirstd("image", "label");
    public final Orientationd orientation = new Orientationd("RAS", "image", "label");
    public final Spacingd spacing = new Spacingd(new double[] {1.5, 1.5, 2.0}, "image", "label").mode("bilinear", "nearest");
    public final ScaleIntensityRanged scale = new ScaleIntensityRanged(new ScaleIntensityRange(-57, 164).bMin(0.0).bMax(1.0).clip(true), "image");
    public final CropForegroundd cropForeground = new CropForegroundd(new CropForeground(), "image", "image", "label");
    public final RandCropByPosNegLabeld randCrop = new RandCropByPosNegLabeld(KEYS, "label", 96, 96, 96)
            .pos(1).neg(1).numSamples(4).imageKey("image").imageThreshold(0);

    /** The deterministic steps in order (the random crop comes last). */
    public List<MapTransform> deterministic() { return List.of(load, channelFirst, orientation, spacing, scale, cropForeground); }

    public static Map<String, Object> item(Path dir) {
        return Map.of("image", dir.resolve("image.nii.gz").toString(), "label", dir.resolve("label.nii.gz").toString());
    }

    /** The whole pipeline on one item: the four 96^3 samples. */
    public List<Map<String, Object>> apply(Map<String, Object> item, RandomState rs) {
        Map<String, Object> d = item;
        for (MapTransform t : deterministic()) d = t.apply(d, rs);
        return randCrop.apply(d, rs);
    }
}
