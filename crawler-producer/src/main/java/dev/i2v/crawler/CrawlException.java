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
}
