package dev.axial.cli;

import java.util.Arrays;

/**
 * The {@code axial} command. {@code ./axial demo}, {@code ./axial info}; {@code ./axial help} lists the rest.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int code;
        try {
            code = switch (cmd) {
                case "demo" -> Demo.run(rest);
                case "info" -> Info.run(rest);
                case "help", "-h", "--help" -> help();
                default -> {
                    System.err.println("axial: unknown command '" + cmd + "'");
                    help();
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println("axial " + cmd + ": " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    private static int help() {
        System.out.println("""
                usage: ./axial <command> [options]

                  demo    the main job on a built-in default (now: a self-check of the tensor engine that
                          runs each op family against a plain reference and reports its speed)
                  test    every test (Maven Surefire)
                  info    versions, cores, SIMD width, the backends and, for one that cannot load, why
                  bench   the JMH suite, e.g. ./axial bench 'Sgemm.*' -f 1 -wi 2 -i 3
                  help    this text

                  ./axial demo --help  shows the demo's options.""");
        return 0;
    }
}
