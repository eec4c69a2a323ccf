package dev.axial.nn.layers.factories;

import dev.axial.nn.Module;
import dev.axial.nn.layers.LeakyReLU;
import dev.axial.nn.layers.PReLU;
import dev.axial.nn.layers.ReLU;

/**
 * MONAI's activation factory ({@code monai.networks.layers.factories.Act} and {@code get_act_layer}): a layer from a
 * name and keyword arguments. Supported: "prelu" (num_parameters 1, init 0.25), "relu", "leakyrelu"
 * (negative_slope 0.01); {@code inplace} is accepted and ignored.
 *
 * <pre>{@code
 * Module a = Act.layer(LayerSpec.of(Act.PRELU, Map.of("init", 0.2)));
 * Module r = Act.layer("relu");
 * }</pre>
 */
public final class Act {
    public static final String PRELU = "prelu", RELU = "relu", LEAKYRELU = "leakyrelu";

    private Act() {}

    public static Module layer(String name) { return layer(LayerSpec.of(name)); }

    /** get_act_layer: the activation {@code spec} names, with its arguments. */
    public static Module layer(LayerSpec spec) {
        return switch (spec.name()) {
            case PRELU -> {
                spec.check("Act", "num_parameters", "init");
                yield new PReLU(spec.intArg("num_parameters", 1), spec.doubleArg("init", 0.25));
            }
            case RELU -> {
                spec.check("Act", "inplace");
                yield new ReLU();
            }
            case LEAKYRELU -> {
                spec.check("Act", "negative_slope", "inplace");
                yield new LeakyReLU(spec.doubleArg("negative_slope", 0.01));
            }
            default -> throw new IllegalArgumentException("Act: unsupported activation '" + spec.name() + "' (supported: prelu, relu, leakyrelu)");
        };
    }
}
