package dev.axial.autograd;

import dev.axial.autograd.ops.ShapeOps;
import dev.axial.tensor.DType;

/**
 * Shape ops on {@link Variable}s, with the tensor core's names and overloads ({@link ShapeOps} holds the formulas;
 * the joins cat and stack are its statics).
 *
 * <pre>{@code
 * Variable flat = x.reshape(x.size(0), -1);
 * Variable[] halves = x.chunk(2, 1);
 * }</pre>
 */
public sealed interface VariableShaping permits Variable {
    Variable self();

    default Variable view(long... shape) { return ShapeOps.view(self(), shape); }
    default Variable reshape(long... shape) { return ShapeOps.reshape(self(), shape); }
    default Variable flatten(int startDim, int endDim) { return ShapeOps.flatten(self(), startDim, endDim); }
    default Variable flatten() { return ShapeOps.flatten(self(), 0, -1); }
    default Variable unflatten(int dim, long... sizes) { return ShapeOps.unflatten(self(), dim, sizes); }
    default Variable permute(int... dims) { return ShapeOps.permute(self(), dims); }
    default Variable transpose(int d0, int d1) { return ShapeOps.transpose(self(), d0, d1); }
    default Variable t() { return ShapeOps.t(self()); }
    default Variable mT() { return ShapeOps.mT(self()); }
    default Variable movedim(int source, int destination) { return ShapeOps.movedim(self(), source, destination); }
    default Variable squeeze() { return ShapeOps.squeeze(self()); }
    default Variable squeeze(int... dims) { return ShapeOps.squeeze(self(), dims); }
    default Variable unsqueeze(int dim) { return ShapeOps.unsqueeze(self(), dim); }
    default Variable expand(long... shape) { return ShapeOps.expand(self(), shape); }
    default Variable broadcastTo(long... shape) { return ShapeOps.expand(self(), shape); }
    default Variable expandAs(Variable other) { return ShapeOps.expandAs(self(), other); }
    default Variable slice(int dim, long start, long end, long step) { return ShapeOps.slice(self(), dim, start, end, step); }
    default Variable slice(int dim, long start, long end) { return ShapeOps.slice(self(), dim, start, end, 1); }
    default Variable select(int dim, long index) { return ShapeOps.select(self(), dim, index); }
    default Variable narrow(int dim, long start, long length) { return ShapeOps.narrow(self(), dim, start, length); }
    default Variable unfold(int dim, long size, long step) { return ShapeOps.unfold(self(), dim, size, step); }
    default Variable[] split(long splitSize, int dim) { return ShapeOps.split(self(), splitSize, dim); }
    default Variable[] split(long splitSize) { return ShapeOps.split(self(), splitSize, 0); }
    default Variable[] split(long[] sizes, int dim) { return ShapeOps.split(self(), sizes, dim); }
    default Variable[] chunk(int chunks, int dim) { return ShapeOps.chunk(self(), chunks, dim); }
    default Variable[] chunk(int chunks) { return ShapeOps.chunk(self(), chunks, 0); }
    default Variable[] unbind(int dim) { return ShapeOps.unbind(self(), dim); }
    default Variable[] unbind() { return ShapeOps.unbind(self(), 0); }
    default Variable flip(int... dims) { return ShapeOps.flip(self(), dims); }
    default Variable roll(long[] shifts, int[] dims) { return ShapeOps.roll(self(), shifts, dims); }
    default Variable roll(long shift, int dim) { return ShapeOps.roll(self(), new long[]{shift}, new int[]{dim}); }
    default Variable roll(long shift) { return ShapeOps.roll(self(), new long[]{shift}, null); }
    default Variable repeat(long... repeats) { return ShapeOps.repeat(self(), repeats); }
    default Variable tile(long... dims) { return ShapeOps.tile(self(), dims); }
    default Variable pad(long[] pad, String mode, double value) { return ShapeOps.pad(self(), pad, mode, value); }
    default Variable pad(long... pad) { return ShapeOps.pad(self(), pad); }
    default Variable contiguous() { return ShapeOps.contiguous(self()); }
    /** A contiguous copy (torch.clone; the core's copy()). */
    default Variable copy() { return ShapeOps.clone(self()); }
    default Variable to(DType dtype) { return ShapeOps.to(self(), dtype); }
}
