package dev.i2v.tagger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    void aRecordThatFitsKeepsItsBytesUncut() {
        final PendingImage image = image(new byte[10], new byte[1000]);
        final Record<Object, Object> letter = DeadLetters.of(image, "CORRUPT", new IllegalStateException("why"), LIMIT);
        assertArrayEquals(image.value(), (byte[]) letter.value());
        assertNull(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.TRUNCATED));
    }

    @Test
    void aRecordThatWouldNotFitWithItsHeadersIsCutAndSaysSo() {
        final byte[] value = new byte[LIMIT - 100];
        Arrays.fill(value, (byte) 7);
        final Record<Object, Object> letter = DeadLetters.of(image(new byte[10], value), "TOO_LARGE_BYTES",
                new IllegalStateException("m".repeat(5000)), LIMIT);
        assertEquals("true", DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.TRUNCATED));
        assertEquals(String.valueOf(value.length), DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.ORIGINAL_VALUE_LENGTH));
        assertEquals("10", DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.ORIGINAL_KEY_LENGTH));
        int size = ((byte[]) letter.key()).length + ((byte[]) letter.value()).length;
        for (final Header h : letter.headers()) {
            size += h.key().length() + h.value().length;
        }
        assertTrue(size < LIMIT - 1000, "the cut record leaves room for Kafka's framing: " + size);
        assertTrue(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE).length() <= DeadLetterHeaders.MAX_MESSAGE_CHARS + 3,
                "a long message is cut too");
    }

    private static PendingImage image(final byte[] key, final byte[] value) {
        return new PendingImage(key, value, "i2v.images", 0, 42, 0);
    }
}
