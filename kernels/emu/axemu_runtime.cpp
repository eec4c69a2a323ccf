// axemu_runtime.cpp: runs one kernel launch on the CPU.
//
// Blocks run one after another. The threads of a block run as fibers (ucontext) on this one OS
// thread: a fiber runs until it reaches a barrier (__syncthreads, a shuffle, __syncwarp) or returns,
// then the scheduler runs the next. A barrier opens when every thread of its group (the block, or
// the warp) that has not returned is waiting at it, as on a GPU where exited threads no longer count.
// A launch whose threads can make no progress (some wait at a block barrier, others at a warp
// barrier that can never fill) is a kernel bug: the launch fails with CUDA_ERROR_LAUNCH_FAILED.
#include "axemu.h"
#include "axemu_internal.h"

#include <cstdlib>
#include <sys/mman.h>
#include <ucontext.h>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace axemu {

LaunchState g_launch;

namespace {

enum class State { Ready, WaitBlock, WaitWarp, Done };

struct Fiber {
    ucontext_t ctx;
    State state;
    uint3 idx;
};

constexpr size_t kStackBytes = 256 * 1024;

std::vector<Fiber> fibers;
std::vector<char*> stacks;
std::vector<uint64_t> slots;
ucontext_t scheduler;
unsigned current = 0;
Entry running_entry = nullptr;
const void* running_args = nullptr;

std::map<std::string, KernelInfo>& registry() {
    static std::map<std::string, KernelInfo> r;
    return r;
}

void fiber_main() {
    running_entry(running_args);
    fibers[current].state = State::Done;
    swapcontext(&fibers[current].ctx, &scheduler);
}

char* stack_for(unsigned i) {
    while (stacks.size() <= i) {
        void* s = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (s == MAP_FAILED) return nullptr;
        stacks.push_back(static_cast<char*>(s));
    }
    return stacks[i];
}

void wait(State s) {
    fibers[current].state = s;
    swapcontext(&fibers[current].ctx, &scheduler);
}

// Opens every barrier whose group is complete; returns true if any fiber became ready.
bool open_barriers(unsigned n) {
    bool opened = false;
    bool blockFull = true, anyBlockWaiter = false;
    for (unsigned t = 0; t < n; ++t) {
        if (fibers[t].state == State::WaitBlock) anyBlockWaiter = true;
        else if (fibers[t].state != State::Done) blockFull = false;
    }
    if (anyBlockWaiter && blockFull) {
        for (unsigned t = 0; t < n; ++t)
            if (fibers[t].state == State::WaitBlock) fibers[t].state = State::Ready;
        opened = true;
    }
    for (unsigned w = 0; w < n; w += 32) {
        unsigned end = std::min(n, w + 32);
        bool full = true, any = false;
        for (unsigned t = w; t < end; ++t) {
            if (fibers[t].state == State::WaitWarp) any = true;
            else if (fibers[t].state != State::Done) full = false;
        }
        if (any && full) {
            for (unsigned t = w; t < end; ++t)
                if (fibers[t].state == State::WaitWarp) fibers[t].state = State::Ready;
            opened = true;
        }
    }
    return opened;
}

bool run_block(unsigned n) {
    for (unsigned t = 0; t < n; ++t) {
        Fiber& f = fibers[t];
        f.state = State::Ready;
        f.idx = uint3{t % g_launch.block.x, (t / g_launch.block.x) % g_launch.block.y, t / (g_launch.block.x * g_launch.block.y)};
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = stacks[t];
        f.ctx.uc_stack.ss_size = kStackBytes;
        f.ctx.uc_link = nullptr;
        makecontext(&f.ctx, fiber_main, 0);
    }
    for (;;) {
        bool ran = false, live = false;
        for (unsigned t = 0; t < n; ++t) {
            if (fibers[t].state == State::Done) continue;
            live = true;
            if (fibers[t].state != State::Ready) continue;
            current = t;
            swapcontext(&scheduler, &fibers[t].ctx);
            ran = true;
        }
        if (!live) return true;
        if (!open_barriers(n) && !ran) return false;
    }
}

}  // namespace

Registration::Registration(const char* name, Entry entry, unsigned argBytes) {
    registry()[name] = KernelInfo{entry, argBytes};
}

const KernelInfo* find_kernel(const char* name) {
    auto it = registry().find(name);
    return it == registry().end() ? nullptr : &it->second;
}

unsigned current_thread() { return current; }

uint3 current_thread_idx() { return fibers[current].idx; }

uint64_t* warp_slots() { return slots.data(); }

void barrier_block() { wait(State::WaitBlock); }

void barrier_warp() { wait(State::WaitWarp); }

bool no_work() {
    static const bool off = [] { const char* v = std::getenv("AXEMU_NO_WORK"); return v && *v && *v != '0'; }();
    return off;
}

int launch(const KernelInfo& k, dim3 grid, dim3 block, unsigned sharedBytes, const void* args, std::string& error) {
    unsigned n = block.x * block.y * block.z;
    fibers.resize(n);
    slots.assign(n, 0);
    for (unsigned t = 0; t < n; ++t)
        if (!stack_for(t)) {
            error = "cannot map fiber stacks";
            return 0;
        }
    std::vector<unsigned char> shared(sharedBytes + 16);
    g_launch.grid = grid;
    g_launch.block = block;
    g_launch.sharedBytes = sharedBytes;
    g_launch.dynamicShared = shared.data();
    running_entry = k.entry;
    running_args = args;
    for (unsigned z = 0; z < grid.z; ++z)
        for (unsigned y = 0; y < grid.y; ++y)
            for (unsigned x = 0; x < grid.x; ++x) {
                g_launch.blockIndex = uint3{x, y, z};
                // NOTE: a GPU leaves shared memory undefined; poisoning it makes a kernel that reads
                // before writing fail here too (NaN for floats, -1 for integers).
                std::memset(shared.data(), 0xff, shared.size());
                if (!run_block(n)) {
                    char buf[160];
                    std::snprintf(buf, sizeof buf, "deadlock in block (%u,%u,%u): threads wait at barriers that cannot open", x, y, z);
                    error = buf;
                    return 0;
                }
            }
    return 1;
}

}  // namespace axemu
