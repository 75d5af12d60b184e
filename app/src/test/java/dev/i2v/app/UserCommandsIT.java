package dev.i2v.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.crawler.ContentHash;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a user of the topics runs, as they run them, through a real broker: publish and consume. */
@RealKafka
class UserCommandsIT {

    static KafkaBroker kafka;

    private static byte[] png(final Color colour) {
        final BufferedImage image = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 48, 32);
        g.dispose();
        return ImageDecoder.encode(image, "png");
    }

    /** Runs the command line against the test's topics; it must succeed. */
    private static CapturedRun i2v(final Settings settings, final String command, final List<String> more) {
        final List<String> args = new ArrayList<>(List.of(command, "-b", settings.get("kafka.bootstrap.servers"),
                "--topic-prefix", settings.get("topic.prefix")));
        args.addAll(more);
        final CapturedRun o = CapturedRun.of(args);
        assertEquals(0, o.exit(), o.err());
        return o;
    }

    private static String publish(final Settings settings, final Path tmp, final Path... paths) {
        final List<String> args = new ArrayList<>(List.of("--state-dir", tmp.resolve("state").toString(),
                "--claim-check-dir", tmp.resolve("claims").toString()));
        for (final Path p : paths) {
            args.add(p.toString());
        }
        return i2v(settings, "publish", args).err();
    }

    @Test
    void publishesUntaggedImagesByContentHashCountsBadFilesAndRepublishesOnRequest(@TempDir final Path tmp) throws Exception {
        final Settings settings = kafka.freshSettings();
        final byte[] red = png(Color.RED);
        final byte[] blue = png(Color.BLUE);
        final Path folder = tmp.resolve("mine");
        Files.createDirectories(folder.resolve("sub"));
        Files.write(folder.resolve("sub/blue.png"), blue);
        Files.write(folder.resolve("sub/blue copy.png"), blue);
        Files.write(folder.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        final Path single = tmp.resolve("red.png");
        Files.write(single, red);

        final String first = publish(settings, tmp, single, folder);
        assertTrue(first.contains("broken.png"), "the bad file is named in the summary:\n" + first);
        assertTrue(first.contains("MERGED_DUPLICATE"), "the copy is counted, its picture published once:\n" + first);

        final List<ImageEvent> once = kafka.publishedImages(settings);
        final Set<String> expected = Set.of("user:" + ContentHash.sha256Hex(red), "user:" + ContentHash.sha256Hex(blue));
        assertEquals(expected, once.stream().map(ImageEvent::getId).collect(Collectors.toSet()));
        assertEquals(2, once.size(), "each distinct good image once; the broken one is counted, not published");
        once.forEach(e -> assertTrue(e.getTags().isEmpty(), "user images carry no tags: " + e.getTags()));

        // publishing again is what the user asked for: same keys, sent again
        publish(settings, tmp, single);
        final List<ImageEvent> twice = kafka.publishedImages(settings);
        assertEquals(3, twice.size());
        assertEquals(expected, twice.stream().map(ImageEvent::getId).collect(Collectors.toSet()));
    }

    @Test
    void consumePrintsOneJsonLinePerTagVectorWithScoresByTagNameAndSkipsAnUnreadableRecord() throws Exception {
        final Settings settings = kafka.freshSettings();
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        final String topic = settings.topics().tagVectors();
        final List<String> vocabulary = List.of("smile", "frown", "hat");
        try (KafkaProducer<String, ModelUpdated> models = new KafkaProducer<>(clients.producer("test-models"), new StringSerializer(),
                I2vSerdes.modelUpdated().serializer())) {
            // v2 names the scores; no v3 is ever announced
            final ModelInfo v2 = new ModelInfo("tiny", 2, 1L, Backbone.TINY, 32, Backbone.TINY.normalisation(), OutputMode.MULTI_LABEL,
                    vocabulary, new float[] {0.5f, 0.5f, 0.5f}, null, 0);
            models.send(new ProducerRecord<>(settings.topics().modelUpdates(), "tiny", ModelUpdates.announce(v2,
                    new StoredModel("file:///models/tiny-v2.i2vmodel", "0".repeat(64), 1), List.of(), 0, 0, true))).get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("test"), new StringSerializer(), new ByteArraySerializer())) {
            final Serializer<TagVector> avro = I2vSerdes.tagVector().serializer();
            for (final String id : List.of("user:a", "user:b")) {
                final TagVector v = TagVector.newBuilder().setImageId(id).setModelName("tiny").setModelVersion(id.equals("user:a") ? 2 : 3)
                        .setVocabularyId(TagVocabulary.of(vocabulary).id())
                        .setScores(List.of(0.9f, 0.2f, 0.7f)).setTags(List.of(new ScoredTag("smile", 0.9f), new ScoredTag("hat", 0.7f)))
                        .setTaggedAt(Instant.now()).setInferenceMillis(3.5f).build();
                producer.send(new ProducerRecord<>(topic, 0, id, avro.serialize(topic, v))).get();
            }
            producer.send(new ProducerRecord<>(topic, 0, "garbage", "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
        }

        final CapturedRun o = i2v(settings, "consume", List.of("--idle-ms", "1500", "--top", "1", "--scores"));
        final List<String> lines = o.out().lines().toList();
        assertEquals(2, lines.size(), o.out());
        final ObjectMapper json = new ObjectMapper();
        final JsonNode a = json.readTree(lines.get(0));
        assertEquals("user:a", a.get("imageId").asText());
        assertEquals(2, a.get("version").asLong());
        assertEquals("{\"smile\":0.9}", a.get("tags").toString(), "--top 1: the best tag, by name");
        assertEquals("{\"smile\":0.9,\"frown\":0.2,\"hat\":0.7}", a.get("scores").toString(), "every score by v2's tag names");
        final JsonNode b = json.readTree(lines.get(1));
        assertEquals("user:b", b.get("imageId").asText());
        assertTrue(b.get("scores").isNull(), "v3 is not on the model-updates topic: its scores cannot be named, " + b);
        assertTrue(o.err().contains("2 tag vectors from " + topic + ", 1 unreadable records skipped"), o.err());
    }
}
