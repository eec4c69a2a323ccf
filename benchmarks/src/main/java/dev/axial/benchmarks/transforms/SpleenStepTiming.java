package dev.axial.benchmarks.transforms;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Scope;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.transforms.MapTransform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A quick plain-main companion of {@link SpleenPipelineBench} for before/after runs on a shared machine: each step
 * alone and the whole pipeline, {@code reps} timed calls after one warm-up, median and min in ms, one thread; and
 * a hash of the float bits of Spacingd's outputs (to compare runs with {@code -Daxial.resample.separable=false}).
 *
 * <pre>{@code java ... dev.axial.benchmarks.transforms.SpleenStepTiming [reps=5]}</pre>
 */
public final class SpleenStepTiming {
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Parallel.setThreads(1);
        SpleenPipeline p = new SpleenPipeline();
        List<Map<String, Object>> in = new ArrayList<>();
        in.add(SpleenPipeline.item(SpleenData.ensure(SpleenData.defaultDir())));
        List<MapTransform> steps = p.deterministic();
        for (MapTransform t : steps) in.add(t.apply(in.getLast(), new RandomState(0)));
        for (String k : SpleenPipeline.KEYS) {
            MetaTensor m = (MetaTensor) in.get(4).get(k);
            System.out.printf("Spacingd %s: shape %s, hash %08x%n", k, Arrays.toString(m.shape()), Arrays.hashCode(m.array().contiguous().toFloatArray()));
        }
        System.out.printf("CropForegroundd image: shape %s%n", Arrays.toString(((MetaTensor) in.get(6).get("image")).shape()));
        System.out.printf("%-26s %10s %10s%n", "step", "median ms", "min ms");
        String[] names = {"LoadImaged", "EnsureChannelFirstd", "Orientationd", "Spacingd", "ScaleIntensityRanged", "CropForegroundd"};
        double sum = 0;
        int only = Integer.getInteger("spleen.step", -1);   // time one step only (for a profiler)
        for (int s = 0; s <= steps.size(); s++) {
            if (only >= 0 && s != only) continue;
            final int si = s;
            double[] t = time(reps, () -> s6(p, steps, in, si));
            sum += t[0];
            System.out.printf("%-26s %10.1f %10.1f%n", s < names.length ? names[s] : "RandCropByPosNegLabeld", t[0], t[1]);
        }
        if (only >= 0) return;
        System.out.printf("%-26s %10.1f%n", "sum of steps", sum);
        double[] w = time(reps, () -> p.apply(in.getFirst(), new RandomState(1)).size());
        System.out.printf("%-26s %10.1f %10.1f%n", "whole", w[0], w[1]);
    }

    private static Object s6(SpleenPipeline p, List<MapTransform> steps, List<Map<String, Object>> in, int s) {
        return s < steps.size() ? steps.get(s).apply(in.get(s), new RandomState(1)).size() : p.randCrop.apply(in.get(s), new RandomState(1)).size();
    }

    private static double[] time(int reps, java.util.function.Supplier<Object> body) {
        double[] t = new double[reps];
        for (int r = -1; r < reps; r++) {
            try (Scope sc = Scope.open()) {
                long t0 = System.nanoTime();
                body.get();
                if (r >= 0) t[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(t);
        return new double[] {t[reps / 2], t[0]};
    }
}
