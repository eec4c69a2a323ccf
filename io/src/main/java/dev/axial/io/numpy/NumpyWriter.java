package dev.axial.io.numpy;

import dev.axial.io.ImageWriter;
import dev.axial.io.WriteOptions;
import dev.axial.io.raw.AtomicFiles;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a MetaTensor's array as {@code .npy} (or as the single member {@code arr_0} of an {@code .npz}, as
 * {@code np.savez(f, a)}); NumPy files have no geometry, so the affine is not stored. The dtype is
 * {@link WriteOptions#outputDtype()} if set, else the metadata's original {@code "dtype"} where the array
 * holds a widened unsigned type (uint16 read as INT32 goes back as uint16), else the array's own
 * (bfloat16, which NumPy lacks, as float32). C order unless {@link #fortranOrder} is set. Atomic.
 *
 * <pre>{@code
 * new NumpyWriter().fortranOrder(true).write(img, Path.of("out/img.npy"), new WriteOptions());
 * }</pre>
 */
public final class NumpyWriter implements ImageWriter {
    private boolean fortranOrder;

    /** Store the data in Fortran (column-major) order, {@code fortran_order: True}. */
    public NumpyWriter fortranOrder(boolean fortran) {
        this.fortranOrder = fortran;
        return this;
    }

    @Override public String name() { return "NumpyWriter"; }

    @Override public List<String> suffixes() { return List.of(".npy", ".npz"); }

    @Override public void write(MetaTensor image, Path file, WriteOptions options) {
        WriteOptions o = options == null ? new WriteOptions() : options;
        Tensor cpu = image.array().cpu();
        ElementType type = ElementType.forWriting(cpu.dtype(), o.outputDtype(), image.meta().get(MetaKeys.DTYPE));
        Tensor t = RawIO.prepare(cpu, type);
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                if (type.widenedUnsigned()) {
                    // NOTE: Npz writes tensors as they are; an unsigned type asked for by the metadata needs the .npy path
                    throw new IllegalArgumentException("NumpyWriter: " + type.numpyName() + " output is written to .npy only; use .npy or outputDtype");
                }
                Npz.write(file, Map.of("arr_0", t), false);
            } else {
                AtomicFiles.write(file, NpyFormat.FORMAT, out -> NpyFormat.write(out, t, type, fortranOrder, file));
            }
        } finally {
            if (t != cpu) t.close();
            if (cpu != image.array()) cpu.close();
        }
    }
}
