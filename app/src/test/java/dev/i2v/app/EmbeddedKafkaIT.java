package dev.i2v.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What 'i2v kafka' runs: a real broker that clients can use and that keeps its records across a restart. */
class EmbeddedKafkaIT {

    @Test
    void brokerServesClientsAndKeepsRecordsAcrossRestart(@TempDir final Path dataDir) throws Exception {
        final int port = freePort();
        final int controllerPort = freePort();
        final Settings settings = Settings.of(Map.of("kafka.bootstrap.servers", "localhost:" + port));
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port, controllerPort)) {
            TopicAdmin.ensureTopics(clients, topics.all());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(clients.producer("it"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topics.images(), "key-1", "kept across restart")).get();
            }
            assertEquals(List.of("kept across restart"), readAll(clients, topics.images(), "g1", 1));
        }

        try (EmbeddedKafka again = EmbeddedKafka.start(dataDir, port, controllerPort)) {
            final List<String> values = readAll(clients, topics.images(), "g2", 1);
            assertEquals(List.of("kept across restart"), values);
            assertTrue(again.dataDir().resolve("meta.properties").toFile().exists());
        }
    }

    private static List<String> readAll(final KafkaClients clients, final String topic, final String group, final int expected) {
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clients.consumer(group),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.currentTimeMillis() + 60_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
