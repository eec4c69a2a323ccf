package dev.axial.autograd;

import dev.axial.autograd.ops.PoolOps;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import dev.axial.tensor.imaging.PoolOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** gradcheck of max, average and adaptive pooling on Variables: 1-D/2-D/3-D, batched and unbatched, strided input. */
class PoolOpsTest {
    @Test
    void maxPoolEveryRank() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(31);   // random normals: no ties within a window
            GradCheck.check("max_pool1d", v -> PoolOps.maxPool1d(v[0], PoolOptions.of(3).stride(2).padding(1).ceilMode(true)), Tensor.randn(g, 2, 2, 9));
            GradCheck.check("max_pool2d strided", v -> PoolOps.maxPool2d(v[0].transpose(2, 3), PoolOptions.of(2, 3).stride(1, 2).dilation(2, 1)),
                    Tensor.randn(g, 1, 2, 6, 5));
            GradCheck.check("max_pool3d unbatched", v -> PoolOps.maxPool3d(v[0], 2), Tensor.randn(g, 2, 4, 4, 5));
            GradCheck.check("max_pool3d with indices", v -> PoolOps.maxPoolWithIndices(v[0], 3, PoolOptions.of(3).stride(2).padding(1)).values(),
                    Tensor.randn(g, 1, 1, 5, 4, 5));
        }
    }

    @Test
    void avgPoolEveryRankAndOption() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(32);
            GradCheck.check("avg_pool1d", v -> PoolOps.avgPool1d(v[0], PoolOptions.of(3).stride(2).padding(1).ceilMode(true).countIncludePad(false)),
                    Tensor.randn(g, 2, 2, 8));
            GradCheck.check("avg_pool2d divisor", v -> PoolOps.avgPool2d(v[0].transpose(2, 3), PoolOptions.of(3).stride(2).padding(1).divisorOverride(4)),
                    Tensor.randn(g, 1, 2, 6, 7));
            GradCheck.check("avg_pool3d", v -> PoolOps.avgPool3d(v[0], PoolOptions.of(2).stride(1)), Tensor.randn(g, 1, 2, 3, 4, 3));
        }
    }

    @Test
    void adaptivePools() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(33);
            GradCheck.check("adaptive_avg_pool1d", v -> PoolOps.adaptiveAvgPool1d(v[0], 4), Tensor.randn(g, 2, 3, 7));
            GradCheck.check("adaptive_avg_pool2d unbatched", v -> PoolOps.adaptiveAvgPool2d(v[0], 3, 2), Tensor.randn(g, 2, 5, 4));
            GradCheck.check("adaptive_avg_pool3d global", v -> PoolOps.adaptiveAvgPool3d(v[0], 1), Tensor.randn(g, 2, 2, 3, 3, 2));
            GradCheck.check("adaptive_max_pool2d", v -> PoolOps.adaptiveMaxPool2d(v[0].transpose(2, 3), 3, 4), Tensor.randn(g, 1, 2, 7, 5));
            GradCheck.check("adaptive_max_pool3d", v -> PoolOps.adaptiveMaxPool3d(v[0], 2, 1, 3), Tensor.randn(g, 1, 1, 4, 3, 5));
            GradCheck.check("adaptive_max_pool1d", v -> PoolOps.adaptiveMaxPool1d(v[0], 3), Tensor.randn(g, 2, 6));
        }
    }

    @Test
    void badInputNamesOpAndShapes() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(1, 2, 3, 3));
            TensorException e = assertThrows(TensorException.class, () -> PoolOps.maxPool2d(x, 4));
            assertTrue(e.getMessage().contains("max_pool2d") && e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
            TensorException e2 = assertThrows(TensorException.class, () -> PoolOps.avgPool3d(Variable.param(Tensor.zeros(2, 3, 3)), 2));
            assertTrue(e2.getMessage().contains("avg_pool3d") && e2.getMessage().contains("[2, 3, 3]"), e2.getMessage());
        }
    }
}
