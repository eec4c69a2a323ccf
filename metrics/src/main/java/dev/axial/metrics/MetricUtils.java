package dev.axial.metrics;

import dev.axial.tensor.DType;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;

import java.util.List;

/**
 * MONAI's metric helpers ({@code monai.metrics.utils.do_metric_reduction}) and the two input conversions the metrics
 * need before the transforms module brings {@code AsDiscrete}: one-hot along the channel dim and thresholding.
 *
 * <pre>{@code
 * Tensor f = Tensor.of(new float[]{.5f, Float.NaN, 1, .2f, .4f, Float.NaN}, 2, 3);
 * MetricUtils.doMetricReduction(f, "mean").f();        // 0.525: the mean of the per-item channel means, NaN left out
 * MetricUtils.doMetricReduction(f, "mean_batch").f();  // [0.35, 0.4, 1.0]
 * }</pre>
 */
public final class MetricUtils {
    private MetricUtils() {}

    /** The reductions of {@link #doMetricReduction}, MONAI's MetricReduction values. */
    public static final List<String> REDUCTIONS = List.of("none", "mean", "sum", "mean_batch", "sum_batch", "mean_channel", "sum_channel");

    /** A reduced metric and the number of not-NaN values behind each of its elements (same shape), float32. */
    public record Reduced(Tensor f, Tensor notNans) {}

    /** Checks a reduction name against {@link #REDUCTIONS}. */
    public static String checkReduction(String op, String reduction) {
        if (!REDUCTIONS.contains(reduction))
            throw new IllegalArgumentException(op + ": unsupported reduction '" + reduction + "', available options are " + REDUCTIONS);
        return reduction;
    }

    /**
     * Reduces per-item, per-class scores {@code f} (B, C, ...) leaving NaN out, as MONAI's do_metric_reduction:
     * "mean" averages each item's not-NaN channels, then the items that have any (a mean of means; shape (1) for
     * (B, C) scores, as MONAI); "sum" sums dims 0
     * and 1; "mean_batch"/"sum_batch" reduce dim 0, "mean_channel"/"sum_channel" dim 1; "none" returns a copy.
     * An average over no valid value is 0. {@code f} is not modified; results belong to the caller's scope.
     */
    public static Reduced doMetricReduction(Tensor f, String reduction) {
        checkReduction("doMetricReduction", reduction);
        if (f.dim() < 2)
            throw new IllegalArgumentException("doMetricReduction: f must be (batch, class, ...), got " + f.describe());
        Tensor nans = f.isnan(), notNans = nans.logicalNot();
        if (reduction.equals("none")) return new Reduced(f.copy(), notNans.to(DType.FLOAT32));
        Tensor f0 = f.maskedFill(nans, 0);
        return switch (reduction) {
            case "mean" -> {
                Tensor n1 = notNans.sum(1).to(DType.FLOAT32);
                Tensor perItem = f0.sum(1).to(DType.FLOAT32).div(n1).where(n1.gt(0), 0);
                Tensor n0 = n1.gt(0).sum(0).to(DType.FLOAT32);
                Tensor mean = perItem.sum(0).to(DType.FLOAT32).div(n0).where(n0.gt(0), 0);
                // NOTE: MONAI's torch.where against a (1,) zero makes a 0-dim mean (1,); its count stays 0-dim
                yield new Reduced(mean.dim() == 0 ? mean.reshape(1) : mean, n0);
            }
            case "sum" -> new Reduced(f0.sum(0, 1), notNans.sum(0, 1).to(DType.FLOAT32));
            case "mean_batch", "mean_channel" -> {
                int d = reduction.equals("mean_batch") ? 0 : 1;
                Tensor n = notNans.sum(d).to(DType.FLOAT32);
                yield new Reduced(f0.sum(d).to(DType.FLOAT32).div(n).where(n.gt(0), 0), n);
            }
            default -> {
                int d = reduction.equals("sum_batch") ? 0 : 1;
                yield new Reduced(f0.sum(d).to(DType.FLOAT32), notNans.sum(d).to(DType.FLOAT32));
            }
        };
    }

    /**
     * MONAI's {@code one_hot(labels, num_classes, dim=1)}: (B, 1, ...) labels (truncated to integers) to
     * (B, numClasses, ...) float32 with a 1 at each label's channel.
     */
    public static Tensor oneHot(Tensor labels, int numClasses) {
        if (labels.dim() < 2 || labels.size(1) != 1)
            throw new IllegalArgumentException("oneHot: labels should have a channel (dim 1) of length one, got shape " + Shapes.str(labels.shape()));
        return labels.squeeze(1).to(DType.INT64).oneHot(numClasses).movedim(-1, 1).to(DType.FLOAT32);
    }

    /** AsDiscrete's threshold: {@code x >= threshold} as float32 0/1, e.g. after a sigmoid. */
    public static Tensor threshold(Tensor x, double threshold) {
        return x.ge(threshold).to(DType.FLOAT32);
    }
}
