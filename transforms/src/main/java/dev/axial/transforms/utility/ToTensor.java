package dev.axial.transforms.utility;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.TransformBase;

import java.util.List;

/**
 * MONAI's {@code ToTensor}: makes the data a tensor, optionally of {@code dtype} on {@code device}. Accepts a
 * MetaTensor, a Tensor, a Java primitive array (1-D), a Number (0-D) or a list of Numbers (1-D, MONAI's
 * wrap_sequence); other lists are converted item by item. With {@code trackMeta} (default true, MONAI's
 * {@code get_track_meta()}) the result is a MetaTensor (keeping the input's metadata), else a plain Tensor. A tensor
 * already of the asked dtype and device is returned as it is.
 *
 * <pre>{@code
 * MetaTensor img = (MetaTensor) new ToTensor().dtype(DType.FLOAT32).apply(new float[]{1, 2, 3});
 * }</pre>
 */
public class ToTensor extends TransformBase {
    private DType dtype;
    private Device device;
    private boolean trackMeta = true;

    public ToTensor dtype(DType dt) { dtype = dt; return this; }

    public ToTensor device(Device dev) { device = dev; return this; }

    public ToTensor trackMeta(boolean track) { trackMeta = track; return this; }

    @Override public Object apply(Object data, RandomState rs) {
        if (data instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(o -> o instanceof Number)) return finish(null, numbers(l));
        List<Object> mapped = mapList(data, rs);
        if (mapped != null) return mapped;
        return switch (data) {
            case MetaTensor m -> finish(m, m.array());
            case Tensor t -> finish(null, t);
            case float[] a -> finish(null, Tensor.of(a, a.length));
            case double[] a -> finish(null, Tensor.of(a, a.length));
            case int[] a -> finish(null, Tensor.of(a, a.length));
            case long[] a -> finish(null, Tensor.of(a, a.length));
            case short[] a -> finish(null, Tensor.of(a, a.length));
            case byte[] a -> finish(null, Tensor.of(a, a.length));
            case boolean[] a -> finish(null, Tensor.of(a, a.length));
            case Number n -> finish(null, Tensor.scalar(DType.defaultFor(n), Device.CPU, n));
            case null, default -> throw error("cannot convert " + (data == null ? "null" : data.getClass().getSimpleName()) + " to a tensor");
        };
    }

    /** The array converted, wrapped as the options say ({@code meta}: the input's MetaTensor, or null). */
    private Object finish(MetaTensor meta, Tensor t) {
        Tensor out = t;
        if (dtype != null && out.dtype() != dtype) out = out.to(dtype);
        if (device != null && !out.device().equals(device)) out = out.to(device);
        if (!trackMeta) return out;
        if (meta != null) return out == t ? meta : meta.withArray(out);
        return MetaTensor.of(out);
    }

    private static Tensor numbers(List<?> l) {
        boolean floating = l.stream().anyMatch(o -> o instanceof Double || o instanceof Float);
        if (floating) return Tensor.of(l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray(), l.size()).to(DType.FLOAT32);
        return Tensor.of(l.stream().mapToLong(o -> ((Number) o).longValue()).toArray(), l.size());
    }
}
