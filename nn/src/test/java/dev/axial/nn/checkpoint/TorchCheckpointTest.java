package dev.axial.nn.checkpoint;

import dev.axial.tensor.DType;
import dev.axial.tensor.Fixtures;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** PyTorch checkpoints written by torch.save (tools/fixtures/gen_checkpoints.py) read without Python. */
class TorchCheckpointTest {
    static final Fixtures FX = Fixtures.load("checkpoints");

    static Path resource(String name) {
        try {
            return Path.of(TorchCheckpointTest.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertValues(String fixture, Tensor got) {
        assertArrayEquals(FX.shape(fixture), got.shape(), fixture + ": shape");
        double[] want = FX.values(fixture), have = got.to(DType.FLOAT64).toDoubleArray();
        // NOTE: float32 fixtures hold 9 significant digits: equal once rounded back to float32
        boolean f32 = got.dtype() == DType.FLOAT32 || got.dtype() == DType.FLOAT16 || got.dtype() == DType.BFLOAT16;
        for (int i = 0; i < want.length; i++)
            assertEquals(f32 ? (float) want[i] : want[i], f32 ? (float) have[i] : have[i], 0.0, fixture + "[" + i + "]");
    }

    @Test void monaiUnetStateDictLoadsInFileOrderWithItsValues() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> sd = TorchCheckpoint.load(resource("unet.pt"));
            assertEquals((long) FX.values("unet.keys")[0], sd.size());
            List<String> expected = new ArrayList<>();
            for (String k : sd.keySet()) expected.add(k);
            assertEquals("model.0.conv.unit0.conv.weight", expected.get(0));
            for (Map.Entry<String, Tensor> e : sd.entrySet()) assertValues("unet." + e.getKey(), e.getValue());
            Tensor nbt = sd.entrySet().stream().filter(e -> e.getKey().endsWith("num_batches_tracked")).findFirst().orElseThrow().getValue();
            assertEquals(DType.INT64, nbt.dtype());
            assertEquals(0, nbt.dim());
            assertEquals(1, nbt.itemLong());
        }
    }

    @Test void nestedCheckpointsPickTheModelByKeyAndReadTheRest() {
        try (Scope s = Scope.open()) {
            Path f = resource("nested.pt");
            var e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(f));
            assertTrue(e.getMessage().contains("nested.pt") && e.getMessage().contains("[model, epoch, optimizer, name]")
                    && e.getMessage().contains("load(file, key)"), e.getMessage());
            Map<String, Tensor> model = TorchCheckpoint.load(f, "model");
            for (Map.Entry<String, Tensor> en : model.entrySet()) assertValues("unet." + en.getKey(), en.getValue());
            var missing = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(f, "state_dict"));
            assertTrue(missing.getMessage().contains("'state_dict'") && missing.getMessage().contains("model"), missing.getMessage());

            Map<?, ?> all = (Map<?, ?>) TorchCheckpoint.read(f);
            assertEquals(3L, all.get("epoch"));
            assertEquals("unet", all.get("name"));
            Map<?, ?> opt = (Map<?, ?>) all.get("optimizer");
            Map<?, ?> st0 = (Map<?, ?>) ((Map<?, ?>) opt.get("state")).get(0L);
            Tensor expAvg = (Tensor) st0.get("exp_avg");
            assertArrayEquals(model.get("model.0.conv.unit0.conv.weight").shape(), expAvg.shape());
            List<?> groups = (List<?>) opt.get("param_groups");
            assertEquals(1e-3, (Double) ((Map<?, ?>) groups.get(0)).get("lr"));
            assertEquals(Boolean.FALSE, ((Map<?, ?>) groups.get(0)).get("amsgrad"));
        }
    }

    @Test void viewsIntoOneStorageBecomeTensorsOfTheirOwn() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> v = TorchCheckpoint.load(resource("views.pt"));
            assertEquals(List.of("whole", "rows", "transposed", "strided", "scalar", "f64", "i32", "f16", "bf16", "bool", "u8"), List.copyOf(v.keySet()));
            for (Map.Entry<String, Tensor> e : v.entrySet())
                if (!e.getKey().equals("bool")) assertValues("views." + e.getKey(), e.getValue());
            assertArrayEquals(new boolean[] {true, false, true}, v.get("bool").toBooleanArray());
            assertEquals(DType.FLOAT16, v.get("f16").dtype());
            assertEquals(DType.BFLOAT16, v.get("bf16").dtype());
            assertEquals(DType.UINT8, v.get("u8").dtype());
            // shared storage in the file, separate here: closing one leaves the others readable
            v.get("whole").close();
            assertEquals(17.0, v.get("transposed").getDouble(5, 2));
            assertEquals(6.0, v.get("rows").getDouble(0));
        }
    }

    // ---- bad input -----------------------------------------------------------------------------------

    @Test void truncatedZipNamesTheFile(@TempDir Path dir) throws IOException {
        byte[] all = Files.readAllBytes(resource("unet.pt"));
        Path cut = dir.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        var e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(cut));
        assertTrue(e.getMessage().contains("cut.pt") && e.getMessage().contains("truncated"), e.getMessage());

        Path legacy = dir.resolve("legacy.pt");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10});
        var l = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(legacy));
        assertTrue(l.getMessage().contains("legacy"), l.getMessage());
    }

    private static Path zip(Path file, byte[] pickle, String storageKey, byte[] storage) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(pickle);
            z.closeEntry();
            if (storageKey != null) {
                z.putNextEntry(new ZipEntry("archive/data/" + storageKey));
                z.write(storage);
                z.closeEntry();
            }
        }
        return file;
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    @Test void unsupportedGlobalsAndShortStoragesAreNamed(@TempDir Path dir) throws IOException {
        // {'x': os.system('echo')}: refused at the GLOBAL, by name
        Path evil = zip(dir.resolve("evil.pt"), bytes(0x80, 2, "}", "X", 1, 0, 0, 0, "x", "cos\nsystem\n", "X", 4, 0, 0, 0, "echo", 0x85, "R", "s."), null, null);
        var e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(evil));
        assertTrue(e.getMessage().contains("evil.pt") && e.getMessage().contains("'os.system'"), e.getMessage());

        // {'w': _rebuild_tensor_v2(storage('0', FloatStorage, numel 4), 0, (4,), (1,), False, OrderedDict())} with 8 bytes stored
        byte[] pkl = bytes(0x80, 2, "}", "X", 1, 0, 0, 0, "w",
                "ctorch._utils\n_rebuild_tensor_v2\n", "(",
                "(", "X", 7, 0, 0, 0, "storage", "ctorch\nFloatStorage\n", "X", 1, 0, 0, 0, "0", "X", 3, 0, 0, 0, "cpu", "K", 4, "t", "Q",
                "K", 0, "K", 4, 0x85, "K", 1, 0x85, 0x89, "ccollections\nOrderedDict\n", ")", "R", "t", "R", "s.");
        Path shortStorage = zip(dir.resolve("short.pt"), pkl, "0", new byte[8]);
        var s = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(shortStorage));
        assertTrue(s.getMessage().contains("short.pt") && s.getMessage().contains("key 'w'") && s.getMessage().contains("needs 16"), s.getMessage());
        try (Scope sc = Scope.open()) {
            Path ok = zip(dir.resolve("ok.pt"), pkl, "0", new byte[16]);
            assertArrayEquals(new long[] {4}, TorchCheckpoint.load(ok).get("w").shape());
        }
        Path cutPickle = zip(dir.resolve("cutpkl.pt"), Arrays.copyOf(pkl, pkl.length - 5), "0", new byte[16]);
        var c = assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(cutPickle));
        assertTrue(c.getMessage().contains("cutpkl.pt") && c.getMessage().contains("data.pkl"), c.getMessage());
    }
}
