package dev.axial.nn.nets;

import dev.axial.nn.layers.factories.LayerSpec;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * State-dict keys (in order), shapes, parameter counts and printed trees of UNets equal MONAI's, for the
 * configurations of tools/fixtures/gen_unet.py (fixtures unet_keys.txt and unet_repr.txt).
 */
class UNetStructureTest {
    static final Map<String, Supplier<UNet>> CONFIGS = new LinkedHashMap<>();

    static {
        Generator g = new Generator(1);
        CONFIGS.put("res3d_small", () -> UNet.builder(3, 1, 2, new int[]{4, 8, 16}, new int[]{2, 2}).numResUnits(2).generator(g).build());
        CONFIGS.put("plain2d_batch", () -> UNet.builder(2, 1, 2, new int[]{4, 8, 16}, new int[]{2, 2}).norm("BATCH").generator(g).build());
        CONFIGS.put("spleen3d_batch", () -> UNet.builder(3, 1, 2, new int[]{16, 32, 64, 128, 256}, new int[]{2, 2, 2, 2})
                .numResUnits(2).norm("BATCH").generator(g).build());
        CONFIGS.put("issue3d_instance", () -> UNet.builder(3, 1, 1, new int[]{16, 32, 64, 128, 256}, new int[]{2, 2, 2, 2})
                .numResUnits(2).generator(g).build());
        CONFIGS.put("plain3d_instance", () -> UNet.builder(3, 1, 3, new int[]{8, 16, 32, 64}, new int[]{2, 2, 2}).generator(g).build());
        CONFIGS.put("res2d_affine", () -> UNet.builder(2, 3, 2, new int[]{8, 16, 32}, new int[]{2, 2}).numResUnits(3)
                .norm(LayerSpec.of("instance", Map.of("affine", true))).act("relu").bias(false).generator(g).build());
        CONFIGS.put("plain1d_batch", () -> UNet.builder(1, 1, 1, new int[]{4, 8}, new int[]{2}).norm("batch").generator(g).build());
    }

    record Expected(long numParams, Map<String, long[]> shapes) {}

    static Map<String, Expected> readKeys() throws IOException {
        Map<String, Expected> out = new LinkedHashMap<>();
        Map<String, long[]> cur = null;
        for (String line : lines("/fixtures/unet_keys.txt")) {
            if (line.startsWith("#")) continue;
            String[] t = line.split(" ");
            if (t[0].equals("config")) {
                cur = new LinkedHashMap<>();
                out.put(t[1], new Expected(Long.parseLong(t[2]), cur));
                continue;
            }
            long[] shape = new long[t.length - 1];
            for (int i = 1; i < t.length; i++) shape[i - 1] = Long.parseLong(t[i]);
            cur.put(t[0], shape);
        }
        return out;
    }

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = UNetStructureTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
    }

    @Test void keysShapesAndParameterCountsMatchMonai() throws IOException {
        Map<String, Expected> expected = readKeys();
        assertEquals(CONFIGS.keySet(), expected.keySet());
        for (var e : CONFIGS.entrySet()) {
            Expected want = expected.get(e.getKey());
            try (UNet net = e.getValue().get()) {
                Map<String, Tensor> sd = net.stateDict();
                assertEquals(List.copyOf(want.shapes().keySet()), List.copyOf(sd.keySet()), e.getKey() + ": keys in order");
                for (var k : want.shapes().entrySet())
                    assertArrayEquals(k.getValue(), sd.get(k.getKey()).shape(), e.getKey() + ": " + k.getKey() + " " + Shapes.str(sd.get(k.getKey()).shape()));
                assertEquals(want.numParams(), net.numParameters(), e.getKey() + ": parameter count");
            }
        }
    }

    @Test void spleenUNetHasMonaisKnownSize() {
        // MONAI 1.5: UNet(3, 1, 2, (16, 32, 64, 128, 256), (2, 2, 2, 2), num_res_units=2, norm=BATCH)
        try (UNet net = CONFIGS.get("spleen3d_batch").get()) {
            assertEquals(4_808_917, net.numParameters());
            assertEquals(148, net.stateDict().size());
            assertArrayEquals(new long[]{384, 64, 3, 3, 3},
                    net.stateDict().get("model.1.submodule.1.submodule.1.submodule.2.0.conv.weight").shape());
        }
    }

    @Test void toStringPrintsMonaisTree() throws IOException {
        Map<String, String> repr = new LinkedHashMap<>();
        String name = null;
        List<String> body = new ArrayList<>();
        for (String line : lines("/fixtures/unet_repr.txt")) {
            if (line.startsWith("=== ")) {
                if (name != null) repr.put(name, String.join("\n", body));
                name = line.substring(4);
                body.clear();
            } else body.add(line);
        }
        repr.put(name, String.join("\n", body));
        for (var e : repr.entrySet())
            try (UNet net = CONFIGS.get(e.getKey()).get()) {
                assertEquals(e.getValue().strip(), net.toString().strip(), e.getKey());
            }
    }

    @Test void badConfigurationsSayWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> UNet.builder(3, 1, 2, new int[]{4}, new int[]{}).build());
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> UNet.builder(3, 1, 2, new int[]{4, 8, 16}, new int[]{2}).build());
        assertTrue(e.getMessage().contains("strides"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> UNet.builder(3, 1, 2, new int[]{4, 8}, new int[]{2}).kernelSize(3, 3).build());
        assertTrue(e.getMessage().contains("kernel_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> UNet.builder(3, 1, 2, new int[]{4, 8}, new int[]{2}).act("swish").build());
        assertTrue(e.getMessage().contains("swish"), e.getMessage());
    }
}
