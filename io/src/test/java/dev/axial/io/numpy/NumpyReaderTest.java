package dev.axial.io.numpy;

import dev.axial.io.ImageFileException;
import dev.axial.io.WriteOptions;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class NumpyReaderTest {
    @TempDir Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(NumpyReaderTest.class.getResource("/npy_itk/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NumpyReader readerFor(String section) {
        NumpyReader r = new NumpyReader();
        if (section.endsWith("#b")) r.npzKeys("b");
        if (section.endsWith("#cd0")) r.channelDim(0);
        if (section.equals("chan_last.npy")) r.channelDim(-1);
        return r;
    }

    @TestFactory
    Stream<DynamicTest> realFilesMatchMonai() {
        List<String> sections = NpyItkExpectations.sections(".npy", ".npz");
        assertTrue(sections.size() >= 30, "sections: " + sections.size());
        return sections.stream().map(s -> DynamicTest.dynamicTest(s, () -> {
            try (Scope sc = Scope.open(); MetaTensor m = readerFor(s).read(resource(s.split("#")[0]))) {
                NpyItkExpectations.check(s, m);
                assertEquals(0, sc.ownedCount() - 1, "only the result is alive");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> roundTripEveryDtype() {
        return Stream.of(DType.values()).flatMap(dt -> Stream.of(false, true).map(fortran -> DynamicTest.dynamicTest(dt + (fortran ? " F" : " C"), () -> {
            try (Scope sc = Scope.open()) {
                Tensor src = Tensor.arange(DType.FLOAT64, dev.axial.tensor.Device.CPU, -30, 30, 1).reshape(3, 4, 5).to(dt);
                Path f = tmp.resolve(dt + (fortran ? "F" : "C") + ".npy");
                new NumpyWriter().fortranOrder(fortran).write(MetaTensor.of(src), f, new WriteOptions());
                try (MetaTensor back = new NumpyReader().read(f)) {
                    DType expect = dt == DType.BFLOAT16 ? DType.FLOAT32 : dt;
                    assertEquals(expect, back.dtype());
                    assertArrayEquals(src.toDoubleArray(), back.array().toDoubleArray());
                }
                try (var files = Files.list(tmp)) { assertTrue(files.noneMatch(p -> p.toString().contains(".tmp-"))); }
            }
        })));
    }

    @Test
    void unsignedTypesGoBackAsTheyCame() throws IOException {
        for (String name : List.of("c_u2.npy", "c_u4.npy", "c_u8.npy")) {
            try (MetaTensor m = new NumpyReader().read(resource(name))) {
                Path out = tmp.resolve(name);
                new NumpyWriter().write(m, out, new WriteOptions());
                assertArrayEquals(Files.readAllBytes(resource(name)), Files.readAllBytes(out), name);
            }
        }
    }

    @Test
    void npzWithSeveralArraysStoredAndDeflated() {
        for (boolean deflate : new boolean[] {false, true}) {
            try (Scope sc = Scope.open()) {
                Map<String, Tensor> arrays = new LinkedHashMap<>();
                arrays.put("image", Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 0, 24, 1).reshape(2, 3, 4));
                arrays.put("label", Tensor.arange(DType.FLOAT32, dev.axial.tensor.Device.CPU, 100, 124, 1).reshape(2, 3, 4));
                Path f = tmp.resolve("x" + deflate + ".npz");
                Npz.write(f, arrays, deflate);
                try (MetaTensor all = new NumpyReader().read(f)) {
                    assertArrayEquals(new long[] {2, 2, 3, 4}, all.shape());
                    assertEquals(0, all.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM));
                    assertArrayEquals(new long[] {2, 3, 4}, (long[]) all.meta().get(MetaKeys.SPATIAL_SHAPE));
                    assertEquals(100.0, all.array().getDouble(1, 0, 0, 0));
                }
                try (MetaTensor one = new NumpyReader().npzKeys("label").read(f)) {
                    assertArrayEquals(arrays.get("label").toDoubleArray(), one.array().toDoubleArray());
                    assertTrue(one.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM) instanceof Double d && d.isNaN());
                }
                ImageFileException e = assertThrows(ImageFileException.class, () -> new NumpyReader().npzKeys("nope").read(f));
                assertEquals("npz_keys", e.field());
            }
        }
    }

    @Test
    void mixedShapesInNpzStackFailsClearly() {
        try (Scope sc = Scope.open()) {
            Path f = tmp.resolve("mixed.npz");
            Npz.write(f, Map.of("a", Tensor.zeros(2, 3), "b", Tensor.zeros(3, 3)));
            ImageFileException e = assertThrows(ImageFileException.class, () -> new NumpyReader().read(f));
            assertEquals("npz_keys", e.field());
            assertEquals(0, sc.ownedCount() - 2);
        }
    }
}
