package dev.axial.nn.checkpoint;

import dev.axial.autograd.Variable;
import dev.axial.nn.Module;
import dev.axial.nn.StateDictException;
import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.axial.nn.checkpoint.TorchCheckpointTest.assertValues;
import static dev.axial.nn.checkpoint.TorchCheckpointTest.resource;
import static org.junit.jupiter.api.Assertions.*;

/** safetensors against the reference writer's file, Axial's own writes, atomic saves and bad files. */
class SafeTensorsTest {
    @Test void readsTheReferenceWritersFileInDataOrder() {
        try (Scope s = Scope.open()) {
            Path f = resource("ref.safetensors");
            Map<String, Tensor> t = SafeTensors.read(f);
            assertEquals(List.of("bn.num_batches_tracked", "f64", "conv.bias", "conv.weight", "empty", "bf", "half", "i16", "i8", "mask"),
                    List.copyOf(t.keySet()));
            for (Map.Entry<String, Tensor> e : t.entrySet())
                if (!e.getKey().equals("mask")) assertValues("st." + e.getKey(), e.getValue());
            assertArrayEquals(new boolean[] {true, false, false, true}, t.get("mask").toBooleanArray());
            assertEquals(DType.INT8, t.get("i8").dtype());
            assertEquals(Map.of("format", "pt"), SafeTensors.metadata(f));
        }
    }

    /** The same tensors written by Axial give the reference writer's bytes exactly (order, header, padding). */
    @Test void writingGivesTheReferenceWritersBytes(@TempDir Path dir) throws IOException {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> t = SafeTensors.read(resource("ref.safetensors"));
            // NOTE: written under target/ too, for tools/fixtures/gen_checkpoints.py --check
            Path out = Path.of("target", "roundtrip.safetensors");
            Files.createDirectories(out.getParent());
            SafeTensors.write(out, t, Map.of("format", "pt"));
            assertArrayEquals(Files.readAllBytes(resource("ref.safetensors")), Files.readAllBytes(out));
            Map<String, Tensor> back = SafeTensors.read(out);
            for (String k : t.keySet()) assertArrayEquals(t.get(k).to(DType.FLOAT64).toDoubleArray(), back.get(k).to(DType.FLOAT64).toDoubleArray(), k);
        }
    }

    static final class Tiny extends Module {
        final Variable w;
        Tiny(long n) {
            w = registerParameter("weight", Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, n, 1));
            registerBuffer("count", Tensor.of(new long[] {3}, 1));
        }
        @Override public Variable forward(Variable x) { return x.mul(w); }
    }

    @Test void checkpointsSaveAndLoadModulesAtomically(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        try (Tiny a = new Tiny(4); Tiny b = new Tiny(4); Tiny wide = new Tiny(5)) {
            a.w.data().mul_(2);
            Checkpoints.save(a, f);
            assertTrue(Checkpoints.loadInto(b, f, true).isClean());
            assertArrayEquals(new float[] {0, 2, 4, 6}, b.w.data().toFloatArray());
            var e = assertThrows(StateDictException.class, () -> Checkpoints.loadInto(wide, f, true));
            assertTrue(e.getMessage().contains("weight: checkpoint [4], model [5]"), e.getMessage());

            // a save that fails half way leaves the previous file as it was, and no temporary file
            byte[] before = Files.readAllBytes(f);
            Map<String, Tensor> broken = new LinkedHashMap<>(a.stateDict());
            Tensor dead = Tensor.zeros(3);
            Scope.release(dead).close();
            broken.put("zz.dead", dead);
            assertThrows(RuntimeException.class, () -> Checkpoints.save(broken, f));
            assertArrayEquals(before, Files.readAllBytes(f));
            try (var files = Files.list(dir)) { assertEquals(List.of(f), files.toList()); }

            var pt = assertThrows(CheckpointException.class, () -> Checkpoints.save(a, dir.resolve("x.pt")));
            assertTrue(pt.getMessage().contains(".safetensors only"), pt.getMessage());
        }
        try (Scope s = Scope.open()) {
            Map<String, Tensor> model = Checkpoints.load(resource("nested.pt"), "model");
            assertTrue(model.containsKey("model.0.conv.unit0.conv.weight"));
            Map<String, Tensor> stripped = Checkpoints.stripPrefix(Map.of("module.a", Tensor.zeros(1), "b", Tensor.zeros(1)), "module.");
            assertEquals(java.util.Set.of("a", "b"), stripped.keySet());
        }
    }

    @Test void readsAndFailedReadsLeaveNothingAllocated(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.safetensors");
        byte[] all = Files.readAllBytes(resource("ref.safetensors"));
        Files.write(cut, Arrays.copyOf(all, all.length - 3));
        long before = dev.axial.tensor.cpu.CpuStorage.liveBytes();
        for (int i = 0; i < 50; i++) {
            try (Scope s = Scope.open()) {
                SafeTensors.read(resource("ref.safetensors"));
                TorchCheckpoint.load(resource("views.pt"));
                TorchCheckpoint.read(resource("nested.pt"));
            }
            assertThrows(CheckpointException.class, () -> SafeTensors.read(cut));
            assertThrows(CheckpointException.class, () -> TorchCheckpoint.load(resource("nested.pt"), "nope"));
        }
        assertTrue(dev.axial.tensor.cpu.CpuStorage.liveBytes() <= before, before + " -> " + dev.axial.tensor.cpu.CpuStorage.liveBytes());
    }

    @Test void streamsTwentyMegabytes(@TempDir Path dir) {
        Path f = dir.resolve("big.safetensors");
        try (Scope s = Scope.open()) {
            Tensor big = Tensor.randn(new dev.axial.tensor.Generator(1), 5_000_000);
            long write = Long.MAX_VALUE, read = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                try (Scope inner = Scope.open()) {
                    long w0 = System.nanoTime();
                    SafeTensors.write(f, Map.of("w", big));
                    long w1 = System.nanoTime();
                    Tensor back = SafeTensors.read(f).get("w");
                    long r1 = System.nanoTime();
                    write = Math.min(write, w1 - w0);
                    read = Math.min(read, r1 - w1);
                    if (i == 0) assertArrayEquals(big.toFloatArray(), back.toFloatArray());
                }
            }
            System.out.printf("safetensors 20 MB: write %.1f ms (with fsync), read %.1f ms (best of 3)%n", write / 1e6, read / 1e6);
        }
    }

    // ---- bad files -----------------------------------------------------------------------------------

    private static Path file(Path dir, String name, String header, int dataBytes, Long lengthOverride) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lengthOverride != null ? lengthOverride : h.length).put(h);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static void assertBad(Path f, String... parts) {
        var e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test void badFilesGetClearErrorsNamingFileAndKey(@TempDir Path dir) throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        try (Scope s = Scope.open()) {
            assertEquals(2, SafeTensors.read(file(dir, "ok.safetensors", ok, 16, null)).size());
        }
        assertBad(file(dir, "trunc.safetensors", ok, 12, null), "key 'b'", "beyond the data");
        assertBad(file(dir, "len.safetensors", ok, 16, 4096L), "header length 4096 goes beyond the end of the file");
        assertBad(file(dir, "huge.safetensors", ok, 16, -5L), "out of range");
        assertBad(file(dir, "json.safetensors", "{\"a\":{\"dtype\":\"F32\",", 0, null), "malformed JSON");
        assertBad(file(dir, "dtype.safetensors", ok.replace("F32", "F8_E4M3"), 16, null), "key 'a'", "unknown or unsupported dtype 'F8_E4M3'");
        assertBad(file(dir, "overlap.safetensors", ok.replace("[8,16]", "[4,12]"), 16, null), "key 'b'", "overlap 'a'");
        assertBad(file(dir, "size.safetensors", ok.replace("\"shape\":[2]", "\"shape\":[3]"), 16, null), "key 'a'", "needs 12 bytes");
        assertBad(file(dir, "extra.safetensors", ok, 20, null), "cover 16 data bytes but the file holds 20");
        assertBad(file(dir, "meta.safetensors", "{\"__metadata__\":{\"x\":1}}", 0, null), "__metadata__");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertBad(tiny, "too short");
        // truncating a real file anywhere gives a CheckpointException, never a crash or a leak
        byte[] all = Files.readAllBytes(resource("ref.safetensors"));
        for (int cut : new int[] {5, 9, 100, all.length - 1}) {
            Path p = dir.resolve("cut" + cut + ".safetensors");
            Files.write(p, Arrays.copyOf(all, cut));
            assertThrows(CheckpointException.class, () -> SafeTensors.read(p));
        }
    }
}
