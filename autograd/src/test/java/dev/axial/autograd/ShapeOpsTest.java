package dev.axial.autograd;

import dev.axial.autograd.ops.ShapeOps;
import dev.axial.tensor.DType;
import dev.axial.tensor.Generator;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Gradchecks of the shape family (float64, seeded random shapes), views sharing storage, and the edge cases. */
class ShapeOpsTest {
    private final Generator gen = new Generator(7);
    private final Random sizes = new Random(7);

    private Tensor rnd(long... shape) { return Tensor.randn(gen, shape); }

    /** A random size in [lo, hi]. */
    private long sz(int lo, int hi) { return lo + sizes.nextInt(hi - lo + 1); }

    private static void check(String name, Function<Variable[], Variable> f, Tensor... in) {
        try (Scope s = Scope.open()) {
            GradCheck.check(name, f, in);
        }
    }

    @Test void rearrangingViews() {
        long a = sz(2, 4), b = sz(2, 3), c = sz(1, 3);
        Tensor x = rnd(a, b, c);
        check("view", v -> v[0].view(-1, c), x);
        check("reshape (non-contiguous)", v -> v[0].transpose(0, 1).reshape(b, -1), x);
        check("flatten", v -> v[0].permute(2, 0, 1).flatten(1, -1), x);
        check("flatten all", v -> v[0].flatten(), x);
        check("unflatten", v -> v[0].flatten().unflatten(0, a, -1), x);
        check("permute (negative dims)", v -> v[0].permute(-1, 0, -2), x);
        check("transpose", v -> v[0].transpose(-1, 0), x);
        check("t", v -> v[0].select(2, 0).t(), x);
        check("mT", v -> v[0].mT(), x);
        check("movedim", v -> v[0].movedim(0, -1), x);
        check("squeeze", v -> v[0].unsqueeze(1).unsqueeze(-1).squeeze(), rnd(a, b));
        check("squeeze dims", v -> v[0].unsqueeze(0).squeeze(0, -1), rnd(a, 1));
        check("unsqueeze", v -> v[0].transpose(0, 1).unsqueeze(-1), rnd(a, b));
    }

    @Test void expandIsSummedBack() {
        check("expand", v -> v[0].expand(3, -1, 4), rnd(1, 2, 1));
        check("broadcastTo new dims", v -> v[0].broadcastTo(2, 3, 4), rnd(3, 1));
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 2, 1));
            Variable y = Variable.of(Tensor.zeros(DType.FLOAT64, x.device(), 5, 2, 3));
            x.expandAs(y).sum().backward();
            assertArrayEquals(new long[]{2, 1}, x.grad().shape());
            assertArrayEquals(new double[]{15, 15}, x.grad().toDoubleArray());
            x.close();
        }
    }

    @Test void partViews() {
        long n = sz(5, 7);
        Tensor x = rnd(3, n);
        check("slice step", v -> v[0].slice(1, 1, n, 2), x);
        check("slice negative", v -> v[0].slice(-1, -3, Long.MAX_VALUE), x);
        check("slice empty", v -> v[0].slice(1, 4, 2).sum().add(v[0].select(0, 0).sum()), x);
        check("select", v -> v[0].select(-1, -2), x);
        check("select non-contiguous", v -> v[0].t().select(0, 1), x);
        check("narrow", v -> v[0].narrow(1, 1, 3), x);
        check("unfold overlapping", v -> v[0].unfold(1, 3, 1), x);
        check("unfold strided", v -> v[0].unfold(-1, 2, 3), x);
        check("unfold non-contiguous", v -> v[0].t().unfold(0, 2, 2), x);
    }

    @Test void splits() {
        Tensor x = rnd(7, 3);
        check("split", v -> {
            Variable[] p = v[0].split(3);
            assertEquals(3, p.length);
            return ShapeOps.cat(0, p[2], p[0].mul(2));     // p[1] never reaches the loss
        }, x);
        check("split sizes with an empty piece", v -> {
            Variable[] p = v[0].split(new long[]{2, 0, 1}, -1);
            return ShapeOps.cat(1, p[2], p[1], p[0].exp());
        }, x);
        check("chunk", v -> {
            Variable[] p = v[0].t().chunk(2, 1);
            return ShapeOps.cat(1, p[1], p[0].mul(3));
        }, x);
        check("unbind", v -> {
            Variable[] p = v[0].unbind(1);
            return ShapeOps.stack(0, p[2], p[0].exp(), p[1]);
        }, x);
        check("unbind 0", v -> v[0].unbind()[1], x);
    }

    @Test void joins() {
        Tensor a = rnd(2, 3), b = rnd(2, 1), c = rnd(2, 4);
        check("cat", v -> ShapeOps.cat(-1, v[0], v[1].mul(2), v[2].t().t()), a, b, c);
        check("cat skips 1-D empties", v -> ShapeOps.cat(0, v[0], v[1], v[2]), rnd(2, 3), Tensor.zeros(0), rnd(1, 3));
        check("cat empty part", v -> ShapeOps.cat(1, v[0], v[1]), rnd(2, 3), rnd(2, 0));
        check("stack", v -> ShapeOps.stack(-1, v[0], v[1].transpose(0, 1)), rnd(2, 3), rnd(3, 2));
        check("stack 0", v -> ShapeOps.stack(0, v[0], v[0].mul(v[0])), rnd(4));
    }

    @Test void copiesThatRearrange() {
        Tensor x = rnd(3, 4);
        check("flip", v -> v[0].flip(0, -1), x);
        check("roll", v -> v[0].t().roll(new long[]{1, -2}, new int[]{0, 1}), x);
        check("roll flat", v -> v[0].roll(5), x);
        check("repeat", v -> v[0].repeat(2, 1, 3), x);
        check("repeat non-contiguous", v -> v[0].t().repeat(2, 2), x);
        check("tile", v -> v[0].tile(2), x);
        check("tile 0-dim", v -> v[0].sum().tile(3, 2), x);
    }

    @Test void pads() {
        check("pad constant", v -> v[0].pad(new long[]{1, 2, 0, 1}, "constant", 3.5), rnd(2, 3, 4));
        check("pad constant crop", v -> v[0].pad(-1, 2, 1, -1), rnd(2, 3, 4));
        for (String mode : new String[]{"reflect", "replicate", "circular"}) {
            check("pad 1d " + mode, v -> v[0].pad(new long[]{2, 1}, mode, 0), rnd(2, 2, 4));
            check("pad 2d " + mode, v -> v[0].transpose(-1, -2).pad(new long[]{1, 2, 2, 0}, mode, 0), rnd(1, 2, 3, 4));
            check("pad 3d " + mode, v -> v[0].pad(new long[]{1, 1, 0, 2, 1, 0}, mode, 0), rnd(1, 3, 3, 2));
        }
        // replicate with a pad larger than the input: the border element collects everything it was copied to
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.of(new double[]{1, 2}, 1, 2));
            x.pad(new long[]{3, 1}, "replicate", 0).sum().backward();
            assertArrayEquals(new double[]{4, 2}, x.grad().toDoubleArray());
            x.close();
        }
    }

    @Test void copiesAndCasts() {
        Tensor x = rnd(3, 2);
        check("contiguous", v -> v[0].t().contiguous(), x);
        check("copy", v -> v[0].copy().mul(v[0]), x);
        try (Scope s = Scope.open()) {
            Variable p = Variable.param(Tensor.of(new double[]{1, 2, 3}, 3));
            assertSame(p, p.contiguous());
            assertSame(p, p.to(DType.FLOAT64));
            Variable f = p.to(DType.FLOAT32);
            assertEquals(DType.FLOAT32, f.dtype());
            f.mul(Tensor.of(new float[]{1, 2, 3}, 3)).sum().backward();
            assertEquals(DType.FLOAT64, p.grad().dtype());
            assertArrayEquals(new double[]{1, 2, 3}, p.grad().toDoubleArray());
            Variable i = p.to(DType.INT64);
            assertFalse(i.requiresGrad());
            p.close();
        }
    }

    @Test void viewsShareStorage() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.randn(gen, 2, 3, 4).to(DType.FLOAT64));
            Variable[] views = {x.view(6, 4), x.reshape(-1), x.flatten(), x.unflatten(2, 2, 2), x.permute(2, 0, 1), x.transpose(0, 1),
                    x.mT(), x.movedim(0, 2), x.unsqueeze(0).squeeze(), x.unsqueeze(1), x.select(1, 0).unsqueeze(1).expand(2, 5, 4),
                    x.slice(2, 0, 4, 2), x.select(0, 1), x.narrow(1, 1, 2), x.unfold(2, 2, 1), x.split(2, 2)[1], x.chunk(3, 1)[2],
                    x.unbind(0)[1], x.contiguous()};
            for (Variable v : views) {
                assertSame(x.data().storage(), v.data().storage(), v.gradFnName());
                assertTrue(v.requiresGrad());
            }
            assertNotSame(x.data().storage(), x.copy().data().storage());
            assertThrows(RuntimeException.class, () -> x.transpose(0, 2).view(-1));
        }
    }

    @Test void badInputNamesTheOp() {
        try (Scope s = Scope.open()) {
            Variable x = Variable.param(Tensor.zeros(DType.FLOAT64, dev.axial.tensor.Device.CPU, 2, 3));
            RuntimeException e = assertThrows(RuntimeException.class, () -> x.pad(new long[]{3, 3}, "reflect", 0));
            assertTrue(e.getMessage().contains("pad"), e.getMessage());
            e = assertThrows(RuntimeException.class, () -> ShapeOps.cat(0, x, Variable.of(Tensor.zeros(2, 2))));
            assertTrue(e.getMessage().contains("cat"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ShapeOps.cat(0));
        }
    }
}
