package dev.axial.io.numpy;

import dev.axial.io.ImageFileException;
import dev.axial.tensor.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class NumpyBadInputTest {
    @TempDir Path tmp;

    static byte[] npy(String dict, int dataBytes, int headerLenDelta) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] d = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = d.length + headerLenDelta;
        b.write(len & 0xff);
        b.write(len >>> 8);
        b.writeBytes(d);
        for (int i = 0; i < dataBytes; i++) b.write(i == 7 ? 0xff : 0);
        return b.toByteArray();
    }

    private String field(String name, byte[] content) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        try (Scope sc = Scope.open()) {
            ImageFileException e = assertThrows(ImageFileException.class, () -> new NumpyReader().read(f));
            assertEquals(0, sc.ownedCount(), "nothing leaked");
            assertTrue(e.getMessage().contains(name), e.getMessage());
            return e.field();
        }
    }

    @Test
    void brokenFilesNameTheField() throws IOException {
        String ok = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }";
        assertEquals("magic", field("a.npy", "PK not numpy at all".getBytes()));
        assertEquals("header_len", field("b.npy", npy(ok, 12, 5000)));
        assertEquals("shape", field("c.npy", npy(ok, 11, 0)));
        assertEquals("shape", field("d.npy", npy(ok.replace("(2, 3)", "(4611686018427387904, 4)"), 12, 0)));
        assertEquals("descr", field("e.npy", npy(ok.replace("<i2", "<c8"), 96, 0)));
        assertEquals("descr", field("f.npy", npy(ok.replace("<i2", "|O"), 96, 0)));
        assertEquals("descr", field("g.npy", npy(ok.replace("<i2", "<U4"), 96, 0)));
        assertEquals("dtype", field("h.npy", npy(ok.replace("<i2", "<u8").replace("(2, 3)", "(1,)"), 8, 0)));
        assertEquals("version", field("i.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0, 0, 0}));
        assertEquals("fortran_order", field("j.npy", npy("{'descr': '<i2', 'shape': (2, 3), }", 12, 0)));
        assertNull(field("k.npz", "not a zip".getBytes()));
        ImageFileException e = assertThrows(ImageFileException.class, () -> new NumpyReader().read(tmp.resolve("absent.npy")));
        assertTrue(e.getMessage().contains("absent.npy") && e.getMessage().contains("not found"), e.getMessage());
    }
}
