package dev.axial.metrics;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MONAI's {@code DiceMetric}: {@code 2 |P ∩ G| / (|P| + |G|)} per item and class of binarised predictions, buffered
 * per batch and reduced by {@link #aggregate()} (a {@link CumulativeIterationMetric}). No activation is applied:
 * pass one-hot (B, C, ...) predictions (after argmax + one-hot, or a threshold), or (B, 1, ...) label maps with
 * {@code numClasses}. The ground truth is one-hot (B, C, ...) (soft values are summed as they are) or a label map.
 *
 * <pre>{@code
 * DiceMetric dice = new DiceMetric().includeBackground(false);
 * dice.call(MetricUtils.oneHot(pred.argmax(1, true), 3), MetricUtils.oneHot(label, 3));
 * double meanDice = dice.aggregate().item();
 * }</pre>
 *
 * An empty ground truth gives NaN with {@code ignoreEmpty} (the default; reductions leave NaN out), otherwise 1 when
 * the prediction is empty too, else 0. With one channel, the channel is compared as {@code == 1} (label 1).
 */
public final class DiceMetric extends CumulativeIterationMetric {
    private boolean includeBackground = true;
    private String reduction = "mean";
    private boolean ignoreEmpty = true;
    private Integer numClasses;
    private List<String> labelNames;

    /** With MONAI's defaults. */
    public DiceMetric() {}

    /** If false, channel 0 (background) is left out. Default true. */
    public DiceMetric includeBackground(boolean v) { includeBackground = v; return this; }

    /** The reduction of {@link #aggregate()}: one of {@link MetricUtils#REDUCTIONS}. Default "mean". */
    public DiceMetric reduction(String r) { reduction = MetricUtils.checkReduction("DiceMetric", r); return this; }

    /** NaN for an empty ground truth (true, default), or 1/0 by whether the prediction is empty too. */
    public DiceMetric ignoreEmpty(boolean v) { ignoreEmpty = v; return this; }

    /** The number of classes including background, for label-map inputs; null: the prediction's channel count. */
    public DiceMetric numClasses(Integer n) {
        if (n != null && n < 1) throw new IllegalArgumentException("DiceMetric: numClasses must be positive, got " + n);
        numClasses = n;
        return this;
    }

    /** Keys for {@link #aggregateWithLabels()}: "label_i" with true (i from 0, or 1 without background). Default false. */
    public DiceMetric returnWithLabel(boolean v) { labelNames = v ? List.of() : null; return this; }

    /** Custom keys for {@link #aggregateWithLabels()}, one per class. */
    public DiceMetric returnWithLabel(List<String> names) { labelNames = List.copyOf(names); return this; }

    /** MONAI's compute_dice: the (B, C') scores of one batch, float32, NaN for ignored empty ground truths. */
    @Override protected Tensor computeTensor(Tensor yPred, Tensor y) {
        if (yPred.dim() < 3)
            throw new IllegalArgumentException("DiceMetric: y_pred should have at least 3 dimensions (batch, channel, spatial), got " + yPred.describe());
        if (y.dim() != yPred.dim() || y.size(0) != yPred.size(0)
                || !Arrays.equals(Arrays.copyOfRange(y.shape(), 2, y.dim()), Arrays.copyOfRange(yPred.shape(), 2, yPred.dim())))
            throw new IllegalArgumentException("DiceMetric: y_pred and y must have the same batch and spatial sizes, got " + shapes(yPred, y));
        long nPredCh = numClasses == null ? yPred.size(1) : numClasses;
        long[] chans = nPredCh > 1 ? range(includeBackground ? 0 : 1, nPredCh) : new long[]{1};
        for (Tensor t : new Tensor[]{yPred, y})
            if (t.size(1) != 1 && t.size(1) <= chans[chans.length - 1])
                throw new IllegalArgumentException("DiceMetric: " + (t == y ? "y" : "y_pred") + " has " + t.size(1) + " channels but "
                        + nPredCh + " classes are scored (set numClasses for label maps), got " + shapes(yPred, y));
        long b = yPred.size(0);
        int c = chans.length;
        // NOTE: tensor ops on yPred's device (no host round trip): float64 sums, then
        // 2 inter / (gt + pr) where gt > 0, else NaN (ignore_empty) or 1 when the prediction is empty too
        try (Scope s = Scope.open()) {
            Tensor p = channels(yPred, chans).ne(0).to(DType.FLOAT64);
            Tensor g = channels(y, chans).to(yPred.device(), DType.FLOAT64);
            int[] spatial = new int[p.dim() - 2];
            for (int d = 0; d < spatial.length; d++) spatial[d] = d + 2;
            Tensor gt = g.sum(spatial);
            Tensor denom = gt.add(p.sum(spatial));
            Tensor dice = p.mul(g).sum(spatial).mul(2).div(denom);
            Tensor empty = ignoreEmpty ? Tensor.full(DType.FLOAT64, yPred.device(), Double.NaN, b, c) : denom.le(0).to(DType.FLOAT64);
            return s.keep(Tensor.where(gt.gt(0), dice, empty).to(DType.FLOAT32));
        }
    }

    /** Channels {@code chans} of a one-hot tensor, or {@code x[:, 0] == c} for each c of a label map. */
    private static Tensor channels(Tensor x, long[] chans) {
        if (x.size(1) == 1) {
            Tensor[] parts = new Tensor[chans.length];
            for (int i = 0; i < chans.length; i++) parts[i] = x.eq(chans[i]);
            return Tensor.cat(1, parts);
        }
        return x.indexSelect(1, Tensor.of(chans, chans.length).to(x.device()));
    }

    private static long[] range(long from, long to) {
        long[] r = new long[(int) (to - from)];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    /** The buffered scores reduced with this metric's reduction. */
    @Override public Tensor aggregate() { return aggregate(reduction); }

    /** The buffered scores reduced with {@code reduction}. */
    public Tensor aggregate(String reduction) {
        return aggregateWithNotNans(reduction).f();
    }

    /** MONAI's aggregate with {@code get_not_nans=True}: the reduced scores and their not-NaN counts. */
    public MetricUtils.Reduced aggregateWithNotNans(String reduction) {
        try (Scope s = Scope.open()) {
            MetricUtils.Reduced r = MetricUtils.doMetricReduction(bufferForAggregate(), reduction);
            return new MetricUtils.Reduced(s.keep(r.f()), s.keep(r.notNans()));
        }
    }

    /** As {@link #aggregateWithNotNans(String)} with this metric's reduction. */
    public MetricUtils.Reduced aggregateWithNotNans() { return aggregateWithNotNans(reduction); }

    /**
     * MONAI's aggregate with {@code return_with_label} and reduction "mean_batch": class name to score, rounded
     * to 4 decimals.
     */
    public Map<String, Double> aggregateWithLabels() {
        if (labelNames == null || !reduction.equals("mean_batch"))
            throw new IllegalStateException("DiceMetric.aggregateWithLabels: needs returnWithLabel and reduction \"mean_batch\", got reduction \"" + reduction + "\"");
        double[] v;
        try (Scope s = Scope.open()) {
            v = aggregate().toDoubleArray();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            String key = labelNames.isEmpty() ? "label_" + (includeBackground ? i : i + 1) : i < labelNames.size() ? labelNames.get(i) : null;
            if (key != null) m.put(key, Math.round(v[i] * 1e4) / 1e4);
        }
        return m;
    }
}
