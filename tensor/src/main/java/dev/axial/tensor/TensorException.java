package dev.axial.tensor;

/**
 * Bad input to an op: a shape, dtype, device, dim or index that does not fit. The message names the op,
 * the shapes, the dtypes and the device.
 */
public class TensorException extends IllegalArgumentException {
    public TensorException(String message) { super(message); }

    /** {@code op: message (shapes and dtypes of the operands)}. */
    public static TensorException of(String op, String message, Tensor... operands) {
        StringBuilder sb = new StringBuilder(op).append(": ").append(message);
        if (operands.length > 0) {
            sb.append(" (");
            for (int i = 0; i < operands.length; i++) {
                if (i > 0) sb.append(", ");
                Tensor t = operands[i];
                sb.append(t == null ? "null" : t.describe());
            }
            sb.append(')');
        }
        return new TensorException(sb.toString());
    }
}
