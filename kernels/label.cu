// label.cu: connected-component labelling of a contiguous N-D bool mask (dev.axial.tensor.imaging.Labeling).
// Each foreground voxel ends with the smallest linear (row-major) index of its component, background
// with -1. Neighbours: index vectors differing by at most 1 in every axis and in 1..conn axes (1 = faces,
// ndim = full, as scipy/skimage). Method: label_init gives each foreground voxel its own index; then
// rounds of label_propagate (each voxel takes the smallest label of itself and its neighbours, and hooks
// its old label's voxel to it by atomicMin) and label_jump (pointer jumping: labels[i] follows
// labels[labels[i]] down to a voxel that labels itself) until a round changes nothing (the 'changed'
// flag, which Java reads back once per few rounds). Invariant: labels[i] <= i and labels[i] is a
// voxel of i's component, so at the fixed point every component carries its smallest index. Races only
// ever lower a label to another voxel of the same component, so they change the number of rounds, not
// the result.
#include "axial.cuh"

typedef unsigned long long u64;

struct LabelArgs {
    const unsigned char* mask;
    i64* labels;
    int* changed;
    i64 numel;
    i64 sizes[AX_MAX_DIMS];
    int ndim;
    int conn;
};

AX_KERNEL(label_init, LabelArgs, a) {
    AX_GRID_STRIDE(i, a.numel) a.labels[i] = a.mask[i] ? i : -1;
}

AX_KERNEL(label_propagate, LabelArgs, a) {
    const int nd = a.ndim;
    int total = 1;
    for (int d = 0; d < nd; d++) total *= 3;
    AX_GRID_STRIDE(i, a.numel) {
        if (!a.mask[i]) continue;
        i64 c[AX_MAX_DIMS];
        i64 r = i;
        for (int d = nd - 1; d >= 0; d--) { c[d] = r % a.sizes[d]; r /= a.sizes[d]; }
        i64 own = a.labels[i], m = own;
        for (int code = 0; code < total; code++) {
            int k = code, nonzero = 0;
            bool inside = true;
            i64 j = 0;
            for (int d = nd - 1; d >= 0; d--) {
                int o = k % 3 - 1;
                k /= 3;
                i64 p = c[d] + o;
                if (o != 0) nonzero++;
                if (p < 0 || p >= a.sizes[d]) inside = false;
            }
            if (!inside || nonzero == 0 || nonzero > a.conn) continue;
            k = code;
            i64 stride = 1;
            for (int d = nd - 1; d >= 0; d--) {
                j += (c[d] + (k % 3 - 1)) * stride;
                k /= 3;
                stride *= a.sizes[d];
            }
            if (a.mask[j]) {
                i64 l = a.labels[j];
                if (l < m) m = l;
            }
        }
        if (m < own) {
            atomicMin((u64*)&a.labels[i], (u64)m);
            atomicMin((u64*)&a.labels[own], (u64)m);
            *a.changed = 1;
        }
    }
}

AX_KERNEL(label_jump, LabelArgs, a) {
    AX_GRID_STRIDE(i, a.numel) {
        i64 l = a.labels[i];
        if (l < 0) continue;
        i64 n = a.labels[l];
        while (n < l) {
            l = n;
            n = a.labels[l];
        }
        if (l < a.labels[i]) atomicMin((u64*)&a.labels[i], (u64)l);
    }
}
