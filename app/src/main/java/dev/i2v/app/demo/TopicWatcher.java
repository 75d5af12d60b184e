package dev.i2v.app.demo;

import dev.i2v.schemas.AvroSerde;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a user of the system sees, from the outside: tag vectors, model updates and dead
 * letters, as committed records on their topics. Keeps the counts the demo prints and the
 * end-to-end test checks.
 */
public final class TopicWatcher implements Runnable, AutoCloseable {

    /** How many vectors per version are kept whole (with embeddings) for the report. */
    private static final int KEPT_PER_VERSION = 1500;

    private final KafkaClients clients;
    private final Topics topics;
    private final Consumer<ModelUpdated> onModel;
    private final AvroSerde<TagVector> tagVectorSerde = I2vSerdes.tagVector();
    private final AvroSerde<ModelUpdated> modelSerde = I2vSerdes.modelUpdated();
    private volatile boolean running = true;

    private final List<ModelUpdated> models = new ArrayList<>();
    private final Map<Long, Integer> taggedPerVersion = new TreeMap<>();
    private final Map<String, Integer> timesTagged = new HashMap<>();
    private final Map<String, Integer> timesTaggedByVersion = new HashMap<>();
    private final Map<Long, List<TagVector>> keptVectors = new TreeMap<>();
    private final Set<String> deadLetterKeys = ConcurrentHashMap.newKeySet();

    public TopicWatcher(final KafkaClients clients, final Topics topics, final Consumer<ModelUpdated> onModel) {
        this.clients = clients;
        this.topics = topics;
        this.onModel = onModel;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                clients.consumer("i2v-watch-" + UUID.randomUUID()), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.tagVectors(), topics.modelUpdates(), topics.imagesDeadLetters()));
            while (running) {
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.topic().equals(topics.modelUpdates())) {
                        final ModelUpdated m = modelSerde.decode(r.topic(), r.value());
                        synchronized (this) {
                            models.add(m);
                        }
                        onModel.accept(m);
                    } else if (r.topic().equals(topics.tagVectors())) {
                        record(tagVectorSerde.decode(r.topic(), r.value()));
                    } else {
                        deadLetterKeys.add(String.valueOf(r.key()));
                    }
                }
            }
        }
    }

    private synchronized void record(final TagVector v) {
        taggedPerVersion.merge(v.getModelVersion(), 1, Integer::sum);
        timesTagged.merge(v.getImageId(), 1, Integer::sum);
        timesTaggedByVersion.merge(v.getImageId() + "@" + v.getModelVersion(), 1, Integer::sum);
        final List<TagVector> kept = keptVectors.computeIfAbsent(v.getModelVersion(), k -> new ArrayList<>());
        if (kept.size() < KEPT_PER_VERSION) {
            kept.add(v);
        }
    }

    public synchronized List<ModelUpdated> models() {
        return List.copyOf(models);
    }

    public synchronized Map<Long, Integer> taggedPerVersion() {
        return new TreeMap<>(taggedPerVersion);
    }

    /** Distinct image ids with at least one tag vector. */
    public synchronized Set<String> taggedIds() {
        return Set.copyOf(timesTagged.keySet());
    }

    public synchronized int vectors() {
        return taggedPerVersion.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** (image, version) pairs that got more than one vector: must stay 0. */
    public synchronized int duplicates() {
        return (int) timesTaggedByVersion.values().stream().filter(n -> n > 1).count();
    }

    public synchronized Map<Long, List<TagVector>> keptVectors() {
        final Map<Long, List<TagVector>> copy = new TreeMap<>();
        keptVectors.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    public Set<String> deadLetterKeys() {
        return Set.copyOf(deadLetterKeys);
    }

    @Override
    public void close() {
        running = false;
    }
}
