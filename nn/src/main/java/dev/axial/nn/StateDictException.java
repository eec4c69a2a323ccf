package dev.axial.nn;

/** A strict state-dict load that did not match; the message lists every offending key and shape. */
public class StateDictException extends IllegalArgumentException {
    private final transient StateDictLoad mismatch;

    public StateDictException(String op, StateDictLoad mismatch) {
        super(op + ": the state does not match the model: " + mismatch + " (load with strict=false to take what matches)");
        this.mismatch = mismatch;
    }

    public StateDictLoad mismatch() { return mismatch; }
}
