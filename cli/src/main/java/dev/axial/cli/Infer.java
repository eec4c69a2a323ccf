package dev.axial.cli;

import dev.axial.apps.SegmentationInference;
import dev.axial.apps.UNetSpec;
import dev.axial.tensor.Backends;
import dev.axial.tensor.Device;

import java.nio.file.Path;

/** {@code axial infer}: sliding-window segmentation of one volume with a saved UNet ({@link SegmentationInference}). */
final class Infer {
    private Infer() {}

    static final String HELP = """
            usage: ./axial infer --model CKPT --input VOLUME --output OUT.nii.gz [--roi N] [--device cpu|cuda]
                                 [--channels 16,32,64,128,256 --strides 2,2,2,2 --res-units 2 --norm instance
                                  --in-channels 1 --out-channels 1]

            Segments VOLUME (NIfTI, NRRD, MetaImage, NumPy ...: whatever LoadImage reads) with the UNet in CKPT and
            writes the labels (uint8) with the input's affine. Intensities are scaled to [0, 1] first, as in
            training. A checkpoint written by ./axial demo carries its architecture and window size; for a MONAI
            or PyTorch .pt state dict give the architecture with the options in brackets.

              --roi N       sliding-window edge (default: the checkpoint's, else 96)
              --device D    cpu, cuda or auto (default auto: cuda when a real GPU works, else cpu)""";

    static int run(String[] args) {
        Path model = null, input = null, output = null;
        Integer roi = null, inCh = null, outCh = null, res = null;
        String channels = null, strides = null, norm = null;
        Device device = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(HELP);
                    return 0;
                }
                case "--model" -> model = Path.of(Args.value(args, ++i, "--model"));
                case "--input" -> input = Path.of(Args.value(args, ++i, "--input"));
                case "--output" -> output = Path.of(Args.value(args, ++i, "--output"));
                case "--roi" -> roi = Args.integer(args, ++i, "--roi");
                case "--device" -> device = Backends.parseDevice(Args.value(args, ++i, "--device"));
                case "--channels" -> channels = Args.value(args, ++i, "--channels");
                case "--strides" -> strides = Args.value(args, ++i, "--strides");
                case "--res-units" -> res = Args.integer(args, ++i, "--res-units");
                case "--norm" -> norm = Args.value(args, ++i, "--norm");
                case "--in-channels" -> inCh = Args.integer(args, ++i, "--in-channels");
                case "--out-channels" -> outCh = Args.integer(args, ++i, "--out-channels");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see ./axial infer --help)");
            }
        }
        if (model == null || input == null || output == null)
            throw new IllegalArgumentException("--model, --input and --output are required (see ./axial infer --help)");
        SegmentationInference job = new SegmentationInference(model).device(device != null ? device : Backends.preferredDevice());
        if (roi != null) job.roi(roi);
        if (channels != null || strides != null) {
            if (channels == null || strides == null)
                throw new IllegalArgumentException("--channels and --strides go together");
            job.spec(new UNetSpec(3, inCh == null ? 1 : inCh, outCh == null ? 1 : outCh, UNetSpec.ints(channels), UNetSpec.ints(strides),
                    res == null ? 0 : res, norm == null ? "instance" : norm));
        }
        job.run(input, output, System.out);
        return 0;
    }
}
