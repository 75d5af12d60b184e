package dev.i2v.web;

import dev.i2v.model.artifact.ModelUpdatesReader;
import dev.i2v.schemas.AvroSerde;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.tagger.DeadLetterHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one reader of the tagger's output: tag vectors, dead letters and model versions, each
 * topic from its beginning, committed records only, without a consumer group (nothing is committed,
 * every server sees everything). Feeds the index, the waiting uploads, the live counts and the versions.
 */
final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final TagVectorIndex index;
    private final AnswerWaiters waiters;
    private final LiveCounts counts;
    private final ModelVersions versions;
    private final AvroSerde<TagVector> tagVectorSerde = I2vSerdes.tagVector();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long skipped;
    private volatile boolean reading;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile ModelUpdatesReader models;

    TopicFollower(final KafkaClients clients, final Topics topics, final TagVectorIndex index, final AnswerWaiters waiters,
                  final LiveCounts counts, final ModelVersions versions) {
        this.clients = clients;
        this.topics = topics;
        this.index = index;
        this.waiters = waiters;
        this.counts = counts;
        this.versions = versions;
        this.thread = new Thread(this::run, "serve-topic-follower");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True once the follower reads every topic (they exist and have partitions). */
    boolean reading() {
        return reading;
    }

    /** Records that were neither a tag vector nor a model-updated event, skipped with a log line. */
    long skipped() {
        return skipped;
    }

    private void run() {
        consumer = new KafkaConsumer<>(clients.consumer(null), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        models = new ModelUpdatesReader(clients, topics.modelUpdates(), "i2v-serve-models");
        try {
            assignWhenTheTopicsExist();
            models.fromBeginning();
            reading = true;
            while (running) {
                for (final ModelUpdated m : models.poll(Duration.ZERO, (r, why) -> skip(r.topic(), r.partition(), r.offset(), why))) {
                    versions.add(m);
                }
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.tagVectors())) {
                        tagVector(r);
                    } else {
                        counts.deadLetter(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON));
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("The topic follower stopped: {}; tag vectors are no longer read, restart i2v serve", e.toString(), e);
        } finally {
            consumer.close();
            models.close();
        }
    }

    /** The tagger creates the topics; until it has, wait (the page says no tagger runs). */
    private void assignWhenTheTopicsExist() {
        while (running) {
            final List<TopicPartition> partitions = new ArrayList<>();
            try {
                for (final String topic : List.of(topics.tagVectors(), topics.imagesDeadLetters(), topics.modelUpdates())) {
                    final List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (found.isEmpty()) {
                        throw new IllegalStateException("topic " + topic + " does not exist yet");
                    }
                    if (!topic.equals(topics.modelUpdates())) {
                        found.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                    }
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.info("Waiting for the topics (start 'i2v tag', which creates them): {}", e.getMessage());
                sleep(1000);
            }
        }
    }

    private void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void tagVector(final ConsumerRecord<byte[], byte[]> r) {
        final TagVector v;
        try {
            v = tagVectorSerde.decode(r.topic(), r.value());
        } catch (RuntimeException e) {
            skip(r.topic(), r.partition(), r.offset(), e);
            return;
        }
        if (v == null) {
            return;
        }
        final IndexedVector indexed = IndexedVector.of(v);
        index.add(indexed);
        counts.tagVector(System.currentTimeMillis());
        waiters.arrived(indexed);
    }

    private void skip(final String topic, final int partition, final long offset, final RuntimeException why) {
        skipped++;
        LOG.warn("Skipping {}-{} offset {}: not a record of this topic's schema ({})", topic, partition, offset, why.getMessage());
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            final KafkaConsumer<byte[], byte[]> c = consumer;
            final ModelUpdatesReader m = models;
            if (c != null) {
                c.wakeup();
            }
            if (m != null) {
                m.wakeup();
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
