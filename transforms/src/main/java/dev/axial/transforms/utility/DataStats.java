package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Function;

/**
 * MONAI's {@code DataStats}: logs a few lines about the image and returns it unchanged. The text is MONAI's, in Java
 * spelling:
 * <pre>
 * Data statistics:
 * Type: MetaTensor float32
 * Shape: [1, 64, 64]
 * Value range: (0.0, 1.0)
 * </pre>
 * then, if asked, {@code Value: [...]} (up to 1000 values), {@code Meta info: {...}} and
 * {@code Additional info: ...}. It goes to the {@link System.Logger} named {@code name} (default "DataStats") at
 * INFO, or to a {@link PrintStream} if one is set.
 *
 * <pre>{@code
 * new DataStats().prefix("Image").dataValue(true).printer(System.out).apply(img);
 * }</pre>
 */
public class DataStats extends ArrayTransform {
    private static final int MAX_VALUES = 1000;
    private String prefix = "Data";
    private boolean dataType = true, dataShape = true, valueRange = true, dataValue, metaInfo;
    private Function<? super MetaTensor, ?> additionalInfo;
    private System.Logger logger = System.getLogger("DataStats");
    private PrintStream printer;

    public DataStats prefix(String p) { prefix = p; return this; }

    public DataStats dataType(boolean b) { dataType = b; return this; }

    public DataStats dataShape(boolean b) { dataShape = b; return this; }

    public DataStats valueRange(boolean b) { valueRange = b; return this; }

    public DataStats dataValue(boolean b) { dataValue = b; return this; }

    public DataStats metaInfo(boolean b) { metaInfo = b; return this; }

    /** MONAI's additional_info: a function of the image whose result is printed. */
    public DataStats additionalInfo(Function<? super MetaTensor, ?> f) { additionalInfo = f; return this; }

    /** MONAI's name: the logger's name. */
    public DataStats name(String loggerName) { logger = System.getLogger(loggerName); return this; }

    /** Logs to {@code logger} instead. */
    public DataStats logger(System.Logger l) { logger = l; return this; }

    /** Prints to {@code out} instead of logging (null: log again). */
    public DataStats printer(PrintStream out) { printer = out; return this; }

    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        String text = format(img);
        if (printer != null) printer.println(text);
        else logger.log(System.Logger.Level.INFO, text);
        return img;
    }

    /** The text {@link #apply} logs for {@code img}. */
    public String format(MetaTensor img) {
        Tensor a = img.array();
        StringBuilder sb = new StringBuilder(prefix).append(" statistics:");
        if (dataType) sb.append("\nType: MetaTensor ").append(a.dtype());
        if (dataShape) sb.append("\nShape: ").append(Arrays.toString(a.shape()));
        if (valueRange) {
            if (a.numel() == 0) sb.append("\nValue range: (empty)");
            else sb.append("\nValue range: (").append(number(a.min())).append(", ").append(number(a.max())).append(")");
        }
        if (dataValue) {
            double[] v = a.reshape(-1).narrow(0, 0, Math.min(a.numel(), MAX_VALUES)).to(dev.axial.tensor.DType.FLOAT64).toDoubleArray();
            String shown = Arrays.toString(v);
            if (a.numel() > MAX_VALUES) shown = shown.substring(0, shown.length() - 1) + ", ... (" + a.numel() + " values)]";
            sb.append("\nValue: ").append(shown);
        }
        if (metaInfo) sb.append("\nMeta info: ").append(img.meta());
        if (additionalInfo != null) sb.append("\nAdditional info: ").append(additionalInfo.apply(img));
        return sb.toString();
    }

    private static String number(Tensor scalar) {
        return scalar.dtype().isFloatingPoint() ? String.valueOf(scalar.item()) : String.valueOf(scalar.itemLong());
    }
}
