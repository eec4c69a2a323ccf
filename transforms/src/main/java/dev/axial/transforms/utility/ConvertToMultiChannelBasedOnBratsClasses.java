package dev.axial.transforms.utility;

import dev.axial.tensor.MetaTensor;
import dev.axial.tensor.RandomState;
import dev.axial.tensor.Tensor;
import dev.axial.transforms.ArrayTransform;

/**
 * MONAI's {@code ConvertToMultiChannelBasedOnBratsClasses}: BraTS labels (1 necrotic core, 2 edema, 4 enhancing) to
 * three boolean channels TC = 1|4, WT = 1|2|4, ET = 4. A leading channel of size 1 on a 4-D input is dropped first,
 * as MONAI does; any other input is taken as spatial only.
 *
 * <pre>{@code
 * MetaTensor tcWtEt = new ConvertToMultiChannelBasedOnBratsClasses().apply(label);   // (1,H,W,D) -> (3,H,W,D) bool
 * }</pre>
 */
public class ConvertToMultiChannelBasedOnBratsClasses extends ArrayTransform {
    @Override public MetaTensor apply(MetaTensor img, RandomState rs) {
        Tensor x = img.array();
        if (x.dim() == 4 && x.size(0) == 1) x = x.squeeze(0);
        Tensor four = x.eq(4);
        Tensor tc = x.eq(1).logicalOr(four);
        Tensor wt = tc.logicalOr(x.eq(2));
        return img.withArray(Tensor.stack(0, tc, wt, four));
    }
}
