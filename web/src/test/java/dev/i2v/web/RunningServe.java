package dev.i2v.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.crawler.ImagePublisher;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.testing.TestModels;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.tagger.TaggerService;
import dev.i2v.testkit.KafkaBroker;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What {@code i2v serve} needs around it, for the web module's integration tests: fresh topics on
 * the test broker, a real tiny model version published as the trainer would, a running tagger that
 * serves it, and the server on a free port.
 */
final class RunningServe implements AutoCloseable {

    static final int INPUT = 64;

    final Settings settings;
    final KafkaClients clients;
    final TaggerService tagger;
    final WebServer server;
    final int port;
    private final SyntheticIllustrations pictures = new SyntheticIllustrations(21, INPUT, 0);

    private RunningServe(final Settings settings, final TaggerService tagger, final WebServer server, final int port) {
        this.settings = settings;
        this.clients = new KafkaClients(settings);
        this.tagger = tagger;
        this.server = server;
        this.port = port;
    }

    static RunningServe start(final KafkaBroker kafka, final Path tmp) throws Exception {
        final String group = "serve-it-" + System.nanoTime();
        final Settings settings = kafka.freshSettings(Map.of(
                "tagger.application.id", group,
                "tagger.state.dir", tmp.resolve("state").toString(),
                "tagger.model.cache.dir", tmp.resolve("cache").toString(),
                "model.store", tmp.resolve("models").toString(),
                "tagger.batch.size", "8",
                "tagger.batch.max.wait.ms", "300",
                "serve.port", "0",
                "serve.answer.timeout.ms", "30000"));
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        final ModelArtifact model = TestModels.tinyArtifact("i2v", 1, SyntheticIllustrations.vocabulary(), INPUT, 101);
        final StoredModel stored = new ModelStore(settings.get("model.store"), tmp.resolve("trainer-cache")).save(model);
        final ModelUpdated v1 = ModelUpdates.announce(model.info(), stored, java.util.List.of(), 0, 0, true);
        try (KafkaProducer<String, ModelUpdated> updates = new KafkaProducer<>(clients.producer("it-trainer"), new StringSerializer(),
                I2vSerdes.modelUpdated().serializer())) {
            updates.send(new ProducerRecord<>(settings.topics().modelUpdates(), v1.getModelName(), v1)).get();
        }
        final TaggerService tagger = new TaggerService(settings);
        tagger.start();
        assertTrue(tagger.awaitRunning(Duration.ofSeconds(60)), "tagger did not reach RUNNING: " + tagger.state());
        awaitTrue(() -> tagger.models().currentVersion() == 1, Duration.ofSeconds(60), "the tagger did not load v1");
        final WebServer server = new WebServer(settings);
        final int port = server.start();
        final Http http = new Http(port);
        awaitTrue(() -> {
            try {
                return http.get("/api/versions").json().size() == 1;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(30), "the server did not read v1 from the model-updates topic");
        return new RunningServe(settings, tagger, server, port);
    }

    /** A synthetic illustration, encoded as the file a user would upload. */
    byte[] picture() {
        final ImageEvent e = pictures.next();
        final ByteBuffer b = e.getBytes().duplicate();
        final byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** Publishes {@code n} pictures as a crawler would (not through the server): traffic for the live view. */
    void publishPictures(final int n) {
        try (ImagePublisher publisher = new ImagePublisher(clients, settings.topics())) {
            for (int i = 0; i < n; i++) {
                publisher.publish(pictures.next());
            }
            publisher.flush();
        }
    }

    static void awaitTrue(final BooleanSupplier condition, final Duration timeout, final String message) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, message);
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        server.close();
        tagger.close();
    }
}
