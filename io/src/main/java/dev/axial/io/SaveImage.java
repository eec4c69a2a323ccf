package dev.axial.io;

import dev.axial.tensor.DType;
import dev.axial.tensor.MetaKeys;
import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.Scope;
import dev.axial.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MONAI's {@code SaveImage}: writes a channel-first image to {@code <outputDir>/<name>/<name>_<postfix>[_<patch_index>]<ext>}
 * ({@link FolderLayout}; {@code name} is the input file's from {@code filename_or_obj}, or a running index),
 * moving the channel last and dropping trailing size-1 axes as MONAI's writers do, optionally resampled back
 * to the file's {@code original_affine} and {@code spatial_shape} (3-D formats: MONAI's {@code SpatialResample};
 * without a spatial_shape the output shape is computed from the two affines as MONAI's
 * {@code compute_shape_offset}) or, for the 2-D formats (PNG, JPEG, BMP, TIFF), resized to {@code spatial_shape}
 * as MONAI's {@code PILWriter} (torch interpolate in float32, clipped to the input's range unless nearest;
 * no spatial_shape: no resize). The writer is the one registered for the
 * extension ({@link ImageFormats#writerFor}) unless one is given. Writers are atomic.
 *
 * <pre>{@code
 * SaveImage save = new SaveImage().outputDir(Path.of("out")).outputPostfix("seg").outputDtype(DType.UINT8);
 * save.apply(prediction);        // out/case1/case1_seg.nii.gz for filename_or_obj "/data/case1.nii.gz"
 * new SaveImage().outputExt(".png").separateFolder(false).apply(slice);  // ./slice_trans.png
 * new SaveImage().outputExt(".png").outputDtype(DType.INT32).apply(depth);  // 16-bit PNG, clipped to [0, 65535]
 * new SaveImage().outputExt(".png").resample(true).mode("bilinear").apply(mask);  // resized to spatial_shape
 * }</pre>
 *
 * <p>PNG dtypes: as MONAI, any output dtype other than uint8 (or null: the array's) becomes uint8, except
 * {@link DType#INT32}, which stands for MONAI's {@code np.uint16} (there is no uint16 dtype; readers widen
 * uint16 to INT32) and writes a 16-bit PNG. Float values are truncated toward zero as numpy's {@code astype};
 * values outside [0, 255] or [0, 65535] are clipped, where numpy wraps them.
 *
 * <p>Defaults are MONAI's: output_dir "./", output_postfix "trans", output_ext ".nii.gz", output_dtype float32,
 * resample false, mode "nearest", padding_mode "border", scale none, dtype float64, squeeze_end_dims true,
 * data_root_dir "", separate_folder true, print_log true, channel_dim 0, savepath_in_metadict false. As in
 * MONAI, a batch (B, C, ...) is not split: save each item (with its own meta and patch_index) instead.
 * {@code apply} never frees or changes the image's array; it adds {@code saved_to} to the meta when asked.
 */
public final class SaveImage {
    /** The extensions MONAI writes with its 2-D (PIL) writer: two spatial axes instead of three. */
    private static final Set<String> TWO_D = Set.of(".png", ".jpg", ".jpeg", ".bmp", ".tiff", ".tif");
    private static final System.Logger LOG = System.getLogger(SaveImage.class.getName());

    private Path outputDir = Path.of("./");
    private String outputPostfix = "trans";
    private String outputExt = ".nii.gz";
    private String outputFormat = "";
    private DType outputDtype = DType.FLOAT32;
    private boolean resample;
    private String mode = "nearest";
    private String paddingMode = "border";
    private Integer scale;
    private DType dtype = DType.FLOAT64;
    private boolean squeezeEndDims = true;
    private String dataRootDir = "";
    private boolean separateFolder = true;
    private boolean printLog = true;
    private ImageWriter writer;
    private Integer channelDim = 0;
    private boolean savepathInMetadict;
    private int dataIndex;

    public SaveImage outputDir(Path dir) { this.outputDir = dir; return this; }

    public SaveImage outputDir(String dir) { return outputDir(Path.of(dir)); }

    public SaveImage outputPostfix(String postfix) { this.outputPostfix = postfix; return this; }

    /** The file extension, e.g. ".nii.gz" or "png" (a dot is added); it also picks the writer. */
    public SaveImage outputExt(String ext) { this.outputExt = ext; return this; }

    /**
     * The writer's extension when {@link #outputExt} is empty (MONAI's {@code output_format}); as in MONAI the
     * file name then has no extension.
     */
    public SaveImage outputFormat(String format) { this.outputFormat = format; return this; }

    /**
     * The on-disk dtype (default float32; null keeps the array's); PNG gets uint8 unless uint8, INT32 (a
     * 16-bit PNG, MONAI's uint16, values clipped to [0, 65535]) or null.
     */
    public SaveImage outputDtype(DType dt) { this.outputDtype = dt; return this; }

    /**
     * Whether to resample to the meta's {@code original_affine} and {@code spatial_shape} first (default false);
     * 2-D formats resize to {@code spatial_shape} only.
     */
    public SaveImage resample(boolean resample) { this.resample = resample; return this; }

    /**
     * Resampling interpolation: "nearest" (default) or "bilinear" ("bicubic" too for 2-D); 2-D formats take
     * torch interpolate's modes ("nearest", "bilinear", "bicubic", "area"; "linear" acts as bilinear).
     */
    public SaveImage mode(String mode) { this.mode = mode; return this; }

    /** Resampling padding: "border" (default), "zeros" or "reflection". */
    public SaveImage paddingMode(String paddingMode) { this.paddingMode = paddingMode; return this; }

    /** 255 or 65535: the writer maps [0, 1] to that range (2-D formats); null (default) for none. */
    public SaveImage scale(Integer scale) { this.scale = scale; return this; }

    /** The dtype resampling computes in (default float64; null: the input's). */
    public SaveImage dtype(DType dt) { this.dtype = dt; return this; }

    public SaveImage squeezeEndDims(boolean squeeze) { this.squeezeEndDims = squeeze; return this; }

    /** A folder prefix of the input file names whose sub-folders are kept under the output folder. */
    public SaveImage dataRootDir(String dir) { this.dataRootDir = dir == null ? "" : dir; return this; }

    public SaveImage separateFolder(boolean separate) { this.separateFolder = separate; return this; }

    public SaveImage printLog(boolean print) { this.printLog = print; return this; }

    /** The writer to use instead of the one registered for the extension. */
    public SaveImage writer(ImageWriter writer) { this.writer = writer; return this; }

    /** The registered writer of that name (ignoring case). */
    public SaveImage writer(String name) {
        this.writer = ImageFormats.writers().stream().filter(w -> w.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("SaveImage: writer " + name + " not found; known writers: "
                        + ImageFormats.writers().stream().map(ImageWriter::name).toList()));
        return this;
    }

    /** The input's channel axis (default 0); null when it has none. */
    public SaveImage channelDim(Integer dim) { this.channelDim = dim; return this; }

    /** Whether to put the written path under {@code saved_to} in the meta (default false). */
    public SaveImage savepathInMetadict(boolean put) { this.savepathInMetadict = put; return this; }

    /** The extension actually used: {@code outputExt} or else {@code outputFormat}, lower case, with a leading dot. */
    public String extension() {
        String e = (outputExt.isEmpty() ? outputFormat : outputExt).toLowerCase(Locale.ROOT);
        return e.isEmpty() || e.startsWith(".") ? e : "." + e;
    }

    /** The {@link FolderLayout} this saver names files with. */
    public FolderLayout folderLayout() {
        // NOTE: as MONAI, the layout takes output_ext as given (case kept, none when only output_format is set)
        return new FolderLayout(outputDir, outputPostfix, outputExt, separateFolder, true, dataRootDir);
    }

    /** Saves {@code img} with its own meta; returns {@code img}. */
    public MetaTensor apply(MetaTensor img) {
        save(img.array(), img.meta(), null);
        return img;
    }

    /** Saves a plain array with {@code meta} (may be null: identity affine, a running index as name). */
    public Tensor apply(Tensor img, Map<String, Object> meta) {
        save(img, meta, null);
        return img;
    }

    /** Saves to {@code filename + extension()}, ignoring the folder layout (MONAI's {@code filename} argument). */
    public MetaTensor apply(MetaTensor img, String filename) {
        save(img.array(), img.meta(), filename);
        return img;
    }

    /** Where the image with this meta would be written (creates the folder, as MONAI's layout does). */
    public Path filenameFor(Map<String, Object> meta) {
        Object subject = meta != null && meta.containsKey(MetaKeys.FILENAME_OR_OBJ) ? meta.get(MetaKeys.FILENAME_OR_OBJ) : dataIndex;
        Object idx = meta == null ? null : meta.get(MetaKeys.PATCH_INDEX);
        return folderLayout().filename(String.valueOf(subject), idx);
    }

    private void save(Tensor img, Map<String, Object> meta, String filename) {
        Path file = filename != null ? Path.of(filename + extension()) : filenameFor(meta);
        String ext = extension();
        int spatialNdim = TWO_D.contains(ext) ? 2 : 3;
        Integer cd = channelDim;
        long[] spatialShape = meta == null ? null : MetaArrays.shape(meta.get(MetaKeys.SPATIAL_SHAPE));
        // NOTE: MONAI: a meta spatial shape as long as the array means there is no channel axis
        if (spatialShape != null && spatialShape.length >= img.dim()) cd = null;
        // NOTE: the writer follows extension() (output_ext or output_format), not the file name, as MONAI's resolve_writer
        ImageWriter w = writer != null ? writer : ImageFormats.writerFor(Path.of("image" + ext));
        double[][] affine = meta == null || meta.get(MetaKeys.AFFINE) == null ? MetaTensor.identity(4) : MetaArrays.matrix(meta.get(MetaKeys.AFFINE));
        try (Scope s = Scope.open()) {
            Layout layout = channelLast(img, cd, squeezeEndDims, spatialNdim);
            Tensor data = layout.data;
            DType od = outputDtype;
            // NOTE: MONAI's PILWriter resizes to spatial_shape alone (no affines); without one it writes as is
            Tensor out = !resample || meta == null ? null
                    : spatialNdim == 2 ? (spatialShape == null ? null : Resampling.resize2d(data, spatialShape, mode))
                    : resampleLayout(data, affine, meta.get(MetaKeys.ORIGINAL_AFFINE) == null ? affine
                            : MetaArrays.matrix(meta.get(MetaKeys.ORIGINAL_AFFINE)), spatialShape);
            if (out != null) {
                // NOTE: as MONAI's writers, output_dtype None means the input's dtype, taken before the float32 resampling
                if (od == null) od = data.dtype();
                data = out;
                if (spatialNdim == 3 && meta.get(MetaKeys.ORIGINAL_AFFINE) != null) affine = MetaArrays.matrix(meta.get(MetaKeys.ORIGINAL_AFFINE));
            }
            if (spatialNdim == 3) affine = MetaArrays.toAffineNd(3, affine);
            // NOTE: MONAI forces uint8 unless uint8/uint16/None; INT32 stands for uint16 here (16-bit PNG, clipped)
            if (ext.equals(".png") && od != null && od != DType.UINT8 && od != DType.INT32) od = DType.UINT8;
            WriteOptions opts = new WriteOptions().outputDtype(od).channelLast(layout.channelLast && data.dim() == spatialNdim + 1);
            if (scale != null) opts.scale(scale);
            Map<String, Object> fileMeta = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
            if (printLog) LOG.log(System.Logger.Level.INFO, "writing: " + file);
            // NOTE: not closed: the array may be a view of the caller's image; the scope frees our copies
            w.write(new MetaTensor(data.contiguous(), affine, fileMeta), file, opts);
        }
        dataIndex++;
        if (savepathInMetadict && meta != null) meta.put(MetaKeys.SAVED_TO, file.toString());
    }

    private record Layout(Tensor data, boolean channelLast) {}

    /**
     * MONAI's {@code convert_to_channel_last}: the channel axis moved last (a size-1 one added when there is
     * none), exactly {@code spatialNdim} spatial axes (size-1 axes added before the channel, or extra ones cut
     * at index 0), then trailing size-1 axes dropped when {@code squeeze}.
     */
    static Layout channelLast(Tensor img, Integer channelDim, boolean squeeze, int spatialNdim) {
        Tensor d = channelDim != null ? img.movedim(channelDim, -1) : img.unsqueeze(-1);
        while (d.dim() < spatialNdim + 1) d = d.unsqueeze(d.dim() - 1);
        while (d.dim() > spatialNdim + 1) d = d.select(d.dim() - 2, 0);
        while (squeeze && d.dim() > 0 && d.size(d.dim() - 1) == 1) d = d.squeeze(d.dim() - 1);
        return new Layout(d, true);
    }

    /**
     * Resamples file-layout data (spatial axes first, then extra axes such as channels) from {@code affine}
     * to {@code target}, as MONAI's {@code resample_if_needed}; null when nothing changes.
     */
    private Tensor resampleLayout(Tensor data, double[][] affine, double[][] target, long[] spatialShape) {
        int r = spatialShape != null ? Math.min(spatialShape.length, 3) : Math.min(Math.min(data.dim(), affine.length - 1), 3);
        if (data.dim() < r)
            throw new IllegalArgumentException("SaveImage resample: " + data.describe() + " has fewer than " + r + " spatial axes");
        long[] shape = data.shape();
        long[] inSize = java.util.Arrays.copyOfRange(shape, 0, r);
        long[] extra = java.util.Arrays.copyOfRange(shape, r, shape.length);
        // NOTE: without a spatial_shape MONAI's SpatialResample computes the output size from the affines
        long[] outSize = spatialShape != null ? java.util.Arrays.copyOf(spatialShape, r)
                : r > 1 ? Resampling.outputShape(inSize, affine, target) : inSize;
        int[] toFront = new int[shape.length];
        for (int i = 0; i < extra.length; i++) toFront[i] = r + i;
        for (int i = 0; i < r; i++) toFront[extra.length + i] = i;
        long e = 1;
        for (long x : extra) e *= x;
        long[] flat = new long[r + 1];
        flat[0] = e;
        System.arraycopy(inSize, 0, flat, 1, r);
        Tensor cf = data.permute(toFront).contiguous().reshape(flat);
        Tensor out = Resampling.resample(cf, affine, target, outSize, mode, paddingMode, false, dtype);
        if (out == null) return null;
        long[] back = new long[shape.length];
        System.arraycopy(extra, 0, back, 0, extra.length);
        System.arraycopy(outSize, 0, back, extra.length, r);
        int[] toBack = new int[shape.length];
        for (int i = 0; i < r; i++) toBack[i] = extra.length + i;
        for (int i = 0; i < extra.length; i++) toBack[r + i] = i;
        return out.reshape(back).permute(toBack).contiguous();
    }
}
