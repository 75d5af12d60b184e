package dev.i2v.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.http.UrlPrefixes;
import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.TagVector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tagger's topology without a broker: batching, punctuation, dead letters and model swaps. */
class TaggerTopologyTest {

    private static final int BATCH = 4;
    private static final long MAX_WAIT_MS = 1_000;

    @TempDir
    Path tmp;

    private Topics topics;
    private TopologyTestDriver driver;
    private ModelSwapper models;
    private TaggerStats stats;
    private TestInputTopic<String, ImageEvent> images;
    private TestInputTopic<String, byte[]> rawImages;
    private TestOutputTopic<String, TagVector> vectors;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        models = new ModelSwapper(TaggerFixtures.MODEL, new ModelStore(tmp.resolve("models").toString(), tmp.resolve("cache")), ModelSigner.of(""));
        stats = new TaggerStats();
        // the service's own settings and Streams config (exactly-once included), with a small batch and a local state dir
        final Settings settings = Settings.of(Map.of("tagger.batch.size", String.valueOf(BATCH), "tagger.batch.max.wait.ms",
                String.valueOf(MAX_WAIT_MS), "tagger.max.batches.per.punctuation", "8", "tagger.state.dir", tmp.resolve("state").toString(),
                "claim.check.dirs", tmp.resolve("claims").toString()))
                .withDefaults(TaggerService.DEFAULTS);
        topics = settings.topics();
        final TaggerConfig config = TaggerConfig.from(settings);
        assertEquals(ImageLimits.DEFAULT, config.limits());
        driver = new TopologyTestDriver(TaggerTopology.build(topics, config, models, stats), TaggerTopology.streamsConfig(settings));
        images = driver.createInputTopic(topics.images(), new StringSerializer(), I2vSerdes.imageEvent().serializer());
        rawImages = driver.createInputTopic(topics.images(), new StringSerializer(), new ByteArraySerializer());
        vectors = driver.createOutputTopic(topics.tagVectors(), new StringDeserializer(), I2vSerdes.tagVector().deserializer());
        deadLetters = driver.createOutputTopic(topics.imagesDeadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        models.close();
    }

    private void pipe(final List<ImageEvent> events) {
        events.forEach(e -> images.pipeInput(e.getId(), e));
    }

    @Test
    void aFullBatchIsTaggedAtOnceAndAPartialOneAfterTheMaximumWait() {
        models.install(TaggerFixtures.model(1));
        pipe(TaggerFixtures.images(1, BATCH));
        final List<TagVector> firstBatch = vectors.readValuesToList();
        assertEquals(BATCH, firstBatch.size(), "a full batch is flushed without waiting");
        assertEquals(1, stats.batches(), "one forward pass for the batch");

        pipe(TaggerFixtures.images(2, BATCH - 1));
        driver.advanceWallClockTime(Duration.ofMillis(MAX_WAIT_MS / 2));
        assertTrue(vectors.isEmpty(), "a partial batch waits for more images");
        driver.advanceWallClockTime(Duration.ofMillis(MAX_WAIT_MS));
        final List<TagVector> late = vectors.readValuesToList();
        assertEquals(BATCH - 1, late.size(), "the partial batch is flushed after batch.max.wait.ms");

        final TagVector v = firstBatch.get(0);
        assertEquals(TaggerFixtures.MODEL, v.getModelName());
        assertEquals(1L, v.getModelVersion());
        assertEquals(TaggerFixtures.model(1).info().vocabulary().size(), v.getScores().size(), "a score per vocabulary tag");
        assertEquals(dev.i2v.model.net.NetworkSpec.tiny(64, 1, 0).hiddenUnits(), v.getEmbedding().size(), "the embedding is the penultimate dense layer");
        for (int i = 1; i < v.getTags().size(); i++) {
            assertTrue(v.getTags().get(i - 1).getScore() >= v.getTags().get(i).getScore(), "tags best first");
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicAndTheNextGoodImageIsStillTagged() {
        models.install(TaggerFixtures.model(1));
        rawImages.pipeInput("garbage-1", "this is not avro".getBytes(StandardCharsets.UTF_8));
        final ImageEvent corrupt = TaggerFixtures.corruptImage("corrupt-1");
        images.pipeInput(corrupt.getId(), corrupt);
        pipe(TaggerFixtures.images(3, 2));
        driver.advanceWallClockTime(Duration.ofMillis(2 * MAX_WAIT_MS));

        final List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        final TestRecord<byte[], byte[]> garbage = dead.get(0);
        assertEquals("garbage-1", new String(garbage.key(), StandardCharsets.UTF_8));
        assertEquals("this is not avro", new String(garbage.value(), StandardCharsets.UTF_8), "the original bytes, unchanged");
        assertEquals("NOT_AN_IMAGE_EVENT", DeadLetterHeaders.read(garbage.headers(), DeadLetterHeaders.REASON));
        assertEquals(topics.images(), DeadLetterHeaders.read(garbage.headers(), DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals("0", DeadLetterHeaders.read(garbage.headers(), DeadLetterHeaders.SOURCE_OFFSET));
        assertTrue(DeadLetterHeaders.read(garbage.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE).contains("not an ImageEvent"));

        final TestRecord<byte[], byte[]> image = dead.get(1);
        assertEquals("corrupt-1", new String(image.key(), StandardCharsets.UTF_8));
        assertEquals("CORRUPT", DeadLetterHeaders.read(image.headers(), DeadLetterHeaders.REASON));
        assertEquals("1", DeadLetterHeaders.read(image.headers(), DeadLetterHeaders.SOURCE_OFFSET));
        assertTrue(DeadLetterHeaders.read(image.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE).contains("corrupt-1"));

        assertEquals(2, vectors.readValuesToList().size(), "the good images after the bad ones are tagged");
        assertEquals(stats.received(), stats.tagged() + stats.deadLetters(), "images in = tag vectors out + dead letters");
    }

    @Test
    void claimCheckImagesAreFetchedAndAMissingOneIsADeadLetter() throws Exception {
        models.install(TaggerFixtures.model(1));
        final ImageEvent inline = TaggerFixtures.images(7, 1).get(0);
        final java.nio.ByteBuffer b = inline.getBytes().duplicate();
        final byte[] png = new byte[b.remaining()];
        b.get(png);
        final java.nio.file.Path file = java.nio.file.Files.createDirectories(tmp.resolve("claims")).resolve("claim.png");
        java.nio.file.Files.write(file, png);
        final ImageEvent byUri = ImageEvent.newBuilder(inline).setId("claim-1").setBytes(null).setUri(file.toUri().toString()).build();
        final ImageEvent missing = ImageEvent.newBuilder(inline).setId("claim-2").setBytes(null)
                .setUri(tmp.resolve("claims/gone.png").toUri().toString()).build();
        images.pipeInput(byUri.getId(), byUri);
        images.pipeInput(missing.getId(), missing);
        driver.advanceWallClockTime(Duration.ofMillis(2 * MAX_WAIT_MS));
        assertEquals(List.of("claim-1"), vectors.readValuesToList().stream().map(TagVector::getImageId).toList());
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals("claim-2", new String(dead.key(), StandardCharsets.UTF_8));
        assertEquals("UNREADABLE", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON));
        assertTrue(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE).contains("gone.png"));
    }

    @Test
    void aModelSwapMidStreamStampsLaterVectorsWithTheNewVersionAndNothingIsEmittedTwice() {
        models.install(TaggerFixtures.model(1));
        final List<ImageEvent> before = TaggerFixtures.images(4, BATCH * 2);
        pipe(before);
        models.install(TaggerFixtures.model(2));
        final List<ImageEvent> after = TaggerFixtures.images(5, BATCH * 2 + 1);
        pipe(after);
        driver.advanceWallClockTime(Duration.ofMillis(2 * MAX_WAIT_MS));

        final List<TestRecord<String, TagVector>> out = vectors.readRecordsToList();
        assertEquals(before.size() + after.size(), out.size());
        final Set<String> keys = new HashSet<>();
        for (int i = 0; i < out.size(); i++) {
            final TestRecord<String, TagVector> r = out.get(i);
            assertTrue(keys.add(r.key()), "emitted twice: " + r.key());
            assertEquals(r.key(), r.value().getImageId());
            assertEquals(i < before.size() ? 1L : 2L, r.value().getModelVersion(), "vector " + i);
        }
    }

    @Test
    void imagesThatArriveBeforeAnyModelWaitAndAreTaggedWhenTheFirstModelComes() {
        pipe(TaggerFixtures.images(6, BATCH + 2));
        driver.advanceWallClockTime(Duration.ofMillis(3 * MAX_WAIT_MS));
        assertTrue(vectors.isEmpty(), "no model yet: nothing is tagged");
        assertTrue(deadLetters.isEmpty(), "no model yet: nothing is dropped either");

        models.install(TaggerFixtures.model(1));
        driver.advanceWallClockTime(Duration.ofMillis(2 * MAX_WAIT_MS));
        assertEquals(BATCH + 2, vectors.readValuesToList().size());
    }
}
