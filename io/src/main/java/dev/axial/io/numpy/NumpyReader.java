package dev.axial.io.numpy;

import dev.axial.io.ImageFileException;
import dev.axial.io.ImageReader;
import dev.axial.io.raw.ElementType;
import dev.axial.io.raw.RawIO;
import dev.axial.tensor.DType;
import dev.axial.tensor.Device;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npy} and {@code .npz} files as MONAI's {@code NumpyReader}: the array as NumPy holds
 * it (C order; Fortran-order files give the same values in C order), in its own dtype (uint16 as INT32,
 * uint32/uint64 as INT64), with MONAI's metadata: {@code spatial_shape} (the shape, less
 * {@link #channelDim} when set), {@code original_channel_dim} (the channel dim or NaN), {@code space} "RAS",
 * the identity affine (NumPy files have no geometry), and {@code dtype}, the file's NumPy type name.
 *
 * <p>An {@code .npz} gives the arrays named by {@link #npzKeys} (default: every {@code .npy} member, in the
 * archive's order, as MONAI); several arrays are stacked on a new first axis (original_channel_dim 0), or
 * concatenated along {@link #channelDim} when it is set, as MONAI's {@code _stack_images}. Data streams from
 * the file or zip member straight into tensor storage.
 *
 * <pre>{@code
 * try (MetaTensor m = new NumpyReader().npzKeys("image").read(Path.of("case.npz"))) { ... }
 * }</pre>
 */
public final class NumpyReader implements ImageReader {
    private List<String> npzKeys;
    private Integer channelDim;

    /** MONAI's {@code npz_keys}: the members to load from an .npz (without ".npy"); null for all. */
    public NumpyReader npzKeys(String... keys) {
        this.npzKeys = keys == null ? null : List.of(keys);
        return this;
    }

    /** MONAI's {@code channel_dim}: which axis is the channel (null, the default: no channel). */
    public NumpyReader channelDim(Integer dim) {
        this.channelDim = dim;
        return this;
    }

    @Override public String name() { return "NumpyReader"; }

    @Override public boolean verifySuffix(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".npy") || n.endsWith(".npz");
    }

    @Override public MetaTensor read(Path path) {
        boolean npz = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
        try {
            List<String> dtypes = new ArrayList<>();
            Tensor array = npz ? readNpz(path, dtypes) : readNpy(path, dtypes);
            return wrap(array, path, dtypes);
        } catch (NoSuchFileException e) {
            throw new ImageFileException(path, NpyFormat.FORMAT, null, "file not found", e);
        } catch (java.util.zip.ZipException e) {
            throw new ImageFileException(path, NpyFormat.FORMAT, null, "is not a valid npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImageFileException(path, NpyFormat.FORMAT, null, "cannot read: " + e, e);
        }
    }

    private Tensor readNpy(Path path, List<String> dtypes) throws IOException {
        NpyFormat.Header h;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 4096);
            h = NpyFormat.readHeader(in, ch.size(), path, null);
        }
        dtypes.add(h.type().numpyName());
        Tensor t = Tensor.empty(h.type().dtype(), Device.CPU, h.storageShape());
        try {
            RawIO.readFile(path, h.headerBytes(), h.type(), h.order(), t.hostSegment(), NpyFormat.FORMAT, "shape");
        } catch (IOException | RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return h.fortran() ? NpyFormat.toCOrder(t) : t;
    }

    private Tensor readNpz(Path path, List<String> dtypes) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Map<String, ZipEntry> members = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (!e.isDirectory() && e.getName().endsWith(".npy"))
                    members.put(e.getName().substring(0, e.getName().length() - 4), e);
            }
            List<String> keys = npzKeys != null ? npzKeys : new ArrayList<>(members.keySet());
            if (keys.isEmpty()) throw new ImageFileException(path, NpyFormat.FORMAT, "npz_keys", "the archive holds no .npy arrays");
            List<ZipEntry> chosen = new ArrayList<>();
            for (String k : keys) {
                ZipEntry e = members.get(k);
                if (e == null)
                    throw new ImageFileException(path, NpyFormat.FORMAT, "npz_keys", "'" + k + "' is not in the archive (it has " + members.keySet() + ")");
                chosen.add(e);
            }
            List<NpyFormat.Header> headers = new ArrayList<>();
            for (ZipEntry e : chosen)
                try (InputStream in = zip.getInputStream(e)) {
                    headers.add(NpyFormat.readHeader(in, e.getSize(), path, "member " + e.getName()));
                }
            for (NpyFormat.Header h : headers) dtypes.add(h.type().numpyName());
            if (chosen.size() == 1) return readMember(zip, chosen.getFirst(), path);
            NpyFormat.Header first = headers.getFirst();
            boolean uniform = channelDim == null || channelDim == 0;
            for (NpyFormat.Header h : headers)
                uniform &= h.type() == first.type() && Arrays.equals(h.shape(), first.shape()) && !h.fortran();
            return uniform ? readStacked(zip, chosen, headers, path) : readSeparately(zip, chosen, path);
        }
    }

    private static Tensor readMember(ZipFile zip, ZipEntry e, Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(zip.getInputStream(e), RawIO.CHUNK)) {
            NpyFormat.Header h = NpyFormat.readHeader(in, e.getSize(), path, "member " + e.getName());
            return NpyFormat.readData(in, h, path);
        }
    }

    /** Same type and shape: each member streams into its slice of one tensor (stacked, or concatenated on axis 0). */
    private Tensor readStacked(ZipFile zip, List<ZipEntry> chosen, List<NpyFormat.Header> headers, Path path) throws IOException {
        NpyFormat.Header first = headers.getFirst();
        long[] s = first.shape();
        long[] shape;
        if (channelDim == null) {
            shape = new long[s.length + 1];
            shape[0] = chosen.size();
            System.arraycopy(s, 0, shape, 1, s.length);
        } else {
            if (s.length == 0) throw new ImageFileException(path, NpyFormat.FORMAT, "channel_dim", "0-d arrays have no axis 0 to concatenate on");
            shape = s.clone();
            shape[0] = s[0] * chosen.size();
        }
        Tensor t = Tensor.empty(first.type().dtype(), Device.CPU, shape);
        try {
            long bytes = first.numel() * first.type().dtype().byteSize();
            for (int i = 0; i < chosen.size(); i++) {
                ZipEntry e = chosen.get(i);
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), RawIO.CHUNK)) {
                    NpyFormat.Header h = NpyFormat.readHeader(in, e.getSize(), path, "member " + e.getName());
                    RawIO.read(in, h.type(), h.order(), t.hostSegment().asSlice(i * bytes, bytes), path, NpyFormat.FORMAT, "shape");
                }
            }
            return t;
        } catch (IOException | RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    /** Different shapes, types or orders: read each, promote, then stack or concatenate (NumPy's rules). */
    private Tensor readSeparately(ZipFile zip, List<ZipEntry> chosen, Path path) throws IOException {
        List<Tensor> parts = new ArrayList<>();
        try {
            DType common = null;
            for (ZipEntry e : chosen) {
                Tensor t = readMember(zip, e, path);
                parts.add(t);
                common = common == null ? t.dtype() : DType.promote(common, t.dtype());
            }
            for (int i = 0; i < parts.size(); i++) {
                Tensor t = parts.get(i);
                Tensor c = t.to(common);
                if (c != t) {
                    t.close();
                    parts.set(i, c);
                }
            }
            Tensor[] arr = parts.toArray(new Tensor[0]);
            try {
                return channelDim == null ? Tensor.stack(0, arr) : Tensor.cat(channelDim, arr);
            } catch (RuntimeException e) {
                throw new ImageFileException(path, NpyFormat.FORMAT, "npz_keys", "the arrays cannot be " + (channelDim == null ? "stacked" : "concatenated on channel_dim " + channelDim) + ": " + e.getMessage(), e);
            }
        } finally {
            for (Tensor t : parts) t.close();
        }
    }

    private MetaTensor wrap(Tensor array, Path path, List<String> dtypes) {
        Map<String, Object> meta = new LinkedHashMap<>();
        long[] shape = array.shape();
        boolean stacked = dtypes.size() > 1;
        long[] item;
        if (stacked && channelDim == null) {
            item = Arrays.copyOfRange(shape, 1, shape.length);
        } else if (stacked) {
            // concatenated: spatial shape is the first item's; only the channel axis grew
            item = shape.clone();
            int cd = Math.floorMod(channelDim, Math.max(1, shape.length));
            item[cd] = shape[cd] / dtypes.size();
        } else {
            item = shape;
        }
        long[] spatial = item;
        if (channelDim != null) {
            if (channelDim >= item.length || channelDim < -item.length) {
                array.close();
                throw new ImageFileException(path, NpyFormat.FORMAT, "channel_dim", channelDim + " is outside the array's " + item.length + " axes");
            }
            int cd = Math.floorMod(channelDim, item.length);
            spatial = new long[item.length - 1];
            for (int i = 0, k = 0; i < item.length; i++) if (i != cd) spatial[k++] = item[i];
        }
        meta.put(MetaKeys.SPATIAL_SHAPE, spatial);
        meta.put(MetaKeys.SPACE, MetaKeys.SPACE_RAS);
        meta.put(MetaKeys.ORIGINAL_CHANNEL_DIM, channelDim != null ? (Object) channelDim : stacked ? (Object) 0 : (Object) Double.NaN);
        meta.put(MetaKeys.FILENAME_OR_OBJ, path.toString());
        meta.put(MetaKeys.DTYPE, ElementType.of(dtypes.getFirst()) == null ? array.dtype().torchName() : dtypes.getFirst());
        return new MetaTensor(array, MetaTensor.identity(4), meta);
    }
}
