package dev.i2v.reliability;

import dev.i2v.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly-once, counted: every image record must leave the tagger as exactly one tag vector or one
 * dead letter. Per key, outputs beyond the inputs are duplicates and missing outputs are losses (a
 * key published twice by a crawler legitimately leaves twice).
 */
record Delivery(long images, long tagVectors, long deadLetters, long lost, long duplicated, Map<Long, Long> taggedPerVersion,
                List<String> examples) {

    static Delivery of(final CommittedRecords records, final Topics topics) {
        final Map<String, Integer> in = new HashMap<>();
        records.on(topics.images()).forEach(s -> in.merge(s.key(), 1, Integer::sum));
        final Map<String, Integer> out = new HashMap<>();
        final List<CommittedRecords.Seen> vectors = records.on(topics.tagVectors());
        final List<CommittedRecords.Seen> dead = records.on(topics.imagesDeadLetters());
        vectors.forEach(s -> out.merge(s.key(), 1, Integer::sum));
        dead.forEach(s -> out.merge(s.key(), 1, Integer::sum));
        long lost = 0;
        long duplicated = 0;
        final List<String> examples = new java.util.ArrayList<>();
        for (final Map.Entry<String, Integer> e : in.entrySet()) {
            final int diff = out.getOrDefault(e.getKey(), 0) - e.getValue();
            if (diff < 0) {
                lost -= diff;
                note(examples, "lost " + e.getKey());
            } else if (diff > 0) {
                duplicated += diff;
                note(examples, "duplicated " + e.getKey() + " x" + (diff + 1));
            }
        }
        for (final Map.Entry<String, Integer> e : out.entrySet()) {
            if (!in.containsKey(e.getKey())) {
                duplicated += e.getValue();
                note(examples, "output for an image never published: " + e.getKey());
            }
        }
        final Map<Long, Long> perVersion = new TreeMap<>();
        vectors.forEach(s -> perVersion.merge(s.modelVersion(), 1L, Long::sum));
        return new Delivery(in.values().stream().mapToLong(Integer::longValue).sum(), vectors.size(), dead.size(), lost, duplicated,
                perVersion, examples);
    }

    private static void note(final List<String> examples, final String example) {
        if (examples.size() < 5) {
            examples.add(example);
        }
    }

    boolean exact() {
        return lost == 0 && duplicated == 0;
    }

    /** "v1 2,310, v2 2,710" */
    String perVersion() {
        final StringBuilder sb = new StringBuilder();
        taggedPerVersion.forEach((v, n) -> sb.append(sb.length() == 0 ? "" : ", ").append("v").append(v).append(' ').append(String.format("%,d", n)));
        return sb.toString();
    }
}
