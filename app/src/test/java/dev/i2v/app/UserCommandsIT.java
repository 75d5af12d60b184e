package dev.i2v.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.crawler.ContentHash;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

    /** What a command printed, and its exit code. */
    private record Output(int exit, String out, String err) {
    }

    /** Runs the command line as `./i2v` would, against the test's topics, with System.out and System.err captured. */
    private static Output i2v(final Settings settings, final String command, final List<String> more) {
        final List<String> args = new ArrayList<>(List.of(command, "-b", settings.get("kafka.bootstrap.servers"),
                "--topic-prefix", settings.get("topic.prefix")));
        args.addAll(more);
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        final ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        final int exit;
        try {
            exit = I2v.commandLine().execute(args.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        final Output o = new Output(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        System.out.print(o.out() + o.err());
        assertEquals(0, exit, o.err());
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
        Files.write(folder.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        final Path single = tmp.resolve("red.png");
        Files.write(single, red);

        final String first = publish(settings, tmp, single, folder);
        assertTrue(first.contains("broken.png"), "the bad file is named in the summary:\n" + first);

        final List<ImageEvent> once = kafka.publishedImages(settings);
        final Set<String> expected = Set.of("user:" + ContentHash.sha256Hex(red), "user:" + ContentHash.sha256Hex(blue));
        assertEquals(expected, once.stream().map(ImageEvent::getId).collect(Collectors.toSet()));
        assertEquals(2, once.size(), "each good image once; the broken one is counted, not published");
        once.forEach(e -> assertTrue(e.getTags().isEmpty(), "user images carry no tags: " + e.getTags()));

        // publishing again is what the user asked for: same keys, sent again
        publish(settings, tmp, single);
        final List<ImageEvent> twice = kafka.publishedImages(settings);
        assertEquals(3, twice.size());
        assertEquals(expected, twice.stream().map(ImageEvent::getId).collect(Collectors.toSet()));
    }

    @Test
    void consumePrintsOneJsonLinePerTagVectorAndSkipsAnUnreadableRecord() throws Exception {
        final Settings settings = kafka.freshSettings();
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        final String topic = settings.topics().tagVectors();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clients.producer("test"), new StringSerializer(), new ByteArraySerializer())) {
            final Serializer<TagVector> avro = I2vSerdes.tagVector().serializer();
            for (final String id : List.of("user:a", "user:b")) {
                final TagVector v = TagVector.newBuilder().setImageId(id).setModelName("tiny").setModelVersion(2).setVocabularyId("v")
                        .setScores(List.of(0.9f, 0.2f, 0.7f)).setTags(List.of(new ScoredTag("smile", 0.9f), new ScoredTag("hat", 0.7f)))
                        .setTaggedAt(Instant.now()).setInferenceMillis(3.5f).build();
                producer.send(new ProducerRecord<>(topic, 0, id, avro.serialize(topic, v))).get();
            }
            producer.send(new ProducerRecord<>(topic, 0, "garbage", "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
        }

        final Output o = i2v(settings, "consume", List.of("--idle-ms", "1500", "--top", "1"));
        final List<String> lines = o.out().lines().toList();
        assertEquals(2, lines.size(), o.out());
        final ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 2; i++) {
            final JsonNode line = json.readTree(lines.get(i));
            assertEquals(i == 0 ? "user:a" : "user:b", line.get("imageId").asText());
            assertEquals(2, line.get("version").asLong());
            assertEquals(1, line.get("tags").size(), "--top 1");
            assertEquals("smile", line.get("tags").get(0).get("name").asText());
        }
        assertTrue(o.err().contains("2 tag vectors from " + topic + ", 1 unreadable records skipped"), o.err());
    }
}
