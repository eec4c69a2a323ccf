// axemu_internal.h: what the fake libraries share with the launch runtime (not seen by kernels).
#pragma once
#include <string>

namespace axemu {

struct KernelInfo {
    Entry entry;
    unsigned argBytes;
};

// The registered kernel of that name, or null.
const KernelInfo* find_kernel(const char* name);

// AXEMU_NO_WORK=1: launches, convolutions, batch norms, GEMMs and tensor adds check their arguments and return
// without computing, so a run times the host side alone (the Java stack's cost per op; results are garbage).
bool no_work();

// Runs the kernel over the grid; returns 0 and sets error if its threads deadlock.
int launch(const KernelInfo& k, dim3 grid, dim3 block, unsigned sharedBytes, const void* args, std::string& error);

}  // namespace axemu
