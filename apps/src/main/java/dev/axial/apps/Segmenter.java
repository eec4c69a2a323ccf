package dev.axial.apps;

import dev.axial.autograd.GradMode;
import dev.axial.autograd.Variable;
import dev.axial.inferers.SlidingWindowInferer;
import dev.axial.nn.Module;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

/**
 * Sliding-window segmentation with a trained network, the way MONAI's 3D UNet examples validate and infer:
 * windows of {@code roi} with sw_batch_size 4 and overlap 0.25 (MONAI's defaults in those examples), then
 * sigmoid + threshold 0.5 for one output channel, argmax over channels otherwise.
 *
 * <pre>{@code
 * Segmenter seg = new Segmenter(net, 96, 96, 96);
 * Tensor labels = seg.labels(volume);      // volume (1, C, H, W, D) -> uint8 (1, 1, H, W, D)
 * }</pre>
 */
public final class Segmenter {
    private final Module network;
    private final SlidingWindowInferer inferer;

    public Segmenter(Module network, long... roi) {
        this.network = network;
        this.inferer = new SlidingWindowInferer(roi).swBatchSize(4).overlap(0.25);
    }

    /** The network's logits over the whole volume (B, outChannels, spatial...), network in eval mode, no gradients. */
    public Tensor logits(Tensor volume) {
        boolean wasTraining = network.isTraining();
        network.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            return inferer.infer(volume, x -> network.forward(Variable.of(x)).data());
        } finally {
            network.train(wasTraining);
        }
    }

    /** Discrete labels (B, 1, spatial...) as uint8: sigmoid > 0.5 for one channel, argmax for several. */
    public Tensor labels(Tensor volume) {
        Tensor out;
        try (Scope s = Scope.open()) {
            Tensor logits = logits(volume);
            // NOTE: sigmoid(x) > 0.5 is x > 0; argmax keeps the channel axis as MONAI's AsDiscrete(argmax=True)
            Tensor l = logits.size(1) == 1 ? logits.gt(0) : logits.argmax(1, true);
            out = s.keep(l.to(DType.UINT8));
        }
        return out;
    }
}
