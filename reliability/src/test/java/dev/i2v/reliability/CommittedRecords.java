package dev.i2v.reliability;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.tagger.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The verifier: reads the images, tag-vectors, dead-letter and model-updates topics from the start,
 * read_committed (what any downstream reader sees; records of aborted transactions never count), in
 * a thread of its own while the case runs, and keeps every record's key and when it arrived.
 */
final class CommittedRecords implements AutoCloseable {

    /**
     * One record as the verifier saw it.
     *
     * @param sourcePartition for a tag vector its own partition, for a dead letter the images partition it came from
     * @param modelVersion    the version that tagged it (tag vectors), else -1
     * @param model           the event (model updates), else null
     */
    record Seen(String topic, String key, int sourcePartition, long atMillis, long modelVersion, ModelUpdated model) {
    }

    private final Topics topics;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile Exception failure;

    CommittedRecords(final KafkaClients clients, final Topics topics) {
        this.topics = topics;
        this.reader = new Thread(() -> read(clients), "verifier");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(final KafkaClients clients) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clients.consumer(null), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final String topic : List.of(topics.images(), topics.tagVectors(), topics.imagesDeadLetters(), topics.modelUpdates())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(60)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                final long now = System.currentTimeMillis();
                final List<Seen> batch = new ArrayList<>();
                for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    batch.add(seen(r, now));
                }
                synchronized (this) {
                    seen.addAll(batch);
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private Seen seen(final ConsumerRecord<String, byte[]> r, final long now) {
        if (r.topic().equals(topics.tagVectors())) {
            final long version = I2vSerdes.tagVector().deserializer().deserialize(r.topic(), r.value()).getModelVersion();
            return new Seen(r.topic(), r.key(), r.partition(), now, version, null);
        }
        if (r.topic().equals(topics.imagesDeadLetters())) {
            final Header from = r.headers().lastHeader(DeadLetterHeaders.SOURCE_PARTITION);
            final int partition = from == null ? -1 : Integer.parseInt(new String(from.value(), StandardCharsets.UTF_8));
            return new Seen(r.topic(), r.key(), partition, now, -1, null);
        }
        if (r.topic().equals(topics.modelUpdates())) {
            return new Seen(r.topic(), r.key(), r.partition(), now, -1, I2vSerdes.modelUpdated().deserializer().deserialize(r.topic(), r.value()));
        }
        return new Seen(r.topic(), r.key(), r.partition(), now, -1, null);
    }

    /** Every record seen so far on one topic. */
    synchronized List<Seen> on(final String topic) {
        check();
        return seen.stream().filter(s -> s.topic().equals(topic)).toList();
    }

    synchronized long count(final String topic) {
        check();
        return seen.stream().filter(s -> s.topic().equals(topic)).count();
    }

    /** Tag vectors and dead letters: every way an image leaves the tagger. */
    long outputs() {
        return count(topics.tagVectors()) + count(topics.imagesDeadLetters());
    }

    List<ModelUpdated> models() {
        return on(topics.modelUpdates()).stream().map(Seen::model).toList();
    }

    /** Waits until the condition holds (true) or the time is up (false). */
    boolean await(final Predicate<CommittedRecords> condition, final Duration limit) throws InterruptedException {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(this)) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.test(this);
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("The verifier stopped reading: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(10_000);
    }
}
