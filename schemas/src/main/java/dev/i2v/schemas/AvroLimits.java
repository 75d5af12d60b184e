package dev.i2v.schemas;

import org.apache.avro.SystemLimitException;

/**
 * Avro's decoder allocates what a length prefix claims before it reads the data, so a 24-byte
 * record claiming 2 billion tags would exhaust the heap. Avro 1.12 bounds those lengths through
 * system properties read once, when {@link SystemLimitException} is first loaded: this class sets
 * them (unless the operator already did with {@code -D}) before any i2v serde decodes anything.
 */
public final class AvroLimits {

    /** Items in one array or map: a 5,000-tag vocabulary and its scores fit many times over. */
    public static final int MAX_COLLECTION_ITEMS = 1_000_000;
    /** One string (a URI, a tag, a model name). */
    public static final int MAX_STRING_BYTES = 1 << 20;
    /** One bytes field: an inline image is at most the topic's 8 MiB message size. */
    public static final int MAX_BYTES_LENGTH = 16 << 20;

    static {
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_BYTES);
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES_LENGTH);
    }

    private AvroLimits() {
    }

    /**
     * Applies the limits (the first call does it; later calls are free) and fails loudly if Avro was
     * already initialised without them, rather than decode untrusted records unbounded.
     */
    public static void apply() {
        try {
            SystemLimitException.checkMaxCollectionLength(Integer.getInteger(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY) + 1L);
        } catch (SystemLimitException expected) {
            return;
        }
        throw new IllegalStateException("Avro's decoding limits are not in force: Avro decoded something before the i2v serdes"
                + " were loaded. Start the JVM with -D" + SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY + "=" + MAX_COLLECTION_ITEMS
                + " (and the string and bytes limits).");
    }

    private static void setIfAbsent(final String property, final int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
