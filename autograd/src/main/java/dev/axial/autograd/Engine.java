package dev.axial.autograd;

import dev.axial.tensor.DType;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Shapes;
import dev.axial.tensor.Storage;
import dev.axial.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs backward: orders the graph's nodes so each runs after every node that consumes its output (Kahn's algorithm
 * on consumer counts), calls each formula once with the summed gradient of its output, sums gradients back to each
 * input's shape (undoing broadcasting in one place), and delivers the total gradient of every leaf once, after its
 * hooks. Memory: all gradient temporaries live in one scope that closes when backward returns; each formula runs in
 * a nested scope, and a node's incoming gradient is freed as soon as the node has run, so peak memory stays near
 * one layer's worth of gradients, not the whole graph's.
 */
final class Engine {
    private Engine() {}

    static void backward(Variable root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward: the variable " + root.data().describe()
                    + " does not require grad and has no grad_fn (no input of the ops that made it requires grad)");
        if (seed == null) {
            if (root.numel() != 1)
                throw new IllegalArgumentException("backward: grad can be implicitly created only for one-element outputs; the output is "
                        + root.data().describe() + " (pass a seed gradient of that shape)");
        } else if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: the seed gradient " + seed.describe() + " does not match the output's shape "
                    + Shapes.str(root.shape()));
        } else if (seed.device() != root.device()) {
            throw new IllegalArgumentException("backward: the seed gradient is on " + seed.device() + ", the output on " + root.device());
        }
        try (Scope engineScope = Scope.open(); var ng = GradMode.noGrad()) {
            Tensor g0 = seed != null ? seed.to(root.device(), root.dtype()) : root.data().onesLike();
            new Run(engineScope, retainGraph).run(root, g0);
        }
    }

    private static final class Run {
        final Scope scope;
        final boolean retain;
        final IdentityHashMap<Node, Integer> consumers = new IdentityHashMap<>();
        final IdentityHashMap<Node, Tensor> pending = new IdentityHashMap<>();
        final IdentityHashMap<Node, Variable> outputs = new IdentityHashMap<>();
        final LinkedHashMap<Variable, Tensor> leafGrads = new LinkedHashMap<>();

        Run(Scope scope, boolean retain) {
            this.scope = scope;
            this.retain = retain;
        }

        void run(Variable root, Tensor g0) {
            if (root.isLeaf()) {
                root.accumulate(g0, false);
                return;
            }
            countConsumers(root.gradFn);
            outputs.put(root.gradFn, root);
            pending.put(root.gradFn, g0);
            ArrayDeque<Node> ready = new ArrayDeque<>();
            ready.push(root.gradFn);
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor g = pending.remove(node);
                Tensor[] grads = g == null ? null : applyNode(node, g);
                if (!retain) node.release();
                for (int i = 0; i < node.inputs.length; i++) {
                    Variable in = node.inputs[i];
                    if (in == null || !in.requiresGrad()) continue;
                    Tensor gi = grads == null ? null : grads[i];
                    if (in.isLeaf()) {
                        if (gi != null) add(leafGrads, in, gi);
                        continue;
                    }
                    if (gi != null) {
                        outputs.putIfAbsent(in.gradFn, in);
                        add(pending, in.gradFn, gi);
                    }
                    int c = consumers.get(in.gradFn) - 1;
                    consumers.put(in.gradFn, c);
                    // a node none of whose consumers sent a gradient still runs through the loop (g == null),
                    // so that its own inputs' counts reach zero and its saved tensors are released
                    if (c == 0) ready.push(in.gradFn);
                }
                if (g != null && unshared(g, 0)) g.close();
            }
            for (Map.Entry<Variable, Tensor> e : leafGrads.entrySet()) {
                Tensor g = e.getValue();
                e.getKey().accumulate(g, unshared(g, 1) && g.isContiguous() && g.offset() == 0 && g.numel() == g.storage().numel());
            }
        }

        private Tensor[] applyNode(Node node, Tensor g) {
            Variable out = outputs.get(node);
            if (out != null && out.retainsGrad()) out.accumulate(g, false);
            boolean[] needs = new boolean[node.inputs.length];
            for (int i = 0; i < needs.length; i++) needs[i] = node.inputs[i] != null && node.inputs[i].requiresGrad();
            try (Scope local = Scope.open()) {
                OpProfile.beforeBackward();
                Tensor[] grads = node.apply(g, needs);
                OpProfile.backward(node.op);
                if (grads == null || grads.length != node.inputs.length)
                    throw new IllegalStateException("backward formula of '" + node.op + "' returned "
                            + (grads == null ? "null" : grads.length + " gradients") + " for " + node.inputs.length + " inputs");
                grads = grads.clone();
                for (int i = 0; i < grads.length; i++) {
                    if (!needs[i] || grads[i] == null) {
                        grads[i] = null;
                        continue;
                    }
                    grads[i] = fit(node, i, grads[i]);
                    if (local.owns(grads[i])) local.keep(grads[i]);
                }
                return grads;
            }
        }

        /** Adds {@code g} into {@code map[key]}, freeing the old partial sum when nothing else shares it. */
        private <K> void add(Map<K, Tensor> map, K key, Tensor g) {
            Tensor old = map.get(key);
            if (old == null) {
                map.put(key, g);
                return;
            }
            Tensor sum = old.add(g);
            map.put(key, sum);
            if (unshared(old, 0)) old.close();
        }

        /**
         * True when this backward owns {@code g}'s storage and at most {@code allowed} of the gradients still held
         * (pending or per leaf) use it: then it may be freed (allowed 0) or handed to a leaf (allowed 1, itself).
         */
        private boolean unshared(Tensor g, int allowed) {
            if (!scope.owns(g)) return false;
            Storage s = g.storage();
            int uses = 0;
            for (Tensor p : pending.values()) if (p.storage() == s) uses++;
            for (Tensor p : leafGrads.values()) if (p.storage() == s) uses++;
            return uses <= allowed;
        }

        /** Counts, for every node reachable from {@code start}, how many edges from reachable nodes point at it. */
        private void countConsumers(Node start) {
            ArrayDeque<Node> stack = new ArrayDeque<>();
            consumers.put(start, 0);
            stack.push(start);
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                for (Variable in : n.inputs) {
                    if (in == null || in.isLeaf() || !in.requiresGrad()) continue;
                    Node p = in.gradFn;
                    Integer c = consumers.get(p);
                    consumers.put(p, c == null ? 1 : c + 1);
                    if (c == null) stack.push(p);
                }
            }
        }

        /** Sums a broadcast gradient back to the input's shape and casts it to the input's dtype. */
        private static Tensor fit(Node node, int i, Tensor g) {
            Variable in = node.inputs[i];
            long[] want = in.shape();
            if (!Arrays.equals(g.shape(), want)) g = sumToShape(node.op, g, want);
            DType dt = in.dtype();
            if (g.dtype() != dt) g = g.to(dt);
            if (g.device() != in.device())
                throw new IllegalStateException("backward formula of '" + node.op + "' returned a gradient on " + g.device()
                        + " for an input on " + in.device());
            return g;
        }
    }

    /** Sums {@code g} over the dims that broadcasting added or expanded, giving {@code shape}. */
    static Tensor sumToShape(String op, Tensor g, long[] shape) {
        long[] gs = g.shape();
        int lead = gs.length - shape.length;
        if (lead < 0) throw new IllegalStateException("backward formula of '" + op + "' returned a gradient " + g.describe()
                + " of lower rank than its input " + Shapes.str(shape));
        ArrayList<Integer> dims = new ArrayList<>();
        for (int d = 0; d < gs.length; d++) {
            if (d < lead) dims.add(d);
            else if (shape[d - lead] == 1 && gs[d] != 1) dims.add(d);
            else if (shape[d - lead] != gs[d])
                throw new IllegalStateException("backward formula of '" + op + "' returned a gradient " + g.describe()
                        + " that does not broadcast to its input " + Shapes.str(shape));
        }
        Tensor r = dims.isEmpty() ? g : g.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return r.reshape(shape);
    }
}
