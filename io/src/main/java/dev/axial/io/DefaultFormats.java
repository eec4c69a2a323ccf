package dev.axial.io;

import dev.axial.io.dicom.DicomReader;
import dev.axial.io.image.ImageIoReader;
import dev.axial.io.image.ImageIoWriter;
import dev.axial.io.itk.MetaImageReader;
import dev.axial.io.itk.MetaImageWriter;
import dev.axial.io.itk.NrrdReader;
import dev.axial.io.itk.NrrdWriter;
import dev.axial.io.nifti.NiftiReader;
import dev.axial.io.nifti.NiftiWriter;
import dev.axial.io.numpy.NumpyReader;
import dev.axial.io.numpy.NumpyWriter;

import java.util.List;

/**
 * The built-in readers in MONAI's default order (LoadImage's SUPPORTED_READERS: nibabel, PIL, numpy, nrrd,
 * ITK, pydicom; ours: NIfTI, ImageIO, NumPy, NRRD, MetaImage, DICOM), and the built-in writers.
 */
final class DefaultFormats {
    private DefaultFormats() {}

    // NOTE: fresh instances per call: readers and writers have fluent options, and a caller configuring the
    // one it got from ImageFormats must not change what every other LoadImage gets
    static List<ImageReader> readers() {
        return List.of(new NiftiReader(), new ImageIoReader(), new NumpyReader(), new NrrdReader(), new MetaImageReader(), new DicomReader());
    }

    static List<ImageWriter> writers() {
        return List.of(new NiftiWriter(), new ImageIoWriter(), new NumpyWriter(), new MetaImageWriter(), new NrrdWriter());
    }
}
