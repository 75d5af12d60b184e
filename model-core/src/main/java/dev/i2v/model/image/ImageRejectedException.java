package dev.i2v.model.image;

/**
 * An input that is not a usable image: empty, corrupt, truncated, not an image, or over a limit.
 * The message names the input and says what to do; {@link #reason()} is a short stable code
 * for counting (summaries, dead-letter headers).
 */
public final class ImageRejectedException extends Exception {

    /** Why an image was refused, as counted in summaries and dead-letter headers. */
    public enum Reason {
        EMPTY, TOO_LARGE_BYTES, TOO_MANY_PIXELS, NOT_AN_IMAGE, CORRUPT, UNREADABLE,
        /** The record is not an ImageEvent (not Avro, an unknown schema, a tombstone, or over the Avro length limits). */
        NOT_AN_IMAGE_EVENT,
        /** More tags on one image than {@link TagNames#MAX_TAGS_PER_IMAGE}. */
        TOO_MANY_TAGS,
        /** A tag name that is empty, too long, or holds control, format or unassigned characters. */
        BAD_TAG,
        /** A claim check outside the configured folders and URL prefixes, or not a regular file. */
        CLAIM_CHECK_REFUSED,
        /** Anything else that went wrong on this one record (a bug, an exhausted resource): the class is named in the message. */
        INTERNAL
    }

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
