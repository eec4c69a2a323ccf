package dev.axial.tensor;

/**
 * Where a tensor's storage lives.
 *
 * <pre>{@code
 * Device.CPU;             // host memory, the reference backend
 * Device.cuda(0);         // the first GPU
 * Device.parse("cuda:1"); // same names as PyTorch
 * }</pre>
 */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    public static Device cuda(int index) { return new Device(Type.CUDA, index); }

    /** "cpu", "cuda", "cuda:1". */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase();
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda") || t.equals("gpu")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device '" + s + "' (expected cpu, cuda or cuda:N)");
            }
        }
        throw new IllegalArgumentException("bad device '" + s + "' (expected cpu, cuda or cuda:N)");
    }

    public boolean isCpu() { return type == Type.CPU; }

    @Override public String toString() { return type == Type.CPU ? "cpu" : "cuda:" + index; }
}
