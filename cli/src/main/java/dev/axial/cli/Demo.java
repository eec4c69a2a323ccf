package dev.axial.cli;

import dev.axial.apps.SegmentationTraining;
import dev.axial.apps.TrainingConfig;
import dev.axial.tensor.Backends;
import dev.axial.tensor.Device;

import java.nio.file.Path;

/**
 * {@code axial demo}: the main job on a built-in default: train a MONAI UNet on synthetic 3D volumes,
 * validate with sliding windows and mean Dice, save the best checkpoint, write predictions and previews
 * ({@link SegmentationTraining}).
 */
final class Demo {
    private Demo() {}

    static final String HELP = """
            usage: ./axial demo [--device cpu|cuda] [--config cpu|monai] [--epochs N] [--out DIR] [--seed N] [--workers N]

            Trains a 3D UNet (MONAI's) to segment spheres in synthetic volumes (MONAI's create_test_image_3d),
            validating after every epoch with sliding-window inference and mean Dice. Writes to DIR:
              best_metric_model.safetensors   the best model (architecture in its metadata), for ./axial infer
              predictions/<case>/...nii.gz    validation images, labels and the best model's predictions
              previews/<case>.png             the middle slice: image, label (green), prediction (red)
            and ends with a summary line: best Dice, its epoch, wall time, device.

              --device D    cpu, cuda or auto (default auto: cuda when a real GPU works, else cpu)
              --config C    cpu: 64³ volumes, a small UNet, about 3 minutes on 2 cores (default on the CPU)
                            monai: MONAI's classic example: 128³ volumes, 96³ crops x 4, UNet 16-256 (default on a GPU)
              --epochs N    training epochs (default: the configuration's)
              --out DIR     output folder (default runs/demo)
              --seed N      one seed for data, crops, initialisation and shuffling (default 0)
              --workers N   loader threads preparing batches while the model trains (default: the configuration's)""";

    static int run(String[] args) {
        String device = null, config = null;
        Integer epochs = null, workers = null;
        Path out = null;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(HELP);
                    return 0;
                }
                case "--device" -> device = Args.value(args, ++i, "--device");
                case "--config" -> config = Args.value(args, ++i, "--config");
                case "--epochs" -> epochs = Args.integer(args, ++i, "--epochs");
                case "--out" -> out = Path.of(Args.value(args, ++i, "--out"));
                case "--seed" -> seed = Args.integer(args, ++i, "--seed");
                case "--workers" -> workers = Args.integer(args, ++i, "--workers");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see ./axial demo --help)");
            }
        }
        // NOTE: auto never picks the CUDA emulator (correct but far slower than the CPU): Backends.isRealGpu decides
        Device dev = Backends.parseDevice(device == null ? "auto" : device);
        Backends.get(dev);   // a device that cannot run says why, before any work
        if (config == null) config = dev.isCpu() ? "cpu" : "monai";
        TrainingConfig c = switch (config) {
            case "cpu" -> TrainingConfig.cpu();
            case "monai" -> TrainingConfig.monai();
            default -> throw new IllegalArgumentException("--config must be cpu or monai, got '" + config + "'");
        };
        c = c.withDevice(dev).withSeed(seed);
        if (epochs != null) c = c.withEpochs(epochs);
        if (workers != null) c = c.withWorkers(workers);
        if (out != null) c = c.withOut(out);
        new SegmentationTraining(c).run(System.out);
        return 0;
    }
}
