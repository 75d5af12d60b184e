package dev.i2v.model.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps its {@code capacity} most recently used entries and closes the one it drops: oneDNN primitives
 * and buffers built per input shape, which hold native memory until closed.
 */
public final class ClosingLruCache<K, V extends AutoCloseable> extends LinkedHashMap<K, V> {

    private final int capacity;

    public ClosingLruCache(final int capacity) {
        super(capacity + 1, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
        if (size() <= capacity) {
            return false;
        }
        try {
            eldest.getValue().close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close " + eldest.getKey() + "'s entry", e);
        }
        return true;
    }
}
