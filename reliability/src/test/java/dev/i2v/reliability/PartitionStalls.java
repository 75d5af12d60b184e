package dev.i2v.reliability;

import dev.i2v.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the tagger's output stood still after a kill: for each partition that still had images
 * waiting at the kill, the time until its next committed output (tag vector or dead letter). The
 * killed instance's partitions wait for its restart, the rebalance and the abort of its open
 * transaction; the other instances' partitions barely pause.
 */
final class PartitionStalls {

    private PartitionStalls() {
    }

    /** The longest stall after each kill, in milliseconds (-1 when output never resumed). */
    static List<Long> afterKills(final CommittedRecords records, final Topics topics, final List<Long> killTimes) {
        final Map<Integer, Long> inputs = new HashMap<>();
        records.on(topics.images()).forEach(s -> inputs.merge(s.sourcePartition(), 1L, Long::sum));
        final List<CommittedRecords.Seen> outputs = new java.util.ArrayList<>(records.on(topics.tagVectors()));
        outputs.addAll(records.on(topics.imagesDeadLetters()));
        return killTimes.stream().map(kill -> {
            long longest = 0;
            for (final Map.Entry<Integer, Long> p : inputs.entrySet()) {
                final long doneBefore = outputs.stream().filter(o -> o.sourcePartition() == p.getKey() && o.atMillis() <= kill).count();
                if (doneBefore >= p.getValue()) {
                    continue; // nothing left to do on this partition
                }
                final long next = outputs.stream().filter(o -> o.sourcePartition() == p.getKey() && o.atMillis() > kill)
                        .mapToLong(CommittedRecords.Seen::atMillis).min().orElse(-1);
                if (next < 0) {
                    return -1L;
                }
                longest = Math.max(longest, next - kill);
            }
            return longest;
        }).toList();
    }
}
