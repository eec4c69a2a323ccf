package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

/** sort, searchsorted, histc, bincount. IN PROGRESS: filled by the sorting work. */
final class CpuSorting {
    private CpuSorting() {}

    static void sort(Tensor values, Tensor indices, Tensor in, int dim, boolean descending) { throw new UnsupportedOperationException("sort"); }

    static void searchsorted(Tensor out, Tensor sorted, Tensor values, boolean right) { throw new UnsupportedOperationException("searchsorted"); }

    static void histc(Tensor out, Tensor in, double min, double max) { throw new UnsupportedOperationException("histc"); }

    static void bincount(Tensor out, Tensor in, Tensor weights) { throw new UnsupportedOperationException("bincount"); }
}
