package dev.i2v.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.crawler.ImagePublisher;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tagger on a real broker, exactly-once: images that wait for the first model, a hot swap to a
 * second version without a restart, a refused bad artifact, and a dead letter, with every image
 * accounted for exactly once.
 */
@RealKafka
class TaggerServiceIT {

    static KafkaBroker kafka;

    @TempDir
    Path tmp;

    @Test
    void tagsEveryImageOnceAcrossTheFirstModelAHotSwapAndARefusedArtifact() throws Exception {
        final Settings settings = TaggerFixtures.taggerSettings(kafka, tmp, Map.of());
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());
        final ModelStore store = new ModelStore(settings.get("model.store"), tmp.resolve("trainer-cache"));

        final Map<String, TagVector> tagged = new HashMap<>();
        final Map<String, Integer> times = new HashMap<>();
        try (ImagePublisher images = new ImagePublisher(clients, topics);
             KafkaProducer<String, ModelUpdated> updates = new KafkaProducer<>(clients.producer("it-trainer"), new StringSerializer(),
                     I2vSerdes.modelUpdated().serializer());
             KafkaConsumer<String, TagVector> vectors = new KafkaConsumer<>(clients.consumer("it-reader"), new StringDeserializer(),
                     I2vSerdes.tagVector().deserializer());
             TaggerService tagger = new TaggerService(settings)) {
            vectors.subscribe(List.of(topics.tagVectors()));
            final List<ImageEvent> early = TaggerFixtures.images(11, 20);
            publish(images, early);

            tagger.start();
            assertTrue(tagger.awaitRunning(Duration.ofSeconds(60)), "tagger did not reach RUNNING: " + tagger.state());
            Thread.sleep(1_000);
            poll(vectors, tagged, times, () -> false, Duration.ofSeconds(1));
            assertEquals(0, tagged.size(), "nothing is tagged before the first model");

            send(updates, topics, TaggerFixtures.publishable(store, 1, true));
            poll(vectors, tagged, times, () -> tagged.size() >= early.size(), Duration.ofSeconds(90));
            assertEquals(early.size(), tagged.size(), "every image that waited is tagged by v1");
            early.forEach(e -> assertEquals(1L, tagged.get(e.getId()).getModelVersion()));

            // v2 arrives while images are flowing: none may be lost or tagged twice in the swap
            final List<ImageEvent> during = TaggerFixtures.images(12, 24);
            publish(images, during.subList(0, 12));
            send(updates, topics, TaggerFixtures.publishable(store, 2, true));
            publish(images, during.subList(12, 24));
            TaggerFixtures.awaitTrue(() -> tagger.models().currentVersion() == 2, Duration.ofSeconds(60), "v2 was not picked up");
            final List<ImageEvent> afterSwap = TaggerFixtures.images(13, 10);
            publish(images, afterSwap);
            final int expected = early.size() + during.size() + afterSwap.size();
            poll(vectors, tagged, times, () -> tagged.size() >= expected, Duration.ofSeconds(90));
            afterSwap.forEach(e -> assertEquals(2L, tagged.get(e.getId()).getModelVersion(), "tagged after the swap: " + e.getId()));

            // a corrupted artifact is refused; v2 keeps serving
            final ModelUpdated v3 = TaggerFixtures.publishable(store, 3, true);
            send(updates, topics, ModelUpdated.newBuilder(v3).setSha256("f".repeat(64)).build());
            TaggerFixtures.awaitTrue(() -> tagger.models().refusedCount() == 1, Duration.ofSeconds(60), "v3 with a bad checksum was not refused");
            final List<ImageEvent> afterRefusal = TaggerFixtures.images(14, 6);
            publish(images, afterRefusal);
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(clients.producer("it-garbage"), new StringSerializer(),
                    new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(topics.images(), "garbage", "not an image event".getBytes(StandardCharsets.UTF_8))).get();
            }
            final int all = expected + afterRefusal.size();
            poll(vectors, tagged, times, () -> tagged.size() >= all, Duration.ofSeconds(90));
            afterRefusal.forEach(e -> assertEquals(2L, tagged.get(e.getId()).getModelVersion(), "after the refusal: " + e.getId()));
            assertEquals(2, tagger.models().currentVersion());

            final List<ConsumerRecord<byte[], byte[]>> dead = TaggerFixtures.readDeadLetters(clients, topics, 1);
            assertEquals("NOT_AN_IMAGE_EVENT", DeadLetterHeaders.read(dead.get(0).headers(), DeadLetterHeaders.REASON));

            poll(vectors, tagged, times, () -> false, Duration.ofSeconds(2));
            assertEquals(all, tagged.size(), "one vector per image");
            times.forEach((id, n) -> assertEquals(1, n, "tagged more than once: " + id));
            assertEquals(tagger.stats().received(), tagger.stats().tagged() + tagger.stats().deadLetters(),
                    "images in = tag vectors out + dead letters");
            System.out.printf("tagger IT on %s: %d images tagged once each, %d dead letter, v1 -> v2 hot swap, v3 refused%n",
                    kafka.kind(), all, tagger.stats().deadLetters());
        }
    }

    private static void publish(final ImagePublisher publisher, final List<ImageEvent> events) throws Exception {
        for (final ImageEvent e : events) {
            publisher.publish(e);
        }
        publisher.flush();
    }

    private static void send(final KafkaProducer<String, ModelUpdated> producer, final Topics topics, final ModelUpdated update)
            throws Exception {
        producer.send(new ProducerRecord<>(topics.modelUpdates(), update.getModelName(), update)).get();
    }

    private static void poll(final KafkaConsumer<String, TagVector> consumer, final Map<String, TagVector> tagged,
                             final Map<String, Integer> times, final BooleanSupplier done, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            for (final ConsumerRecord<String, TagVector> r : consumer.poll(Duration.ofMillis(200))) {
                tagged.put(r.key(), r.value());
                times.merge(r.key(), 1, Integer::sum);
            }
        }
    }
}
