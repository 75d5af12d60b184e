package dev.i2v.testkit;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A running real broker, as a test sees it. */
public interface KafkaBroker {

    String bootstrapServers();

    /** "testcontainers" or "in-jvm-kraft": printed so a test log says which broker it ran on. */
    String kind();

    /** Settings pointing at this broker, with a fresh topic prefix so tests never share topics. */
    default Settings freshSettings(final Map<String, String> overrides) {
        final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        return Settings.of(Map.of("kafka.bootstrap.servers", bootstrapServers(), "topic.prefix", prefix,
                "topic.images.partitions", "3", "topic.tag-vectors.partitions", "3")).with(overrides);
    }

    default Settings freshSettings() {
        return freshSettings(Map.of());
    }

    default KafkaClients clients(final Settings settings) {
        return new KafkaClients(settings);
    }

    default Topics topics(final Settings settings) {
        return settings.topics();
    }

    /**
     * Every image event on the images topic of these settings, read by a fresh group until the topic
     * has been quiet for 2.5 s, in no particular order. Checks that each key is the event's id.
     */
    default List<ImageEvent> publishedImages(final Settings settings) {
        final List<ImageEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, ImageEvent> consumer = new KafkaConsumer<>(clients(settings).consumer("read-" + System.nanoTime()),
                new StringDeserializer(), I2vSerdes.imageEvent().deserializer())) {
            consumer.subscribe(List.of(settings.topics().images()));
            long quietSince = System.currentTimeMillis();
            while (System.currentTimeMillis() - quietSince < 2500) {
                for (final ConsumerRecord<String, ImageEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!r.key().equals(r.value().getId())) {
                        throw new AssertionError("key " + r.key() + " is not the event's id " + r.value().getId());
                    }
                    out.add(r.value());
                    quietSince = System.currentTimeMillis();
                }
            }
        }
        return out;
    }
}
