package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/** The dictionary form of {@link ConvertToMultiChannelBasedOnBratsClasses}. */
public class ConvertToMultiChannelBasedOnBratsClassesd extends ArrayToDict<ConvertToMultiChannelBasedOnBratsClasses> {
    public ConvertToMultiChannelBasedOnBratsClassesd(String... keys) { super(new ConvertToMultiChannelBasedOnBratsClasses(), keys); }
}
