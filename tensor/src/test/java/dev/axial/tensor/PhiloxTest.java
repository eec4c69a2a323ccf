package dev.axial.tensor;

import dev.axial.tensor.cpu.Philox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Known-answer vectors of Random123's kat_vectors for philox4x32_10. */
class PhiloxTest {
    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void zeroCounterZeroKey() {
        assertArrayEquals(new int[]{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(0, 0, 0, 0, 0, 0));
    }

    @Test
    void allOnes() {
        int f = 0xffffffff;
        assertArrayEquals(new int[]{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, block(f, f, f, f, f, f));
    }

    @Test
    void piDigits() {
        assertArrayEquals(new int[]{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void axialMappingPutsCounterInWordsZeroOneAndSeedInKey() {
        long counter = 0x85a308d3_243f6a88L, seed = 0x299f31d0_a4093822L;
        int[] out = new int[4];
        Philox.block(counter, seed, out);
        assertArrayEquals(block(0x243f6a88, 0x85a308d3, 0, 0, 0xa4093822, 0x299f31d0), out);
    }
}
