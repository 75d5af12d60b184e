package dev.i2v.testkit;

import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import java.util.Map;
import java.util.UUID;

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
}
