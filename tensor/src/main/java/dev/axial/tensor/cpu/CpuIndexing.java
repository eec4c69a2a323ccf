package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;
import dev.axial.tensor.spi.ScatterReduce;

/** index_select, gather, scatter, nonzero. IN PROGRESS: filled by the indexing work. */
final class CpuIndexing {
    private CpuIndexing() {}

    static void indexSelect(Tensor out, Tensor in, int dim, Tensor index) { throw new UnsupportedOperationException("indexSelect"); }

    static void gather(Tensor out, Tensor in, int dim, Tensor index) { throw new UnsupportedOperationException("gather"); }

    static void scatter(Tensor out, int dim, Tensor index, Tensor src, ScatterReduce reduce) { throw new UnsupportedOperationException("scatter"); }

    static Tensor nonzero(Tensor in) { throw new UnsupportedOperationException("nonzero"); }
}
