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
            report(cmd, e);
            code = 2;
        } catch (RuntimeException e) {
            // a device that cannot load, a file that cannot be read or written: the message says what and why
            report(cmd, e);
            code = 1;
        }
        System.exit(code);
    }

    /** One line naming the command and the problem; the stack trace only in debug mode (AXIAL_DEBUG=1). */
    private static void report(String cmd, RuntimeException e) {
        String msg = String.valueOf(e.getMessage());
        System.err.println("axial " + cmd + ": " + (msg.startsWith(cmd + ": ") ? msg.substring(cmd.length() + 2) : msg));
        if (dev.axial.tensor.Debug.enabled()) e.printStackTrace();
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
