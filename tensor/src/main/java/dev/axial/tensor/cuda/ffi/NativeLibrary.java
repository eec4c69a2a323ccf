package dev.axial.tensor.cuda.ffi;

import dev.axial.tensor.spi.BackendUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One native library, opened from the first loadable of a list of sonames (newest first), with lazily bound
 * functions. When the system property {@value #EMULATOR_PROPERTY} names a file (the CPU emulator, libaxemu.so,
 * which exports the driver, cuBLAS and cuDNN symbols), every library resolves from that file instead.
 *
 * <pre>{@code
 * NativeLibrary cublas = NativeLibrary.open("cuBLAS", "libcublas.so.13", "libcublas.so.12");
 * NativeLibrary.Function create = cublas.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
 * int status = (int) create.handle().invokeExact(handlePointer);
 * }</pre>
 *
 * Opening fails with a {@link BackendUnavailableException} naming every soname tried and the dynamic loader's own
 * message ("libcuda.so.1: cannot open shared object file: No such file or directory"); a missing symbol fails,
 * when the function is first called, naming the library and the symbol.
 */
public final class NativeLibrary {
    /** System property: the path of the CUDA emulator library that stands in for every CUDA library. */
    public static final String EMULATOR_PROPERTY = "axial.cuda.emulator";

    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final String soname;
    private final boolean emulated;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, String soname, SymbolLookup lookup, boolean emulated) {
        this.emulated = emulated;
        this.name = name;
        this.soname = soname;
        this.lookup = lookup;
    }

    /**
     * Opens {@code name} (a label for messages, e.g. "cuBLAS") from the first of {@code sonames} that loads, or from
     * the emulator when {@value #EMULATOR_PROPERTY} is set. Libraries stay loaded for the life of the JVM.
     */
    public static NativeLibrary open(String name, String... sonames) {
        return openFrom(System.getProperty(EMULATOR_PROPERTY), name, sonames);
    }

    /** {@link #open} with the emulator given explicitly: {@code emulator} null means the system's libraries. */
    public static NativeLibrary openFrom(String emulator, String name, String... sonames) {
        if (sonames.length == 0) throw new IllegalArgumentException("NativeLibrary.open(" + name + "): no soname given");
        if (emulator != null && !emulator.isBlank()) {
            Path p = Path.of(emulator);
            if (!Files.isRegularFile(p))
                throw new BackendUnavailableException(name + ": the CUDA emulator " + p + " (system property "
                        + EMULATOR_PROPERTY + ") does not exist; build it with the kernels module");
            try {
                return new NativeLibrary(name, sonames[0] + " (emulated by " + p.getFileName() + ")",
                        SymbolLookup.libraryLookup(p, Arena.global()), true);
            } catch (IllegalArgumentException e) {
                throw new BackendUnavailableException(name + ": cannot load the CUDA emulator " + p + ": " + loaderMessage(p.toString(), e));
            }
        }
        List<String> failures = new ArrayList<>();
        for (String so : sonames) {
            try {
                return new NativeLibrary(name, so, SymbolLookup.libraryLookup(so, Arena.global()), false);
            } catch (IllegalArgumentException e) {
                failures.add(loaderMessage(so, e));
            }
        }
        throw new BackendUnavailableException(String.join("; ", failures));
    }

    /** The label given to {@link #open}. */
    public String name() { return name; }

    /** The soname that loaded (or the soname the emulator stands in for). */
    public String soname() { return soname; }

    /** True when this is the CPU emulator standing in for the library ({@value #EMULATOR_PROPERTY}). */
    public boolean emulated() { return emulated; }

    /** True if the library exports {@code symbol}. */
    public boolean has(String symbol) { return lookup.find(symbol).isPresent(); }

    /** A function bound on first use; {@link Function#handle()} throws naming library and symbol if it is missing. */
    public Function function(String symbol, FunctionDescriptor descriptor) {
        return new Function(symbol, descriptor);
    }

    /** A C function of this library, looked up once on first use. */
    public final class Function {
        private final String symbol;
        private final FunctionDescriptor descriptor;
        private volatile MethodHandle handle;

        private Function(String symbol, FunctionDescriptor descriptor) {
            this.symbol = symbol;
            this.descriptor = descriptor;
        }

        /** The C name. */
        public String symbol() { return symbol; }

        /** The downcall handle (bound on the first call). */
        public MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null) {
                MemorySegment address = lookup.find(symbol).orElseThrow(() -> new IllegalStateException(
                        name + " (" + soname + ") has no symbol " + symbol + " (library too old, or not the library Axial expects)"));
                h = LINKER.downcallHandle(address, descriptor);
                handle = h;
            }
            return h;
        }

        @Override public String toString() { return name + "." + symbol; }
    }

    /**
     * The dynamic loader's reason for {@code so} not loading (dlerror's text, e.g. "libcuda.so.1: cannot open shared
     * object file: No such file or directory"), or the JDK's message when dlopen cannot be asked.
     */
    static String loaderMessage(String so, IllegalArgumentException e) {
        try {
            SymbolLookup libc = LINKER.defaultLookup();
            var dlopen = libc.find("dlopen");
            var dlerror = libc.find("dlerror");
            var dlclose = libc.find("dlclose");
            if (dlopen.isPresent() && dlerror.isPresent() && dlclose.isPresent()) {
                MethodHandle open = LINKER.downcallHandle(dlopen.get(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
                MethodHandle error = LINKER.downcallHandle(dlerror.get(), FunctionDescriptor.of(ValueLayout.ADDRESS));
                MethodHandle close = LINKER.downcallHandle(dlclose.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment h = (MemorySegment) open.invokeExact(arena.allocateFrom(so), 1 /* RTLD_LAZY */);
                    if (!h.equals(MemorySegment.NULL)) {
                        int ignored = (int) close.invokeExact(h);
                        return so + ": loads with dlopen but not through the JDK (" + e.getMessage() + ")";
                    }
                    MemorySegment msg = (MemorySegment) error.invokeExact();
                    if (!msg.equals(MemorySegment.NULL)) return msg.reinterpret(4096).getString(0);
                }
            }
        } catch (Throwable t) {
            // fall through to the JDK's message
        }
        return so + ": " + e.getMessage();
    }
}
