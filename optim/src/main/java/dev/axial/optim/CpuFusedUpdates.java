package dev.axial.optim;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The optimizers' per-element updates as one pass over contiguous float32 CPU memory (parameter, gradient and
 * state read once, written once), instead of the five to eight tensor ops (each a full pass plus a temporary)
 * that the composite form costs. Reached through {@link FusedUpdates#CPU}; the CUDA kernels (CudaOptim) repeat
 * this arithmetic operation for operation. Other dtypes take the optimizers' composite paths, which are the
 * specification these loops are tested against.
 *
 * <pre>{@code
 * if (CpuFusedUpdates.fusable(p, g, m, v)) CpuFusedUpdates.adam(p, g, m, v, null, ...);
 * }</pre>
 */
final class CpuFusedUpdates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Elements per parallel chunk at least: below this, hand-off costs more than it saves. */
    private static final long GRAIN = 1 << 16;

    private CpuFusedUpdates() {}

    /** True when every tensor (nulls ignored) is a contiguous float32 CPU tensor. */
    static boolean fusable(Tensor... ts) {
        for (Tensor t : ts)
            if (t != null && (t.device() != Device.CPU || t.dtype() != DType.FLOAT32 || !t.isContiguous())) return false;
        return true;
    }

    /**
     * Adam/AdamW: {@code g += l2*p; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; vmax = max(vmax, v) (amsgrad);
     * p = decay*p - stepSize * m / (sqrt(v̂)/bc2Sqrt + eps)}.
     */
    static void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vmax, float l2, float decay, float b1, float b2,
                     float stepSize, float bc2Sqrt, float eps) {
        MemorySegment ps = p.hostSegment(), gs = g.hostSegment(), ms = m.hostSegment(), vs = v.hostSegment();
        MemorySegment xs = vmax == null ? null : vmax.hostSegment();
        float c1 = 1 - b1, c2 = 1 - b2, inv = 1 / bc2Sqrt;
        Parallel.forRange(p.numel(), GRAIN, (start, end) -> {
            long i = start;
            long vecEnd = start + (end - start) / S.length() * S.length();
            for (; i < vecEnd; i += S.length()) {
                long o = i * 4;
                FloatVector pv = FloatVector.fromMemorySegment(S, ps, o, LE);
                FloatVector gv = FloatVector.fromMemorySegment(S, gs, o, LE);
                if (l2 != 0) gv = pv.fma(FloatVector.broadcast(S, l2), gv);
                FloatVector mv = FloatVector.fromMemorySegment(S, ms, o, LE).mul(b1).add(gv.mul(c1));
                FloatVector vv = FloatVector.fromMemorySegment(S, vs, o, LE).mul(b2).add(gv.mul(gv).mul(c2));
                mv.intoMemorySegment(ms, o, LE);
                vv.intoMemorySegment(vs, o, LE);
                if (xs != null) {
                    vv = FloatVector.fromMemorySegment(S, xs, o, LE).max(vv);
                    vv.intoMemorySegment(xs, o, LE);
                }
                FloatVector denom = vv.lanewise(VectorOperators.SQRT).mul(inv).add(eps);
                pv.mul(decay).sub(mv.mul(stepSize).div(denom)).intoMemorySegment(ps, o, LE);
            }
            for (; i < end; i++) {
                long o = i * 4;
                // NOTE: fma as the vector lanes do, so a chunk's tail rounds alike whatever the thread count
                float pi = ps.get(F, o), gi = l2 != 0 ? Math.fma(pi, l2, gs.get(F, o)) : gs.get(F, o);
                float mi = ms.get(F, o) * b1 + c1 * gi;
                float vi = vs.get(F, o) * b2 + c2 * gi * gi;
                ms.set(F, o, mi);
                vs.set(F, o, vi);
                if (xs != null) {
                    vi = Math.max(xs.get(F, o), vi);
                    xs.set(F, o, vi);
                }
                ps.set(F, o, pi * decay - stepSize * mi / ((float) Math.sqrt(vi) * inv + eps));
            }
        });
    }

    /**
     * SGD: {@code d = g + wd p; buf = first ? d : momentum buf + (1-dampening) d; d = nesterov ? d + momentum buf : buf;
     * p -= lr d}. {@code buf} is null without momentum.
     */
    static void sgd(Tensor p, Tensor g, Tensor buf, boolean first, float wd, float momentum, float dampening,
                    boolean nesterov, float lr) {
        MemorySegment ps = p.hostSegment(), gs = g.hostSegment(), bs = buf == null ? null : buf.hostSegment();
        float take = 1 - dampening;
        Parallel.forRange(p.numel(), GRAIN, (start, end) -> {
            for (long i = start; i < end; i++) {
                long o = i * 4;
                float pi = ps.get(F, o), d = gs.get(F, o) + wd * pi;
                if (bs != null) {
                    // NOTE: the new buffer is uninitialised memory: never read it on the first step
                    float b = first ? d : momentum * bs.get(F, o) + take * d;
                    bs.set(F, o, b);
                    d = nesterov ? d + momentum * b : b;
                }
                ps.set(F, o, pi - lr * d);
            }
        });
    }

    /** Novograd, given the scalar denominator: {@code d = g/denom + wd p; d *= gScale; m = b1 m + d; p -= lr m}. */
    static void novograd(Tensor p, Tensor g, Tensor m, float denom, float wd, float gScale, float b1, float lr) {
        MemorySegment ps = p.hostSegment(), gs = g.hostSegment(), ms = m.hostSegment();
        Parallel.forRange(p.numel(), GRAIN, (start, end) -> {
            for (long i = start; i < end; i++) {
                long o = i * 4;
                float pi = ps.get(F, o);
                float d = (gs.get(F, o) / denom + wd * pi) * gScale;
                float mi = b1 * ms.get(F, o) + d;
                ms.set(F, o, mi);
                ps.set(F, o, pi - lr * mi);
            }
        });
    }
}
