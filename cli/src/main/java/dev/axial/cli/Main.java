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
                case "infer" -> Infer.run(rest);
                case "selfcheck" -> SelfCheck.run(rest);
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

                  demo       the main job on a built-in default: train a MONAI UNet on synthetic 3D volumes,
                             validate with sliding windows and Dice, save the model, predictions and previews
                  infer      segment a volume with a saved model: --model CKPT --input IN --output OUT.nii.gz
                  selfcheck  each op family of the tensor engine against a plain reference, timed
                  test       every test (Maven Surefire)
                  info       versions, cores, SIMD width, the backends and, for one that cannot load, why
                  bench      the JMH suite, e.g. ./axial bench 'Sgemm.*' -f 1 -wi 2 -i 3
                  help       this text

                  ./axial <command> --help  shows a command's options.""");
        return 0;
    }
}
