package dev.axial.tensor.cpu;

import dev.axial.tensor.DType;
import dev.axial.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The data gradient of a strided float32 convolution (= the transposed convolution's forward) as direct
 * convolutions, one per stride phase of the input, with {@link CpuConvDirect}'s register-tiled kernel.
 *
 * <p>Per dim, an input index i with ip = i + p = jp*s + phi receives w[k] * dy[o] exactly from the taps k whose
 * k*d = m*s + phi, at o = jp - m. So for each phase phi (of the s0*s1*s2), dx at the grid points jp is a plain
 * stride-1 correlation of dy (zero-padded by M = max m in front) with the taps of that phase: every tap is one
 * flat offset {@code (M - m)} into the padded dy, and the kernel of the forward applies with the roles of the
 * channels swapped (rows = (co, tap of phi), 8 input channels per tile). Each dx element is written once, by one
 * tile: no scatter-add, no dependence on the thread count (col2vol, which this replaces, scatters with scalar adds
 * in phases).
 *
 * <pre>{@code
 * CpuConvDirectData.backwardData(dx, w, dy, CpuConvColumns.of(dx, dy, w, params));
 * }</pre>
 */
final class CpuConvDirectData {
    private static final int MR = CpuConvDirect.MR, NR = CpuConvDirect.NR;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private CpuConvDirectData() {}

    /** The taps of one phase and their flat offsets into the padded dy. */
    private record Phase(int[] ph, int[] taps, long[] offs) {}

    static void backwardData(Tensor dx, Tensor w, Tensor dy, CpuConvColumns g) {
        int[] in = g.in(), out = g.out(), k = g.k(), s = g.s(), p = g.p(), d = g.d();
        // grid extents J (phase positions covering the input), front pad M, padded dy extents E
        int[] jn = new int[3], m = new int[3], e = new int[3];
        for (int i = 0; i < 3; i++) {
            jn[i] = Math.ceilDiv(in[i] + p[i], s[i]);
            m[i] = (k[i] - 1) * d[i] / s[i];
            e[i] = m[i] + Math.max(jn[i], out[i]);
        }
        long plane = (long) e[1] * e[2], positions = jn[0] * plane;
        long chan = e[0] * plane + (long) m[1] * e[2] + m[2] + 2L * NR;
        int kg = g.coutG(), cg = g.cinG(), groups = g.groups(), kv = g.kvol();
        int blocks = (cg + MR - 1) / MR;
        int phases = s[0] * s[1] * s[2];
        Phase[] ps = new Phase[phases];
        float[][] wp = new float[phases][];
        MemorySegment ws = CpuBackend.seg(w);
        for (int f = 0; f < phases; f++) {
            int[] ph = {f / (s[1] * s[2]), f / s[2] % s[1], f % s[2]};
            int[] taps = new int[kv];
            int nt = 0;
            for (int t = 0; t < kv; t++) {
                int[] kk = {t / (k[1] * k[2]), t / k[2] % k[1], t % k[2]};
                if (kk[0] * d[0] % s[0] == ph[0] && kk[1] * d[1] % s[1] == ph[1] && kk[2] * d[2] % s[2] == ph[2]) taps[nt++] = t;
            }
            taps = java.util.Arrays.copyOf(taps, nt);
            int rows = kg * nt;
            long[] offs = new long[rows];
            for (int co = 0, r = 0; co < kg; co++)
                for (int t : taps) {
                    int kd = t / (k[1] * k[2]), kh = t / k[2] % k[1], kw = t % k[2];
                    offs[r++] = (co * chan + (m[0] - kd * d[0] / s[0]) * plane + (long) (m[1] - kh * d[1] / s[1]) * e[2]
                            + (m[2] - kw * d[2] / s[2])) * 4;
                }
            ps[f] = new Phase(ph, taps, offs);
            // wp[f][gi][block][r = (co, tap)][MR input channels], zero past C/g
            float[] pk = new float[groups * blocks * rows * MR];
            for (int gi = 0; gi < groups; gi++)
                for (int ci = 0; ci < cg; ci++)
                    for (int co = 0, r = 0; co < kg; co++)
                        for (int t : taps)
                            pk[((gi * blocks + ci / MR) * rows + r++) * MR + ci % MR] =
                                    ws.get(F, (w.offset() + ((long) (gi * kg + co) * cg + ci) * kv + t) * 4);
            wp[f] = pk;
        }
        long tiles = (positions + NR - 1) / NR, perPhase = (tiles + CpuConvDirect.FWD_TILES - 1) / CpuConvDirect.FWD_TILES;
        MemorySegment ys = CpuBackend.seg(dy), xs = CpuBackend.seg(dx);
        long ov = g.outVox(), iv = g.inVox();
        try (Tensor buf = Tensor.empty(DType.FLOAT32, dy.device(), g.cout() * chan)) {
            MemorySegment yp = CpuConvDirect.zeroed(buf);
            for (int ni = 0; ni < g.n(); ni++) {
                long yImg = dy.offset() + (long) ni * g.cout() * ov, xImg = dx.offset() + (long) ni * g.cin() * iv;
                // dy of this image into the padded grid (borders stay zero)
                Parallel.forRange((long) g.cout() * out[0], 16, (st, en) -> {
                    for (long it = st; it < en; it++) {
                        long co = it / out[0];
                        int od = (int) (it % out[0]);
                        for (int oh = 0; oh < out[1]; oh++)
                            MemorySegment.copy(ys, (yImg + co * ov + ((long) od * out[1] + oh) * out[2]) * 4, yp,
                                    (co * chan + (od + m[0]) * plane + (long) (oh + m[1]) * e[2] + m[2]) * 4, out[2] * 4L);
                    }
                });
                Parallel.forRange(phases * perPhase, 1, (st, en) -> {
                    float[] tile = new float[MR * NR];
                    for (long it = st; it < en; it++) {
                        // phases innermost: the s^3 phases of one chunk write interleaved elements of the same dx
                        // lines, so they run back to back while those lines are in cache (phase-major order streamed
                        // all of dx through memory once per phase)
                        int f = (int) (it % phases);
                        long t0 = it / phases * CpuConvDirect.FWD_TILES, t1 = Math.min(tiles, t0 + CpuConvDirect.FWD_TILES);
                        Phase ph = ps[f];
                        int rows = ph.offs().length;
                        for (int gi = 0; gi < groups; gi++) {
                            long yg = (long) gi * kg * chan * 4;
                            for (int b = 0; b < blocks; b++) {
                                int wo = (gi * blocks + b) * rows * MR, ci0 = gi * cg + b * MR, mr = Math.min(MR, cg - b * MR);
                                for (long t = t0; t < t1; t++) {
                                    long q0 = t * NR;
                                    CpuConvDirect.block(rows, wp[f], wo, yp, yg + q0 * 4, ph.offs(), tile);
                                    store(tile, q0, positions, plane, e[2], ph.ph(), g, xs, xImg, ci0, mr);
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /** dx[ci, jp*s + phi - p] = tile for the tile's grid points that land inside the input. */
    private static void store(float[] tile, long q0, long positions, long plane, int e2, int[] ph, CpuConvColumns g,
                              MemorySegment xs, long xImg, int ci0, int mr) {
        int[] in = g.in(), s = g.s(), p = g.p();
        long iv = g.inVox();
        long q = q0, end = Math.min(q0 + NR, positions);
        // grid w range whose input index is inside: 0 <= j*s + phi - p < in
        int lo = Math.max(0, Math.ceilDiv(p[2] - ph[2], s[2])), hi = Math.floorDiv(in[2] - 1 + p[2] - ph[2], s[2]) + 1;
        while (q < end) {
            int jd = (int) (q / plane);
            int rem = (int) (q - jd * plane);
            int jh = rem / e2, jw = rem - jh * e2;
            int run = (int) Math.min(e2 - jw, end - q);
            int id = jd * s[0] + ph[0] - p[0], ih = jh * s[1] + ph[1] - p[1];
            int a = Math.max(jw, lo), z = Math.min(jw + run, hi);
            if (id >= 0 && id < in[0] && ih >= 0 && ih < in[1] && a < z) {
                int j0 = (int) (q - q0) + a - jw;
                long row = xImg + ((long) id * in[1] + ih) * in[2] + ph[2] - p[2];
                for (int i = 0; i < mr; i++) {
                    long at = row + (ci0 + i) * iv;
                    int src = i * NR + j0;
                    for (int j = a; j < z; j++) xs.set(F, (at + (long) j * s[2]) * 4, tile[src + j - a]);
                }
            }
            q += run;
        }
    }
}
