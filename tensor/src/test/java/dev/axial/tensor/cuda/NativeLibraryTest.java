package dev.axial.tensor.cuda;

import dev.axial.tensor.cuda.ffi.CudaDriver;
import dev.axial.tensor.cuda.ffi.NativeLibrary;
import dev.axial.tensor.spi.BackendUnavailableException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeLibraryTest {
    @Test void namesEverySonameTriedWithTheLoadersMessage() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> NativeLibrary.openFrom(null, "bogus", "libaxial-bogus.so.7", "libaxial-bogus.so.6"));
        assertEquals("libaxial-bogus.so.7: cannot open shared object file: No such file or directory; "
                + "libaxial-bogus.so.6: cannot open shared object file: No such file or directory", e.getMessage());
    }

    @Test void aMissingEmulatorFileIsNamed() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> NativeLibrary.openFrom("/nonexistent/libaxemu.so", "cuBLAS", "libcublas.so.13"));
        assertTrue(e.getMessage().contains("/nonexistent/libaxemu.so"), e.getMessage());
    }

    @Test void aMissingSymbolNamesLibraryAndSymbol() {
        NativeLibrary libc = NativeLibrary.openFrom(null, "libc", "libc.so.6");
        assertTrue(libc.has("strlen"));
        NativeLibrary.Function f = libc.function("axial_no_such_symbol", FunctionDescriptor.of(ValueLayout.JAVA_INT));
        IllegalStateException e = assertThrows(IllegalStateException.class, f::handle);
        assertTrue(e.getMessage().contains("libc (libc.so.6) has no symbol axial_no_such_symbol"), e.getMessage());
    }

    @Test void withoutADriverTheReasonIsExact() {
        String problem = CudaDriver.systemDriverProblem();
        assumeTrue(problem != null, "this machine has libcuda.so.1");
        assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory (no NVIDIA driver?)", problem);
    }
}
