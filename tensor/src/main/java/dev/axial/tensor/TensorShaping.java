package dev.axial.tensor;

/**
 * Shape ops that copy or combine: split, chunk, flip, roll, repeat, tile, pad (cat and stack are statics of
 * {@link Tensor}): methods of {@link Tensor}, declared here to keep Tensor.java about one concern.
 *
 * <pre>{@code
 * Tensor x = Tensor.arange(6).reshape(2, 3);
 * Tensor[] halves = x.chunk(2, 1);                        // views of shapes [2, 2] and [2, 1]
 * Tensor p = x.pad(new long[]{1, 1}, "reflect", 0);       // [[1, 0, 1, 2, 1], [4, 3, 4, 5, 4]]
 * }</pre>
 */
public sealed interface TensorShaping permits Tensor {
    private Tensor self() { return (Tensor) this; }

    /** Views of {@code splitSize} entries along {@code dim} (the last may be smaller), as torch.split. */
    default Tensor[] split(long splitSize, int dim) { return ShapeOps.split(self(), splitSize, dim); }

    /** {@link #split(long, int)} along dim 0. */
    default Tensor[] split(long splitSize) { return split(splitSize, 0); }

    /** Views of the given sizes (summing to the size of {@code dim}) along {@code dim}. */
    default Tensor[] split(long[] sizes, int dim) { return ShapeOps.split(self(), sizes, dim); }

    /** {@code chunks} views along {@code dim} of ceil(size / chunks) entries each (fewer when it does not divide), as torch.chunk. */
    default Tensor[] chunk(int chunks, int dim) { return ShapeOps.chunk(self(), chunks, dim); }

    /** {@link #chunk(int, int)} along dim 0. */
    default Tensor[] chunk(int chunks) { return chunk(chunks, 0); }

    /** A copy with the order of the entries along {@code dims} reversed, as torch.flip. */
    default Tensor flip(int... dims) { return ShapeOps.flip(self(), dims); }

    /** A copy rolled by {@code shifts[i]} along {@code dims[i]} (wrapping around), as torch.roll. */
    default Tensor roll(long[] shifts, int[] dims) { return ShapeOps.roll(self(), shifts, dims); }

    /** A copy rolled by {@code shift} along {@code dim}. */
    default Tensor roll(long shift, int dim) { return roll(new long[]{shift}, new int[]{dim}); }

    /** A copy of the flattened tensor rolled by {@code shift}, in this shape (torch.roll without dims). */
    default Tensor roll(long shift) { return roll(new long[]{shift}, null); }

    /** This tensor tiled {@code repeats[i]} times along dim i (extra leading repeats add dims), as torch.Tensor.repeat. */
    default Tensor repeat(long... repeats) { return ShapeOps.repeat(self(), repeats); }

    /** As {@link #repeat}, but fewer repeats than dims are padded with leading 1s, as torch.tile. */
    default Tensor tile(long... dims) { return ShapeOps.tile(self(), dims); }

    /**
     * torch.nn.functional.pad: {@code pad} = (left, right) pairs from the last dim backwards; mode "constant"
     * (fills {@code value}; negative pads crop), "reflect", "replicate" or "circular" (the last 1 to 3 dims).
     */
    default Tensor pad(long[] pad, String mode, double value) { return ShapeOps.pad(self(), pad, mode, value); }

    /** Constant zero padding. */
    default Tensor pad(long... pad) { return pad(pad, "constant", 0); }
}
