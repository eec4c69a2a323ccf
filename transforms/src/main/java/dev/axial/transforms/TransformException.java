package dev.axial.transforms;

/** Bad input to a transform: the message names the transform, the key and the shape. */
public class TransformException extends IllegalArgumentException {
    public TransformException(String message) { super(message); }

    public TransformException(String message, Throwable cause) { super(message, cause); }
}
