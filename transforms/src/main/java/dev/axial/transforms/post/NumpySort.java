package dev.axial.transforms.post;

/**
 * numpy's default {@code argsort} (kind="quicksort": introsort with median-of-3 partitions, insertion sort below 17
 * elements, heapsort when too deep), ported so that ties come out in numpy's order; MONAI picks the largest
 * components with it.
 */
final class NumpySort {
    private NumpySort() {}

    private static final int SMALL = 16;

    static int[] argsort(int[] v) {
        int n = v.length;
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = i;
        if (n < 2) return t;
        int[] stack = new int[128];
        int[] depthStack = new int[64];
        int sp = 0, dp = 0;
        int pl = 0, pr = n - 1;
        int cdepth = 2 * (31 - Integer.numberOfLeadingZeros(n));
        for (;;) {
            if (cdepth < 0) {
                heapsort(v, t, pl, pr - pl + 1);
            } else {
                while (pr - pl > SMALL) {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[t[pm]] < v[t[pl]]) swap(t, pm, pl);
                    if (v[t[pr]] < v[t[pm]]) swap(t, pr, pm);
                    if (v[t[pm]] < v[t[pl]]) swap(t, pm, pl);
                    int vp = v[t[pm]];
                    int pi = pl, pj = pr - 1;
                    swap(t, pm, pj);
                    for (;;) {
                        do ++pi; while (v[t[pi]] < vp);
                        do --pj; while (vp < v[t[pj]]);
                        if (pi >= pj) break;
                        swap(t, pi, pj);
                    }
                    swap(t, pi, pr - 1);
                    if (pi - pl < pr - pi) {
                        stack[sp++] = pi + 1;
                        stack[sp++] = pr;
                        pr = pi - 1;
                    } else {
                        stack[sp++] = pl;
                        stack[sp++] = pi - 1;
                        pl = pi + 1;
                    }
                    depthStack[dp++] = --cdepth;
                }
                for (int pi = pl + 1; pi <= pr; pi++) {
                    int vi = t[pi], x = v[vi];
                    int pj = pi;
                    while (pj > pl && x < v[t[pj - 1]]) {
                        t[pj] = t[pj - 1];
                        pj--;
                    }
                    t[pj] = vi;
                }
            }
            if (sp == 0) break;
            pr = stack[--sp];
            pl = stack[--sp];
            cdepth = depthStack[--dp];
        }
        return t;
    }

    /** numpy's aheapsort on t[off .. off+n). */
    private static void heapsort(int[] v, int[] t, int off, int n) {
        int a = off - 1;  // 1-based heap indexing
        for (int l = n >> 1; l > 0; --l) {
            int tmp = t[a + l], i = l, j = l << 1;
            while (j <= n) {
                if (j < n && v[t[a + j]] < v[t[a + j + 1]]) j++;
                if (v[tmp] < v[t[a + j]]) { t[a + i] = t[a + j]; i = j; j += j; } else break;
            }
            t[a + i] = tmp;
        }
        while (n > 1) {
            int tmp = t[a + n];
            t[a + n] = t[a + 1];
            n--;
            int i = 1, j = 2;
            while (j <= n) {
                if (j < n && v[t[a + j]] < v[t[a + j + 1]]) j++;
                if (v[tmp] < v[t[a + j]]) { t[a + i] = t[a + j]; i = j; j += j; } else break;
            }
            t[a + i] = tmp;
        }
    }

    private static void swap(int[] t, int i, int j) {
        int x = t[i];
        t[i] = t[j];
        t[j] = x;
    }
}
