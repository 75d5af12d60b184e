package dev.i2v.crawler;

/**
 * One item (or one page) of a crawl that could not be used. The reason is a short stable code
 * for the summary (HTTP_ERROR, TIMEOUT, MALFORMED_JSON, NO_FILE_URL, MD5_MISMATCH, TOO_LARGE_BYTES,
 * UNREADABLE, ROBOTS_DISALLOWED, ...); the message names the input and what to do.
 */
public final class CrawlException extends Exception {

    private final String reason;

    public CrawlException(final String reason, final String message) {
        super(message);
        this.reason = reason;
    }

    public CrawlException(final String reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** A failure the next attempt may not have: a time-out, an HTTP error, a download whose md5 is wrong (truncated), an interrupt. */
    public boolean mayPass() {
        return switch (reason) {
            case "TIMEOUT", "HTTP_ERROR", "MD5_MISMATCH", "INTERRUPTED" -> true;
            default -> false;
        };
    }
}
