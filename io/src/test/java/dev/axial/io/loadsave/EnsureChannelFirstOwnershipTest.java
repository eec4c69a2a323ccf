package dev.axial.io.loadsave;

import dev.axial.io.EnsureChannelFirst;
import dev.axial.io.ImageFormats;
import dev.axial.io.LoadImage;
import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** io's EnsureChannelFirst follows the transform rules (the input is never freed; the result is a view); LoadImage keeps one contiguous volume. */
class EnsureChannelFirstOwnershipTest {
    @TempDir Path dir;
    private final RawFormats.Reader reader = new RawFormats.Reader("OwnRaw", ".rawo");

    @AfterEach void unregister() { ImageFormats.unregister(reader); }

    @Test void inputIsNeverFreedAndTheResultIsAView() {
        try (Scope s = Scope.open()) {
            MetaTensor in = MetaTensor.of(Tensor.arange(24).to(DType.FLOAT32).reshape(2, 3, 4));
            for (Object cd : new Object[] {-1, 0, "no_channel"}) {
                EnsureChannelFirst ecf = new EnsureChannelFirst();
                if (cd instanceof Integer i) ecf.channelDim(i); else ecf.channelDim((String) cd);
                MetaTensor out = ecf.apply(in);
                assertNotSame(in, out, "" + cd);
                assertSame(in.array().storage(), out.array().storage(), cd + ": a view, no copy");
                in.array().checkAlive("after " + cd);
                assertNull(in.meta().get(MetaKeys.ORIGINAL_CHANNEL_DIM), cd + ": the input's meta is unchanged");
            }
            MetaTensor last = new EnsureChannelFirst().channelDim(-1).apply(in);
            assertArrayEquals(new long[] {4, 2, 3}, last.shape());
            assertEquals(12 + 4 + 3, last.array().getDouble(3, 1, 1), 0);   // in[1, 1, 3]
            assertEquals(23, in.array().getDouble(1, 2, 3), 0);
        }
    }

    @Test void loadImageKeepsOneContiguousVolume() {
        ImageFormats.registerReader(reader);
        try (MetaTensor img = new LoadImage().ensureChannelFirst(true).apply(RawFormats.write(dir.resolve("l.rawo"), DType.FLOAT32, "-1", 2, 3, 4))) {
            assertArrayEquals(new long[] {4, 2, 3}, img.shape());
            assertTrue(img.array().isContiguous(), "the moved copy replaces the read array");
            assertEquals(0.25 * (12 + 8 + 3) - 3, img.array().getDouble(3, 1, 2), 1e-6);
        }
    }
}
