package dev.axial.transforms.post;

/**
 * MONAI's {@code MeanEnsembled(keys, output_key=None, weights=None)}.
 *
 * <pre>{@code
 * var t = new MeanEnsembled("pred0", "pred1").outputKey("pred");
 * }</pre>
 */
public final class MeanEnsembled extends Ensembled<MeanEnsemble> {
    public MeanEnsembled(String... keys) { this(new MeanEnsemble(), keys); }

    public MeanEnsembled(MeanEnsemble ensemble, String... keys) { super(ensemble, keys); }
}
