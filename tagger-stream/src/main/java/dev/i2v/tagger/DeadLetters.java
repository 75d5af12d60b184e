package dev.i2v.tagger;

import dev.i2v.schemas.Topics;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds the dead letter of a refused image record: the original key and value with
 * {@link DeadLetterHeaders}, cut to fit the dead-letter topic when needed. A record that just fit
 * the images topic no longer fits once headers are added, and a send that fails for its size would
 * fail the stream thread on that record for ever; a cut record says so and keeps the original lengths.
 */
final class DeadLetters {

    /** The dead-letter topic's max.message.bytes (the same as the images topic). */
    static final int MAX_RECORD_BYTES = Topics.MAX_IMAGE_MESSAGE_BYTES;
    /** Room for the record batch and record framing (about 100 bytes) with a wide margin. */
    private static final int FRAMING_BYTES = 4096;

    private DeadLetters() {
    }

    static Record<Object, Object> of(final PendingImage image, final String reason, final Exception cause) {
        return of(image, reason, cause, MAX_RECORD_BYTES);
    }

    static Record<Object, Object> of(final PendingImage image, final String reason, final Exception cause, final int maxRecordBytes) {
        final Headers headers = DeadLetterHeaders.of(image, reason, cause);
        final byte[] key = image.key();
        final byte[] value = image.value();
        final int keyLength = key == null ? 0 : key.length;
        final int valueLength = value == null ? 0 : value.length;
        // the truncation headers are added before measuring, so that they are counted too
        final int budget = maxRecordBytes - FRAMING_BYTES - headerBytes(headers) - 200;
        if (keyLength + valueLength <= budget) {
            return new Record<>(key, value, image.timestamp(), headers);
        }
        final int keptKey = Math.min(keyLength, Math.max(0, budget / 2));
        final int keptValue = Math.min(valueLength, Math.max(0, budget - keptKey));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.TRUNCATED, "true");
        DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_KEY_LENGTH, Integer.toString(keyLength));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.ORIGINAL_VALUE_LENGTH, Integer.toString(valueLength));
        return new Record<>(key == null ? null : Arrays.copyOf(key, keptKey), value == null ? null : Arrays.copyOf(value, keptValue),
                image.timestamp(), headers);
    }

    private static int headerBytes(final Headers headers) {
        int total = 0;
        for (final Header h : headers) {
            total += h.key().length() * 3 + (h.value() == null ? 0 : h.value().length) + 10;
        }
        return total;
    }
}
