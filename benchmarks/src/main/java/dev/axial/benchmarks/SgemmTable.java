package dev.axial.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs SgemmBench and ConvGemmBench with short settings and prints GFLOP/s of Axial and OpenBLAS and their ratio.
 * Arguments: optional JMH include regex (default both benchmarks), then optional n values ("1024,2048").
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp benchmarks.jar dev.axial.benchmarks.SgemmTable
 * </pre>
 */
public final class SgemmTable {
    private SgemmTable() {}

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : "(SgemmBench|ConvGemmBench)";
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).forks(1)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        if (args.length > 1) o = o.param("n", args[1].split(","));
        Collection<RunResult> results = new Runner(o.build()).run();
        // key: problem description -> [axial ms, openblas ms, flop]
        Map<String, double[]> rows = new TreeMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            String bench = p.getBenchmark();
            boolean axial = bench.endsWith(".axial");
            double flop;
            String key;
            if (bench.contains("SgemmBench")) {
                int n = Integer.parseInt(p.getParam("n"));
                int t = Integer.parseInt(p.getParam("threads"));
                key = String.format("sgemm n=%5d threads=%s", n, t == 0 ? "all" : "1");
                flop = 2.0 * n * n * n;
            } else {
                String[] s = p.getParam("shape").split(",");
                key = String.format("conv  M=%s K=%s N=%s threads=all", s[0], s[1], s[2]);
                flop = 2.0 * Double.parseDouble(s[0]) * Double.parseDouble(s[1]) * Double.parseDouble(s[2]);
            }
            double[] row = rows.computeIfAbsent(key, x -> new double[3]);
            row[axial ? 0 : 1] = r.getPrimaryResult().getScore();
            row[2] = flop;
        }
        System.out.println();
        System.out.printf("%-45s %14s %14s %10s%n", "problem", "Axial GFLOP/s", "OpenBLAS GF/s", "% OpenBLAS");
        for (var e : rows.entrySet()) {
            double[] v = e.getValue();
            double ga = v[0] > 0 ? v[2] / (v[0] * 1e6) : Double.NaN, gb = v[1] > 0 ? v[2] / (v[1] * 1e6) : Double.NaN;
            System.out.printf("%-45s %14.1f %14.1f %9.1f%%%n", e.getKey(), ga, gb, 100 * ga / gb);
        }
    }
}
