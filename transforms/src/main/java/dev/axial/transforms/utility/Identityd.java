package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/** The dictionary form of {@link Identity}. */
public class Identityd extends ArrayToDict<Identity> {
    public Identityd(String... keys) { super(new Identity(), keys); }
}
