package dev.i2v.tagger;

import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.testing.TestModels;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import dev.i2v.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Models, model-updated events and images for the tagger's tests: real tiny networks, real synthetic pictures. */
final class TaggerFixtures {

    static final String MODEL = "i2v";
    static final int INPUT = 64;

    private TaggerFixtures() {
    }

    static ModelArtifact model(final long version) {
        return TestModels.tinyArtifact(MODEL, version, SyntheticIllustrations.vocabulary(), INPUT, 100 + version);
    }

    /** Saves a model version in the store and returns the event the trainer would publish for it. */
    static ModelUpdated publishable(final ModelStore store, final long version, final boolean promoted) throws IOException {
        final ModelArtifact artifact = model(version);
        final StoredModel stored = store.save(artifact);
        return updated(artifact, stored, promoted);
    }

    static ModelUpdated updated(final ModelArtifact artifact, final StoredModel stored, final boolean promoted) {
        return ModelUpdates.announce(artifact.info(), stored, List.of(), 0, 0, promoted);
    }

    static List<ImageEvent> images(final long seed, final int count) {
        final SyntheticIllustrations source = new SyntheticIllustrations(seed, INPUT, 0);
        final List<ImageEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(source.next());
        }
        return out;
    }

    /** A well-formed event whose image is a truncated GIF: valid on the topic, refused by the decoder as corrupt. */
    static ImageEvent corruptImage(final String id) {
        final ImageEvent good = images(99, 1).get(0);
        return ImageEvent.newBuilder(good).setId(id).setBytes(ByteBuffer.wrap("GIF89a-truncated".getBytes(StandardCharsets.US_ASCII))).build();
    }

    /** Settings of one tagger on a test broker: its own application id, folders under {@code tmp}, small batches. */
    static Settings taggerSettings(final KafkaBroker kafka, final Path tmp, final Map<String, String> more) {
        return kafka.freshSettings(Map.of(
                "tagger.application.id", "tagger-it-" + System.nanoTime(),
                "tagger.state.dir", tmp.resolve("state").toString(),
                "tagger.model.cache.dir", tmp.resolve("cache").toString(),
                "model.store", tmp.resolve("models").toString(),
                "tagger.batch.size", "8",
                "tagger.batch.max.wait.ms", "300")).with(more);
    }

    static void awaitTrue(final BooleanSupplier condition, final Duration timeout, final String message) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, message);
            Thread.sleep(100);
        }
    }

    /** Exactly {@code n} records of the dead-letter topic (fails on fewer, or on more arriving within half a second). */
    static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(final KafkaClients clients, final Topics topics, final int n) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("it-dlq"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.imagesDeadLetters()));
            final List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            assertEquals(n, out.size(), "dead letters");
            return out;
        }
    }
}
