package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.i2v.model.artifact.AnnouncementFile;
import dev.i2v.model.artifact.ModelArtifacts;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One trainer per model name, on a real broker: small windows of small images, so each test takes seconds. */
@RealKafka
class OneTrainerPerModelIT {

    static KafkaBroker kafka;

    @TempDir
    Path tmp;

    /** No trainer.group.id: the trainer derives it from model.name, as a user's would. Windows of 60 images at 32 px. */
    private Settings settings(final Map<String, String> overrides) {
        final Map<String, String> s = new HashMap<>(Map.of("trainer.input.size", "32", "trainer.window.size", "60",
                "trainer.epochs", "1", "trainer.holdout.percent", "10"));
        s.putAll(overrides);
        return TrainerFixtures.settings(kafka, tmp, s);
    }

    private static void publishImages(final Settings settings, final int count) {
        TrainerFixtures.publish(settings, TrainerFixtures.synthetic(31, count));
    }

    private static List<ModelUpdated> history(final Settings settings, final String model) {
        return TrainerFixtures.versions(settings, model);
    }

    @Test
    void aSecondTrainerFencesTheFirstAndNoVersionIsPublishedTwice() throws Exception {
        final Settings settings = settings(Map.of());
        publishImages(settings, 200);
        final TrainerService first = new TrainerService(settings);
        final CountDownLatch firstPublished = new CountDownLatch(1);
        final CountDownLatch secondDone = new CountDownLatch(1);
        first.onWindow(r -> {
            // hold the first trainer after v1 until the second has started and published v2
            firstPublished.countDown();
            await(secondDone);
        });
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        final Thread firstThread = new Thread(() -> {
            try {
                first.run();
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        }, "first-trainer");
        firstThread.start();
        await(firstPublished);

        new TrainerService(settings.with(Map.of("trainer.max.windows", "1"))).run();
        secondDone.countDown();
        firstThread.join(Duration.ofMinutes(3).toMillis());

        // the first trained its own v2 on the same window, and was refused when it tried to publish it
        final Throwable failure = firstFailure.get();
        assertInstanceOf(IllegalStateException.class, failure, "the first trainer stops with an error");
        assertTrue(failure.getMessage().contains("Another trainer of model i2v started") && failure.getMessage().contains("v2"),
                failure.getMessage());
        assertEquals(1, first.reports().size());

        final List<ModelUpdated> versions = history(settings, "i2v");
        assertEquals(List.of(1L, 2L), versions.stream().map(ModelUpdated::getVersion).toList(), "each version once");
        final Map<Integer, Long> v1Ends = new HashMap<>();
        versions.get(0).getWindow().getRanges().forEach(r -> v1Ends.put(r.getPartition(), r.getEndOffset()));
        for (final OffsetRange r : versions.get(1).getWindow().getRanges()) {
            assertEquals(v1Ends.getOrDefault(r.getPartition(), 0L), r.getStartOffset(), "v2 starts where v1 ended");
        }
        // every announced artifact is there with its checksum, and nothing else is in the store
        for (final ModelUpdated v : versions) {
            assertEquals(v.getSha256(), ModelArtifacts.sha256(Path.of(URI.create(v.getArtifactUri()))), "v" + v.getVersion());
        }
        try (Stream<Path> files = Files.list(tmp.resolve("models"))) {
            assertEquals(List.of("i2v-v1.i2vmodel", "i2v-v1.i2vmodel.tag-counts.json", "i2v-v1.i2vmodel.update",
                            "i2v-v2.i2vmodel", "i2v-v2.i2vmodel.tag-counts.json", "i2v-v2.i2vmodel.update"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // beside each artifact, the very event the topic holds (what i2v tag-files reads without Kafka)
        assertEquals(versions, AnnouncementFile.readAll(tmp.resolve("models"), "i2v", (f, why) -> fail(f + ": " + why)));
    }

    @Test
    void aNewModelNameTrainsFromTheBeginningOfTheTopic() {
        final Settings settings = settings(Map.of("trainer.max.windows", "1"));
        publishImages(settings, 150);
        new TrainerService(settings.with(Map.of("model.name", "first"))).run();
        new TrainerService(settings.with(Map.of("model.name", "second"))).run();

        final List<OffsetRange> first = history(settings, "first").get(0).getWindow().getRanges();
        final List<OffsetRange> second = history(settings, "second").get(0).getWindow().getRanges();
        assertTrue(first.stream().allMatch(r -> r.getStartOffset() == 0), "first " + first);
        assertTrue(second.stream().allMatch(r -> r.getStartOffset() == 0), "second starts at the beginning too, not where first left off: "
                + second);
        assertEquals(60, history(settings, "second").get(0).getWindow().getImagesTrained());
    }

    @Test
    void aRecordOfThisModelThatDoesNotDecodeStopsTheTrainerInsteadOfGuessingTheNextVersion() {
        final Settings settings = settings(Map.of());
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(clients.producer("garbage"), new StringSerializer(),
                new ByteArraySerializer())) {
            // someone else's garbage is skipped; garbage under this model's key could hide a version
            p.send(new ProducerRecord<>(settings.topics().modelUpdates(), "other-model", new byte[] {1, 2, 3}));
            p.send(new ProducerRecord<>(settings.topics().modelUpdates(), "i2v", new byte[] {4, 5, 6}));
            p.flush();
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainerService(settings).run());
        assertTrue(e.getMessage().contains("offset 1 of " + settings.topics().modelUpdates()) && e.getMessage().contains("keyed by model i2v"),
                e.getMessage());
    }

    private static void await(final CountDownLatch latch) {
        try {
            if (!latch.await(3, TimeUnit.MINUTES)) {
                throw new AssertionError("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
