package dev.axial.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a tensor as PyTorch's {@code repr} does (torch/_tensor_str.py with the default print options: precision 4,
 * threshold 1000, edgeitems 3, linewidth 80): the same number formats (fixed, integer-valued "1.", or scientific
 * when the range demands), the same alignment, wrapping and "..." summarisation, and the suffixes
 * {@code device='cuda:0'} (off the CPU) and {@code dtype=torch.int32} (other than float32, int64, bool).
 * Axial adds one suffix PyTorch prints only for empty tensors: {@code size=(2, 3)}, the shape, for every tensor
 * of rank 1 or more, so that a printed tensor always says its shape.
 *
 * <pre>{@code
 * tensor([[1.5000, 2.0000],
 *         [3.0000, 4.0000]], size=(2, 2))
 * tensor([1, 2, 3], size=(3,), dtype=torch.int32)
 * }</pre>
 */
final class TensorFormatter {
    private static final int PRECISION = 4, THRESHOLD = 1000, EDGE = 3, LINEWIDTH = 80;

    private TensorFormatter() {}

    static String format(Tensor t) {
        if (t.storage().isFreed()) return "tensor(<freed>, " + t.describe() + ")";
        String prefix = "tensor(";
        int indent = prefix.length();
        List<String> suffixes = new ArrayList<>();
        if (!t.device().isCpu()) suffixes.add("device='" + t.device() + "'");
        if (t.dim() > 0) suffixes.add("size=" + tuple(t.shape()));
        DType dt = t.dtype();
        boolean defaultDtype = dt == DType.FLOAT32 || (t.numel() > 0 && (dt == DType.INT64 || dt == DType.BOOL));
        if (!defaultDtype) suffixes.add("dtype=torch." + dt.torchName());
        String body;
        if (t.numel() == 0) {
            body = "[]";
        } else {
            boolean summarize = t.numel() > THRESHOLD;
            Node root = read(t, summarize);
            Formatter f = new Formatter(dt, root.values());
            body = t.dim() == 0 ? f.format(root.row[0]) : render(root, indent, f);
        }
        return addSuffixes(prefix + body, suffixes, indent);
    }

    private static String tuple(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String addSuffixes(String s, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(s);
        int lastLine = s.length() - s.lastIndexOf('\n') + 1;
        for (String suf : suffixes) {
            if (lastLine + suf.length() + 2 > LINEWIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(suf);
                lastLine = indent + suf.length();
            } else {
                sb.append(", ").append(suf);
                lastLine += suf.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    // ---- reading only the elements that will be printed ------------------------------------------

    /** A printed sub-tensor: children (null marks "...") or, for a row, its values with the "..." position. */
    private record Node(List<Node> children, double[] row, int ellipsisAt) {
        List<Double> values() {
            List<Double> out = new ArrayList<>();
            collect(out);
            return out;
        }

        private void collect(List<Double> out) {
            if (row != null) {
                for (double v : row) out.add(v);
            } else {
                for (Node c : children) if (c != null) c.collect(out);
            }
        }
    }

    private static Node read(Tensor t, boolean summarize) {
        if (t.dim() == 0) return new Node(null, values(t), -1);
        long n = t.size(0);
        boolean cut = summarize && n > 2 * EDGE;
        if (t.dim() == 1) {
            if (!cut) return new Node(null, values(t), -1);
            double[] a = values(t.narrow(0, 0, EDGE)), b = values(t.narrow(0, n - EDGE, EDGE));
            double[] row = new double[2 * EDGE];
            System.arraycopy(a, 0, row, 0, EDGE);
            System.arraycopy(b, 0, row, EDGE, EDGE);
            return new Node(null, row, EDGE);
        }
        List<Node> kids = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                kids.add(null);
                i = n - EDGE - 1;
                continue;
            }
            kids.add(read(t.select(0, i), summarize));
        }
        return new Node(kids, null, -1);
    }

    /** Values as double: exact for floats and for integers up to 2^53; int64 beyond that is read exactly by the formatter. */
    private static double[] values(Tensor t) {
        if (t.dtype() == DType.INT64) {
            long[] l = t.toLongArray();
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) d[i] = Double.longBitsToDouble(l[i]);   // carried as raw bits
            return d;
        }
        return t.toDoubleArray();
    }

    // ---- layout ----------------------------------------------------------------------------------

    private static String render(Node node, int indent, Formatter f) {
        if (node.row != null) return vector(node, indent, f);
        List<String> parts = new ArrayList<>();
        for (Node c : node.children) parts.add(c == null ? "..." : render(c, indent + 1, f));
        int depth = depth(node);
        String sep = "," + "\n".repeat(depth - 1) + " ".repeat(indent + 1);
        return "[" + String.join(sep, parts) + "]";
    }

    private static int depth(Node n) {
        if (n.row != null) return 1;
        for (Node c : n.children) if (c != null) return 1 + depth(c);
        return 2;
    }

    private static String vector(Node node, int indent, Formatter f) {
        int perLine = Math.max(1, (LINEWIDTH - indent) / (f.width + 2));
        List<String> data = new ArrayList<>();
        for (int i = 0; i < node.row.length; i++) {
            if (i == node.ellipsisAt) data.add(" ...");
            data.add(f.format(node.row[i]));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < data.size(); i += perLine)
            lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
        return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }

    // ---- number formats (PyTorch's _Formatter) ---------------------------------------------------

    private static final class Formatter {
        final DType dtype;
        final boolean floating;
        boolean intMode = true, sci = false;
        int width = 1;

        Formatter(DType dtype, List<Double> vals) {
            this.dtype = dtype;
            this.floating = dtype.isFloatingPoint();
            if (!floating) {
                for (double v : vals) width = Math.max(width, plain(v).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY, max = 0;
            List<Double> finite = new ArrayList<>();
            for (double v : vals) {
                if (Double.isFinite(v) && v != 0) {
                    finite.add(v);
                    min = Math.min(min, Math.abs(v));
                    max = Math.max(max, Math.abs(v));
                    if (v != Math.ceil(v)) intMode = false;
                }
            }
            if (finite.isEmpty()) return;
            if (intMode) {
                sci = max / min > 1000.0 || max > 1.0e8;
                for (double v : finite) width = Math.max(width, sci ? sciStr(v).length() : fixed(v, 0).length() + 1);
            } else {
                sci = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
                for (double v : finite) width = Math.max(width, (sci ? sciStr(v) : fixed(v, PRECISION)).length());
            }
        }

        String plain(double v) {
            return switch (dtype) {
                case BOOL -> v != 0 ? "True" : "False";
                case INT64 -> Long.toString(Double.doubleToRawLongBits(v));
                default -> Long.toString((long) v);
            };
        }

        String format(double v) {
            String s;
            if (!floating) s = plain(v);
            else if (sci) s = sciStr(v);
            else if (intMode) s = Double.isFinite(v) ? fixed(v, 0) + "." : fixed(v, 0);
            else s = fixed(v, PRECISION);
            return s.length() < width ? " ".repeat(width - s.length()) + s : s;
        }

        private static String nonFinite(double v) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }

        private static boolean negative(double v) { return v < 0 || (v == 0 && 1 / v < 0); }

        /** Python's '{:.Nf}': the exact binary value rounded half-even. */
        static String fixed(double v, int digits) {
            if (!Double.isFinite(v)) return nonFinite(v);
            String s = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
            return negative(v) ? "-" + s : s;
        }

        /** Python's '{:.4e}'. */
        static String sciStr(double v) {
            if (!Double.isFinite(v)) return nonFinite(v);
            String sign = negative(v) ? "-" : "";
            if (v == 0) return sign + "0." + "0".repeat(PRECISION) + "e+00";
            BigDecimal b = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            int exp = b.precision() - b.scale() - 1;
            String mant = b.movePointLeft(exp).setScale(PRECISION, RoundingMode.HALF_EVEN).toPlainString();
            String e = Integer.toString(Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
    }
}
