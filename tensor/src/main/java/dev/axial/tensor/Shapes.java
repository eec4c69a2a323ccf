package dev.axial.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the frontend and the backends: numel, contiguous strides, broadcasting, dims. */
public final class Shapes {
    private Shapes() {}

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** Row-major strides, in elements. */
    public static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** True if shape/strides describe a row-major dense layout (size-1 dims may have any stride; empty is contiguous, as PyTorch). */
    public static boolean isContiguous(long[] shape, long[] strides) {
        if (numel(shape) == 0) return true;
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** NumPy broadcasting of several shapes; {@code op} names the caller in the error. */
    public static long[] broadcast(String op, long[]... shapes) {
        long[] out = new long[rank(shapes)];
        String clash = broadcastInto(out, shapes);
        if (clash == null) return out;
        StringBuilder sb = new StringBuilder(op).append(": shapes cannot be broadcast together:");
        for (long[] t : shapes) sb.append(' ').append(Arrays.toString(t));
        throw new TensorException(sb.append(" (").append(clash).append(')').toString());
    }

    /** Broadcasting of the operands' shapes; the error names each operand's dtype, shape and device. */
    public static long[] broadcast(String op, Tensor... operands) {
        long[][] shapes = new long[operands.length][];
        for (int i = 0; i < operands.length; i++) shapes[i] = operands[i].shape();
        long[] out = new long[rank(shapes)];
        String clash = broadcastInto(out, shapes);
        if (clash == null) return out;
        throw TensorException.of(op, "shapes cannot be broadcast together (" + clash + ")", operands);
    }

    private static int rank(long[][] shapes) {
        int rank = 0;
        for (long[] s : shapes) rank = Math.max(rank, s.length);
        return rank;
    }

    /** Fills {@code out} with the broadcast shape; returns null, or "dim d: x vs y" at the first clash. */
    private static String broadcastInto(long[] out, long[][] shapes) {
        int rank = out.length;
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                long d = s[i];
                if (d == out[o] || d == 1) continue;
                if (out[o] == 1) {
                    out[o] = d;
                    continue;
                }
                return "dim " + (o - rank) + ": " + out[o] + " vs " + d;
            }
        }
        return null;
    }

    /** Wraps a possibly negative dim into [0, rank); throws naming the op. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r)
            throw new TensorException(op + ": dim " + dim + " out of range for a tensor of rank " + rank
                    + " (expected in [" + (-r) + ", " + (r - 1) + "])");
        return dim < 0 ? dim + r : dim;
    }

    /** Wraps and de-duplicates dims; an empty array means all dims. */
    public static int[] dims(String op, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            int d = dim(op, dims[i], rank);
            if (seen[d]) throw new TensorException(op + ": dim " + dims[i] + " appears more than once in " + Arrays.toString(dims));
            seen[d] = true;
            out[i] = d;
        }
        Arrays.sort(out);
        return out;
    }

    /** {@code newShape} with at most one -1 inferred; checked against t's numel ({@code op} names the caller). */
    static long[] inferShape(String op, long[] newShape, Tensor t) {
        long[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw TensorException.of(op, "only one dimension can be inferred in " + str(newShape), t);
                infer = i;
            } else if (s[i] < 0) {
                throw TensorException.of(op, "invalid shape dimension " + s[i] + " in " + str(newShape), t);
            } else {
                known *= s[i];
            }
        }
        long n = t.numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0)
                throw TensorException.of(op, "shape " + str(newShape) + " is invalid for input of size " + n, t);
            s[infer] = n / known;
        } else if (known != n) {
            throw TensorException.of(op, "shape " + str(newShape) + " is invalid for input of size " + n, t);
        }
        return s;
    }

    /** Strides for viewing (shape, strides) as {@code newShape} without copying, or null if impossible (PyTorch's computeStride). */
    static long[] viewStrides(long[] shape, long[] strides, long[] newShape) {
        long[] ns = new long[newShape.length];
        if (numel(shape) == 0) return contiguousStrides(newShape);
        int viewD = newShape.length - 1;
        long chunkBase = strides.length == 0 ? 1 : strides[strides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    ns[viewD] = viewNumel * chunkBase;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) {
            // trailing size-1 dims of the new shape
            for (; viewD >= 0; viewD--) {
                if (newShape[viewD] != 1) return null;
                ns[viewD] = 1;
            }
        }
        return ns;
    }

    public static String str(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    public static long[] of(int... dims) {
        long[] s = new long[dims.length];
        for (int i = 0; i < dims.length; i++) s[i] = dims[i];
        return s;
    }
}
