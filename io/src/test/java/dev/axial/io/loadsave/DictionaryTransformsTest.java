package dev.axial.io.loadsave;

import dev.axial.io.ImageFormats;
import dev.axial.io.LoadImaged;
import dev.axial.io.SaveImaged;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DictionaryTransformsTest {
    @TempDir Path dir;
    private final RawFormats.Reader reader = new RawFormats.Reader("DictRaw", ".rawf");
    private final RawFormats.Writer writer = new RawFormats.Writer(".cap");

    @BeforeEach void register() {
        ImageFormats.registerReader(reader);
        ImageFormats.registerWriter(writer);
    }

    @AfterEach void unregister() {
        ImageFormats.unregister(reader);
        ImageFormats.unregister(writer);
    }

    private static void closeAll(Map<String, Object> d) {
        for (Object v : d.values()) if (v instanceof MetaTensor m) m.close();
    }

    @Test void loadImagedReplacesKeysAndWritesMetaDicts() {
        Path img = RawFormats.write(dir.resolve("img.rawf"), DType.INT16, "nan", 2, 3);
        Path seg = RawFormats.write(dir.resolve("seg.rawf"), DType.UINT8, "nan", 2, 3);
        Map<String, Object> in = Map.of("image", img, "label", seg.toString(), "other", 5);
        Map<String, Object> d = new LoadImaged("image", "label").apply(in);
        try {
            assertInstanceOf(MetaTensor.class, d.get("image"));
            assertEquals(DType.FLOAT32, ((MetaTensor) d.get("label")).dtype());
            assertFalse(d.containsKey("image_meta_dict"), "image_only is true by default (MONAI >= 1.1)");
            assertEquals(5, d.get("other"));
            assertEquals(img, in.get("image"), "the input map is not changed");
        } finally {
            closeAll(d);
        }
        d = new LoadImaged("image", "label").imageOnly(false).ensureChannelFirst(true).metaKeys(null, "seg_meta").apply(in);
        try {
            MetaTensor image = (MetaTensor) d.get("image");
            assertArrayEquals(new long[]{1, 2, 3}, image.shape());
            assertSame(image.meta(), d.get("image_meta_dict"));
            assertEquals(seg.toString(), ((Map<?, ?>) d.get("seg_meta")).get(MetaKeys.FILENAME_OR_OBJ));
        } finally {
            closeAll(d);
        }
        Map<String, Object> withMeta = new HashMap<>(in);
        withMeta.put("image_meta_dict", Map.of());
        var ex = assertThrows(IllegalArgumentException.class, () -> new LoadImaged("image").imageOnly(false).apply(withMeta));
        assertTrue(ex.getMessage().contains("image_meta_dict"), ex.getMessage());
        Map<String, Object> over = new LoadImaged("image").imageOnly(false).overwriting(true).metaKeyPostfix("meta").apply(withMeta);
        assertInstanceOf(Map.class, over.get("image_meta"));
        closeAll(over);
    }

    @Test void missingKeysAndStackedLists() {
        Path a = RawFormats.write(dir.resolve("a.rawf"), DType.FLOAT32, "nan", 2, 3);
        Path b = RawFormats.write(dir.resolve("b.rawf"), DType.FLOAT32, "nan", 2, 3);
        assertThrows(IllegalArgumentException.class, () -> new LoadImaged("image", "label").apply(Map.of("image", a)));
        Map<String, Object> d = new LoadImaged("image", "label").allowMissingKeys(true).apply(Map.of("image", List.of(a, b)));
        try {
            assertArrayEquals(new long[]{2, 2, 3}, ((MetaTensor) d.get("image")).shape());
            assertFalse(d.containsKey("label"));
        } finally {
            closeAll(d);
        }
    }

    @Test void saveImagedUsesMetaTensorsOwnMetaOrTheMetaDict() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pred", new MetaTensor(Tensor.zeros(1, 2, 2, 2), null, Map.of(MetaKeys.FILENAME_OR_OBJ, "/in/case1.nii.gz")));
        d.put("plain", Tensor.zeros(1, 2, 2, 2));
        d.put("plain_meta_dict", new HashMap<>(Map.of(MetaKeys.FILENAME_OR_OBJ, "/in/case2.nii")));
        try {
            SaveImaged s = new SaveImaged("pred", "plain").outputDir(dir).outputExt(".cap").outputPostfix("seg").printLog(false);
            s.saver().savepathInMetadict(true);
            assertSame(d, s.apply(d));
            assertEquals(dir.resolve("case1/case1_seg.cap"), writer.writes.get(0).file());
            assertEquals(dir.resolve("case2/case2_seg.cap"), writer.writes.get(1).file());
            assertEquals(dir.resolve("case2/case2_seg.cap").toString(), ((Map<?, ?>) d.get("plain_meta_dict")).get(MetaKeys.SAVED_TO));
            assertThrows(IllegalArgumentException.class, () -> new SaveImaged("nope").apply(d));
        } finally {
            ((MetaTensor) d.get("pred")).close();
            ((Tensor) d.get("plain")).close();
        }
    }
}
