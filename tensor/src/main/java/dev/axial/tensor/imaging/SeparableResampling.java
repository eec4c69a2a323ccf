package dev.axial.tensor.imaging;

import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;
import dev.axial.tensor.cpu.Parallel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The float64 3-D resampling of {@link AffineResampling} when the map is axis-aligned (theta's 3×3 part diagonal:
 * Spacing, Resize-like zooms and flips after Orientation), bilinear or nearest, zeros or border padding: the
 * same numbers as affine_grid + grid_sample, bit for bit, without the (D, H, W, 3) float64 grid or the float64
 * copy of the input. Per axis the source coordinates come from affine_grid itself on a one-line output (the other
 * axes' terms are exact zeros), then ATen's unnormalize and clip; per voxel the eight weights are
 * {@code wx * wy * wz} summed in grid_sample's tap order (z, y, x), out-of-range taps left out, exactly as the
 * plain grid_sample path computes in double. {@code -Daxial.resample.separable=false} turns it off (for checks).
 */
final class SeparableResampling {
    static final boolean ENABLED = !"false".equals(System.getProperty("axial.resample.separable"));

    private SeparableResampling() {}

    /** One axis: for each output index, the two taps (lo, lo + 1) and weights, or one tap for nearest; -1 = outside. */
    private record Axis(int[] i0, double[] w0, double[] w1) {}

    /**
     * The resampled (C, outSize) float32 tensor, or null where this path does not apply. {@code theta} is the
     * (3, 4) row-major affine grid_sample would get (rows x, y, z = W, H, D axes).
     */
    static Tensor apply(Tensor img, double[] theta, long[] outSize, String mode, String padding, boolean alignCorners, DType ct) {
        if (!ENABLED || ct != DType.FLOAT64 || img.dim() != 4 || img.device() != Device.CPU || outSize.length != 3) return null;
        boolean nearest = mode.equals("nearest");
        if (!nearest && !mode.equals("bilinear")) return null;
        boolean border = padding.equals("border");
        if (!border && !padding.equals("zeros")) return null;
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                if (r != c && theta[r * 4 + c] != 0) return null;
        long[] in = img.shape();
        long ch = in[0], id = in[1], ih = in[2], iw = in[3];
        long od = outSize[0], oh = outSize[1], ow = outSize[2];
        if (id * ih * iw >= Integer.MAX_VALUE) return null;
        Axis ax, ay, az;
        try (Scope s = Scope.open()) {
            Tensor th = Tensor.of(theta, 1, 3, 4).to(ct);   // as the plain path builds it
            ax = axis(GridSampling.affineGrid(th, new long[] {1, 1, 1, 1, ow}, alignCorners), 0, iw, nearest, border, alignCorners);
            ay = axis(GridSampling.affineGrid(th, new long[] {1, 1, 1, oh, 1}, alignCorners), 1, ih, nearest, border, alignCorners);
            az = axis(GridSampling.affineGrid(th, new long[] {1, 1, od, 1, 1}, alignCorners), 2, id, nearest, border, alignCorners);
        }
        Tensor src = img.dtype() == DType.FLOAT32 || img.dtype() == DType.FLOAT64 ? img.contiguous() : img.to(DType.FLOAT64).contiguous();
        boolean f32 = src.dtype() == DType.FLOAT32;
        Tensor out = Tensor.empty(DType.FLOAT32, Device.CPU, ch, od, oh, ow);
        MemorySegment si = src.hostSegment(), so = out.hostSegment();
        long plane = id * ih * iw, hw = ih * iw, opl = od * oh * ow;
        Parallel.forRange(ch * od, Math.max(1, 4096 / Math.max(1, oh * ow)), (s0, e0) -> {
            for (long q = s0; q < e0; q++) {
                long c = q / od;
                int z = (int) (q - c * od);
                long base = c * plane;
                long ob = c * opl + z * oh * ow;
                int z0 = az.i0[z];
                double wz0 = az.w0[z], wz1 = az.w1[z];
                for (int y = 0; y < oh; y++) {
                    int y0 = ay.i0[y];
                    double wy0 = ay.w0[y], wy1 = ay.w1[y];
                    long orow = ob + y * ow;
                    for (int x = 0; x < ow; x++) {
                        int x0 = ax.i0[x];
                        double sum = 0;
                        if (nearest) {
                            if (x0 >= 0 && y0 >= 0 && z0 >= 0) sum += 1 * load(si, base + (z0 * hw + (long) y0 * iw + x0), f32);
                        } else {
                            double wx0 = ax.w0[x], wx1 = ax.w1[x];
                            // grid_sample's taps in order (z, y, x), each weight (wx * wy) * wz, out-of-range taps skipped
                            for (int cz = 0; cz < 2; cz++) {
                                long zi = (long) z0 + cz;
                                if (zi < 0 || zi >= id) continue;
                                double wz = cz == 0 ? wz0 : wz1;
                                for (int by = 0; by < 2; by++) {
                                    long yi = (long) y0 + by;
                                    if (yi < 0 || yi >= ih) continue;
                                    double wy = by == 0 ? wy0 : wy1;
                                    long rowOff = base + (zi * ih + yi) * iw;
                                    if (x0 >= 0 && x0 < iw) sum += wx0 * wy * wz * load(si, rowOff + x0, f32);
                                    if (x0 + 1 >= 0 && x0 + 1 < iw) sum += wx1 * wy * wz * load(si, rowOff + x0 + 1, f32);
                                }
                            }
                        }
                        so.setAtIndex(ValueLayout.JAVA_FLOAT, orow + x, (float) sum);
                    }
                }
            }
        });
        if (src != img) src.close();
        return out;
    }

    private static double load(MemorySegment s, long i, boolean f32) {
        return f32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT, i) : s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }

    /** Component {@code comp} of a one-line grid, through ATen's source-index formulas. */
    private static Axis axis(Tensor grid, int comp, long size, boolean nearest, boolean border, boolean alignCorners) {
        double[] g = grid.to(DType.FLOAT64).contiguous().toDoubleArray();
        int n = g.length / 3;
        int[] i0 = new int[n];
        double[] w0 = new double[n], w1 = new double[n];
        for (int p = 0; p < n; p++) {
            double c = g[p * 3 + comp];
            double x = alignCorners ? (c + 1) / 2 * (size - 1) : ((c + 1) * size - 1) / 2;
            if (border) x = x <= 0 ? 0 : x >= size - 1 ? size - 1 : x;
            if (Double.isNaN(x)) {   // reads nothing
                i0[p] = Integer.MIN_VALUE / 2;
                continue;
            }
            if (nearest) {
                long r = (long) Math.rint(x);
                i0[p] = r >= 0 && r < size ? (int) r : -1;
                if (i0[p] < 0) i0[p] = Integer.MIN_VALUE / 2;
            } else {
                double f = Math.floor(x);
                i0[p] = f < -2 ? -2 : f > size + 1 ? (int) size + 1 : (int) f;
                w0[p] = f + 1 - x;
                w1[p] = x - f;
            }
        }
        return new Axis(i0, w0, w1);
    }
}
