package dev.axial.transforms;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.croppad.BorderPad;
import dev.axial.transforms.croppad.RandCropByLabelClassesd;
import dev.axial.transforms.croppad.RandSpatialCropSamples;
import dev.axial.transforms.croppad.RandWeightedCropd;
import dev.axial.transforms.croppad.ResizeWithPadOrCrop;
import dev.axial.transforms.intensity.AdjustContrast;
import dev.axial.transforms.intensity.ClipIntensityPercentiles;
import dev.axial.transforms.intensity.MaskIntensity;
import dev.axial.transforms.intensity.RandRicianNoise;
import dev.axial.transforms.intensity.RandScaleIntensityFixedMean;
import dev.axial.transforms.intensity.RandStdShiftIntensity;
import dev.axial.transforms.intensity.ScaleIntensityFixedMean;
import dev.axial.transforms.intensity.StdShiftIntensity;
import dev.axial.transforms.intensity.GaussianSharpen;
import dev.axial.transforms.intensity.GaussianSmooth;
import dev.axial.transforms.intensity.RandGaussianSharpen;
import dev.axial.transforms.intensity.RandGaussianSmooth;
import dev.axial.transforms.intensity.HistogramNormalize;
import dev.axial.transforms.intensity.RandAdjustContrast;
import dev.axial.transforms.intensity.RandBiasField;
import dev.axial.transforms.intensity.RandHistogramShift;
import dev.axial.transforms.post.FillHoles;
import dev.axial.transforms.post.LabelFilter;
import dev.axial.transforms.post.LabelToContour;
import dev.axial.transforms.post.RemoveSmallObjects;
import dev.axial.transforms.post.SobelGradients;
import dev.axial.transforms.spatial.Rand2DElastic;
import dev.axial.transforms.spatial.RandAxisFlip;
import dev.axial.transforms.spatial.RandFlip;
import dev.axial.transforms.spatial.RandGridDistortion;
import dev.axial.transforms.spatial.RandRotate;
import dev.axial.transforms.spatial.RandRotate90;
import dev.axial.transforms.spatial.RandZoom;
import dev.axial.transforms.croppad.CenterSpatialCrop;
import dev.axial.transforms.croppad.CropForeground;
import dev.axial.transforms.croppad.CropForegroundd;
import dev.axial.transforms.croppad.DivisiblePad;
import dev.axial.transforms.croppad.RandCropByPosNegLabeld;
import dev.axial.transforms.croppad.RandSpatialCrop;
import dev.axial.transforms.croppad.SpatialCrop;
import dev.axial.transforms.croppad.SpatialPad;
import dev.axial.transforms.intensity.NormalizeIntensity;
import dev.axial.transforms.intensity.RandGaussianNoise;
import dev.axial.transforms.intensity.RandScaleIntensity;
import dev.axial.transforms.intensity.RandShiftIntensity;
import dev.axial.transforms.intensity.ScaleIntensity;
import dev.axial.transforms.intensity.ShiftIntensity;
import dev.axial.transforms.intensity.ThresholdIntensity;
import dev.axial.transforms.intensity.ScaleIntensityRange;
import dev.axial.transforms.intensity.ScaleIntensityRangePercentiles;
import dev.axial.transforms.intensity.ScaleIntensityRanged;
import dev.axial.transforms.post.Activations;
import dev.axial.transforms.post.AsDiscrete;
import dev.axial.transforms.post.KeepLargestConnectedComponent;
import dev.axial.transforms.spatial.Affine;
import dev.axial.transforms.spatial.Flip;
import dev.axial.transforms.spatial.Orientation;
import dev.axial.transforms.spatial.Orientationd;
import dev.axial.transforms.spatial.Rand3DElastic;
import dev.axial.transforms.spatial.RandAffine;
import dev.axial.transforms.spatial.Resize;
import dev.axial.transforms.spatial.Rotate;
import dev.axial.transforms.spatial.Rotate90;
import dev.axial.transforms.spatial.Spacing;
import dev.axial.transforms.spatial.Spacingd;
import dev.axial.transforms.spatial.Zoom;
import dev.axial.transforms.utility.EnsureType;
import dev.axial.transforms.utility.ToDevice;
import dev.axial.transforms.utility.ToDeviced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPU equals GPU (issue 7) for each transform family, through {@link CpuGpu}, on small volumes (the emulator is slow). */
class CpuGpuTest {
    static final long[] SHAPE = {1, 12, 10, 8};
    /** Oblique enough that Orientation and Spacing do real work. */
    static final double[][] AFFINE = {{-1.2, 0, 0, 10}, {0, 0.9, 0, -4}, {0, 0, 1.5, 2}, {0, 0, 0, 1}};

    static MetaTensor image() {
        Random r = new Random(3);
        double[] v = new double[(int) (SHAPE[1] * SHAPE[2] * SHAPE[3])];
        for (int i = 0; i < v.length; i++) v[i] = 100 * Math.sin(i * 0.37) + 20 * r.nextGaussian();
        return new MetaTensor(Tensor.of(v, SHAPE).to(DType.FLOAT32), AFFINE, null);
    }

    /** Two blobs of label 1 (the larger first) and one of label 2, on a background of 0. */
    static MetaTensor label() {
        double[] v = new double[(int) (SHAPE[1] * SHAPE[2] * SHAPE[3])];
        for (int x = 0; x < SHAPE[1]; x++)
            for (int y = 0; y < SHAPE[2]; y++)
                for (int z = 0; z < SHAPE[3]; z++) {
                    int i = (int) ((x * SHAPE[2] + y) * SHAPE[3] + z);
                    if (x >= 2 && x < 6 && y >= 2 && y < 7 && z >= 1 && z < 5) v[i] = 1;
                    else if (x >= 8 && x < 10 && y >= 6 && y < 8 && z >= 5 && z < 7) v[i] = 1;
                    else if (x >= 7 && x < 11 && y < 3 && z >= 2 && z < 4) v[i] = 2;
                }
        return new MetaTensor(Tensor.of(v, SHAPE).to(DType.FLOAT32), AFFINE, null);
    }

    /** Labels 0, 1, 2 at random (seeded): many components, holes and islands of every connectivity. */
    static MetaTensor blobs() {
        Random r = new Random(3);
        double[] v = new double[(int) (SHAPE[1] * SHAPE[2] * SHAPE[3])];
        for (int i = 0; i < v.length; i++) {
            double u = r.nextDouble();
            v[i] = u < 0.4 ? 0 : u < 0.85 ? 1 : 2;
        }
        return new MetaTensor(Tensor.of(v, SHAPE).to(DType.FLOAT32), AFFINE, null);
    }

    /** Two channels of logits. */
    static MetaTensor logits() {
        MetaTensor a = image();
        return a.withArray(Tensor.cat(0, a.array().mul(0.02), a.array().mul(-0.015).add(0.3)));
    }

    static Arguments c(String name, String input, Supplier<? extends Transform> t) { return Arguments.of(name, input, t); }

    static Stream<Arguments> families() {
        return Stream.of(
                // spatial
                c("Spacing", "image", () -> new Spacing(1.5, 1.1, 2.0)),
                c("Spacing.nearest", "label", () -> new Spacing(1.5, 1.1, 2.0).mode("nearest")),
                c("Orientation", "image", () -> new Orientation("RAS")),
                c("Affine", "image", () -> new Affine().rotateParams(0.3, 0, 0.1).scaleParams(1.1, 0.9, 1).translateParams(1, 0, -1).paddingMode("zeros")),
                c("RandAffine", "image", () -> new RandAffine().prob(1).rotateRange(0.4).shearRange(0.1).scaleRange(0.1).translateRange(2)),
                c("Rotate", "image", () -> new Rotate(0.2, 0.1, -0.3)),
                c("Zoom", "image", () -> new Zoom(1.3)),
                c("Zoom.keepSize", "image", () -> new Zoom(0.8).keepSize(true)),
                c("Resize", "image", () -> new Resize(7, 9, 5)),
                c("Resize.area", "image", () -> new Resize(6, 5, 4).mode("area")),
                c("Flip", "image", () -> new Flip(0, 2)),
                c("Rotate90", "image", () -> new Rotate90(1, 0, 2)),
                c("Rand3DElastic", "image", () -> new Rand3DElastic(2, 3, 1, 2).prob(1).rotateRange(0.2)),
                c("Rand2DElastic", "image2d", () -> new Rand2DElastic(new double[]{3, 3}, 1, 2).prob(1).rotateRange(0.2)),
                c("RandGridDistortion", "image", () -> new RandGridDistortion().prob(1).distortLimit(0.2)),
                c("RandRotate", "image", () -> new RandRotate().rangeX(0.3).rangeY(0.2).prob(1)),
                c("RandZoom", "image", () -> new RandZoom().prob(1).minZoom(0.8).maxZoom(1.2)),
                c("RandFlip", "image", () -> new RandFlip().prob(1).spatialAxis(1)),
                c("RandAxisFlip", "image", () -> new RandAxisFlip().prob(1)),
                c("RandRotate90", "image", () -> new RandRotate90().prob(1).maxK(3)),
                // crop and pad
                c("SpatialPad", "image", () -> new SpatialPad(14, 12, 11)),
                c("SpatialPad.reflect", "image", () -> new SpatialPad(14, 12, 11).method("symmetric")),
                c("BorderPad", "image", () -> new BorderPad(1, 2, 3)),
                c("DivisiblePad", "image", () -> new DivisiblePad(5)),
                c("SpatialCrop", "image", () -> SpatialCrop.ofStartEnd(new long[]{1, 2, 0}, new long[]{9, 8, 7})),
                c("CenterSpatialCrop", "image", () -> new CenterSpatialCrop(6, 5, 4)),
                c("RandSpatialCrop", "image", () -> new RandSpatialCrop(5, 4, 3).randomSize(true)),
                c("CropForeground", "label", () -> new CropForeground().margin(1).kDivisible(2)),
                c("ResizeWithPadOrCrop", "image", () -> new ResizeWithPadOrCrop(14, 6, 9)),
                c("RandSpatialCropSamples", "image", () -> new RandSpatialCropSamples(3, 5, 4, 3)),
                c("RandCropByPosNegLabeld", "dict", () -> new RandCropByPosNegLabeld(List.of(KEYS), "label", 5, 4, 3).numSamples(3)),
                c("RandCropByLabelClassesd", "dict", () -> {
                    RandCropByLabelClassesd t = new RandCropByLabelClassesd(List.of(KEYS), "label", 5, 4, 3);
                    t.transform().numClasses(3).numSamples(3);
                    return t;
                }),
                c("RandWeightedCropd", "dict", () -> {
                    RandWeightedCropd t = new RandWeightedCropd(List.of(KEYS), "label", 5, 4, 3);
                    t.transform().numSamples(2);
                    return t;
                }),
                // intensity
                c("ScaleIntensity", "image", () -> new ScaleIntensity()),
                c("ScaleIntensity.channelWise", "logits", () -> new ScaleIntensity().minv(-1.0).maxv(2.0).channelWise(true)),
                c("ScaleIntensity.factor", "image", () -> new ScaleIntensity().minv(null).maxv(null).factor(0.3)),
                c("ScaleIntensity.constantChannel", "flat", () -> new ScaleIntensity().minv(-2.0).maxv(3.0).channelWise(true)),
                c("ScaleIntensity.constantChannelMaxOnly", "flat", () -> new ScaleIntensity().minv(null).maxv(3.0).channelWise(true)),
                c("ScaleIntensityRange.aMinIsAMax", "int", () -> new ScaleIntensityRange(7, 7).bMin(2.0).bMax(5.0).clip(true)),
                c("ScaleIntensityRange.aMinIsAMaxFloat", "double", () -> new ScaleIntensityRange(-3, -3)),
                c("ShiftIntensity", "image", () -> new ShiftIntensity(7.5)),
                c("ThresholdIntensity", "image", () -> new ThresholdIntensity(10).above(false).cval(-3)),
                c("NormalizeIntensity.channelWise", "logits", () -> new NormalizeIntensity().channelWise(true)),
                c("NormalizeIntensity.given", "logits", () -> new NormalizeIntensity().subtrahend(1, 2).divisor(3, 0).channelWise(true)),
                c("RandScaleIntensity.channelWise", "logits", () -> new RandScaleIntensity(0.3).prob(1).channelWise(true)),
                c("ScaleIntensityRange", "image", () -> new ScaleIntensityRange(-57, 164).bMin(0.0).bMax(1.0).clip(true)),
                c("ScaleIntensityRangePercentiles", "image", () -> new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0)),
                c("NormalizeIntensity", "image", () -> new NormalizeIntensity().nonzero(true)),
                c("RandGaussianNoise", "image", () -> new RandGaussianNoise().prob(1).std(5)),
                c("RandScaleIntensity", "image", () -> new RandScaleIntensity(0.3).prob(1)),
                c("RandShiftIntensity", "image", () -> new RandShiftIntensity(10).prob(1)),
                c("ClipIntensityPercentiles", "image", () -> new ClipIntensityPercentiles(10.0, 90.0)),
                c("GaussianSmooth", "image", () -> new GaussianSmooth(1.0)),
                c("GaussianSmooth.perAxis", "logits", () -> new GaussianSmooth(0.5, 1.3, 0.8)),
                c("GaussianSmooth.2d", "image2d", () -> new GaussianSmooth(0.7, 2.5)),
                c("RandGaussianSmooth", "image", () -> new RandGaussianSmooth().prob(1)),
                c("GaussianSharpen", "image", () -> new GaussianSharpen()),   // sigma1 3: a kernel longer than the image
                c("GaussianSharpen.perAxis", "int", () -> new GaussianSharpen().sigma1(1.5, 0.6, 1).sigma2(0.4).alpha(10)),
                c("RandGaussianSharpen", "image", () -> new RandGaussianSharpen().prob(1)),
                c("ScaleIntensityRangePercentiles.channelWise", "flat", () -> new ScaleIntensityRangePercentiles(2, 98, -1.0, 1.0).channelWise(true).clip(true)),
                c("ScaleIntensityRangePercentiles.relative", "int", () -> new ScaleIntensityRangePercentiles(10, 90, 0.0, 255.0).relative(true).dtype(null)),
                c("ScaleIntensityRangePercentiles.noB", "image", () -> new ScaleIntensityRangePercentiles(25, 75, null, 1.0).clip(true)),
                c("ClipIntensityPercentiles.soft", "logits", () -> new ClipIntensityPercentiles(5.0, 95.0).sharpnessFactor(0.5).channelWise(true)),
                c("ClipIntensityPercentiles.softUpper", "image", () -> new ClipIntensityPercentiles(null, 80.0).sharpnessFactor(2.0)),
                c("ClipIntensityPercentiles.int", "int", () -> new ClipIntensityPercentiles(null, 70.0)),
                c("RandHistogramShift.logits", "logits", () -> new RandHistogramShift().numControlPoints(4, 12).prob(1)),
                c("HistogramNormalize.bins", "int", () -> new HistogramNormalize().numBins(17).min(-1).max(1)),
                c("HistogramNormalize.mask", "image", () -> new HistogramNormalize().numBins(32).mask(label().array())),
                c("HistogramNormalize.oneBin", "image", () -> new HistogramNormalize().numBins(1)),
                c("AdjustContrast", "image", () -> new AdjustContrast(1.7)),
                c("AdjustContrast.invertRetain", "sparse", () -> new AdjustContrast(0.6).invertImage(true).retainStats(true)),
                c("AdjustContrast.square64", "double", () -> new AdjustContrast(2).retainStats(true)),
                c("StdShiftIntensity.nonzeroChannelWise", "sparse", () -> new StdShiftIntensity(0.5).nonzero(true).channelWise(true)),
                c("StdShiftIntensity", "int", () -> new StdShiftIntensity(-1.5)),
                c("RandStdShiftIntensity", "image", () -> new RandStdShiftIntensity(0.8).prob(1)),
                c("ScaleIntensityFixedMean.preserveRange", "logits", () -> new ScaleIntensityFixedMean(0.4).preserveRange(true).channelWise(true)),
                c("ScaleIntensityFixedMean.noMean", "image", () -> new ScaleIntensityFixedMean(-0.3).fixedMean(false).preserveRange(true)),
                c("MaskIntensity", "logits", () -> new MaskIntensity(label().array()).selectFn(v -> v == 1)),
                c("MaskIntensity.int", "int", () -> new MaskIntensity(label().array())),
                c("RandRicianNoise", "image", () -> new RandRicianNoise().prob(1).std(3)),
                c("RandRicianNoise.relativeChannelWise", "logits", () -> new RandRicianNoise().prob(1).std(0.2).relative(true).channelWise(true)),
                c("RandBiasField.3d", "logits", () -> new RandBiasField().prob(1).coeffRange(0.0, 0.3).degree(2)),
                c("RandBiasField.2d", "image2d", () -> new RandBiasField().prob(1)),
                c("RandScaleIntensityFixedMean", "image", () -> new RandScaleIntensityFixedMean(0.5).prob(1)),
                c("RandBiasField", "image", () -> new RandBiasField().prob(1)),
                c("RandAdjustContrast", "image", () -> new RandAdjustContrast().prob(1)),
                c("RandHistogramShift", "image", () -> new RandHistogramShift().prob(1)),
                c("HistogramNormalize", "image", () -> new HistogramNormalize()),
                // post
                c("Activations.softmax", "logits", () -> new Activations().softmax(true)),
                c("Activations.sigmoid", "logits", () -> new Activations().sigmoid(true)),
                c("AsDiscrete.argmax", "logits", () -> new AsDiscrete().argmax(true).toOnehot(2)),
                c("AsDiscrete.threshold", "image", () -> new AsDiscrete().threshold(0.5)),
                c("KeepLargestConnectedComponent", "label", () -> new KeepLargestConnectedComponent().appliedLabels(1)),
                c("RemoveSmallObjects", "label", () -> new RemoveSmallObjects().minSize(20)),
                c("FillHoles", "label", () -> new FillHoles()),
                c("KeepLargestConnectedComponent.blobs", "blobs", () -> new KeepLargestConnectedComponent().connectivity(1).numComponents(2)),
                c("KeepLargestConnectedComponent.union", "blobs", () -> new KeepLargestConnectedComponent().independent(false).connectivity(2)),
                c("KeepLargestConnectedComponent.onehot", "onehot", () -> new KeepLargestConnectedComponent()),
                c("KeepLargestConnectedComponent.onehotUnion", "onehot", () -> new KeepLargestConnectedComponent().independent(false).connectivity(1)),
                c("KeepLargestConnectedComponent.2d", "blobs2d", () -> new KeepLargestConnectedComponent().numComponents(3)),
                c("RemoveSmallObjects.mask", "mask", () -> new RemoveSmallObjects().minSize(4).connectivity(2)),
                c("RemoveSmallObjects.full", "mask", () -> new RemoveSmallObjects().minSize(6).connectivity(null)),
                c("RemoveSmallObjects.dependent", "blobs", () -> new RemoveSmallObjects().minSize(5).independentChannels(false)),
                c("RemoveSmallObjects.labels", "blobs", () -> new RemoveSmallObjects().minSize(200)),
                c("RemoveSmallObjects.2d", "blobs2d", () -> new RemoveSmallObjects().minSize(3).independentChannels(false).connectivity(3)),
                c("FillHoles.blobs", "blobs", () -> new FillHoles().connectivity(1)),
                c("FillHoles.applied", "blobs", () -> new FillHoles().appliedLabels(2)),
                c("FillHoles.onehot", "onehot", () -> new FillHoles().connectivity(2)),
                c("FillHoles.2d", "blobs2d", () -> new FillHoles()),
                c("LabelFilter", "label", () -> new LabelFilter(2)),
                c("LabelToContour", "label", () -> new LabelToContour()),
                c("SobelGradients", "image", () -> new SobelGradients()),
                c("SobelGradients.zeros5", "logits", () -> new SobelGradients().kernelSize(5).paddingMode("zeros").spatialAxes(0, -1).normalizeGradients(true)),
                c("SobelGradients.replicate2d", "image2d", () -> new SobelGradients().paddingMode("replicate").normalizeKernels(false)),
                c("SobelGradients.circular", "int", () -> new SobelGradients().paddingMode("circular").spatialAxes(1)),
                c("LabelToContour.2d", "image2d", () -> new LabelToContour()),
                c("LabelToContour.int", "intlabel", () -> new LabelToContour()),
                c("LabelFilter.many", "intlabel", () -> new LabelFilter(1, 2, 7)));
    }

    static Object input(String kind) {
        return switch (kind) {
            case "image" -> image();
            case "label" -> label();
            case "logits" -> logits();
            case "double" -> { MetaTensor m = image(); yield m.withArray(m.array().to(DType.FLOAT64)); }
            case "sparse" -> {   // two channels, a third of the voxels zero, one channel with no non-zero voxel
                MetaTensor m = logits();
                Tensor a = m.array();
                yield m.withArray(Tensor.cat(0, a.where(a.abs().gt(0.8f), Tensor.scalar(DType.FLOAT32, a.device(), 0)).narrow(0, 0, 1), a.narrow(0, 1, 1).mul(0)));
            }
            case "intlabel" -> { MetaTensor m = label(); yield m.withArray(m.array().to(DType.INT64)); }
            case "int" -> { MetaTensor m = image(); yield m.withArray(m.array().to(DType.INT32)); }
            case "flat" -> { MetaTensor m = image(); yield m.withArray(Tensor.cat(0, m.array(), m.array().mul(0).add(4))); }
            case "image2d" -> { MetaTensor m = image(); yield m.withArray(m.array().select(3, 4).contiguous()); }
            case "dict" -> Map.of("image", image(), "label", label());
            case "blobs" -> blobs();
            case "blobs2d" -> { MetaTensor m = blobs(); yield m.withArray(m.array().select(3, 2).contiguous()); }
            case "mask" -> { MetaTensor m = blobs(); yield m.withArray(m.array().gt(0).to(DType.FLOAT32)); }
            case "onehot" -> { MetaTensor m = blobs(); Tensor a = m.array(); yield m.withArray(Tensor.cat(0, a.eq(0), a.eq(1), a.eq(2)).to(DType.FLOAT32)); }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}") @MethodSource("families")
    void cpuEqualsGpu(String name, String input, Supplier<? extends Transform> t) {
        try (Scope s = Scope.open()) {
            CpuGpu.same(name, t, input(input), 11);
        }
    }

    /** The component inputs are not trivial: every component transform case on them changes the image. */
    @Test void componentCasesChangeTheirInputs() {
        try (Scope s = Scope.open()) {
            for (String kind : List.of("blobs", "blobs2d", "mask", "onehot")) {
                MetaTensor in = (MetaTensor) input(kind);
                for (Transform t : List.<Transform>of(new KeepLargestConnectedComponent().connectivity(1), new FillHoles().connectivity(1),
                        new RemoveSmallObjects().minSize(3).independentChannels(false).connectivity(1))) {
                    MetaTensor out = (MetaTensor) t.apply(in);
                    assertTrue(out.array().ne(in.array()).any().item() != 0, t.getClass().getSimpleName() + " on " + kind);
                }
            }
        }
    }

    /** The statistics computed on the device refuse NaN as the host loops do. */
    @Test void nanInIntensityStatisticsIsRefusedOnTheGpu() {
        try (Scope s = Scope.open()) {
            CpuGpu.assumeGpu();
            double[] v = new double[2 * 3 * 4 * 5];
            v[17] = Double.NaN;
            MetaTensor img = MetaTensor.of(Tensor.of(v, 2, 3, 4, 5).to(CpuGpu.GPU, DType.FLOAT32));
            for (Transform t : List.<Transform>of(new ScaleIntensity(), new NormalizeIntensity(), new NormalizeIntensity().nonzero(true).channelWise(true),
                    new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0).channelWise(true), new ClipIntensityPercentiles(null, 90.0).sharpnessFactor(1.0),
                    new HistogramNormalize(), new RandHistogramShift().prob(1), new AdjustContrast(2.0), new StdShiftIntensity(1.0).nonzero(true),
                    new ScaleIntensityFixedMean(0.5), new RandRicianNoise().prob(1).relative(true)))
                assertTrue(assertThrows(TransformException.class, () -> t.apply(img)).getMessage().contains("NaN"), t.name());
        }
    }

    /** The device Gaussian filter sums in float64 and rounds per pass as the host loop: the same floats but an ulp. */
    @Test void gaussianFilterOnTheGpuIsTheHostLoopToTheUlp() {
        try (Scope s = Scope.open()) {
            CpuGpu.assumeGpu();
            for (Transform t : List.<Transform>of(new GaussianSmooth(0.5, 1.3, 2.5), new GaussianSharpen().sigma1(1.5).sigma2(0.7).alpha(10))) {
                float[] cpu = ((MetaTensor) t.apply(image())).array().toFloatArray();
                float[] gpu = ((MetaTensor) t.apply(CpuGpu.to(image(), CpuGpu.GPU))).array().toFloatArray();
                for (int i = 0; i < cpu.length; i++)
                    assertTrue(Math.abs(cpu[i] - gpu[i]) <= 12 * Math.ulp(Math.max(1f, Math.abs(cpu[i]))), t.name() + " at " + i + ": cpu " + cpu[i] + ", gpu " + gpu[i]);
            }
        }
    }

    static final String[] KEYS = {"image", "label"};

    /** MONAI's spleen tutorial pipeline (issue 7), small; on cuda after ToDeviced, equal to the CPU run. */
    static Compose spleen(Transform... head) {
        List<Transform> ts = new java.util.ArrayList<>(List.of(head));
        ts.addAll(List.of(
                new Orientationd("RAS", KEYS),
                new Spacingd(new double[]{1.5, 1.5, 2.0}, KEYS).mode("bilinear", "nearest"),
                new ScaleIntensityRanged(new ScaleIntensityRange(-57, 164).bMin(0.0).bMax(1.0).clip(true), "image"),
                new CropForegroundd(new CropForeground(), "image", KEYS),
                new RandCropByPosNegLabeld(List.of(KEYS), "label", 4, 4, 3).pos(1).neg(1).numSamples(4)));
        return new Compose(ts.toArray(Transform[]::new));
    }

    @Test void spleenPipelineOnGpuEqualsCpu() {
        try (Scope s = Scope.open()) {
            Map<String, Object> item = Map.of("image", image(), "label", label());
            CpuGpu.same("spleen", () -> spleen(), item, 5);
            // the pipeline moves the data itself, as MONAI's with ToDeviced: the same numbers, on the GPU
            CpuGpu.assumeGpu();
            Object cpu = spleen().setRandomState(5).apply(item);
            Object gpu = spleen(new ToDeviced(CpuGpu.GPU, KEYS)).setRandomState(5).apply(item);
            CpuGpu.assertSame("spleen+ToDeviced", cpu, gpu, true);
        }
    }

    @Test void toDeviceAndEnsureTypeMoveDataKeepingMeta() {
        try (Scope s = Scope.open()) {
            CpuGpu.assumeGpu();
            MetaTensor img = image();
            MetaTensor g = new ToDevice("cuda:0").apply(img);
            assertEquals(CpuGpu.GPU, g.device());
            CpuGpu.assertSame("ToDevice", img, g, true);
            assertSame(g, new ToDevice(CpuGpu.GPU).apply(g), "already there: unchanged");
            MetaTensor back = new ToDevice(Device.CPU).apply(g);
            CpuGpu.assertSame("ToDevice.back", img, back, false);
            assertEquals(Device.CPU, back.device());
            MetaTensor e = (MetaTensor) new EnsureType().device(CpuGpu.GPU).apply(img);
            CpuGpu.assertSame("EnsureType.device", img, e, true);
        }
    }
}
