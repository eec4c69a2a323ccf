package dev.axial.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Two builds of Axial timed in one JVM, rounds interleaved: for before/after figures on a shared machine. Each build's
 * module jars get a class loader of their own (with this class path's other jars), so both run on the same cores at
 * the same moments and a neighbour's burst or a slow phase of the machine falls on both; the ratio per round is what
 * to read. On the 2-core build VM, separate before/after runs of one convolution differed by 10-25% between runs of
 * the same jar; the interleaved ratio's quartiles spread by about 3%.
 *
 * <p>The workload is {@link ConvCall}: one convolution pass of a shape. Build the other commit in a worktree first:
 * <pre>{@code
 * git worktree add /tmp/base HEAD~1 && (cd /tmp/base && ./axial info)
 * AXIAL_JAVA_OPTS=-Daxial.threads=1 ./axial bench ab /tmp/base . 128:128:6:1:8 w 16
 * }</pre>
 * Arguments: build A's root, build B's root, the shape ({@code ConvBench}'s "Cin:Cout:size:stride[:batch]"), the pass
 * ({@code f} forward, {@code d} data gradient, {@code w} filter gradient), the rounds (default 16; 0.3 s of calls
 * per build per round, after 2.4 s of warm-up each). JVM flags go in {@code AXIAL_JAVA_OPTS}, e.g.
 * {@code -Daxial.threads=1}.
 */
public final class BuildAB {
    private BuildAB() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ./axial bench ab <build A root> <build B root> <Cin:Cout:size:stride[:batch]> <f|d|w> [rounds=16]");
            System.exit(2);
        }
        Method[] run = {runner(Path.of(args[0])), runner(Path.of(args[1]))};
        String shape = args[2], pass = args[3];
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        for (Method m : run) for (int i = 0; i < 6; i++) m.invoke(null, shape, pass, 400_000_000L);
        double[][] ms = new double[2][rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int b = (r + k) % 2;   // alternate which build goes first
                ms[b][r] = (double) run[b].invoke(null, shape, pass, 300_000_000L);
            }
            ratio[r] = ms[1][r] / ms[0][r];
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%s %s, ms per call: A median %.3f (min %.3f), B median %.3f (min %.3f); B/A median %.3f, quartiles %.3f-%.3f%n",
                shape, pass, median(ms[0]), min(ms[0]), median(ms[1]), min(ms[1]),
                ratio[rounds / 2], ratio[rounds / 4], ratio[(3 * rounds) / 4]);
    }

    /**
     * ConvCall.run with the module jars of the build under {@code root}, ConvCall itself and the third-party jars from
     * this class path.
     */
    private static Method runner(Path root) throws Exception {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.sorted().toList()) {
                Path target = m.resolve("target");
                if (!Files.isDirectory(target)) continue;
                try (Stream<Path> jars = Files.list(target)) {
                    for (Path j : jars.filter(j -> moduleJar(j) && !benchmarksJar(j)).toList()) urls.add(j.toUri().toURL());
                }
            }
        }
        if (urls.stream().noneMatch(u -> u.getPath().contains("axial-tensor")))
            throw new IllegalArgumentException("ab: no built module jars under " + root + " (run ./axial info there first)");
        // the workload from this build (an older commit may not have it), with the third-party jars
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            if (!moduleJar(Path.of(entry)) || benchmarksJar(Path.of(entry))) urls.add(Path.of(entry).toUri().toURL());
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        return loader.loadClass(ConvCall.class.getName()).getMethod("run", String.class, String.class, long.class);
    }

    private static boolean moduleJar(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("axial-") && n.endsWith(".jar") && !n.matches(".*-(sources|javadoc|tests)\\.jar");
    }

    private static boolean benchmarksJar(Path p) {
        return p.getFileName().toString().startsWith("axial-benchmarks");
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }
}
