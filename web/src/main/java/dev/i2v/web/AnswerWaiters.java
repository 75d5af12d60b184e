package dev.i2v.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Uploads waiting for their tag vector, by image id: the topic follower completes them as vectors arrive. */
final class AnswerWaiters {

    private final Map<String, List<CompletableFuture<IndexedVector>>> waiting = new ConcurrentHashMap<>();

    /** Register before publishing, so an answer that comes quickly is not missed. */
    CompletableFuture<IndexedVector> expect(final String imageId) {
        final CompletableFuture<IndexedVector> f = new CompletableFuture<>();
        waiting.computeIfAbsent(imageId, id -> new CopyOnWriteArrayList<>()).add(f);
        return f;
    }

    void forget(final String imageId, final CompletableFuture<IndexedVector> f) {
        waiting.computeIfPresent(imageId, (id, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    void arrived(final IndexedVector v) {
        final List<CompletableFuture<IndexedVector>> list = waiting.remove(v.imageId());
        if (list != null) {
            list.forEach(f -> f.complete(v));
        }
    }

    int count() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }
}
