package dev.i2v.trainer;

import dev.i2v.schemas.AvroSerde;
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
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every version of one model published so far, read from the start of the model-updates topic. */
public final class ModelHistory {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHistory.class);
    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    private final List<ModelUpdated> versions;

    private ModelHistory(final List<ModelUpdated> versions) {
        this.versions = List.copyOf(versions);
    }

    /**
     * Reads the topic from its start up to its end as of now (no consumer group: nothing is
     * committed), committed records only. Stops with an error rather than return a partial history:
     * a trainer that missed a version would publish its number again.
     */
    public static ModelHistory read(final KafkaClients clients, final String topic, final String modelName) {
        final List<ModelUpdated> out = new ArrayList<>();
        final TopicPartition tp = new TopicPartition(topic, 0);
        final AvroSerde<ModelUpdated> serde = I2vSerdes.modelUpdated();
        // the end including open transactions: a version committed in one of them is still read
        final long end = logEnd(clients, tp);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer(null), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            final long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(String.format("Read the history of model %s on %s only up to offset %d of %d in %d s;"
                            + " stopping rather than guess which versions exist. Is a transaction on %s left open, or the broker slow?"
                            + " Try again.", modelName, topic, consumer.position(tp), end, READ_LIMIT.toSeconds(), topic));
                }
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    final ModelUpdated version = decode(serde, r, modelName);
                    if (version != null && (modelName == null || modelName.equals(version.getModelName()))) {
                        out.add(version);
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(ModelUpdated::getVersion));
        return new ModelHistory(out);
    }

    /** Someone else's garbage on the topic is skipped; a record keyed by this model that does not decode stops the read. */
    private static ModelUpdated decode(final AvroSerde<ModelUpdated> serde, final ConsumerRecord<String, byte[]> r, final String modelName) {
        try {
            return serde.decode(r.topic(), r.value());
        } catch (SerializationException e) {
            if (modelName != null && modelName.equals(r.key())) {
                throw new IllegalStateException("The record at offset " + r.offset() + " of " + r.topic() + " is keyed by model " + modelName
                        + " but is not a ModelUpdated event (" + e.getMessage() + "), so the versions of " + modelName + " cannot be told."
                        + " Delete the records up to it (kafka-delete-records) or start a new lineage with another model.name.", e);
            }
            LOG.warn("Skipping offset {} of {} (key {}): not a ModelUpdated event", r.offset(), r.topic(), r.key());
            return null;
        }
    }

    private static long logEnd(final KafkaClients clients, final TopicPartition tp) {
        final Properties props = clients.consumer(null);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return c.endOffsets(List.of(tp)).get(tp);
        }
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
