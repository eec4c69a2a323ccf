package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {
    @Test
    void elementDropoutScalesKeptValuesAndKeepsAboutOneMinusP() {
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            try (Scope s = Scope.open()) {
                Tensor x = Tensor.rand(new Generator(1), 40, 50).to(dt).add(1);
                DropoutResult r = Dropout.dropout(x, 0.3, true, new Generator(9));
                double[] xv = x.toDoubleArray(), y = r.output().toDoubleArray(), m = r.mask().toDoubleArray();
                int kept = 0;
                for (int i = 0; i < y.length; i++) {
                    if (m[i] == 0) assertEquals(0, y[i]);
                    else {
                        kept++;
                        assertEquals(1 / 0.7, m[i], dt == DType.FLOAT32 ? 1e-6 : 1e-15);
                        assertEquals(xv[i] / 0.7, y[i], 1e-5 * Math.abs(y[i]));
                    }
                }
                assertTrue(Math.abs(kept / 2000.0 - 0.7) < 0.05, "kept " + kept);
                assertEquals(dt, r.output().dtype());
                // backward: gradOut * mask
                assertArrayEquals(m, Dropout.dropoutBackward(Tensor.ones(40, 50).to(dt), r.mask()).toDoubleArray());
            }
        }
    }

    @Test
    void sameSeedSameMask() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(3, 4, 5, 6);
            Tensor a = Dropout.dropout(x, 0.5, true, new Generator(77)).mask();
            Tensor b = Dropout.dropout(x, 0.5, true, new Generator(77)).mask();
            Tensor c = Dropout.dropout(x, 0.5, true, new Generator(78)).mask();
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
            assertTrue(!java.util.Arrays.equals(a.toDoubleArray(), c.toDoubleArray()));
            Generator g = new Generator(5);
            Tensor first = Dropout.dropout3d(Tensor.ones(2, 3, 2, 2, 2), 0.5, true, g).mask();
            Tensor second = Dropout.dropout3d(Tensor.ones(2, 3, 2, 2, 2), 0.5, true, g).mask();
            assertArrayEquals(new long[]{2, 3, 1, 1, 1}, first.shape());
            assertTrue(g.offset() > 0);
            assertEquals(6, second.numel());
        }
    }

    @Test
    void channelDropoutZeroesWholeChannels() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(3);
            Tensor x = Tensor.rand(g, 4, 16, 3, 5).add(1);
            DropoutResult r = Dropout.dropout2d(x, 0.5, true, g);
            assertArrayEquals(new long[]{4, 16, 1, 1}, r.mask().shape());
            double[] y = r.output().toDoubleArray(), xv = x.toDoubleArray(), m = r.mask().toDoubleArray();
            int zeroChannels = 0;
            for (int ch = 0; ch < 64; ch++) {
                if (m[ch] == 0) zeroChannels++;
                for (int j = 0; j < 15; j++) assertEquals(xv[ch * 15 + j] * m[ch], y[ch * 15 + j], 1e-6);
            }
            assertTrue(zeroChannels > 10 && zeroChannels < 54, "zeroed " + zeroChannels);
            assertArrayEquals(new long[]{16, 1}, Dropout.dropout1d(Tensor.ones(16, 7), 0.5, true, g).mask().shape());
            assertArrayEquals(new long[]{2, 16, 1}, Dropout.dropout1d(Tensor.ones(2, 16, 7), 0.5, true, g).mask().shape());
            assertArrayEquals(new long[]{16, 1, 1, 1}, Dropout.dropout3d(Tensor.ones(16, 2, 2, 2), 0.5, true, g).mask().shape());
        }
    }

    @Test
    void edgeCasesAsPyTorch() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[]{Float.NaN, 1, 2, 3}, 1, 4);
            DropoutResult eval = Dropout.dropout(x, 0.5, false, new Generator(1));
            assertSame(x, eval.output());
            assertNull(eval.mask());
            assertSame(x, Dropout.dropout(x, 0, true, new Generator(1)).output());
            DropoutResult all = Dropout.dropout(x, 1, true, new Generator(1));
            double[] y = all.output().toDoubleArray();
            assertTrue(Double.isNaN(y[0]));   // NaN * 0, as PyTorch
            assertArrayEquals(new double[]{0, 0, 0}, java.util.Arrays.copyOfRange(y, 1, 4));
            assertEquals(0, Dropout.dropout(Tensor.empty(0, 3), 0.5, true, new Generator(1)).output().numel());
            Tensor gy = Tensor.ones(1, 4);
            assertSame(gy, Dropout.dropoutBackward(gy, null));
        }
    }

    @Test
    void alphaDropoutKeepsMeanAndVariance() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(4), 200_000);
            DropoutResult r = Dropout.alphaDropout(x, 0.2, true, new Generator(8));
            double[] y = r.output().toDoubleArray();
            double mean = 0, sq = 0;
            for (double v : y) mean += v / y.length;
            for (double v : y) sq += (v - mean) * (v - mean) / y.length;
            assertEquals(0, mean, 0.02);
            assertEquals(1, sq, 0.03);
            assertSame(x, Dropout.alphaDropout(x, 0.2, false, new Generator(8)).output());
        }
    }

    @Test
    void badInput() {
        try (Scope s = Scope.open()) {
            TensorException e = assertThrows(TensorException.class, () -> Dropout.dropout(Tensor.ones(2, 3), 1.5, true, new Generator(1)));
            assertTrue(e.getMessage().startsWith("dropout: dropout probability has to be between 0 and 1, but got 1.5"), e.getMessage());
            e = assertThrows(TensorException.class, () -> Dropout.dropout3d(Tensor.ones(2, 3, 4), 0.5, true, new Generator(1)));
            assertTrue(e.getMessage().startsWith("dropout3d:") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
            e = assertThrows(TensorException.class, () -> Dropout.dropout(Tensor.zeros(DType.INT64, dev.axial.tensor.Device.CPU, 3), 0.5, true, new Generator(1)));
            assertTrue(e.getMessage().contains("floating"), e.getMessage());
        }
    }
}
