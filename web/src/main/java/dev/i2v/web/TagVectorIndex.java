package dev.i2v.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest tag vectors by image id, at most {@code capacity} of them (the oldest is dropped), and
 * their nearest neighbours by cosine similarity of the embeddings. Only vectors of the same model
 * version are compared: embeddings of different versions live in different spaces.
 */
final class TagVectorIndex {

    /** One neighbour and how similar it is (cosine, 1 = same direction). */
    record Neighbour(IndexedVector vector, double similarity) {
    }

    private final int capacity;
    private final LinkedHashMap<String, IndexedVector> byId;

    TagVectorIndex(final int capacity) {
        this.capacity = capacity;
        this.byId = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, IndexedVector> eldest) {
                return size() > TagVectorIndex.this.capacity;
            }
        };
    }

    synchronized void add(final IndexedVector v) {
        byId.remove(v.imageId()); // a re-tagged image moves to the newest end
        byId.put(v.imageId(), v);
    }

    synchronized Optional<IndexedVector> get(final String imageId) {
        return Optional.ofNullable(byId.get(imageId));
    }

    synchronized int size() {
        return byId.size();
    }

    int capacity() {
        return capacity;
    }

    /** The {@code k} most similar other images tagged by the same model version; empty when the vector has no embedding. */
    synchronized List<Neighbour> nearest(final IndexedVector of, final int k) {
        final List<Neighbour> out = new ArrayList<>();
        if (of.embedding() == null) {
            return out;
        }
        for (final IndexedVector v : byId.values()) {
            if (!v.imageId().equals(of.imageId()) && v.modelVersion() == of.modelVersion() && v.modelName().equals(of.modelName())
                    && v.embedding() != null && v.embedding().length == of.embedding().length) {
                out.add(new Neighbour(v, cosine(of.embedding(), v.embedding())));
            }
        }
        out.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
        return out.subList(0, Math.min(k, out.size()));
    }

    static double cosine(final float[] a, final float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
