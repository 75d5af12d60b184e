package dev.i2v.tagger;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record on the images dead-letter topic. The record keeps the original key and
 * value bytes; these headers say why it was refused and where it came from, so it can be
 * inspected and re-published once the cause is fixed.
 */
public final class DeadLetterHeaders {

    /** Fully qualified class name of the exception that refused the record. */
    public static final String EXCEPTION_CLASS = "i2v.dlq.exception.class";
    /** The exception's message: names the image and the reason. */
    public static final String EXCEPTION_MESSAGE = "i2v.dlq.exception.message";
    /** A short stable code for counting: NOT_AN_IMAGE_EVENT, FETCH_FAILED, or an image rejection reason (CORRUPT, TOO_MANY_PIXELS, ...). */
    public static final String REASON = "i2v.dlq.reason";
    public static final String SOURCE_TOPIC = "i2v.dlq.source.topic";
    public static final String SOURCE_PARTITION = "i2v.dlq.source.partition";
    public static final String SOURCE_OFFSET = "i2v.dlq.source.offset";

    private DeadLetterHeaders() {
    }

    static Headers of(final PendingImage image, final String reason, final Exception cause) {
        final Headers headers = new RecordHeaders();
        put(headers, EXCEPTION_CLASS, cause.getClass().getName());
        put(headers, EXCEPTION_MESSAGE, String.valueOf(cause.getMessage()));
        put(headers, REASON, reason);
        put(headers, SOURCE_TOPIC, image.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(image.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(image.offset()));
        return headers;
    }

    /** A header's value as text, or null when the record does not carry it. */
    public static String read(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(final Headers headers, final String name, final String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
