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
    void demoHelpListsItsOptions() {
        Run r = capture(() -> Demo.run(new String[]{"--help"}));
        assertEquals(0, r.code);
        assertTrue(r.out.contains("--device"), r.out);
        assertTrue(r.out.contains("--threads"), r.out);
    }

    @Test
    void badOptionsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Demo.run(new String[]{"--frobnicate"}));
        assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Demo.run(new String[]{"--device"}));
        assertTrue(e.getMessage().contains("--device needs a value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Demo.run(new String[]{"--device", "tpu"}));
        assertTrue(e.getMessage().contains("expected cpu, cuda or cuda:N"), e.getMessage());
    }
}
