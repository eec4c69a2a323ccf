package dev.axial.apps;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long loops: {@code epoch 3/10 [#########.......] 12/16  loss 0.2345  21.4 it/s}.
 * On a terminal it redraws in place; in a log (no console, e.g. CI) it prints only the final line, so logs
 * stay readable.
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar("epoch 1/5", 16, System.out);
 * for (int i = 0; i < 16; i++) { ...; bar.step(String.format("loss %.4f", loss)); }
 * bar.done("");
 * }</pre>
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private final String label;
    private final int total;
    private final PrintStream out;
    private final boolean live;
    private final long start = System.nanoTime();
    private int done;

    public ProgressBar(String label, int total, PrintStream out) {
        this(label, total, out, System.console() != null);
    }

    /** {@code live}: redraw on every step (a terminal) or print once at the end (a log). */
    public ProgressBar(String label, int total, PrintStream out, boolean live) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.live = live;
    }

    /** One unit of work is done; {@code status} is shown after the bar. */
    public void step(String status) {
        done++;
        if (live) out.print("\r" + line(status));
    }

    /** Prints the final line with {@code status} and a newline. */
    public void done(String status) {
        out.print((live ? "\r" : "") + line(status) + System.lineSeparator());
        out.flush();
    }

    /** Items per second since the bar was made. */
    public double rate() {
        double s = (System.nanoTime() - start) / 1e9;
        return s > 0 ? done / s : 0;
    }

    /** Seconds since the bar was made. */
    public double elapsedSeconds() { return (System.nanoTime() - start) / 1e9; }

    String line(String status) {
        int filled = (int) Math.round(WIDTH * Math.min(done, total) / (double) total);
        double r = rate();
        String speed = r >= 1 || r == 0 ? String.format(Locale.ROOT, "%.2f it/s", r) : String.format(Locale.ROOT, "%.2f s/it", 1 / r);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d  %s  %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, status, speed);
    }
}
