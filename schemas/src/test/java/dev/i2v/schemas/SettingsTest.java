package dev.i2v.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void layersOverrideInOrder(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("i2v.properties");
        Files.writeString(file, "tagger.batch.size=16\ntagger.max.wait.ms=100\nkafka.security.protocol=SSL\n");
        final Map<String, String> defaults = Map.of("tagger.batch.size", "32", "tagger.max.wait.ms", "500",
                "tagger.threads", "1");
        final Settings s = Settings.load(defaults, file,
                Map.of("I2V_TAGGER_MAX_WAIT_MS", "50", "I2V_TAGGER_THREADS", "2", "PATH", "/bin"),
                Map.of("tagger.threads", "3"));
        assertEquals(16, s.getInt("tagger.batch.size"));   // file over default
        assertEquals(50, s.getInt("tagger.max.wait.ms"));  // env over file
        assertEquals(3, s.getInt("tagger.threads"));       // flag over env
        assertEquals("localhost:9092", s.get("kafka.bootstrap.servers"));
        assertEquals("SSL", new KafkaClients(s).common().getProperty("security.protocol"));
        assertEquals("command line", s.originOf("tagger.threads"));
    }

    @Test
    void badValueNamesKeyValueAndOrigin() {
        final Settings s = Settings.load(Map.of("tagger.batch.size", "32"), null,
                Map.of("I2V_TAGGER_BATCH_SIZE", "lots"), Map.of());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.getInt("tagger.batch.size"));
        assertTrue(e.getMessage().contains("tagger.batch.size") && e.getMessage().contains("lots")
                && e.getMessage().contains("I2V_TAGGER_BATCH_SIZE"), e.getMessage());
    }

    @Test
    void missingConfigFileIsAClearError(@TempDir final Path dir) {
        final Path missing = dir.resolve("nope.properties");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.load(Map.of(), missing, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
    }

    @Test
    void topicNamesUseThePrefix() {
        final Topics t = Settings.of(Map.of("topic.prefix", "x.")).topics();
        assertEquals("x.images", t.images());
        assertEquals("x.images.dlq", t.imagesDeadLetters());
        assertEquals(1, t.modelUpdatesSpec().partitions());
        assertEquals(6, t.imagesSpec().partitions());
    }
}
