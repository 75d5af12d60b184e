package dev.i2v.trainer;

import dev.i2v.schemas.avro.OffsetRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A filled window: its training images, what was skipped and why, and the offsets it covers per
 * partition ({@code start} inclusive, {@code end} exclusive).
 */
record Window(List<LabelledImage> images, Map<String, Integer> skipped, Map<TopicPartition, Long> start,
              Map<TopicPartition, Long> end) {

    /** Where the group's offsets move once the window is published. */
    Map<TopicPartition, OffsetAndMetadata> commitOffsets() {
        final Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        end.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
        return out;
    }

    /** Per partition that advanced, in partition order: start inclusive, end exclusive. */
    List<OffsetRange> ranges() {
        final List<OffsetRange> out = new ArrayList<>();
        end.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
                .forEach(e -> {
                    final long s = start.get(e.getKey());
                    if (e.getValue() > s) {
                        out.add(new OffsetRange(e.getKey().topic(), e.getKey().partition(), s, e.getValue()));
                    }
                });
        return out;
    }
}
