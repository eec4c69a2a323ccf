package dev.axial.tensor.imaging;

import dev.axial.tensor.Conformance;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.TensorException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Labeling.label on every device against a plain breadth-first-search reference: random masks of several
 * densities in 1-D, 2-D, 3-D and 4-D, every connectivity, plus a long snake (many propagation rounds), a
 * non-contiguous float mask and the argument errors.
 */
class LabelingTest {
    static Stream<Device> devices() { return Conformance.devices(); }

    private static final long[][] SHAPES = {{17}, {9, 11}, {1, 7}, {5, 6, 7}, {3, 1, 4}, {2, 3, 4, 5}};

    @ParameterizedTest
    @MethodSource("devices")
    void randomMasksMatchBfs(Device dev) {
        Random rnd = new Random(7);
        for (long[] shape : SHAPES) {
            for (double density : new double[] {0.3, 0.55, 0.8}) {
                int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                boolean[] mask = new boolean[n];
                for (int i = 0; i < n; i++) mask[i] = rnd.nextDouble() < density;
                for (int conn = 1; conn <= shape.length; conn++) {
                    try (Tensor m = Tensor.of(mask, shape).to(dev); Tensor l = Labeling.label(m, conn)) {
                        assertArrayEquals(bfs(mask, shape, conn), l.toLongArray(),
                                dev + " " + Arrays.toString(shape) + " density " + density + " conn " + conn);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void snakeAndNonContiguousFloatMask(Device dev) {
        int h = 15, w = 12;
        boolean[] snake = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean wall = y % 2 == 1 && (y % 4 == 1 ? x != w - 1 : x != 0);
                snake[y * w + x] = !wall;
            }
        }
        long[] shape = {h, w};
        try (Tensor m = Tensor.of(snake, shape).to(dev); Tensor l = Labeling.label(m, 1)) {
            assertArrayEquals(bfs(snake, shape, 1), l.toLongArray());
        }
        double[] v = new double[h * w];
        for (int i = 0; i < v.length; i++) v[i] = snake[i] ? 2.5 : 0;
        boolean[] t = new boolean[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) t[x * h + y] = snake[y * w + x];
        try (Tensor f = Tensor.of(v, shape).to(dev, DType.FLOAT32); Tensor ft = f.transpose(0, 1); Tensor l = Labeling.label(ft, 2)) {
            assertArrayEquals(bfs(t, new long[] {w, h}, 2), l.toLongArray());
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void rejectsBadArguments(Device dev) {
        try (Tensor m = Tensor.zeros(DType.BOOL, dev, 3, 4)) {
            assertThrows(TensorException.class, () -> Labeling.label(m, 0));
            assertThrows(TensorException.class, () -> Labeling.label(m, 3));
        }
    }

    /** The reference: BFS from each unvisited foreground voxel in raster order; its label is that voxel's index. */
    static long[] bfs(boolean[] mask, long[] shape, int conn) {
        int nd = shape.length, n = mask.length;
        long[] out = new long[n];
        Arrays.fill(out, -2);
        int[] strides = new int[nd];
        int s = 1;
        for (int a = nd - 1; a >= 0; a--) {
            strides[a] = s;
            s *= (int) shape[a];
        }
        int total = (int) Math.pow(3, nd);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < n; start++) {
            if (!mask[start]) out[start] = -1;
            if (out[start] != -2) continue;
            out[start] = start;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                for (int code = 0; code < total; code++) {
                    int c = code, nonzero = 0, j = i;
                    boolean inside = true;
                    for (int a = nd - 1; a >= 0; a--) {
                        int o = c % 3 - 1;
                        c /= 3;
                        int p = (i / strides[a]) % (int) shape[a] + o;
                        if (o != 0) nonzero++;
                        if (p < 0 || p >= shape[a]) inside = false;
                        j += o * strides[a];
                    }
                    if (!inside || nonzero == 0 || nonzero > conn || !mask[j] || out[j] != -2) continue;
                    out[j] = start;
                    queue.add(j);
                }
            }
        }
        return out;
    }
}
