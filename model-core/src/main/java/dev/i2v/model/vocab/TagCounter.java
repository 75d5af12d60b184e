package dev.i2v.model.vocab;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/** Cumulative tag counts over every image seen: the vocabulary is the top K of these. */
public final class TagCounter {

    private final Map<String, Long> counts = new HashMap<>();
    private long images;

    /** Counts one image's tags (each distinct tag once). */
    public void add(final Collection<String> imageTags) {
        images++;
        for (final String t : new HashSet<>(imageTags)) {
            counts.merge(t, 1L, Long::sum);
        }
    }

    /** A counter carrying on from saved counts (e.g. after a restart). */
    public static TagCounter restore(final Map<String, Long> counts, final long images) {
        final TagCounter c = new TagCounter();
        c.counts.putAll(counts);
        c.images = images;
        return c;
    }

    /** The counts, for saving. */
    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    public long count(final String tag) {
        return counts.getOrDefault(tag, 0L);
    }

    public long images() {
        return images;
    }

    /** The {@code k} most frequent tags seen at least {@code minCount} times, by count then name. */
    public TagVocabulary topK(final int k, final int minCount) {
        return TagVocabulary.of(counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(k)
                .map(Map.Entry::getKey)
                .toList());
    }
}
