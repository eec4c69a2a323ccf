package dev.axial.tensor;

import dev.axial.tensor.cpu.CpuBackend;
import dev.axial.tensor.spi.Backend;
import dev.axial.tensor.spi.BackendProvider;
import dev.axial.tensor.spi.BackendUnavailableException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend for a device, lazily. The CPU backend is always there; other backends are looked up
 * through {@link BackendProvider} the first time their device is used, and when one cannot load the
 * reason is kept and repeated in every exception and in {@code axial info}.
 *
 * <pre>{@code
 * Backend cpu = Backends.get(Device.CPU);
 * Backends.status();   // {cpu=available: ..., cuda=unavailable: libcuda.so.1 not found}
 * }</pre>
 */
public final class Backends {
    private static final Map<Device, Object> LOADED = new ConcurrentHashMap<>();  // Backend or the failure
    private static final Backend CPU = new CpuBackend();

    private Backends() {}

    /** The backend for {@code device}; throws {@link BackendUnavailableException} with the reason if it cannot load. */
    public static Backend get(Device device) {
        if (device.isCpu()) return CPU;
        Object o = LOADED.computeIfAbsent(device, Backends::load);
        if (o instanceof Backend b) return b;
        BackendUnavailableException e = (BackendUnavailableException) o;
        throw new BackendUnavailableException(device + " backend unavailable: " + e.getMessage(), e);
    }

    /** True if {@code device}'s backend loads. */
    public static boolean isAvailable(Device device) {
        try {
            get(device);
            return true;
        } catch (BackendUnavailableException e) {
            return false;
        }
    }

    /**
     * True when {@code device} is a GPU that works: its backend loads and is not an emulator. The one place that
     * decides whether running on a device is worth it (the CPU emulator that tests run the CUDA backend on is
     * correct but far slower than the CPU backend).
     *
     * <pre>{@code
     * if (Backends.isRealGpu(Device.cuda(0))) net.to(Device.cuda(0));
     * }</pre>
     */
    public static boolean isRealGpu(Device device) {
        if (device.isCpu()) return false;
        try {
            return !get(device).isEmulated();
        } catch (BackendUnavailableException e) {
            return false;
        }
    }

    /**
     * The device to run on when the user names none: cuda:0 when it is a real GPU ({@link #isRealGpu}), else the
     * CPU (also when only the CUDA emulator loads).
     *
     * <pre>{@code
     * Device d = Backends.preferredDevice();   // cuda:0 on a GPU host, cpu elsewhere
     * }</pre>
     */
    public static Device preferredDevice() { return isRealGpu(Device.cuda(0)) ? Device.cuda(0) : Device.CPU; }

    /**
     * {@link Device#parse} plus "auto" ({@link #preferredDevice}): what a command line's {@code --device} takes.
     *
     * <pre>{@code
     * Device d = Backends.parseDevice("auto");
     * }</pre>
     */
    public static Device parseDevice(String s) { return "auto".equalsIgnoreCase(s.strip()) ? preferredDevice() : Device.parse(s); }

    /** One line per device type: "available: ..." or "unavailable: reason". Loads backends to find out. */
    public static Map<String, String> status() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("cpu", "available: " + CPU.describe());
        Device cuda = Device.cuda(0);
        try {
            out.put("cuda", "available: " + get(cuda).describe());
        } catch (BackendUnavailableException e) {
            out.put("cuda", "unavailable: " + e.getMessage().replaceFirst("^cuda:0 backend unavailable: ", ""));
        }
        return out;
    }

    private static Object load(Device device) {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.type() != device.type()) continue;
            try {
                return p.load(device);
            } catch (BackendUnavailableException e) {
                return e;
            } catch (RuntimeException | LinkageError e) {
                return new BackendUnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        return new BackendUnavailableException("no " + device.type().name().toLowerCase()
                + " backend is built into this Axial (no BackendProvider for " + device.type() + " on the class path)");
    }
}
