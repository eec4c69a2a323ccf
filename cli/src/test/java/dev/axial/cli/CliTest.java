package dev.axial.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.*;

class CliTest {
    private record Run(int code, String out) {}

    private static Run capture(IntSupplier body) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = body.getAsInt();
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void infoNamesTheMachineAndEveryBackendWithAReason() {
        Run r = capture(() -> Info.run(new String[0]));
        assertEquals(0, r.code);
        assertTrue(r.out.contains("simd "), r.out);
        assertTrue(r.out.contains("cpu    available"), r.out);
        assertTrue(r.out.matches("(?s).*cuda +(available|unavailable: .+).*"), r.out);
    }

    @Test
    void helpListsEachCommandsOptions() {
        Run r = capture(() -> SelfCheck.run(new String[]{"--help"}));
        assertEquals(0, r.code);
        assertTrue(r.out.contains("--device") && r.out.contains("--threads"), r.out);
        r = capture(() -> Demo.run(new String[]{"--help"}));
        assertEquals(0, r.code);
        for (String opt : new String[]{"--device", "--config", "--epochs", "--out", "--seed", "--workers"})
            assertTrue(r.out.contains(opt), r.out);
        r = capture(() -> Infer.run(new String[]{"-h"}));
        assertTrue(r.out.contains("--model") && r.out.contains("--input") && r.out.contains("--output"), r.out);
    }

    @Test
    void badOptionsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelfCheck.run(new String[]{"--frobnicate"}));
        assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SelfCheck.run(new String[]{"--device"}));
        assertTrue(e.getMessage().contains("--device needs a value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Demo.run(new String[]{"--device", "tpu"}));
        assertTrue(e.getMessage().contains("expected cpu, cuda or cuda:N"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Demo.run(new String[]{"--epochs", "many"}));
        assertTrue(e.getMessage().contains("--epochs needs a whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Demo.run(new String[]{"--config", "huge"}));
        assertTrue(e.getMessage().contains("--config must be cpu or monai"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Infer.run(new String[]{"--model", "m.safetensors"}));
        assertTrue(e.getMessage().contains("--model, --input and --output are required"), e.getMessage());
    }

    @Test
    void cudaWithoutABackendSaysWhy() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.axial.tensor.Backends.isAvailable(dev.axial.tensor.Device.cuda(0)));
        RuntimeException e = assertThrows(RuntimeException.class, () -> Demo.run(new String[]{"--device", "cuda"}));
        assertTrue(e.getMessage().toLowerCase().contains("cuda"), e.getMessage());
    }
}
