package dev.axial.apps;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class ProgressBarTest {
    @Test void aLogGetsOneFinalLineAndATerminalRedraws() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("epoch 1/2", 4, new PrintStream(log, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i < 4; i++) bar.step("loss 0.5");
        bar.done("loss 0.5  val dice 0.9");
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("epoch 1/2 [########################] 4/4  loss 0.5  val dice 0.9  "), out);
        assertTrue(out.strip().matches(".*(it/s|s/it)"), out);

        ByteArrayOutputStream term = new ByteArrayOutputStream();
        ProgressBar live = new ProgressBar("e", 2, new PrintStream(term, true, StandardCharsets.UTF_8), true);
        live.step("a");
        assertTrue(term.toString(StandardCharsets.UTF_8).startsWith("\re [############............] 1/2  a  "), term.toString(StandardCharsets.UTF_8));
    }
}
