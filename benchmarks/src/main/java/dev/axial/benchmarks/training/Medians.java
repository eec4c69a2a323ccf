package dev.axial.benchmarks.training;

import java.util.Arrays;

/** The plain-main GPU timings' one measuring rule: warm-up calls, then the median of timed calls. */
final class Medians {
    private Medians() {}

    /** Median wall-clock ms of {@code reps} calls of {@code call} after {@code warm} untimed ones; the call waits for its own work. */
    static double millis(int warm, int reps, Runnable call) {
        for (int i = 0; i < warm; i++) call.run();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return of(ms);
    }

    /** The median (the upper one of an even count). */
    static double of(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length == 0 ? 0 : c[c.length / 2];
    }
}
