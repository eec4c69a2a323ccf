package dev.axial.tensor.cpu;

import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Float32 3-D trilinear grid_sample, the hot path of Spacing, RandAffine and elastic deformation: float arithmetic
 * as ATen's grid_sampler_3d, the eight corner offsets and weights computed once per output voxel and reused
 * across channels, and no bounds checks for voxels whose whole 2x2x2 cell lies inside the volume (nearly all of
 * them). Tested against {@link CpuGridSample#forwardGeneric}, the plain path.
 */
final class CpuGridSampleFast {
    private CpuGridSampleFast() {}

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    static void trilinear(Tensor out, Tensor input, Tensor grid, CpuGridSample.Geom g, int padding, boolean alignCorners) {
        MemorySegment in = CpuBackend.seg(input), gr = CpuBackend.seg(grid), o = CpuBackend.seg(out);
        long inOff = input.offset(), grOff = grid.offset(), oOff = out.offset();
        long c = g.c(), id = g.id(), ih = g.ih(), iw = g.iw(), plane = g.plane(), points = g.points(), hw = ih * iw;
        Parallel.forRange(g.n() * points, Math.max(1, 8192 / Math.max(1, c)), (s, e) -> {
            CpuGridSampleTaps t = g.taps(CpuGridSampleTaps.BILINEAR, padding, alignCorners);
            for (long q = s; q < e; q++) {
                long b = q / points, p = q - b * points;
                long gq = grOff + q * 3;
                float ix = coord(t, gr.getAtIndex(F, gq), iw), iy = coord(t, gr.getAtIndex(F, gq + 1), ih),
                        iz = coord(t, gr.getAtIndex(F, gq + 2), id);
                long outAt = oOff + b * c * points + p;
                long inBase = inOff + b * c * plane;
                float fx = (float) Math.floor(ix), fy = (float) Math.floor(iy), fz = (float) Math.floor(iz);
                // NOTE: compared as floats: a huge or NaN coordinate must not overflow a long into range
                if (fx >= 0 && fx + 1 < iw && fy >= 0 && fy + 1 < ih && fz >= 0 && fz + 1 < id) {
                    long x0 = (long) fx, y0 = (long) fy, z0 = (long) fz;
                    float wx0 = fx + 1 - ix, wx1 = ix - fx, wy0 = fy + 1 - iy, wy1 = iy - fy, wz0 = fz + 1 - iz, wz1 = iz - fz;
                    float w000 = wx0 * wy0 * wz0, w001 = wx1 * wy0 * wz0, w010 = wx0 * wy1 * wz0, w011 = wx1 * wy1 * wz0;
                    float w100 = wx0 * wy0 * wz1, w101 = wx1 * wy0 * wz1, w110 = wx0 * wy1 * wz1, w111 = wx1 * wy1 * wz1;
                    long a = (z0 * ih + y0) * iw + x0;
                    for (long ch = 0; ch < c; ch++) {
                        long r = inBase + ch * plane + a;
                        float v = in.getAtIndex(F, r) * w000;
                        v += in.getAtIndex(F, r + 1) * w001;
                        v += in.getAtIndex(F, r + iw) * w010;
                        v += in.getAtIndex(F, r + iw + 1) * w011;
                        v += in.getAtIndex(F, r + hw) * w100;
                        v += in.getAtIndex(F, r + hw + 1) * w101;
                        v += in.getAtIndex(F, r + hw + iw) * w110;
                        v += in.getAtIndex(F, r + hw + iw + 1) * w111;
                        o.setAtIndex(F, outAt + ch * points, v);
                    }
                } else {
                    // near or outside the border: the general stencil (skips corners outside, NaN locations read nothing)
                    t.atSource(ix, iy, iz);
                    for (long ch = 0; ch < c; ch++) {
                        long r = inBase + ch * plane;
                        float v = 0;
                        for (int i = 0; i < t.count; i++) v += in.getAtIndex(F, r + t.off[i]) * (float) t.w[i];
                        o.setAtIndex(F, outAt + ch * points, v);
                    }
                }
            }
        });
    }

    /** The source coordinate in float, as ATen computes it for float32 (zeros padding: unnormalise only). */
    private static float coord(CpuGridSampleTaps t, float c, long size) {
        if (t.padding == CpuGridSampleTaps.ZEROS)
            return t.alignCorners ? (c + 1) / 2 * (size - 1) : ((c + 1) * size - 1) / 2;
        return (float) t.sourceIndex(c, size);
    }
}
