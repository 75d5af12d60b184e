package dev.i2v.web;

/** A request the server answers with an error status and a plain message saying what to do. */
public final class HttpFailure extends RuntimeException {

    private final int status;

    public HttpFailure(final int status, final String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
