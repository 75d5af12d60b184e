package dev.i2v.tagger;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.avro.ModelUpdated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole model-updates topic (one partition, from the beginning, no consumer group: every
 * tagger instance sees every version) on its own thread and offers what it reads to the
 * {@link ModelSwapper}, which loads models here, off the stream threads.
 */
final class ModelUpdatesFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdatesFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final ModelSwapper swapper;
    private final Deserializer<ModelUpdated> deserializer = I2vSerdes.modelUpdated().deserializer();
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    ModelUpdatesFollower(final KafkaClients clients, final String topic, final ModelSwapper swapper) {
        final Properties props = clients.consumer(null);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "i2v-tagger-model-updates");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.swapper = swapper;
        this.thread = new Thread(this, "i2v-model-updates");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        final TopicPartition partition = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                final List<ModelUpdated> batch = new ArrayList<>();
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    final ModelUpdated update = read(r);
                    if (update != null) {
                        batch.add(update);
                    }
                }
                if (!batch.isEmpty()) {
                    try {
                        swapper.offerAll(batch);
                    } catch (RuntimeException | Error e) {
                        // the swapper refuses bad events itself; this is a bug, and the topic is kept for ever: log and read on
                        LOG.error("Model updates {} could not be considered ({}); this tagger keeps serving v{}.", batch.size(), e,
                                swapper.currentVersion(), e);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("The model-updates follower stopped: {}. This tagger keeps serving v{} but will not see new versions; restart it.",
                    e.toString(), swapper.currentVersion(), e);
        } finally {
            consumer.close();
        }
    }

    /** The record's event, or null (logged) when it is not one: a null value, not Avro, over the Avro limits. */
    private ModelUpdated read(final ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            LOG.error("Skipping record at {}-{} offset {}: no value (a tombstone). Only the trainer should write to this topic.",
                    r.topic(), r.partition(), r.offset());
            skipped.incrementAndGet();
            return null;
        }
        try {
            return deserializer.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            LOG.error("Skipping record at {}-{} offset {}: not a ModelUpdated event ({}). Only the trainer should write to this topic.",
                    r.topic(), r.partition(), r.offset(), e.getMessage());
            skipped.incrementAndGet();
            return null;
        }
    }

    /** Records skipped because they are not model-updated events. */
    long skippedCount() {
        return skipped.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
