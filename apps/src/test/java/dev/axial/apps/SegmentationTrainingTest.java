package dev.axial.apps;

import dev.axial.io.LoadImage;
import dev.axial.nn.StateDictException;
import dev.axial.nn.checkpoint.SafeTensors;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.CpuStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The main job end to end on a tiny configuration: it learns, is repeatable, frees its memory, and its checkpoint serves inference. */
class SegmentationTrainingTest {
    /** 10 volumes of 32³ (8 train), 16³ crops × 2, batch 2, UNet (4, 8, 16), 6 epochs: a few seconds. */
    static TrainingConfig tiny(Path out, int workers) {
        return new TrainingConfig(10, 8, 32, 10, 3, 16, 2, 2,
                new UNetSpec(3, 1, 1, new int[] {4, 8, 16}, new int[] {2, 2}, 1, "instance"),
                5e-3, 6, 16, workers, 7, Device.CPU, out);
    }

    private static SegmentationTraining.Result run(TrainingConfig c, ByteArrayOutputStream log) {
        return new SegmentationTraining(c).run(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test void trainsValidatesSavesAndPredicts(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long before = CpuStorage.liveBytes();
        SegmentationTraining.Result r = run(tiny(dir, 1), log);
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(before, CpuStorage.liveBytes(), "the job frees its data, model, optimizer and predictions");
        assertEquals(6, r.epochs().size());
        // NOTE: from epoch 2 on (the best predictions kept may be replaced, same size) host memory stays flat
        assertEquals(r.epochs().get(1).liveHostBytes(), r.epochs().getLast().liveHostBytes(), "host memory is flat over epochs: " + r.epochs());
        assertTrue(r.epochs().getLast().loss() < r.epochs().getFirst().loss(), "the loss falls: " + r.epochs());
        assertTrue(r.bestDice() > 0.5, "the network learns the spheres: " + r.epochs());
        assertEquals(r.bestDice(), r.epochs().get(r.bestEpoch() - 1).dice());
        assertTrue(text.contains("epoch 6/6") && text.contains("best mean Dice"), text);
        assertTrue(Files.isRegularFile(r.checkpoint()));
        assertEquals("UNet", SafeTensors.metadata(r.checkpoint()).get("axial.network"));
        for (int v = 8; v < 10; v++) {
            String name = String.format("val_%02d", v);
            for (String part : new String[] {"image", "label", "seg"})
                assertTrue(Files.isRegularFile(dir.resolve("predictions/" + name + "/" + name + "_" + part + ".nii.gz")), name + " " + part);
            assertTrue(Files.size(dir.resolve("previews/" + name + ".png")) > 100);
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file is left");
        }

        // the checkpoint alone reproduces the saved validation prediction through ./axial infer's path
        Path in = dir.resolve("predictions/val_09/val_09_image.nii.gz");
        Path out = dir.resolve("infer.nii.gz");
        long fg = new SegmentationInference(r.checkpoint()).run(in, out, new PrintStream(new ByteArrayOutputStream()));
        try (Scope s = Scope.open()) {
            MetaTensor mine = new LoadImage().dtype(DType.UINT8).apply(out);
            MetaTensor saved = new LoadImage().dtype(DType.UINT8).apply(dir.resolve("predictions/val_09/val_09_seg.nii.gz"));
            assertTrue(mine.array().eq(saved.array()).all().item() != 0, "inference equals the validation prediction");
            assertEquals(fg, saved.array().to(DType.INT64).sum().itemLong());
        }
    }

    @Test void oneSeedGivesTheSameRunForAnyWorkerCount(@TempDir Path a, @TempDir Path b) {
        SegmentationTraining.Result r0 = run(tiny(a, 0).withEpochs(2), new ByteArrayOutputStream());
        SegmentationTraining.Result r2 = run(tiny(b, 3).withEpochs(2), new ByteArrayOutputStream());
        for (int e = 0; e < 2; e++) {
            assertEquals(r0.epochs().get(e).loss(), r2.epochs().get(e).loss(), "epoch " + (e + 1) + " loss");
            assertEquals(r0.epochs().get(e).dice(), r2.epochs().get(e).dice(), "epoch " + (e + 1) + " dice");
        }
    }

    @Test void checkpointsThatDoNotFitAreClearErrors(@TempDir Path dir) throws Exception {
        SegmentationTraining.Result r = run(tiny(dir, 0).withEpochs(1), new ByteArrayOutputStream());
        Path in = dir.resolve("predictions/val_08/val_08_image.nii.gz");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        // a different architecture: every mismatched key is named
        UNetSpec other = new UNetSpec(3, 1, 1, new int[] {4, 8, 32}, new int[] {2, 2}, 1, "instance");
        StateDictException e = assertThrows(StateDictException.class,
                () -> new SegmentationInference(r.checkpoint()).spec(other).run(in, dir.resolve("x.nii.gz"), quiet));
        assertTrue(e.getMessage().contains("checkpoint [16, 8, 3, 3, 3], model [32, 8, 3, 3, 3]"), e.getMessage());

        // a truncated file
        Path cut = dir.resolve("cut.safetensors");
        byte[] bytes = Files.readAllBytes(r.checkpoint());
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        RuntimeException t = assertThrows(RuntimeException.class, () -> new SegmentationInference(cut).run(in, dir.resolve("y.nii.gz"), quiet));
        assertTrue(t.getMessage().contains("cut.safetensors"), t.getMessage());

        // no architecture in the metadata
        Path bare = dir.resolve("bare.safetensors");
        try (Scope s = Scope.open()) {
            Map<String, Tensor> one = new LinkedHashMap<>();
            one.put("w", Tensor.zeros(2));
            SafeTensors.write(bare, one);
        }
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> new SegmentationInference(bare).run(in, dir.resolve("z.nii.gz"), quiet));
        assertTrue(m.getMessage().contains("--channels"), m.getMessage());
        assertFalse(Files.exists(dir.resolve("x.nii.gz")) || Files.exists(dir.resolve("y.nii.gz")) || Files.exists(dir.resolve("z.nii.gz")),
                "a failed inference writes nothing");
    }

    @Test void badConfigurationsAreRefused(@TempDir Path dir) {
        UNetSpec spec = new UNetSpec(3, 1, 1, new int[] {4, 8, 16}, new int[] {2, 2}, 1, "instance");
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(10, 8, 20, 10, 3, 16, 2, 2, spec, 1e-3, 1, 16, 0, 0, Device.CPU, dir),
                "the volume must exceed twice the largest radius");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingConfig(10, 8, 32, 10, 3, 18, 2, 2, spec, 1e-3, 1, 16, 0, 0, Device.CPU, dir));
        assertTrue(e.getMessage().contains("multiples of the UNet's downsampling 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(10, 10, 32, 10, 3, 16, 2, 2, spec, 1e-3, 1, 16, 0, 0, Device.CPU, dir));
    }
}
