package dev.i2v.trainer;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every version of one model published so far, read from the start of the model-updates topic. */
public final class ModelHistory {

    private final List<ModelUpdated> versions;

    private ModelHistory(final List<ModelUpdated> versions) {
        this.versions = List.copyOf(versions);
    }

    /** Reads the topic up to its current end (no consumer group: nothing is committed). */
    public static ModelHistory read(final KafkaClients clients, final String topic, final String modelName) {
        final List<ModelUpdated> out = new ArrayList<>();
        final TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, ModelUpdated> consumer = new KafkaConsumer<>(clients.consumer(null), new StringDeserializer(),
                I2vSerdes.modelUpdated().deserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            final long end = consumer.endOffsets(List.of(tp)).get(tp);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                try {
                    for (final ConsumerRecord<String, ModelUpdated> r : consumer.poll(Duration.ofMillis(200))) {
                        if (modelName == null || modelName.equals(r.value().getModelName())) {
                            out.add(r.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    // someone else's garbage on our topic: skip it, the history is still readable
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
        out.sort(Comparator.comparingLong(ModelUpdated::getVersion));
        return new ModelHistory(out);
    }

    public List<ModelUpdated> versions() {
        return versions;
    }

    public Optional<ModelUpdated> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    public Optional<ModelUpdated> latestPromoted() {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).getPromoted()) {
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /** Per partition of {@code imagesTopic}, the end of the last window any version trained: where training resumes. */
    public Map<Integer, Long> trainedUpTo(final String imagesTopic) {
        final Map<Integer, Long> ends = new HashMap<>();
        for (final ModelUpdated v : versions) {
            for (final OffsetRange r : v.getWindow().getRanges()) {
                if (r.getTopic().equals(imagesTopic)) {
                    ends.merge(r.getPartition(), r.getEndOffset(), Math::max);
                }
            }
        }
        return ends;
    }
}
