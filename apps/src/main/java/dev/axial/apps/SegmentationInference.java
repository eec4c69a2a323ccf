package dev.axial.apps;

import dev.axial.io.ImageFormats;
import dev.axial.io.LoadImage;
import dev.axial.io.WriteOptions;
import dev.axial.nn.Init;
import dev.axial.nn.StateDictLoad;
import dev.axial.nn.checkpoint.Checkpoints;
import dev.axial.nn.checkpoint.SafeTensors;
import dev.axial.nn.nets.UNet;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Generator;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.intensity.ScaleIntensity;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sliding-window inference of a saved UNet on one volume: load the checkpoint (safetensors with the
 * architecture in its metadata, as the demo writes, or a MONAI/PyTorch {@code .pt} state dict with the
 * architecture given), load the image (any format LoadImage reads), scale intensities to [0, 1] (MONAI's
 * ScaleIntensity, as in training), predict with windows of the training roi, and write the labels (uint8)
 * with the input's affine.
 *
 * <pre>{@code
 * new SegmentationInference(Path.of("runs/demo/best_metric_model.safetensors"))
 *         .run(Path.of("ct.nii.gz"), Path.of("ct_seg.nii.gz"), System.out);
 * }</pre>
 */
public final class SegmentationInference {
    private final Path model;
    private UNetSpec spec;
    private int roi;
    private Device device = Device.CPU;

    public SegmentationInference(Path model) { this.model = model; }

    /** The architecture, for checkpoints that do not carry it (PyTorch .pt files). */
    public SegmentationInference spec(UNetSpec spec) { this.spec = spec; return this; }

    /** The sliding-window size (default: the checkpoint's roi_size, else 96). */
    public SegmentationInference roi(int roi) { this.roi = roi; return this; }

    public SegmentationInference device(Device device) { this.device = device; return this; }

    /** Segments {@code input} into {@code output}; returns the number of foreground voxels. */
    public long run(Path input, Path output, PrintStream log) {
        if (!Files.exists(model)) throw new IllegalArgumentException("infer: no checkpoint at " + model);
        if (!Files.exists(input)) throw new IllegalArgumentException("infer: no input image at " + input);
        UNetSpec s = spec;
        int window = roi;
        if (model.getFileName().toString().endsWith(".safetensors")) {
            Map<String, String> meta = SafeTensors.metadata(model);
            if (s == null) s = UNetSpec.fromMetadata(meta, model.toString());
            if (window == 0 && meta.containsKey("roi_size")) window = Integer.parseInt(meta.get("roi_size"));
        }
        if (s == null) throw new IllegalArgumentException("infer: " + model + " does not say its architecture; give --channels, --strides, --res-units and --norm");
        if (window == 0) window = 96;
        long t0 = System.nanoTime();
        UNetSpec arch = s;
        // every weight comes from the checkpoint (strict load), so none is drawn first
        try (Scope scope = Scope.open(); UNet net = Init.skipInit(() -> arch.build(new Generator(0)))) {
            StateDictLoad r = Checkpoints.loadInto(net, model, true);
            net.to(device).eval();
            MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(input);
            if (img.shape()[0] != s.inChannels())
                throw new IllegalArgumentException("infer: " + input + " has " + img.shape()[0] + " channels; the model takes " + s.inChannels());
            Tensor x = new ScaleIntensity().apply(img.array()).unsqueeze(0).to(device);
            long[] spatial = img.shape();
            Tensor labels = new Segmenter(net, window, window, window).labels(x).to(Device.CPU);
            // (1, 1, spatial...) -> the file layout (spatial...), written with the input's affine
            Tensor out = labels.squeeze(0).squeeze(0).contiguous();
            Map<String, Object> meta = new HashMap<>(img.meta());
            meta.remove(MetaKeys.AFFINE);
            ImageFormats.writerFor(output).write(new MetaTensor(out, img.affine(), meta), output, new WriteOptions().outputDtype(DType.UINT8));
            long fg = out.to(DType.INT64).sum().itemLong();
            log.printf(Locale.ROOT, "axial infer: %s %s -> %s (%d foreground voxels) in %.1f s (roi %d³, %s%s)%n", input,
                    java.util.Arrays.toString(java.util.Arrays.copyOfRange(spatial, 1, spatial.length)), output, fg,
                    (System.nanoTime() - t0) / 1e9, window, device, r.isClean() ? "" : ", " + r);
            return fg;
        }
    }
}
