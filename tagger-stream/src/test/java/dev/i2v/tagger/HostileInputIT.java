package dev.i2v.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.testing.HostileCorpus;
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
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@link HostileCorpus}, model-core's {@code src/test/resources/hostile/cases.tsv}) on a real
 * broker: every hostile record between good images with the same key (so one poisoned record would
 * block all behind it), and a run of bad model-updated events between good versions.
 */
@RealKafka
class HostileInputIT {

    static KafkaBroker kafka;
    private static final String KEY = "one-key-for-all";
    private static final byte[] GOOD_PNG = HostileCorpus.resource("good.png");

    @TempDir
    Path tmp;
    private HttpServer http;

    @AfterEach
    void stopHttp() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void everyHostileImageRecordIsOneDeadLetterWithItsReasonAndEveryGoodImageIsTagged() throws Exception {
        final byte[] secret = secretFile();
        final Path claims = Files.createDirectories(tmp.resolve("claims"));
        Files.write(claims.resolve("good.png"), GOOD_PNG);
        Files.createSymbolicLink(claims.resolve("link-to-secret.png"), tmp.resolve("secret/secret.png"));
        final String httpBase = startHttp(secret);
        final Settings settings = TaggerFixtures.taggerSettings(kafka, tmp, Map.of(
                "tagger.max.image.bytes", String.valueOf(1 << 20),
                "claim.check.dirs", claims.toString(),
                "claim.check.url.prefixes", httpBase + "/allowed/",
                "claim.check.timeout.ms", "1000"));
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());
        final ModelStore store = new ModelStore(settings.get("model.store"), tmp.resolve("trainer-cache"));

        final Map<Long, HostileCorpus.Case> hostileAt = new HashMap<>();
        final List<String> mustBeTagged = new ArrayList<>();
        final Map<String, Long> expectedDeadLetters = new TreeMap<>();
        final Map<String, Integer> tagged = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(bigRecords(clients), new ByteArraySerializer(), new ByteArraySerializer());
             KafkaProducer<String, ModelUpdated> updates = new KafkaProducer<>(clients.producer("it-trainer"),
                     new org.apache.kafka.common.serialization.StringSerializer(), I2vSerdes.modelUpdated().serializer());
             KafkaConsumer<String, TagVector> vectors = new KafkaConsumer<>(clients.consumer("it-vectors"), new StringDeserializer(),
                     I2vSerdes.tagVector().deserializer());
             TaggerService tagger = new TaggerService(settings)) {
            vectors.subscribe(List.of(topics.tagVectors()));
            updates.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL, TaggerFixtures.publishable(store, 1, true))).get();
            tagger.start();
            assertTrue(tagger.awaitRunning(Duration.ofSeconds(60)), "tagger did not reach RUNNING: " + tagger.state());

            int good = 0;
            for (final HostileCorpus.Case c : HostileCorpus.cases()) {
                mustBeTagged.add(send(raw, topics, goodImage("good-" + good++)).id);
                final Sent sent = send(raw, topics, hostileRecord(c, claims, tmp.resolve("secret/secret.png"), httpBase));
                hostileAt.put(sent.offset, c);
                if (c.expected().equals("TAGGED")) {
                    mustBeTagged.add(sent.id);
                } else {
                    expectedDeadLetters.merge(c.expected(), 1L, Long::sum);
                }
            }
            for (int i = 0; i < 5; i++) {
                mustBeTagged.add(send(raw, topics, goodImage("good-" + good++)).id);
            }
            final long deadLetterCount = expectedDeadLetters.values().stream().mapToLong(Long::longValue).sum();

            final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!tagged.keySet().containsAll(mustBeTagged) && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, TagVector> r : vectors.poll(Duration.ofMillis(200))) {
                    tagged.merge(r.key(), 1, Integer::sum);
                }
            }
            final List<String> missing = mustBeTagged.stream().filter(id -> !tagged.containsKey(id)).toList();
            assertTrue(missing.isEmpty(), "not tagged: " + missing + "; dead letters so far " + tagger.stats().deadLettersByReason());
            final List<ConsumerRecord<byte[], byte[]>> dead = TaggerFixtures.readDeadLetters(clients, topics, (int) deadLetterCount);

            // every hostile record: one dead letter, with the reason the corpus expects
            final Map<Long, String> reasonAt = new HashMap<>();
            for (final ConsumerRecord<byte[], byte[]> d : dead) {
                final long offset = Long.parseLong(DeadLetterHeaders.read(d.headers(), DeadLetterHeaders.SOURCE_OFFSET));
                final HostileCorpus.Case c = hostileAt.get(offset);
                assertNotNull(c, "a dead letter for offset " + offset + ", which is no hostile record");
                assertEquals(c.expected(), DeadLetterHeaders.read(d.headers(), DeadLetterHeaders.REASON),
                        c.name() + ": " + DeadLetterHeaders.read(d.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE));
                assertEquals(null, reasonAt.put(offset, c.expected()), "two dead letters for " + c.name());
                assertFalse(contains(d, secret), c.name() + ": the dead letter carries bytes of a local file outside the claim-check folder");
                if (c.kind().equals("padded")) {
                    assertEquals("true", DeadLetterHeaders.read(d.headers(), DeadLetterHeaders.TRUNCATED), "the near-8-MiB dead letter is cut");
                    assertEquals(String.valueOf(NEAR_LIMIT), DeadLetterHeaders.read(d.headers(), DeadLetterHeaders.ORIGINAL_VALUE_LENGTH));
                }
            }

            vectors.poll(Duration.ofSeconds(1)).forEach(r -> tagged.merge(r.key(), 1, Integer::sum));
            tagged.forEach((id, n) -> assertEquals(1, n, "tagged more than once: " + id));
            assertEquals(KafkaStreams.State.RUNNING, tagger.state(), "the tagger keeps running");
            assertEquals(expectedDeadLetters, tagger.stats().deadLettersByReason(), "dead letters by reason");
            assertEquals(mustBeTagged.size(), tagger.stats().tagged(), "tag vectors");
            assertEquals(tagger.stats().received(), tagger.stats().tagged() + tagger.stats().deadLetters(),
                    "images in = tag vectors out + dead letters");
            System.out.printf("hostile IT on %s: %d records, %d tagged, %d dead letters %s%n", kafka.kind(), tagger.stats().received(),
                    tagger.stats().tagged(), tagger.stats().deadLetters(), tagger.stats().deadLettersByReason());
        }
    }

    @Test
    void everyBadModelUpdateIsRefusedTheOldVersionKeepsServingAndAGoodOneIsStillPickedUp() throws Exception {
        final String key = "shared-trainer-key";
        final ModelSigner signer = ModelSigner.of(key);
        final Settings settings = TaggerFixtures.taggerSettings(kafka, tmp, Map.of("model.signing.key", key, "tagger.batch.size", "4"));
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());
        final ModelStore store = new ModelStore(settings.get("model.store"), tmp.resolve("trainer-cache"));
        final ModelUpdated v1 = signer.sign(TaggerFixtures.publishable(store, 1, true));
        final ModelUpdated v2 = TaggerFixtures.publishable(store, 2, true);
        final Path models = tmp.resolve("models");
        final byte[] v2File = Files.readAllBytes(Path.of(java.net.URI.create(v2.getArtifactUri())));
        final Path truncated = models.resolve("truncated.i2vmodel");
        Files.write(truncated, Arrays.copyOf(v2File, v2File.length / 2));
        Files.createSymbolicLink(models.resolve("link-out.i2vmodel"), Path.of("/etc/hostname"));

        final List<String> skippedCases = List.of("tombstone", "garbage", "vocabulary-length-bomb");
        final Map<String, ModelUpdated> refusedCases = new java.util.LinkedHashMap<>();
        refusedCases.put("unsigned", v2);
        refusedCases.put("signed-with-another-key", ModelSigner.of("not-the-key").sign(v2));
        refusedCases.put("altered-after-signing", ModelUpdated.newBuilder(signer.sign(v2)).setVersion(9).build());
        refusedCases.put("sha256-with-dot-dot", signer.sign(ModelUpdated.newBuilder(v2).setSha256("../../../../tmp/evil").build()));
        refusedCases.put("artifact-dev-zero", signer.sign(ModelUpdated.newBuilder(v2).setArtifactUri("file:///dev/zero").build()));
        refusedCases.put("artifact-with-host", signer.sign(ModelUpdated.newBuilder(v2).setArtifactUri("file://somehost/x.i2vmodel").build()));
        refusedCases.put("artifact-not-in-store", signer.sign(ModelUpdated.newBuilder(v2).setArtifactUri("http://127.0.0.1:9/x.i2vmodel").build()));
        refusedCases.put("artifact-dot-dot", signer.sign(ModelUpdated.newBuilder(v2)
                .setArtifactUri(models.toUri() + "../trainer-cache/x.i2vmodel").build()));
        refusedCases.put("artifact-symlink-out", signer.sign(ModelUpdated.newBuilder(v2)
                .setArtifactUri(models.resolve("link-out.i2vmodel").toUri().toString()).build()));
        final List<String> duplicated = new ArrayList<>(v2.getVocabulary());
        duplicated.set(1, duplicated.get(0));
        refusedCases.put("duplicate-tag", signer.sign(ModelUpdated.newBuilder(v2).setVocabulary(duplicated).build()));
        final List<String> control = new ArrayList<>(v2.getVocabulary());
        control.set(0, "bad\u0007tag");
        refusedCases.put("control-character-tag", signer.sign(ModelUpdated.newBuilder(v2).setVocabulary(control).build()));
        refusedCases.put("thresholds-mismatch", signer.sign(ModelUpdated.newBuilder(v2).setThresholds(v2.getThresholds().subList(0, 3)).build()));
        refusedCases.put("wrong-sha256", signer.sign(ModelUpdated.newBuilder(v2).setSha256("f".repeat(64)).build()));
        refusedCases.put("truncated-artifact", signer.sign(ModelUpdated.newBuilder(v2).setArtifactUri(truncated.toUri().toString())
                .setSha256(dev.i2v.model.artifact.ModelArtifacts.sha256(truncated)).build()));
        refusedCases.put("artifact-of-another-version", signer.sign(ModelUpdated.newBuilder(v2).setVersion(3).build()));

        final Map<String, Integer> taggedBy = new HashMap<>();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(clients.producer("it-raw"),
                     new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
             KafkaProducer<byte[], byte[]> images = new KafkaProducer<>(clients.producer("it-images"), new ByteArraySerializer(),
                     new ByteArraySerializer());
             KafkaConsumer<String, TagVector> vectors = new KafkaConsumer<>(clients.consumer("it-vectors"), new StringDeserializer(),
                     I2vSerdes.tagVector().deserializer());
             TaggerService tagger = new TaggerService(settings)) {
            vectors.subscribe(List.of(topics.tagVectors()));
            raw.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL, I2vSerdes.modelUpdated().encode(v1))).get();
            tagger.start();
            assertTrue(tagger.awaitRunning(Duration.ofSeconds(60)), "tagger did not reach RUNNING: " + tagger.state());
            TaggerFixtures.awaitTrue(() -> tagger.models().currentVersion() == 1, Duration.ofSeconds(60), "v1 was not picked up");

            raw.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL, null)).get();
            raw.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL, "garbage".getBytes(StandardCharsets.UTF_8))).get();
            raw.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL, vocabularyLengthBomb())).get();
            for (final ModelUpdated bad : refusedCases.values()) {
                raw.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL, I2vSerdes.modelUpdated().encode(bad))).get();
            }
            TaggerFixtures.awaitTrue(() -> tagger.models().refusedCount() == refusedCases.size()
                    && tagger.modelUpdatesSkipped() == skippedCases.size(), Duration.ofSeconds(60), "refused " + refusedCases.size() + " and skipped " + skippedCases.size());
            for (int i = 0; i < 4; i++) {
                images.send(new ProducerRecord<>(topics.images(), KEY.getBytes(StandardCharsets.UTF_8), goodImage("old-" + i).value)).get();
            }
            pollUntil(vectors, taggedBy, 4);
            assertEquals(1, tagger.models().currentVersion(), "v1 keeps serving");
            taggedBy.forEach((id, version) -> assertEquals(1, version, id));

            raw.send(new ProducerRecord<>(topics.modelUpdates(), TaggerFixtures.MODEL,
                    I2vSerdes.modelUpdated().encode(signer.sign(TaggerFixtures.publishable(store, 4, true))))).get();
            TaggerFixtures.awaitTrue(() -> tagger.models().currentVersion() == 4, Duration.ofSeconds(60), "a good version after the bad ones is picked up");
            for (int i = 0; i < 4; i++) {
                images.send(new ProducerRecord<>(topics.images(), KEY.getBytes(StandardCharsets.UTF_8), goodImage("new-" + i).value)).get();
            }
            pollUntil(vectors, taggedBy, 8);
            for (int i = 0; i < 4; i++) {
                assertEquals(4, taggedBy.get("new-" + i), "tagged by the good version");
            }
            assertEquals(refusedCases.size(), tagger.models().refusedCount());
            assertEquals(skippedCases.size(), tagger.modelUpdatesSkipped());
            System.out.printf("hostile model-updates IT on %s: %d events refused %s, %d skipped %s, v1 served until v4%n", kafka.kind(),
                    refusedCases.size(), refusedCases.keySet(), skippedCases.size(), skippedCases);
        }
    }

    // ---- the records

    /** The length of the near-limit record: the images topic takes it, its dead letter with headers would not fit. */
    private static final int NEAR_LIMIT = dev.i2v.schemas.Topics.MAX_IMAGE_MESSAGE_BYTES - 200;

    private record Sent(String id, long offset, byte[] value) {
    }

    private static Sent goodImage(final String id) {
        return new Sent(id, -1, I2vSerdes.imageEvent().encode(HostileCorpus.event(id, GOOD_PNG, null, List.of("1girl"))));
    }

    private static Sent hostileRecord(final HostileCorpus.Case c, final Path claims, final Path secret, final String httpBase) {
        final String id = "hostile-" + c.name();
        final byte[] file = c.file().equals("-") ? null : HostileCorpus.resource(c.file());
        final List<String> tags = List.of("1girl");
        return switch (c.kind()) {
            case "inline" -> new Sent(id, -1, I2vSerdes.imageEvent().encode(HostileCorpus.event(id, file, null, tags)));
            case "record" -> new Sent(c.name().equals("released-v1") ? "hostile-released-v1" : id, -1, file);
            case "tombstone" -> new Sent(id, -1, null);
            case "tags" -> new Sent(id, -1, I2vSerdes.imageEvent().encode(HostileCorpus.event(id, GOOD_PNG, null,
                    List.of(new String(file, StandardCharsets.UTF_8).split("\n")))));
            case "uri" -> new Sent(id, -1, I2vSerdes.imageEvent().encode(HostileCorpus.event(id, null, new String(file, StandardCharsets.UTF_8)
                    .replace("${claims}", claims.toString()).replace("${secret}", secret.toString()).replace("${http}", httpBase), tags)));
            case "padded" -> new Sent(id, -1, padded(id, file));
            default -> throw new IllegalArgumentException("unknown kind " + c.kind() + " in cases.tsv");
        };
    }

    /** An event whose image is {@code image} plus zeros, exactly {@link #NEAR_LIMIT} bytes long in all. */
    private static byte[] padded(final String id, final byte[] image) {
        final int overhead = I2vSerdes.imageEvent().encode(HostileCorpus.event(id, new byte[4_000_000], null, List.of("1girl"))).length - 4_000_000;
        final byte[] value = I2vSerdes.imageEvent().encode(HostileCorpus.event(id, Arrays.copyOf(image, NEAR_LIMIT - overhead), null,
                List.of("1girl")));
        assertEquals(NEAR_LIMIT, value.length);
        return value;
    }

    private static Sent send(final KafkaProducer<byte[], byte[]> producer, final Topics topics, final Sent record) throws Exception {
        final long offset = producer.send(new ProducerRecord<>(topics.images(), KEY.getBytes(StandardCharsets.UTF_8), record.value)).get().offset();
        return new Sent(record.id, offset, record.value);
    }

    private static Properties bigRecords(final KafkaClients clients) {
        final Properties p = clients.producer("it-hostile");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(9 << 20));
        return p;
    }

    /** ModelUpdated's first fields, then a vocabulary claiming 2 billion tags. */
    private static byte[] vocabularyLengthBomb() throws IOException {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xC3, 0x01});
        bytes.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(org.apache.avro.SchemaNormalization.parsingFingerprint64(ModelUpdated.getClassSchema())).array());
        final org.apache.avro.io.BinaryEncoder e = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(bytes, null);
        e.writeString(TaggerFixtures.MODEL);
        e.writeLong(5);
        e.writeIndex(0);
        e.writeLong(0);
        e.writeString("file:///x");
        e.writeString("0".repeat(64));
        e.writeLong(1);
        e.writeString("tiny");
        e.writeInt(64);
        e.writeArrayStart();
        e.setItemCount(2_000_000_000L);
        e.flush();
        return bytes.toByteArray();
    }

    // ---- the places claim checks point at

    /** A readable picture outside the claim-check folder, with a marker that must never reach a dead letter. */
    private byte[] secretFile() throws IOException {
        final byte[] marker = ("SECRET-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        final byte[] secret = Arrays.copyOf(GOOD_PNG, GOOD_PNG.length + marker.length);
        System.arraycopy(marker, 0, secret, GOOD_PNG.length, marker.length);
        Files.createDirectories(tmp.resolve("secret"));
        Files.write(tmp.resolve("secret/secret.png"), secret);
        return marker;
    }

    private String startHttp(final byte[] secret) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/allowed/good.png", x -> answer(x, GOOD_PNG));
        http.createContext("/other/secret.png", x -> answer(x, secret));
        http.createContext("/allowed/redirect-out", x -> {
            x.getResponseHeaders().add("Location", "/other/secret.png");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        http.createContext("/allowed/big", x -> answer(x, new byte[2 << 20]));
        http.createContext("/allowed/slow", x -> {
            x.sendResponseHeaders(200, 1000);
            try (OutputStream out = x.getResponseBody()) {
                out.write(GOOD_PNG, 0, 10);
                out.flush();
                Thread.sleep(3000);
            } catch (InterruptedException | IOException e) {
                // the client gave up, as it should
            }
        });
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static void answer(final HttpExchange x, final byte[] body) throws IOException {
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    // ---- reading back

    private static boolean contains(final ConsumerRecord<byte[], byte[]> d, final byte[] marker) {
        if (indexOf(d.value(), marker) >= 0 || indexOf(d.key(), marker) >= 0) {
            return true;
        }
        for (final Header h : d.headers()) {
            if (indexOf(h.value(), marker) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(final byte[] data, final byte[] marker) {
        if (data == null) {
            return -1;
        }
        outer:
        for (int i = 0; i + marker.length <= data.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void pollUntil(final KafkaConsumer<String, TagVector> vectors, final Map<String, Integer> taggedBy, final int n) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (taggedBy.size() < n && System.nanoTime() < deadline) {
            for (final ConsumerRecord<String, TagVector> r : vectors.poll(Duration.ofMillis(200))) {
                taggedBy.put(r.key(), (int) r.value().getModelVersion());
            }
        }
        assertEquals(n, taggedBy.size(), "tag vectors");
    }
}
