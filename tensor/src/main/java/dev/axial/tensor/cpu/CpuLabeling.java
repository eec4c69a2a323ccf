package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static dev.axial.tensor.cpu.CpuBackend.seg;

/**
 * Connected-component labelling on the CPU (Backend.label): one raster pass of union-find over the backward half
 * of the neighbourhood (the root of a set is its smallest index; path halving), then every foreground voxel takes
 * its root: the smallest linear index of its component; background -1. Serial and deterministic.
 */
final class CpuLabeling {
    private CpuLabeling() {}

    static void label(Tensor out, Tensor mask, int connectivity) {
        long[] shape = mask.shape();
        int nd = shape.length;
        int n = Math.toIntExact(mask.numel());
        MemorySegment m = seg(mask), o = seg(out);
        long mo = mask.offset(), oo = out.offset();
        int[] dims = new int[nd], strides = new int[nd];
        int s = 1;
        for (int a = nd - 1; a >= 0; a--) {
            dims[a] = (int) shape[a];
            strides[a] = s;
            s *= dims[a];
        }
        int[][] offsets = backwardOffsets(nd, connectivity);
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        int[] coord = new int[nd];
        for (int i = 0; i < n; i++) {
            if (m.get(ValueLayout.JAVA_BYTE, mo + i) != 0) {
                parent[i] = i;
                for (int[] off : offsets) {
                    int j = i;
                    boolean inside = true;
                    for (int a = 0; a < nd && inside; a++) {
                        int c = coord[a] + off[a];
                        if (c < 0 || c >= dims[a]) inside = false;
                        else j += off[a] * strides[a];
                    }
                    if (inside && parent[j] >= 0) union(parent, i, j);
                }
            }
            for (int a = nd - 1; a >= 0; a--) {  // the next raster coordinate
                if (++coord[a] < dims[a]) break;
                coord[a] = 0;
            }
        }
        for (int i = 0; i < n; i++)
            o.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, oo + i, parent[i] < 0 ? -1 : find(parent, i));
    }

    /** Offsets in {-1,0,1}^nd with 1..connectivity non-zero entries whose first non-zero entry is -1 (earlier voxels). */
    private static int[][] backwardOffsets(int nd, int connectivity) {
        int total = 1;
        for (int a = 0; a < nd; a++) total *= 3;
        int[][] out = new int[total][];
        int k = 0;
        for (int code = 0; code < total; code++) {
            int[] off = new int[nd];
            int c = code, nonzero = 0, first = 0;
            for (int a = nd - 1; a >= 0; a--) {
                off[a] = c % 3 - 1;
                c /= 3;
            }
            for (int a = 0; a < nd; a++) {
                if (off[a] == 0) continue;
                nonzero++;
                if (first == 0) first = off[a];
            }
            if (nonzero >= 1 && nonzero <= connectivity && first == -1) out[k++] = off;
        }
        return Arrays.copyOf(out, k);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra < rb) parent[rb] = ra;
        else if (rb < ra) parent[ra] = rb;
    }
}
