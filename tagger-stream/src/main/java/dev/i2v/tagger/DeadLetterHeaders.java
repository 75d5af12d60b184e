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
    /** Present ("true") when the key and/or value were cut to fit the dead-letter topic; the original lengths follow. */
    public static final String TRUNCATED = "i2v.dlq.truncated";
    public static final String ORIGINAL_KEY_LENGTH = "i2v.dlq.original.key.length";
    public static final String ORIGINAL_VALUE_LENGTH = "i2v.dlq.original.value.length";
    /** Longest exception message kept: a message quoting a megabyte of URI must not swell the headers. */
    static final int MAX_MESSAGE_CHARS = 1000;

    private DeadLetterHeaders() {
    }

    static Headers of(final PendingImage image, final String reason, final Exception cause) {
        final Headers headers = new RecordHeaders();
        put(headers, EXCEPTION_CLASS, cause.getClass().getName());
        final String message = String.valueOf(cause.getMessage());
        put(headers, EXCEPTION_MESSAGE, message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...");
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

    static void put(final Headers headers, final String name, final String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
