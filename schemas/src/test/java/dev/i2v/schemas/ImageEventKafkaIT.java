package dev.i2v.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealKafka
class ImageEventKafkaIT {

    static KafkaBroker kafka;

    @Test
    void imageEventsGoThroughARealBroker() throws Exception {
        final Settings settings = kafka.freshSettings();
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());
        TopicAdmin.ensureTopics(clients, topics.all()); // idempotent

        final AvroSerde<ImageEvent> serde = I2vSerdes.imageEvent();
        try (KafkaProducer<String, ImageEvent> producer = new KafkaProducer<>(clients.producer("it"),
                new StringSerializer(), serde.serializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topics.images(), "synthetic:" + i, SampleRecords.imageEvent("synthetic:" + i))).get();
            }
        }
        final List<ImageEvent> received = new ArrayList<>();
        try (KafkaConsumer<String, ImageEvent> consumer = new KafkaConsumer<>(clients.consumer("it-group"),
                new StringDeserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(topics.images()));
            final long deadline = System.currentTimeMillis() + 60_000;
            while (received.size() < 20 && System.currentTimeMillis() < deadline) {
                for (final ConsumerRecord<String, ImageEvent> r : consumer.poll(Duration.ofMillis(500))) {
                    assertEquals(r.key(), r.value().getId());
                    received.add(r.value());
                }
            }
        }
        assertEquals(20, received.size(), "broker " + kafka.kind());
        assertEquals(SampleRecords.imageEvent("synthetic:0").getTags(), received.get(0).getTags());
    }

    @Test
    void garbageOnTheTopicFailsWithTopicAndSchemaNamed() throws Exception {
        final Settings settings = kafka.freshSettings();
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());
        final Properties producerProps = clients.producer("garbage");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.images(), "junk", "hello".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (KafkaConsumer<String, ImageEvent> consumer = new KafkaConsumer<>(clients.consumer("garbage-group"),
                new StringDeserializer(), I2vSerdes.imageEvent().deserializer())) {
            consumer.subscribe(List.of(topics.images()));
            final RecordDeserializationException e = assertThrows(RecordDeserializationException.class, () -> {
                final long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(500));
                }
            });
            final String message = e.getMessage() + " / " + e.getCause().getMessage();
            assertTrue(message.contains(topics.images()) && message.contains("ImageEvent"), message);
        }
    }
}
