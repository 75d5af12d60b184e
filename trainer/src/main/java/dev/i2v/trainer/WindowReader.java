package dev.i2v.trainer;

import dev.i2v.model.console.ProgressBar;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the images topic into windows: assigns every partition, seeks to where training left off,
 * and fills each window with labelled images, routing the stable holdout share to the holdout set.
 */
final class WindowReader {

    private static final Logger LOG = LoggerFactory.getLogger(WindowReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final int windowSize;
    private final int holdoutMin;
    private final LabelledImageReader images;
    private final HoldoutSplit split;
    private final HoldoutSet holdout;
    // the next offset to read per partition, and records polled but not yet placed in a window
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Deque<ConsumerRecord<String, byte[]>> unread = new ArrayDeque<>();

    WindowReader(final KafkaConsumer<String, byte[]> consumer, final String topic, final TrainerConfig config,
                 final LabelledImageReader images, final HoldoutSet holdout) {
        this.consumer = consumer;
        this.topic = topic;
        this.windowSize = config.windowSize();
        this.holdoutMin = config.holdoutMin();
        this.images = images;
        this.split = new HoldoutSplit(config.holdoutPercent());
        this.holdout = holdout;
    }

    /**
     * Assigns every partition and seeks each to the furthest of: its beginning, the group's commit,
     * and the end of the last window any published version trained ({@code trainedUpTo}).
     */
    void seek(final Map<Integer, Long> trainedUpTo) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        consumer.assign(partitions);
        final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        final Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        for (final TopicPartition tp : partitions) {
            long from = beginning.get(tp);
            final OffsetAndMetadata commit = committed.get(tp);
            if (commit != null) {
                from = Math.max(from, commit.offset());
            }
            from = Math.max(from, trainedUpTo.getOrDefault(tp.partition(), 0L));
            next.put(tp, from);
        }
        rebuildHoldout(beginning);
        next.forEach(consumer::seek);
        LOG.info("Trainer reads {} from {}", topic, next);
    }

    /**
     * After a restart, the holdout the earlier windows gathered: the holdout-share images before where
     * training resumes, read again from the topic, so the next version is judged on what the last one was.
     */
    private void rebuildHoldout(final Map<TopicPartition, Long> beginning) {
        final Map<TopicPartition, Long> upTo = new HashMap<>();
        next.forEach((tp, from) -> {
            if (from > beginning.get(tp)) {
                upTo.put(tp, from);
            }
        });
        if (upTo.isEmpty()) {
            return;
        }
        final Map<String, Integer> skipped = new TreeMap<>();
        upTo.keySet().forEach(tp -> consumer.seek(tp, beginning.get(tp)));
        consumer.pause(next.keySet().stream().filter(tp -> !upTo.containsKey(tp)).toList());
        final long records = upTo.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        try (ProgressBar bar = new ProgressBar("holdout rebuilt from " + topic, records, "records")) {
            while (upTo.keySet().stream().anyMatch(tp -> consumer.position(tp) < upTo.get(tp))) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    final TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= upTo.get(tp)) {
                        consumer.pause(List.of(tp));
                        continue;
                    }
                    bar.step(1);
                    if (r.key() != null && split.isHoldout(r.key())) {
                        final LabelledImage image = images.read(r, skipped);
                        if (image != null && split.isHoldout(image.id())) {
                            holdout.add(image);
                        }
                    }
                }
            }
        }
        consumer.resume(consumer.paused());
        LOG.info("Holdout rebuilt from {}: {} images (skipped {})", topic, holdout.size(), skipped);
    }

    /**
     * Reads records until the window holds {@code trainer.window.size} training images and the holdout
     * at least {@code trainer.holdout.min} images, or, when the topic has no more records for now, at
     * least one (a version is never judged on none); null when asked to stop first.
     */
    Window fill(final long version, final BooleanSupplier stop) {
        final Map<TopicPartition, Long> start = new HashMap<>(next);
        final List<LabelledImage> training = new ArrayList<>(windowSize);
        final Map<String, Integer> skipped = new TreeMap<>();
        try (ProgressBar bar = new ProgressBar("window v" + version + " filling", windowSize, "images")) {
            while (training.size() < windowSize || holdout.size() < holdoutMin) {
                if (stop.getAsBoolean()) {
                    return null;
                }
                if (unread.isEmpty()) {
                    consumer.poll(Duration.ofMillis(500)).forEach(unread::add);
                    if (unread.isEmpty() && training.size() >= windowSize && holdout.size() > 0) {
                        // caught up with the topic: the minimum holds "once the stream has them", so judge on what there is
                        LOG.warn("Window v{} closes with {} holdout images, fewer than trainer.holdout.min {}: the topic has no more yet",
                                version, holdout.size(), holdoutMin);
                        break;
                    }
                    continue;
                }
                final ConsumerRecord<String, byte[]> r = unread.removeFirst();
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                final LabelledImage image = images.read(r, skipped);
                if (image == null) {
                    continue;
                }
                if (split.isHoldout(image.id())) {
                    holdout.add(image);
                } else {
                    training.add(image);
                    bar.step(1);
                    bar.setStatus("holdout " + holdout.size() + (holdout.size() < holdoutMin ? " of " + holdoutMin + " needed" : ""));
                }
            }
        }
        return new Window(training, skipped, start, new HashMap<>(next));
    }
}
