package dev.axial.cli;

import dev.axial.tensor.Backends;
import dev.axial.tensor.cpu.Parallel;
import dev.axial.tensor.cuda.CudaLibraries;
import jdk.incubator.vector.FloatVector;

import java.util.Map;

/** {@code axial info}: what this machine gives Axial. */
final class Info {
    private Info() {}

    static int run(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: ./axial info   (prints versions, cores, SIMD width and the backends)");
            return 0;
        }
        Package p = Info.class.getPackage();
        String version = p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion();
        System.out.println("Axial " + version);
        System.out.println("java     " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("os       " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        System.out.println("cores    " + Runtime.getRuntime().availableProcessors() + " (Axial uses " + Parallel.threads()
                + " threads; set AXIAL_NUM_THREADS to change)");
        System.out.println("memory   max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; tensors live off-heap");
        System.out.println("simd     " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors, "
                + FloatVector.SPECIES_PREFERRED.length() + " float32 lanes (Vector API)");
        System.out.println("backends");
        for (Map.Entry<String, String> e : Backends.status().entrySet())
            System.out.printf("  %-6s %s%n", e.getKey(), e.getValue());
        System.out.println("cuda libraries");
        for (Map.Entry<String, String> e : CudaLibraries.status().entrySet())
            System.out.printf("  %-6s %s%n", e.getKey(), e.getValue());
        return 0;
    }
}
