package dev.axial.transforms.utility;

import dev.axial.transforms.ArrayToDict;

/** The dictionary form of {@link SqueezeDim}. */
public class SqueezeDimd extends ArrayToDict<SqueezeDim> {
    public SqueezeDimd(String... keys) { super(new SqueezeDim(), keys); }

    public SqueezeDimd dim(Integer dim) { transform.dim(dim); return this; }

    public SqueezeDimd updateMeta(boolean update) { transform.updateMeta(update); return this; }
}
