package dev.axial.tensor.cpu;

import dev.axial.tensor.spi.BinaryOp;
import dev.axial.tensor.spi.UnaryOp;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The definition of every elementwise op on one element: in double for floating dtypes, in long for integer
 * and bool dtypes (wrapping as C and PyTorch do). The general strided kernels apply these; the fast paths
 * must agree with them to the dtype's tolerance.
 */
public final class ScalarMath {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    private ScalarMath() {}

    /** The function for a floating dtype; params as documented on {@link UnaryOp}. */
    public static DoubleUnaryOperator unary(UnaryOp op, double[] p) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> x -> x > 0 ? 1 : x < 0 ? -1 : 0;   // NaN gives 0, as PyTorch's CPU kernel ((0 < x) - (x < 0))
            case RECIPROCAL -> x -> 1 / x;
            case SQUARE -> x -> x * x;
            case EXP -> Math::exp;
            case EXP2 -> x -> Math.pow(2, x);
            case EXPM1 -> Math::expm1;
            case LOG -> Math::log;
            case LOG2 -> ScalarMath::log2;
            case LOG10 -> Math::log10;
            case LOG1P -> Math::log1p;
            case SQRT -> Math::sqrt;
            case RSQRT -> x -> 1 / Math.sqrt(x);
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            case ROUND -> Math::rint;
            case TRUNC -> x -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case FRAC -> x -> x - (x < 0 ? Math.ceil(x) : Math.floor(x));
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TAN -> Math::tan;
            case ASIN -> Math::asin;
            case ACOS -> Math::acos;
            case ATAN -> Math::atan;
            case SINH -> Math::sinh;
            case COSH -> Math::cosh;
            case TANH -> Math::tanh;
            case ERF -> ScalarMath::erf;
            case ERFC -> ScalarMath::erfc;
            case SIGMOID -> ScalarMath::sigmoid;
            case LOGSIGMOID -> x -> Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
            case RELU -> x -> x < 0 ? 0 : x;
            case RELU6 -> x -> x < 0 ? 0 : x > 6 ? 6 : x;
            case SILU -> x -> x * sigmoid(x);
            case MISH -> x -> x * Math.tanh(softplus(x, 1, 20));
            case LEAKY_RELU -> {
                double s = p[0];
                yield x -> x > 0 ? x : x * s;
            }
            case ELU -> {
                double a = p[0];
                yield x -> x > 0 ? x : a * Math.expm1(x);
            }
            case GELU -> p[0] == 0
                    ? x -> 0.5 * x * (1 + erf(x * INV_SQRT2))
                    : x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SOFTPLUS -> {
                double beta = p[0], th = p[1];
                yield x -> softplus(x, beta, th);
            }
            case CLAMP -> {
                double lo = p[0], hi = p[1];
                yield x -> clamp(x, lo, hi);
            }
            case POW_SCALAR -> {
                double e = p[0];
                yield x -> Math.pow(x, e);
            }
            case RPOW_SCALAR -> {
                double b = p[0];
                yield x -> Math.pow(b, x);
            }
            case NAN_TO_NUM -> {
                double nan = p[0], pos = p[1], neg = p[2];
                yield x -> Double.isNaN(x) ? nan : x == Double.POSITIVE_INFINITY ? pos : x == Double.NEGATIVE_INFINITY ? neg : x;
            }
            case LOGICAL_NOT, ISNAN, ISINF, ISFINITE, BITWISE_NOT ->
                    throw new IllegalArgumentException(op + " has no floating form");
        };
    }

    /** The function for an integer or bool dtype (null when the op has no integer form). */
    public static LongUnaryOperator unaryLong(UnaryOp op, double[] p) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> Math::abs;
            case SIGN -> Long::signum;
            case SQUARE -> x -> x * x;
            case FLOOR, CEIL, ROUND, TRUNC, NAN_TO_NUM -> x -> x;
            case RELU -> x -> Math.max(x, 0);
            case RELU6 -> x -> Math.min(Math.max(x, 0), 6);
            case BITWISE_NOT -> x -> ~x;
            case CLAMP -> {
                double lo = p[0], hi = p[1];
                long l = Double.isNaN(lo) ? Long.MIN_VALUE : (long) Math.ceil(lo);
                long h = Double.isNaN(hi) ? Long.MAX_VALUE : (long) Math.floor(hi);
                yield x -> Math.min(Math.max(x, l), h);
            }
            case POW_SCALAR -> {
                long e = (long) p[0];
                yield x -> powLong(x, e);
            }
            case RPOW_SCALAR -> {
                long b = (long) p[0];
                yield x -> powLong(b, x);
            }
            default -> null;
        };
    }

    /** The predicate ops on a double: ISNAN, ISINF, ISFINITE, LOGICAL_NOT. */
    public static boolean test(UnaryOp op, double x) {
        return switch (op) {
            case ISNAN -> Double.isNaN(x);
            case ISINF -> Double.isInfinite(x);
            case ISFINITE -> Double.isFinite(x);
            case LOGICAL_NOT -> x == 0;
            default -> throw new IllegalArgumentException(op + " is not a predicate");
        };
    }

    /** The floating form of op with its params (ADD_SCALED: alpha). */
    public static DoubleBinaryOperator binary(BinaryOp op, double[] p) {
        if (op == BinaryOp.ADD_SCALED) {
            double alpha = p[0];
            return (a, b) -> Math.fma(b, alpha, a);
        }
        return binary(op);
    }

    public static DoubleBinaryOperator binary(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case FLOOR_DIVIDE -> ScalarMath::floorDivide;
            case TRUNC_DIVIDE -> (a, b) -> truncate(a / b);
            case REMAINDER -> ScalarMath::remainder;
            case FMOD -> (a, b) -> a % b;
            case POW -> Math::pow;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case ATAN2 -> Math::atan2;
            case HYPOT -> Math::hypot;
            case PRELU -> (a, b) -> a > 0 ? a : b * a;
            case LOGICAL_AND -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            case BITWISE_AND, BITWISE_OR, BITWISE_XOR -> throw new IllegalArgumentException(op + " has no floating form");
            case ADD_SCALED -> throw new IllegalArgumentException(op + " takes params: use binary(op, params)");
        };
    }

    /** Integer forms; integer division by zero throws ArithmeticException (the frontend reports it). */
    public static LongBinaryOperator binaryLong(BinaryOp op, double[] p) {
        if (op == BinaryOp.ADD_SCALED) {
            long alpha = (long) p[0];   // integral and within 2^53 (the frontend's contract): exact
            return (a, b) -> a + alpha * b;
        }
        return binaryLong(op);
    }

    public static LongBinaryOperator binaryLong(BinaryOp op) {
        return switch (op) {
            case ADD -> Long::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case FLOOR_DIVIDE -> Math::floorDiv;
            case TRUNC_DIVIDE -> (a, b) -> a / b;
            case REMAINDER -> Math::floorMod;
            case FMOD -> (a, b) -> a % b;
            case POW -> ScalarMath::powLong;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case ATAN2, HYPOT, PRELU -> throw new IllegalArgumentException(op + " has no integer form");
            case LOGICAL_AND -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case LOGICAL_XOR -> (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            case BITWISE_AND -> (a, b) -> a & b;
            case BITWISE_OR -> (a, b) -> a | b;
            case BITWISE_XOR -> (a, b) -> a ^ b;
            case ADD_SCALED -> throw new IllegalArgumentException(op + " takes params: use binaryLong(op, params)");
        };
    }

    public static double clamp(double x, double lo, double hi) {
        if (x < lo) x = lo;   // NaN bounds compare false: no bound; a NaN x stays NaN
        if (x > hi) x = hi;
        return x;
    }

    public static double log2(double x) {
        return Math.log(x) * 1.4426950408889634;
    }

    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1 + e^(beta x)) / beta, linear above the threshold (torch.nn.functional.softplus). */
    public static double softplus(double x, double beta, double threshold) {
        double bx = x * beta;
        if (bx > threshold) return x;
        return (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta;
    }

    /** Python's floor division on doubles, as PyTorch's div_floor (exact where a/b rounds across an integer). */
    /** Rounds toward zero, keeping NaN, infinities and the sign of zero. */
    static double truncate(double x) { return x < 0 ? Math.ceil(x) : Math.floor(x); }

    public static double floorDivide(double a, double b) {
        if (b == 0) return a / b;
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0, a / b);
        double fl = Math.floor(div);
        if (div - fl > 0.5) fl += 1;
        return fl;
    }

    /** Python's %: the result takes b's sign. */
    public static double remainder(double a, double b) {
        double m = a % b;
        if (m != 0 && (b < 0) != (m < 0)) m += b;
        return m;
    }

    /** b^e with wrapping; e < 0 gives 0 except for b = 1 or -1 (as PyTorch's integer pow). */
    public static long powLong(long b, long e) {
        if (e < 0) {
            if (b == 1) return 1;
            if (b == -1) return (e & 1) == 0 ? 1 : -1;
            if (b == 0) throw new ArithmeticException("0 cannot be raised to a negative power");
            return 0;
        }
        long r = 1;
        while (e > 0) {
            if ((e & 1) != 0) r *= b;
            b *= b;
            e >>= 1;
        }
        return r;
    }

    /** erf to double precision: an all-positive series below 2.5, 1 - erfc above. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a >= 2.5) return Math.copySign(1 - erfcLarge(a), x);
        return Math.copySign(erfSeries(a), x);
    }

    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2 - erfc(-x);
        if (x < 0.5) return 1 - erfSeries(x);
        if (x < 2.5) return erfcMid(x);
        return erfcLarge(x);
    }

    /** erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^n x^{2n+1} / (1*3*...*(2n+1)): positive terms, no cancellation. */
    private static double erfSeries(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** Continued fraction for erfc, converging fast for large x (modified Lentz). */
    private static double erfcLarge(double x) {
        if (x > 27) return 0;
        // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 5000; k++) {
            double ak = k * 0.5;
            d = x + ak * d;
            d = d == 0 ? tiny : d;
            c = x + ak / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / (f * 1.7724538509055159);
    }

    /** erfc on [0.5, 2.5): the continued fraction converges slowly there, so integrate from the series' complement with care. */
    private static double erfcMid(double x) {
        // erfc(x) = erfc(2.5) + 2/sqrt(pi) * integral_x^2.5 e^{-t^2} dt, by Gauss-Legendre on short panels
        double sum = 0;
        int panels = 16;
        double h = (2.5 - x) / panels;
        for (int i = 0; i < panels; i++) {
            double lo = x + i * h, mid = lo + h / 2;
            for (int k = 0; k < GL_X.length; k++) {
                double t = mid + GL_X[k] * h / 2;
                sum += GL_W[k] * Math.exp(-t * t);
            }
        }
        return erfcLarge(2.5) + TWO_OVER_SQRT_PI * sum * h / 2;
    }

    private static final double[] GL_X = {-0.9324695142031521, -0.6612093864662645, -0.2386191860831969,
            0.2386191860831969, 0.6612093864662645, 0.9324695142031521};
    private static final double[] GL_W = {0.1713244923791704, 0.3607615730481386, 0.4679139345726910,
            0.4679139345726910, 0.3607615730481386, 0.1713244923791704};
}
