package dev.i2v.tagger;

import dev.i2v.model.artifact.ModelUpdatesReader;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.avro.ModelUpdated;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole model-updates topic (one partition, from the beginning, no consumer group: every
 * tagger instance sees every version) on its own thread and offers what it reads to the
 * {@link ModelSwapper}, which loads models here, off the stream threads.
 */
final class ModelUpdatesFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdatesFollower.class);

    private final ModelUpdatesReader reader;
    private final ModelSwapper swapper;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    ModelUpdatesFollower(final KafkaClients clients, final String topic, final ModelSwapper swapper) {
        this.reader = new ModelUpdatesReader(clients, topic, "i2v-tagger-model-updates");
        this.swapper = swapper;
        this.thread = new Thread(this, "i2v-model-updates");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            reader.fromBeginning();
            while (running) {
                final List<ModelUpdated> batch = reader.poll(Duration.ofMillis(500), (r, why) -> {
                    skipped.incrementAndGet();
                    LOG.error("Skipping record at {}-{} offset {}: not a ModelUpdated event ({}). Only the trainer should write to this topic.",
                            r.topic(), r.partition(), r.offset(), why.getMessage());
                });
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
            reader.close();
        }
    }

    /** Records skipped because they are not model-updated events. */
    long skippedCount() {
        return skipped.get();
    }

    @Override
    public void close() {
        running = false;
        reader.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
