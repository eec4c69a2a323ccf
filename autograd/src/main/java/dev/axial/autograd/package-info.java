/**
 * Reverse-mode automatic differentiation over Axial tensors.
 *
 * <h2>Using it</h2>
 * A {@link dev.axial.autograd.Variable} wraps a {@link dev.axial.tensor.Tensor}. Leaves made with
 * {@link dev.axial.autograd.Variable#param} require gradients; ops on Variables record a graph while
 * {@link dev.axial.autograd.GradMode} is enabled (the default, per thread); {@code backward()} fills the leaves'
 * {@code grad()}. {@link dev.axial.autograd.GradCheck} compares any function's gradients with finite differences.
 * Higher-order gradients are not supported: backward formulas run with grad mode off.
 *
 * <h2>The backward table</h2>
 * Every differentiable op lives in one family class of {@code dev.axial.autograd.ops} (MathOps, ReduceOps,
 * ShapeOps, IndexOps, and the imaging families ConvOps, PoolOps, InterpolateOps, GridSampleOps, NormOps,
 * DropoutOps). Each op is one public static method that computes the value with the tensor core and records its
 * derivative right beside it through {@link dev.axial.autograd.Graph#record}, so each family reads like PyTorch's
 * derivatives.yaml:
 * <pre>{@code
 * // mul: d/da = g * b, d/db = g * a
 * public static Variable mul(Variable a, Variable b) {
 *     Tensor x = a.data(), y = b.data();
 *     return Graph.record("mul", x.mul(y), (g, need) -> grads(need[0] ? g.mul(y) : null, need[1] ? g.mul(x) : null), a, b);
 * }
 * }</pre>
 * Rules for formulas:
 * <ul>
 * <li>Return one gradient per input, in order; null where {@code need[i]} is false or there is none. Never undo
 *     broadcasting or cast dtypes: the engine sums a broadcast gradient back to the input's shape and casts it.</li>
 * <li>Capture the tensors you need (inputs' data, the output) in the lambda. Tensors the forward computed only for
 *     backward (masks, indices, statistics) go in {@code Graph.record}'s {@code saved} array so they are freed as
 *     soon as backward has run through the op.</li>
 * <li>Formulas run in a scope of their own with grad mode off, on the tensor core: use Tensor ops, and the
 *     imaging package's explicit backward ops ({@code Convolution.convBackwardInput}, ...).</li>
 * <li>Composite ops (softmax, norms, losses) are written once from primitives unless a fused kernel is measurably
 *     faster; then the fused backward is tested against the composite.</li>
 * <li>Every op gets a {@link dev.axial.autograd.GradCheck} test (random shapes, non-contiguous inputs made inside
 *     the checked function, broadcasting), and bad input a clear exception.</li>
 * </ul>
 * Instance-method sugar for the core ops ({@code x.mul(y)}) sits in the sealed mixins VariableMath,
 * VariableReductions, VariableShaping and VariableIndexing, which delegate to the families.
 */
package dev.axial.autograd;
