package dev.axial.apps;

import dev.axial.io.LoadImage;
import dev.axial.tensor.Backends;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.Device;
import dev.axial.tensor.cuda.CudaMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo on cuda:0 (in tests the CPU emulator, so the smallest run that exercises every stage): CPU loader
 * threads feed the device, training, sliding-window validation and Dice run there, the checkpoint and the
 * previews are written from it, and the device memory is given back.
 */
class CudaSegmentationTrainingTest {
    @Test void oneEpochOnTheDeviceEndToEnd(@TempDir Path dir) throws Exception {
        Device cuda = Device.cuda(0);
        assumeTrue(Backends.isAvailable(cuda), () -> "no CUDA backend: " + Backends.status().get("cuda"));
        // 3 volumes of 16³ (2 train), 8³ crops × 2, batch 2, UNet (2, 4), one epoch, roi 8³
        TrainingConfig c = new TrainingConfig(3, 2, 16, 6, 2, 8, 2, 2,
                new UNetSpec(3, 1, 1, new int[] {2, 4}, new int[] {2}, 1, "instance"),
                5e-3, 1, 8, 1, 7, cuda, dir);
        long before = CudaMemory.allocatedBytes(cuda);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SegmentationTraining.Result r = new SegmentationTraining(c).run(new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(cuda, r.device());
        assertEquals(1, r.epochs().size());
        assertTrue(Files.size(r.checkpoint()) > 0, text);
        assertTrue(Files.exists(dir.resolve("previews").resolve("val_02.png")), text);
        assertTrue(text.contains("on cuda:0") && text.contains("peak device memory"), text);
        assertTrue(r.bestDice() >= 0 && r.bestDice() <= 1, text);
        assertEquals(before, CudaMemory.allocatedBytes(cuda), "the job frees its device tensors");

        // ./axial infer's path on the device reproduces the saved validation prediction
        Path out = dir.resolve("infer.nii.gz");
        long fg = new SegmentationInference(r.checkpoint()).device(cuda)
                .run(dir.resolve("predictions/val_02/val_02_image.nii.gz"), out, new PrintStream(new ByteArrayOutputStream()));
        try (Scope s = Scope.open()) {
            Tensor mine = new LoadImage().dtype(DType.UINT8).apply(out).array();
            Tensor saved = new LoadImage().dtype(DType.UINT8).apply(dir.resolve("predictions/val_02/val_02_seg.nii.gz")).array();
            assertTrue(mine.eq(saved).all().item() != 0, "inference on cuda:0 equals the validation prediction");
            assertEquals(fg, saved.to(DType.INT64).sum().itemLong());
        }
    }

    @Test void autoNeverPicksTheEmulator() {
        Device cuda = Device.cuda(0);
        assumeTrue(Backends.isAvailable(cuda) && Backends.get(cuda).isEmulated(), "runs where the CUDA backend is the emulator");
        assertFalse(Backends.isRealGpu(cuda));
        assertEquals(Device.CPU, Backends.preferredDevice());
        assertEquals(Device.CPU, Backends.parseDevice("auto"));
    }
}
