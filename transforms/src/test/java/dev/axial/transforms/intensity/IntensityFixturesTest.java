package dev.axial.transforms.intensity;

import dev.axial.tensor.Device;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;
import dev.axial.transforms.MapTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every intensity transform against MONAI 1.5 (tools/fixtures/gen_transforms_intensity.py). */
class IntensityFixturesTest {
    static final Fixtures FX = Fixtures.load("transforms_intensity");
    Scope scope;

    @BeforeEach void open() { scope = Scope.open(); }

    @AfterEach void close() { scope.close(); }

    static MetaTensor in(String name) { return MetaTensor.of(FX.float32(name, Device.CPU)); }

    /** Tolerance relative to the largest value: MONAI's k-space spikes go through complex64 FFTs of large magnitudes. */
    static double kspaceTol = 0;

    static void same(String key, Tensor actual) {
        assertArrayEquals(FX.shape(key), actual.shape(), key + " shape");
        double[] e = FX.values(key), a = actual.toDoubleArray();
        double big = 0;
        for (double x : e) big = Math.max(big, Math.abs(x));
        for (int i = 0; i < e.length; i++)
            if (!(Math.abs(a[i] - e[i]) <= 2e-5 * Math.abs(e[i]) + 2e-5 + kspaceTol * big))
                fail(key + "[" + i + "]: expected " + e[i] + ", got " + a[i] + " (MONAI)");
    }

    static void det(String name, ArrayTransform t) {
        String input = name.substring(name.lastIndexOf('.') + 1);
        MetaTensor x = in(input);
        MetaTensor out = t.apply(x);
        same(name + ".out", out.array());
        assertEquals(dev.axial.tensor.DType.FLOAT32, out.dtype(), name);
        assertArrayEquals(x.affine(), out.affine(), name + " keeps the affine");
    }

    static void rnd(String name, ArrayTransform t, long seed) {
        String input = name.substring(name.lastIndexOf('.') + 1);
        t.setRandomState(seed);
        same(name + ".out", t.apply(in(input)));
        same(name + ".out2", t.apply(in(input)));
    }

    @SuppressWarnings("unchecked")
    static void rndd(String name, MapTransform t, long seed) {
        String input = name.substring(name.lastIndexOf('.') + 1);
        t.setRandomState(seed);
        for (String suffix : new String[] {".out", ".out2", ".out3"}) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("a", in(input));
            d.put("b", in(input).withArray(in(input).array().add(1)));
            Map<String, Object> out = t.apply(d);
            same(name + suffix + ".a", ((MetaTensor) out.get("a")).array());
            same(name + suffix + ".b", ((MetaTensor) out.get("b")).array());
        }
    }

    static void same(String key, MetaTensor m) { same(key, m.array()); }

    @Test void theComparisonIsStrictEnoughToCatchAWrongOption() {
        assertThrows(AssertionError.class, () -> det("scale.default.x3", new ScaleIntensity().maxv(1.001)));
        assertThrows(AssertionError.class, () -> rnd("rnoise.x3", new RandGaussianNoise().prob(1.0).mean(0.5).std(2.0), 1));
    }

    @Test void scaleIntensity() {
        det("scale.default.x3", new ScaleIntensity());
        det("scale.range.x2", new ScaleIntensity().minv(-2.0).maxv(3.5));
        det("scale.channel.x2", new ScaleIntensity().channelWise(true));
        det("scale.factor.x3", new ScaleIntensity().minv(null).maxv(null).factor(0.3));
    }

    @Test void scaleIntensityRange() {
        det("range.ab.x3", new ScaleIntensityRange(-57, 164).bMin(0.0).bMax(1.0).clip(true));
        det("range.a.x3", new ScaleIntensityRange(-10, 40));
        det("range.noclip.x2", new ScaleIntensityRange(-100, 100).bMin(-1.0).bMax(1.0));
    }

    @Test void scaleIntensityRangePercentiles() {
        det("pct.x3", new ScaleIntensityRangePercentiles(5, 95, 0.0, 1.0));
        det("pct.clip.x3", new ScaleIntensityRangePercentiles(10, 90, -1.0, 1.0).clip(true));
        det("pct.rel.x3", new ScaleIntensityRangePercentiles(10, 90, 0.0, 200.0).relative(true));
        det("pct.channel.x2", new ScaleIntensityRangePercentiles(25, 75, 0.0, 1.0).channelWise(true).clip(true));
        det("pct.nob.x3", new ScaleIntensityRangePercentiles(20, 80, null, null));
    }

    @Test void normalizeIntensity() {
        det("norm.default.x3", new NormalizeIntensity());
        det("norm.nonzero.x3", new NormalizeIntensity().nonzero(true));
        det("norm.channel.x2", new NormalizeIntensity().channelWise(true));
        det("norm.subdiv.x2", new NormalizeIntensity().subtrahend(1.0, -2.0).divisor(2.0, 0.0).channelWise(true));
        det("norm.scalar.x3", new NormalizeIntensity().subtrahend(3.0).divisor(4.0));
    }

    @Test void thresholdShiftMask() {
        det("thresh.above.x3", new ThresholdIntensity(10).cval(-1));
        det("thresh.below.x3", new ThresholdIntensity(10).above(false));
        det("shift.x3", new ShiftIntensity(2.5));
        det("mask.x3", new MaskIntensity(FX.float32("mask3", Device.CPU)));
    }

    @Test void clipIntensityPercentiles() {
        det("clip.hard.x3", new ClipIntensityPercentiles(10.0, 90.0));
        det("clip.upper.x3", new ClipIntensityPercentiles(null, 80.0));
        det("clip.soft.x3", new ClipIntensityPercentiles(10.0, 90.0).sharpnessFactor(0.5));
        det("clip.softlow.x3", new ClipIntensityPercentiles(20.0, null).sharpnessFactor(2.0));
        det("clip.channel.x2", new ClipIntensityPercentiles(25.0, 75.0).channelWise(true));
    }

    @Test void adjustContrast() {
        det("contrast.x3", new AdjustContrast(1.7));
        det("contrast.invert.x3", new AdjustContrast(0.6).invertImage(true));
        det("contrast.stats.x3", new AdjustContrast(2.2).retainStats(true));
        det("contrast.both.x2", new AdjustContrast(1.3).invertImage(true).retainStats(true));
    }

    @Test void histogramNormalize() {
        det("hist.x3", new HistogramNormalize());
        det("hist.bins.x2", new HistogramNormalize().numBins(10).min(-1).max(2));
        same("hist.mask.x3.out", new HistogramNormalize().numBins(32).mask(FX.float32("mask3", Device.CPU)).apply(in("x3")));
    }

    @Test void gaussianSmoothAndSharpen() {
        det("smooth.x3", new GaussianSmooth());
        det("smooth.aniso.x3", new GaussianSmooth(0.5, 1.3, 0.8));
        det("smooth.x2", new GaussianSmooth(2.0));
        det("sharpen.x3", new GaussianSharpen());
        det("sharpen.x2", new GaussianSharpen().sigma1(1.5).sigma2(0.6).alpha(10.0));
    }

    @Test void kSpaceSpikeNoise() {
        kspaceTol = 1e-6;
        try {
            det("spike.x3", new KSpaceSpikeNoise(new int[] {2, 1, 3}).kIntensity(10.0));
            det("spike.default.x3", new KSpaceSpikeNoise(new int[] {0, 4, 2, 1}));
            det("spike.multi.x2", new KSpaceSpikeNoise(new int[] {0, 1, 1}, new int[] {1, 4, 2}).kIntensity(8.0, 11.0));
            det("spike.multidefault.x2", new KSpaceSpikeNoise(new int[] {1, 3, 3}, new int[] {0, 2, 4}, new int[] {0, 5, 0}));
            rnd("rspike.x3", new RandKSpaceSpikeNoise().prob(1.0), 17);
            rnd("rspike.x2", new RandKSpaceSpikeNoise().prob(0.9).intensityRange(9, 10).channelWise(false), 18);
            rndd("rspiked.x2", new RandKSpaceSpikeNoised(new RandKSpaceSpikeNoise().intensityRange(9, 10), 0.9, "a", "b"), 19);
        } finally {
            kspaceTol = 0;
        }
    }

    @Test void fixedMeanStdShiftAndRandomSharpen() {
        det("fixedmean.x3", new ScaleIntensityFixedMean(0.3));
        det("fixedmean.range.x2", new ScaleIntensityFixedMean(0.5).preserveRange(true).channelWise(true));
        det("fixedmean.nomean.x3", new ScaleIntensityFixedMean(-0.2).fixedMean(false));
        det("stdshift.x3", new StdShiftIntensity(0.5));
        det("stdshift.nonzero.x3", new StdShiftIntensity(-1.2).nonzero(true));
        det("stdshift.channel.x2", new StdShiftIntensity(2.0).channelWise(true));
        rnd("rfixedmean.x3", new RandScaleIntensityFixedMean(0.5).preserveRange(true).prob(0.9), 20);
        rnd("rstdshift.x3", new RandStdShiftIntensity(0.1, 1.0).nonzero(true).prob(0.9), 21);
        rnd("rsharpen.x3", new RandGaussianSharpen().prob(1.0), 22);
        rnd("rsharpen.x2", new RandGaussianSharpen().sigma1(0, 1.0, 2.0).sigma2(0, 0.3, 0.6).alpha(5.0, 8.0).prob(0.9), 23);
        rndd("rfixedmeand.x3", new RandScaleIntensityFixedMeand(new RandScaleIntensityFixedMean(0.5), 0.9, "a", "b"), 24);
        rndd("rstdshiftd.x2", new RandStdShiftIntensityd(new RandStdShiftIntensity(0.8).channelWise(true), 0.9, "a", "b"), 25);
        rndd("rsharpend.x3", new RandGaussianSharpend(new RandGaussianSharpen(), 0.9, "a", "b"), 26);
    }

    @Test void gibbsNoise() {
        det("gibbs.x3", new GibbsNoise(0.3));
        det("gibbs.x2", new GibbsNoise(0.6));
        rnd("rgibbs.x3", new RandGibbsNoise().alpha(0.2, 0.8).prob(0.9), 15);
        rndd("rgibbsd.x2", new RandGibbsNoised(new RandGibbsNoise().alpha(0.7), 0.9, "a", "b"), 16);
    }

    @Test void randomArrayTransformsDrawAsMonai() {
        rnd("rshift.x3", new RandShiftIntensity(5.0).prob(0.9), 0);
        rnd("rshift.channel.x2", new RandShiftIntensity(1.0, 10.0).prob(1.0).channelWise(true), 3);
        rnd("rscale.x3", new RandScaleIntensity(0.5).prob(0.9), 1);
        rnd("rscale.channel.x2", new RandScaleIntensity(-0.2, 0.4).prob(1.0).channelWise(true), 5);
        rnd("rnoise.x3", new RandGaussianNoise().prob(1.0).mean(0.5).std(2.0), 0);
        rnd("rnoise.fixed.x2", new RandGaussianNoise().prob(0.8).std(3.0).sampleStd(false), 42);
        rnd("rrician.x3", new RandRicianNoise().prob(1.0).std(2.0), 7);
        rnd("rrician.channel.x2", new RandRicianNoise().prob(1.0).mean(0.1, 1.0).std(0.5, 0.2).channelWise(true).relative(true), 8);
        rnd("rbias.x3", new RandBiasField().prob(1.0).coeffRange(0.0, 0.3), 11);
        rnd("rbias.x2", new RandBiasField().prob(1.0).degree(2).coeffRange(-0.2, 0.2), 12);
        rnd("rcontrast.x3", new RandAdjustContrast().prob(1.0), 2);
        rnd("rcontrast.opts.x2", new RandAdjustContrast().prob(0.7).gamma(0.7, 1.5).invertImage(true).retainStats(true), 4);
        rnd("rhist.x3", new RandHistogramShift().numControlPoints(5, 12).prob(1.0), 9);
        rnd("rhist.x2", new RandHistogramShift().numControlPoints(4).prob(0.9), 10);
        rnd("rsmooth.x3", new RandGaussianSmooth().prob(1.0), 13);
        rnd("rsmooth.x2", new RandGaussianSmooth().sigmaX(0.5, 1.0).sigmaY(1.0, 2.0).prob(0.9), 14);
    }

    @Test void randomDictionaryTransformsDrawAsMonai() {
        rndd("rshiftd.x3", new RandShiftIntensityd(new RandShiftIntensity(5.0), 0.9, "a", "b"), 0);
        rndd("rscaled.x2", new RandScaleIntensityd(new RandScaleIntensity(0.5), 0.9, "a", "b"), 1);
        rndd("rnoised.x3", new RandGaussianNoised(new RandGaussianNoise().mean(0.5).std(2.0), 0.9, "a", "b"), 0);
        rndd("rriciand.x2", new RandRicianNoised(new RandRicianNoise().std(2.0), 0.9, "a", "b"), 7);
        rndd("rbiasd.x3", new RandBiasFieldd(new RandBiasField().coeffRange(0.0, 0.3), 0.9, "a", "b"), 11);
        rndd("rcontrastd.x3", new RandAdjustContrastd(new RandAdjustContrast(), 0.9, "a", "b"), 2);
        rndd("rhistd.x2", new RandHistogramShiftd(new RandHistogramShift().numControlPoints(4, 8), 0.9, "a", "b"), 9);
        rndd("rsmoothd.x2", new RandGaussianSmoothd(new RandGaussianSmooth(), 0.9, "a", "b"), 14);
    }
}
