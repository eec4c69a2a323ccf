// fake_driver.cpp: the CUDA driver API calls Axial makes, implemented on the CPU.
//
// "Device" memory is host memory (a device pointer is a host address), every call is synchronous,
// streams and events are tokens (events take the host clock), and a module is the set of `.entry`
// names found in the PTX it was loaded from: cuModuleGetFunction finds the kernel of that name that
// AX_KERNEL registered from the same .cu source, and checks that its argument struct has the size
// nvcc gave the PTX parameter, which catches a layout that differs between nvcc and g++.
// Status codes and their names are the real driver's, so Java's error paths are exercised as they are.
//
// Settings (environment): AXEMU_TOTAL_MEM (bytes of "device" memory, default 4 GiB; allocations past
// it fail with CUDA_ERROR_OUT_OF_MEMORY), AXEMU_DEVICES (device count, default 1).
#include "axemu.h"
#include "axemu_internal.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace {

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

enum : int {
    CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_OUT_OF_MEMORY = 2, CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_NO_DEVICE = 100, CUDA_ERROR_INVALID_DEVICE = 101, CUDA_ERROR_INVALID_IMAGE = 200,
    CUDA_ERROR_INVALID_CONTEXT = 201, CUDA_ERROR_INVALID_HANDLE = 400, CUDA_ERROR_NOT_FOUND = 500,
    CUDA_ERROR_NOT_READY = 600, CUDA_ERROR_LAUNCH_FAILED = 719, CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
    CUDA_ERROR_INVALID_PTX = 218,
};

struct ErrorText { int code; const char* name; const char* text; };
const ErrorText kErrors[] = {
    {0, "CUDA_SUCCESS", "no error"},
    {1, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {3, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {100, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {101, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {200, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {201, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {218, "CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
    {400, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {500, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {600, "CUDA_ERROR_NOT_READY", "device not ready"},
    {701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", "too many resources requested for launch"},
    {719, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
};

std::recursive_mutex mu;   // one call at a time: launches share the runtime's fiber state
bool initialized = false;
std::map<CUdeviceptr, size_t> device_blocks;
std::set<void*> host_blocks;
size_t used_bytes = 0;

struct Module { std::map<std::string, unsigned> entries; };   // entry name -> parameter bytes (0 if unknown)
struct Function { const axemu::KernelInfo* info; std::string name; };
struct Event { double ms; bool recorded; };

int device_count() {
    const char* s = std::getenv("AXEMU_DEVICES");
    return s ? std::atoi(s) : 1;
}

size_t total_mem() {
    const char* s = std::getenv("AXEMU_TOTAL_MEM");
    return s ? std::strtoull(s, nullptr, 10) : (size_t)4 << 30;
}

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

bool owns(CUdeviceptr p, size_t bytes) {
    auto it = device_blocks.upper_bound(p);
    if (it == device_blocks.begin()) return false;
    --it;
    return p >= it->first && p + bytes <= it->first + it->second;
}

// Parses ".entry NAME(" and its ".param .align A .b8 NAME_param_0[BYTES]" from PTX text.
void parse_ptx(const char* ptx, Module& m) {
    std::string s(ptx);
    size_t pos = 0;
    while ((pos = s.find(".entry ", pos)) != std::string::npos) {
        pos += 7;
        size_t end = s.find('(', pos);
        if (end == std::string::npos) break;
        std::string name = s.substr(pos, end - pos);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        unsigned bytes = 0;
        size_t close = s.find(')', end);
        std::string params = s.substr(end, close == std::string::npos ? 0 : close - end);
        size_t b = params.find(name + "_param_0[");
        if (b != std::string::npos) bytes = (unsigned)std::strtoul(params.c_str() + b + name.size() + 9, nullptr, 10);
        m.entries[name] = bytes;
        pos = end;
    }
}

}  // namespace

#define CHECK_INIT() do { if (!initialized) return CUDA_ERROR_NOT_INITIALIZED; } while (0)

extern "C" {

CUresult cuInit(unsigned flags) {
    std::lock_guard<std::recursive_mutex> g(mu);
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    initialized = true;
    return device_count() > 0 ? CUDA_SUCCESS : CUDA_ERROR_NO_DEVICE;
}

CUresult cuDriverGetVersion(int* v) {
    if (!v) return CUDA_ERROR_INVALID_VALUE;
    *v = 13000;
    return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult e, const char** s) {
    if (!s) return CUDA_ERROR_INVALID_VALUE;
    for (const ErrorText& t : kErrors) if (t.code == e) { *s = t.name; return CUDA_SUCCESS; }
    *s = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuGetErrorString(CUresult e, const char** s) {
    if (!s) return CUDA_ERROR_INVALID_VALUE;
    for (const ErrorText& t : kErrors) if (t.code == e) { *s = t.text; return CUDA_SUCCESS; }
    *s = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
}

CUresult cuDeviceGetCount(int* n) {
    CHECK_INIT();
    if (!n) return CUDA_ERROR_INVALID_VALUE;
    *n = device_count();
    return CUDA_SUCCESS;
}

CUresult cuDeviceGet(int* dev, int ordinal) {
    CHECK_INIT();
    if (!dev) return CUDA_ERROR_INVALID_VALUE;
    if (ordinal < 0 || ordinal >= device_count()) return CUDA_ERROR_INVALID_DEVICE;
    *dev = ordinal;
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetName(char* name, int len, int dev) {
    CHECK_INIT();
    if (!name || len <= 0) return CUDA_ERROR_INVALID_VALUE;
    if (dev < 0 || dev >= device_count()) return CUDA_ERROR_INVALID_DEVICE;
    std::snprintf(name, (size_t)len, "Axial CPU emulator (axemu)");
    return CUDA_SUCCESS;
}

CUresult cuDeviceGetAttribute(int* v, int attribute, int dev) {
    CHECK_INIT();
    if (!v) return CUDA_ERROR_INVALID_VALUE;
    if (dev < 0 || dev >= device_count()) return CUDA_ERROR_INVALID_DEVICE;
    switch (attribute) {
        case 1: *v = 1024; break;                 // MAX_THREADS_PER_BLOCK
        case 2: case 3: *v = 1024; break;         // MAX_BLOCK_DIM_X/Y
        case 4: *v = 64; break;                   // MAX_BLOCK_DIM_Z
        case 5: *v = INT_MAX; break;              // MAX_GRID_DIM_X
        case 6: case 7: *v = 65535; break;        // MAX_GRID_DIM_Y/Z
        case 8: *v = 48 * 1024; break;            // MAX_SHARED_MEMORY_PER_BLOCK
        case 10: *v = 32; break;                  // WARP_SIZE
        case 13: *v = 1000000; break;             // CLOCK_RATE (kHz)
        case 16: *v = 2; break;                   // MULTIPROCESSOR_COUNT: small, so capped grids stay small
        case 36: *v = 1000000; break;             // MEMORY_CLOCK_RATE (kHz)
        case 37: *v = 64; break;                  // GLOBAL_MEMORY_BUS_WIDTH
        case 38: *v = 1 << 20; break;             // L2_CACHE_SIZE
        case 39: *v = 2048; break;                // MAX_THREADS_PER_MULTIPROCESSOR
        case 75: *v = 9; break;                   // COMPUTE_CAPABILITY_MAJOR
        case 76: *v = 0; break;                   // COMPUTE_CAPABILITY_MINOR
        case 97: *v = 227 * 1024; break;          // MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
        default: return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}

CUresult cuDeviceTotalMem_v2(size_t* bytes, int dev) {
    CHECK_INIT();
    if (!bytes) return CUDA_ERROR_INVALID_VALUE;
    if (dev < 0 || dev >= device_count()) return CUDA_ERROR_INVALID_DEVICE;
    *bytes = total_mem();
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(void** ctx, int dev) {
    CHECK_INIT();
    if (!ctx) return CUDA_ERROR_INVALID_VALUE;
    if (dev < 0 || dev >= device_count()) return CUDA_ERROR_INVALID_DEVICE;
    *ctx = reinterpret_cast<void*>((uintptr_t)(0xC0DE0000u + dev));
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(int dev) {
    CHECK_INIT();
    return dev < 0 || dev >= device_count() ? CUDA_ERROR_INVALID_DEVICE : CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(void*) { CHECK_INIT(); return CUDA_SUCCESS; }

CUresult cuCtxSynchronize() { CHECK_INIT(); return CUDA_SUCCESS; }

CUresult cuMemGetInfo_v2(size_t* free, size_t* total) {
    CHECK_INIT();
    if (!free || !total) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard<std::recursive_mutex> g(mu);
    *total = total_mem();
    *free = *total - used_bytes;
    return CUDA_SUCCESS;
}

CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
    CHECK_INIT();
    if (!p || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard<std::recursive_mutex> g(mu);
    if (used_bytes + bytes > total_mem()) return CUDA_ERROR_OUT_OF_MEMORY;
    size_t rounded = (bytes + 255) & ~(size_t)255;
    void* m = std::aligned_alloc(256, rounded);
    if (!m) return CUDA_ERROR_OUT_OF_MEMORY;
    // NOTE: device memory is undefined after cuMemAlloc; poisoning it (NaN, -1) makes kernels and copies
    // that read what nobody wrote fail in the emulator as they would, unpredictably, on a GPU.
    std::memset(m, 0xff, rounded);
    *p = (CUdeviceptr)(uintptr_t)m;
    device_blocks[*p] = bytes;
    used_bytes += bytes;
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
    CHECK_INIT();
    std::lock_guard<std::recursive_mutex> g(mu);
    auto it = device_blocks.find(p);
    if (it == device_blocks.end()) return CUDA_ERROR_INVALID_VALUE;
    used_bytes -= it->second;
    device_blocks.erase(it);
    std::free((void*)(uintptr_t)p);
    return CUDA_SUCCESS;
}

CUresult cuMemAllocHost_v2(void** p, size_t bytes) {
    CHECK_INIT();
    if (!p || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard<std::recursive_mutex> g(mu);
    *p = std::aligned_alloc(4096, (bytes + 4095) & ~(size_t)4095);
    if (!*p) return CUDA_ERROR_OUT_OF_MEMORY;
    host_blocks.insert(*p);
    return CUDA_SUCCESS;
}

CUresult cuMemFreeHost(void* p) {
    CHECK_INIT();
    std::lock_guard<std::recursive_mutex> g(mu);
    if (!host_blocks.erase(p)) return CUDA_ERROR_INVALID_VALUE;
    std::free(p);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t bytes, void*) {
    CHECK_INIT();
    std::lock_guard<std::recursive_mutex> g(mu);
    if (bytes == 0) return CUDA_SUCCESS;
    if (!src || !owns(dst, bytes)) return CUDA_ERROR_INVALID_VALUE;
    std::memcpy((void*)(uintptr_t)dst, src, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t bytes, void*) {
    CHECK_INIT();
    std::lock_guard<std::recursive_mutex> g(mu);
    if (bytes == 0) return CUDA_SUCCESS;
    if (!dst || !owns(src, bytes)) return CUDA_ERROR_INVALID_VALUE;
    std::memcpy(dst, (const void*)(uintptr_t)src, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes, void*) {
    CHECK_INIT();
    std::lock_guard<std::recursive_mutex> g(mu);
    if (bytes == 0) return CUDA_SUCCESS;
    if (!owns(dst, bytes) || !owns(src, bytes)) return CUDA_ERROR_INVALID_VALUE;
    std::memmove((void*)(uintptr_t)dst, (const void*)(uintptr_t)src, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char v, size_t n, void*) {
    CHECK_INIT();
    std::lock_guard<std::recursive_mutex> g(mu);
    if (n == 0) return CUDA_SUCCESS;
    if (!owns(dst, n)) return CUDA_ERROR_INVALID_VALUE;
    std::memset((void*)(uintptr_t)dst, v, n);
    return CUDA_SUCCESS;
}

CUresult cuStreamCreate(void** s, unsigned) {
    CHECK_INIT();
    if (!s) return CUDA_ERROR_INVALID_VALUE;
    *s = new char(0);
    return CUDA_SUCCESS;
}

CUresult cuStreamDestroy_v2(void* s) {
    CHECK_INIT();
    if (!s) return CUDA_ERROR_INVALID_HANDLE;
    delete static_cast<char*>(s);
    return CUDA_SUCCESS;
}

CUresult cuStreamSynchronize(void*) { CHECK_INIT(); return CUDA_SUCCESS; }

CUresult cuStreamWaitEvent(void*, void* e, unsigned) { CHECK_INIT(); return e ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE; }

CUresult cuEventCreate(void** e, unsigned) {
    CHECK_INIT();
    if (!e) return CUDA_ERROR_INVALID_VALUE;
    *e = new Event{0, false};
    return CUDA_SUCCESS;
}

CUresult cuEventRecord(void* e, void*) {
    CHECK_INIT();
    if (!e) return CUDA_ERROR_INVALID_HANDLE;
    static_cast<Event*>(e)->ms = now_ms();
    static_cast<Event*>(e)->recorded = true;
    return CUDA_SUCCESS;
}

CUresult cuEventSynchronize(void* e) { CHECK_INIT(); return e ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE; }

CUresult cuEventQuery(void* e) { CHECK_INIT(); return e ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE; }

CUresult cuEventElapsedTime(float* ms, void* a, void* b) {
    CHECK_INIT();
    if (!ms) return CUDA_ERROR_INVALID_VALUE;
    if (!a || !b) return CUDA_ERROR_INVALID_HANDLE;
    Event* ea = static_cast<Event*>(a);
    Event* eb = static_cast<Event*>(b);
    if (!ea->recorded || !eb->recorded) return CUDA_ERROR_INVALID_HANDLE;
    *ms = (float)(eb->ms - ea->ms);
    return CUDA_SUCCESS;
}

CUresult cuEventElapsedTime_v2(float* ms, void* a, void* b) { return cuEventElapsedTime(ms, a, b); }

CUresult cuEventDestroy_v2(void* e) {
    CHECK_INIT();
    if (!e) return CUDA_ERROR_INVALID_HANDLE;
    delete static_cast<Event*>(e);
    return CUDA_SUCCESS;
}

CUresult cuModuleLoadData(void** module, const void* image) {
    CHECK_INIT();
    if (!module || !image) return CUDA_ERROR_INVALID_VALUE;
    Module* m = new Module();
    parse_ptx(static_cast<const char*>(image), *m);
    if (m->entries.empty()) {
        delete m;
        return CUDA_ERROR_INVALID_IMAGE;
    }
    *module = m;
    return CUDA_SUCCESS;
}

CUresult cuModuleUnload(void* module) {
    CHECK_INIT();
    if (!module) return CUDA_ERROR_INVALID_HANDLE;
    delete static_cast<Module*>(module);
    return CUDA_SUCCESS;
}

CUresult cuModuleGetFunction(void** f, void* module, const char* name) {
    CHECK_INIT();
    if (!f || !module || !name) return CUDA_ERROR_INVALID_VALUE;
    Module* m = static_cast<Module*>(module);
    auto it = m->entries.find(name);
    if (it == m->entries.end()) return CUDA_ERROR_NOT_FOUND;
    const axemu::KernelInfo* k = axemu::find_kernel(name);
    if (!k) {
        std::fprintf(stderr, "axemu: kernel %s is in the PTX but not in libaxemu.so (rebuild kernels)\n", name);
        return CUDA_ERROR_NOT_FOUND;
    }
    if (it->second != 0 && it->second != k->argBytes) {
        std::fprintf(stderr, "axemu: kernel %s: nvcc's parameter is %u bytes, g++'s struct %u: layouts differ\n",
                     name, it->second, k->argBytes);
        return CUDA_ERROR_INVALID_IMAGE;
    }
    *f = new Function{k, name};
    return CUDA_SUCCESS;
}

CUresult cuFuncSetAttribute(void* f, int, int) { CHECK_INIT(); return f ? CUDA_SUCCESS : CUDA_ERROR_INVALID_HANDLE; }

CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void*, void** params, void** extra) {
    CHECK_INIT();
    if (!f) return CUDA_ERROR_INVALID_HANDLE;
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0) return CUDA_ERROR_INVALID_VALUE;
    if (gy > 65535 || gz > 65535 || bx > 1024 || by > 1024 || bz > 64) return CUDA_ERROR_INVALID_VALUE;
    if ((unsigned long long)bx * by * bz > 1024) return CUDA_ERROR_INVALID_VALUE;
    if (shared > 227 * 1024) return CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES;
    if (extra || !params || !params[0]) return CUDA_ERROR_INVALID_VALUE;   // Axial passes one struct via kernelParams
    if (axemu::no_work()) return CUDA_SUCCESS;
    std::lock_guard<std::recursive_mutex> g(mu);
    Function* fn = static_cast<Function*>(f);
    std::string error;
    if (!axemu::launch(*fn->info, dim3(gx, gy, gz), dim3(bx, by, bz), shared, params[0], error)) {
        std::fprintf(stderr, "axemu: kernel %s: %s\n", fn->name.c_str(), error.c_str());
        return CUDA_ERROR_LAUNCH_FAILED;
    }
    return CUDA_SUCCESS;
}

}  // extern "C"
