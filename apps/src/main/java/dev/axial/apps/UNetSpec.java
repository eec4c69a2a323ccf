package dev.axial.apps;

import dev.axial.nn.nets.UNet;
import dev.axial.tensor.Generator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The architecture of a MONAI {@code UNet}, kept beside its weights so that a checkpoint alone is enough to
 * run inference: {@link #toMetadata()} goes into the safetensors header's {@code __metadata__} (strings only),
 * {@link #fromMetadata} reads it back.
 *
 * <pre>{@code
 * UNetSpec spec = new UNetSpec(3, 1, 1, new int[]{16, 32, 64, 128, 256}, new int[]{2, 2, 2, 2}, 2, "batch");
 * UNet net = spec.build(new Generator(0));
 * }</pre>
 */
public record UNetSpec(int spatialDims, int inChannels, int outChannels, int[] channels, int[] strides, int numResUnits, String norm) {
    public UNetSpec {
        channels = channels.clone();
        strides = strides.clone();
        if (channels.length < 2 || strides.length != channels.length - 1)
            throw new IllegalArgumentException("UNetSpec: needs >= 2 channels and one stride fewer, got channels "
                    + Arrays.toString(channels) + ", strides " + Arrays.toString(strides));
    }

    /** A new, randomly initialised UNet (PyTorch's default initialisation drawn from {@code g}). */
    public UNet build(Generator g) {
        return UNet.builder(spatialDims, inChannels, outChannels, channels, strides).numResUnits(numResUnits).norm(norm).generator(g).build();
    }

    /** The product of the strides: input sizes should be multiples of it. */
    public int downsampling() { return Arrays.stream(strides).reduce(1, (a, b) -> a * b); }

    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("axial.network", "UNet");
        m.put("spatial_dims", Integer.toString(spatialDims));
        m.put("in_channels", Integer.toString(inChannels));
        m.put("out_channels", Integer.toString(outChannels));
        m.put("channels", join(channels));
        m.put("strides", join(strides));
        m.put("num_res_units", Integer.toString(numResUnits));
        m.put("norm", norm);
        return m;
    }

    /** The spec stored by {@link #toMetadata()}; {@code source} names the file in errors. */
    public static UNetSpec fromMetadata(Map<String, String> m, String source) {
        if (!"UNet".equals(m.get("axial.network")))
            throw new IllegalArgumentException(source + ": no UNet architecture in the checkpoint's metadata (keys " + m.keySet()
                    + "); give it with --channels/--strides/--res-units/--norm");
        try {
            return new UNetSpec(Integer.parseInt(m.get("spatial_dims")), Integer.parseInt(m.get("in_channels")),
                    Integer.parseInt(m.get("out_channels")), ints(m.get("channels")), ints(m.get("strides")),
                    Integer.parseInt(m.get("num_res_units")), m.get("norm"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": bad UNet metadata " + m + ": " + e.getMessage(), e);
        }
    }

    /** "16,32,64" -> {16, 32, 64}. */
    public static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] v) { return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(",")); }

    @Override public boolean equals(Object o) {
        return o instanceof UNetSpec s && s.spatialDims == spatialDims && s.inChannels == inChannels && s.outChannels == outChannels
                && Arrays.equals(s.channels, channels) && Arrays.equals(s.strides, strides) && s.numResUnits == numResUnits && s.norm.equals(norm);
    }

    @Override public int hashCode() { return toMetadata().hashCode(); }

    @Override public String toString() {
        return "UNet(" + spatialDims + "D, " + inChannels + "->" + outChannels + ", channels " + join(channels) + ", strides " + join(strides)
                + ", " + numResUnits + " res units, " + norm + " norm)";
    }
}
