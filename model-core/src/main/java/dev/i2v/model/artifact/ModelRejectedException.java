package dev.i2v.model.artifact;

/** A model artifact that must not be used: wrong checksum, truncated, unsafe or inconsistent. */
public final class ModelRejectedException extends Exception {

    public ModelRejectedException(final String message) {
        super(message);
    }

    public ModelRejectedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
