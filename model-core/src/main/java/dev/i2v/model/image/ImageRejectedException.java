package dev.i2v.model.image;

/**
 * An input that is not a usable image: empty, corrupt, truncated, not an image, or over a limit.
 * The message names the input and says what to do; {@link #reason()} is a short stable code
 * for counting (summaries, dead-letter headers).
 */
public final class ImageRejectedException extends Exception {

    /** Why an image was refused, as counted in summaries and dead-letter headers. */
    public enum Reason { EMPTY, TOO_LARGE_BYTES, TOO_MANY_PIXELS, NOT_AN_IMAGE, CORRUPT, UNREADABLE }

    private final Reason reason;

    public ImageRejectedException(final Reason reason, final String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(final Reason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
