package dev.axial.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Expected strings are PyTorch's repr with Axial's extra {@code size=(...)} suffix. */
class FormatterTest {
    private static String str(Tensor t) { return t.toString(); }

    @Test
    void floatsIntsAndBools() {
        try (Scope s = Scope.open()) {
            assertEquals("tensor([[1.5000, 2.0000],\n        [3.0000, 4.0000]], size=(2, 2))",
                    str(Tensor.of(new float[]{1.5f, 2, 3, 4}, 2, 2)));
            assertEquals("tensor([1., 2., 3.], size=(3,))", str(Tensor.of(new float[]{1, 2, 3})));
            assertEquals("tensor([-1.,  0.,  2.], size=(3,))", str(Tensor.of(new float[]{-1, 0, 2})));
            assertEquals("tensor([1, 2, 3], size=(3,), dtype=torch.int32)", str(Tensor.of(new int[]{1, 2, 3})));
            assertEquals("tensor([ 10, -20], size=(2,))", str(Tensor.of(new long[]{10, -20})));
            assertEquals("tensor([ True, False], size=(2,))", str(Tensor.of(new boolean[]{true, false})));
            assertEquals("tensor([1.5000, 2.0000], size=(2,), dtype=torch.float64)", str(Tensor.of(new double[]{1.5, 2})));
            assertEquals("tensor([0.5000, 0.2500], size=(2,), dtype=torch.float16)", str(Tensor.of(new float[]{0.5f, 0.25f}).to(DType.FLOAT16)));
            assertEquals("tensor([   nan, 1.5000,    inf], size=(3,))", str(Tensor.of(new float[]{Float.NaN, 1.5f, Float.POSITIVE_INFINITY})));
            assertEquals("tensor([0.1250, 0.3333], size=(2,), dtype=torch.float64)", str(Tensor.of(new double[]{0.125, 1.0 / 3})));
            assertEquals("tensor([255,   0], size=(2,), dtype=torch.uint8)", str(Tensor.of(new long[]{255, 0}).to(DType.UINT8)));
            assertEquals("tensor([9223372036854775807], size=(1,))", str(Tensor.of(new long[]{Long.MAX_VALUE})));
        }
    }

    @Test
    void scientificWhenTheRangeDemands() {
        try (Scope s = Scope.open()) {
            assertEquals("tensor([1.0000e-05, 1.0000e+00], size=(2,))", str(Tensor.of(new double[]{1e-5, 1}).to(DType.FLOAT32)));
            assertEquals("tensor([1.0000e-01, 1.0000e+05], size=(2,), dtype=torch.float64)", str(Tensor.of(new double[]{0.1, 1e5})));
            assertEquals("tensor([1.0000e+00, 1.0000e+09], size=(2,), dtype=torch.float64)", str(Tensor.of(new double[]{1, 1e9})));
            assertEquals("tensor([-1.2346e+04,  1.0000e-02], size=(2,), dtype=torch.float64)", str(Tensor.of(new double[]{-12345.6, 0.01})));
        }
    }

    @Test
    void scalarsEmptiesAndRank3() {
        try (Scope s = Scope.open()) {
            assertEquals("tensor(3.5000)", str(Tensor.scalar(3.5)));
            assertEquals("tensor(7)", str(Tensor.scalar(DType.INT64, Device.CPU, 7)));
            assertEquals("tensor(7, dtype=torch.int16)", str(Tensor.scalar(DType.INT16, Device.CPU, 7)));
            assertEquals("tensor([], size=(0, 3))", str(Tensor.zeros(0, 3)));
            assertEquals("tensor([], size=(0,), dtype=torch.int64)", str(Tensor.arange(0)));
            assertEquals("tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]], size=(2, 2, 2))",
                    str(Tensor.arange(8).reshape(2, 2, 2)));
            assertEquals("tensor([[0, 2],\n        [1, 3]], size=(2, 2))", str(Tensor.arange(4).reshape(2, 2).t()));
            Tensor dead = Tensor.zeros(2);
            dead.close();
            assertTrue(str(dead).contains("freed"));
        }
    }

    @Test
    void wrapsLongRowsAndSummarisesLargeTensors() {
        try (Scope s = Scope.open()) {
            assertEquals("tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n"
                    + "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n"
                    + "        36, 37, 38, 39], size=(40,))", str(Tensor.arange(40)));
            assertEquals("tensor([   0,    1,    2,  ..., 1997, 1998, 1999], size=(2000,))", str(Tensor.arange(2000)));
            String row = "[0., 0., 0.,  ..., 0., 0., 0.]";
            String sep = ",\n        ";
            assertEquals("tensor([" + row + sep + row + sep + row + sep + "..." + sep + row + sep + row + sep + row + "], size=(100, 100))",
                    str(Tensor.zeros(100, 100)));
            String big = str(Tensor.arange(DType.FLOAT32, Device.CPU, 0, 2000, 1).reshape(2, 1000));
            assertEquals("tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,\n"
                    + "         9.9900e+02],\n"
                    + "        [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,\n"
                    + "         1.9990e+03]], size=(2, 1000))", big);
        }
    }
}
