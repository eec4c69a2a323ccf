package dev.axial.cli;

/** Reading option values for the commands: each error names the option and what it expects. */
final class Args {
    private Args() {}

    /** {@code args[i]}, the value after option {@code opt}. */
    static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new IllegalArgumentException(opt + " needs a value");
        return args[i];
    }

    /** {@code args[i]} as an int. */
    static int integer(String[] args, int i, String opt) {
        String v = value(args, i, opt);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " needs a whole number, got '" + v + "'");
        }
    }
}
