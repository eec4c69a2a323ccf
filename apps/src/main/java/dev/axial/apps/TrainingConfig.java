package dev.axial.apps;

import dev.axial.tensor.Device;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Everything the 3D segmentation demo needs: the synthetic data (MONAI's {@code create_test_image_3d}), the
 * crops, the UNet, the optimizer and the validation. Two presets: {@link #monai()}, the configuration of MONAI's
 * classic 3D UNet example (for a GPU), and {@link #cpu()}, a smaller one that trains to a good Dice in
 * minutes on two CPU cores.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.cpu().withEpochs(3).withOut(Path.of("runs/a"));
 * }</pre>
 *
 * @param volumes        synthetic volumes made (the first {@code trainVolumes} train, the rest validate)
 * @param size           edge of each cubic volume
 * @param radMax         largest sphere radius (MONAI's rad_max; the volume must exceed twice it)
 * @param radMin         smallest sphere radius
 * @param crop           edge of the random training crops (RandCropByPosNegLabeld spatial_size)
 * @param samples        crops per volume (num_samples)
 * @param batchSize      volumes per batch (each gives {@code samples} crops)
 * @param unet           the network
 * @param learningRate   Adam's learning rate
 * @param epochs         training epochs; validation runs after each
 * @param roi            sliding-window size for validation and inference
 * @param workers        loader threads preparing batches while the model trains
 * @param seed           one seed for data, crops, initialisation and shuffling
 * @param device         where the model trains
 * @param out            output folder (checkpoint, predictions, previews)
 */
public record TrainingConfig(int volumes, int trainVolumes, int size, int radMax, int radMin, int crop, int samples, int batchSize,
                             UNetSpec unet, double learningRate, int epochs, int roi, int workers, long seed, Device device, Path out) {
    public TrainingConfig {
        if (trainVolumes < 1 || trainVolumes >= volumes)
            throw new IllegalArgumentException("TrainingConfig: need 1 <= trainVolumes < volumes, got " + trainVolumes + " of " + volumes);
        if (size <= 2 * radMax)
            throw new IllegalArgumentException("TrainingConfig: volume size " + size + " must exceed 2 * radMax = " + 2 * radMax);
        if (crop > size || roi > size)
            throw new IllegalArgumentException("TrainingConfig: crop " + crop + " and roi " + roi + " must fit in the volume " + size);
        if (crop % unet.downsampling() != 0 || roi % unet.downsampling() != 0)
            throw new IllegalArgumentException("TrainingConfig: crop " + crop + " and roi " + roi + " must be multiples of the UNet's downsampling "
                    + unet.downsampling() + " (strides " + Arrays.toString(unet.strides()) + ")");
        if (epochs < 1 || batchSize < 1 || samples < 1 || workers < 0)
            throw new IllegalArgumentException("TrainingConfig: epochs, batch size and samples must be >= 1 and workers >= 0");
    }

    /**
     * MONAI's classic 3D UNet example: 40 volumes of 128³ (32 train, 8 validate), 96³ crops × 4 per volume,
     * batch 2, UNet(3, 1, 1, (16, 32, 64, 128, 256), (2, 2, 2, 2), num_res_units=2) with MONAI's default
     * instance norm, DiceLoss(sigmoid=True), Adam 1e-3, sliding-window validation with roi 96³, 10 epochs.
     */
    public static TrainingConfig monai() {
        return new TrainingConfig(40, 32, 128, 30, 5, 96, 4, 2,
                new UNetSpec(3, 1, 1, new int[] {16, 32, 64, 128, 256}, new int[] {2, 2, 2, 2}, 2, "instance"),
                1e-3, 10, 96, 4, 0, Device.CPU, Path.of("runs", "demo"));
    }

    /**
     * The CPU default: the same data algorithm, pipeline and proportions, scaled to two cores: 40 volumes of 64³
     * (spheres of radius 4–15), 48³ crops × 4 per volume, batch 2, UNet (16, 32, 64, 128) with strides (2, 2, 2)
     * and two residual units, Adam 1e-3, 20 epochs, roi 48³ (about 3 minutes on 2 cores).
     */
    public static TrainingConfig cpu() {
        return new TrainingConfig(40, 32, 64, 15, 4, 48, 4, 2,
                new UNetSpec(3, 1, 1, new int[] {16, 32, 64, 128}, new int[] {2, 2, 2}, 2, "instance"),
                1e-3, 20, 48, 1, 0, Device.CPU, Path.of("runs", "demo"));
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(volumes, trainVolumes, size, radMax, radMin, crop, samples, batchSize, unet, learningRate, e, roi, workers, seed, device, out);
    }

    public TrainingConfig withOut(Path o) {
        return new TrainingConfig(volumes, trainVolumes, size, radMax, radMin, crop, samples, batchSize, unet, learningRate, epochs, roi, workers, seed, device, o);
    }

    public TrainingConfig withDevice(Device d) {
        return new TrainingConfig(volumes, trainVolumes, size, radMax, radMin, crop, samples, batchSize, unet, learningRate, epochs, roi, workers, seed, d, out);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(volumes, trainVolumes, size, radMax, radMin, crop, samples, batchSize, unet, learningRate, epochs, roi, workers, s, device, out);
    }

    public TrainingConfig withWorkers(int w) {
        return new TrainingConfig(volumes, trainVolumes, size, radMax, radMin, crop, samples, batchSize, unet, learningRate, epochs, roi, w, seed, device, out);
    }

    /** A smaller data set (tests): {@code volumes} in all, {@code train} of them for training. */
    public TrainingConfig withVolumes(int all, int train) {
        return new TrainingConfig(all, train, size, radMax, radMin, crop, samples, batchSize, unet, learningRate, epochs, roi, workers, seed, device, out);
    }

    /** One line for logs. */
    public String describe() {
        return String.format(Locale.ROOT, "%d volumes of %d³ (%d train / %d val), crops %d³ × %d, batch %d, %s, Adam %.0e, %d epochs, roi %d³, %d workers, seed %d, %s",
                volumes, size, trainVolumes, volumes - trainVolumes, crop, samples, batchSize, unet, learningRate, epochs, roi, workers, seed, device);
    }
}
