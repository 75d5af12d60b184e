package dev.i2v.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose files as Docker would read them: {@code docker-compose config} validates and merges
 * them without a Docker engine. Debian's docker-compose is installed by .ci/run.
 */
class ComposeFilesTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    private static String compose(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("docker-compose"));
        command.addAll(List.of(args));
        final Process p;
        try {
            p = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("docker-compose is not installed, so the compose files cannot be checked. Install it with "
                    + "'apt-get install docker-compose' (.ci/run does this), then run the tests again.", e);
        }
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "docker-compose " + String.join(" ", args) + " failed:\n" + out);
        return out;
    }

    @Test
    void theDefaultDeploymentIsOneKraftBrokerAndTheThreeServicesSharingTheModelStore() throws Exception {
        final String config = compose("-f", "docker-compose.yml", "config");
        assertTrue(List.of(compose("-f", "docker-compose.yml", "config", "--services").trim().split("\\R"))
                .containsAll(List.of("kafka", "topics", "crawler", "trainer", "tagger")));
        assertEquals(3, count(config, "profiles:\n    - kafka-3"), "only the three-broker services wait for their profile");
        assertTrue(config.contains("image: apache/kafka:4.1.1"), "the official Apache Kafka image");
        assertTrue(config.contains("KAFKA_PROCESS_ROLES: broker,controller"), "KRaft, no ZooKeeper");
        assertEquals(3, count(config, "- models:/models:rw"), "crawler, trainer and tagger share the models volume");
        assertEquals(3, count(config, "I2V_MODEL_STORE: file:///models/"));
        assertEquals(0, count(config, "driver: nvidia"), "no GPU without the GPU file");
        for (final String topic : List.of("i2v.images", "i2v.tag-vectors", "i2v.model-updates", "i2v.images.dlq")) {
            assertTrue(Pattern.compile("--topic " + Pattern.quote(topic) + "\\s").matcher(config).find(), "topic " + topic + " is created");
        }
    }

    @Test
    void theKafka3ProfileRunsThreeBrokersWithReplicationThree() throws Exception {
        final String services = compose("-f", "docker-compose.yml", "--env-file", "kafka3.env", "--profile", "kafka-3", "config", "--services");
        assertTrue(List.of(services.trim().split("\\R")).containsAll(List.of("kafka-1", "kafka-2", "kafka-3")));
        final String config = compose("-f", "docker-compose.yml", "--env-file", "kafka3.env", "--profile", "kafka-3", "config");
        assertEquals(3, count(config, "KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"));
        assertTrue(config.contains("I2V_KAFKA_BOOTSTRAP_SERVERS: kafka-1:9092,kafka-2:9092,kafka-3:9092"));
        assertTrue(config.contains("I2V_TOPIC_REPLICATION_FACTOR: '3'") || config.contains("I2V_TOPIC_REPLICATION_FACTOR: \"3\""), config);
    }

    @Test
    void theGpuVariantBuildsWithTheCudaProfileAndReservesAGpuForTaggerAndTrainer() throws Exception {
        final String config = compose("-f", "docker-compose.yml", "-f", "docker-compose.gpu.yml", "config");
        assertEquals(2, count(config, "driver: nvidia"), "one GPU reservation each for tagger and trainer");
        assertEquals(2, count(config, "MAVEN_PROFILES: cuda"));
        assertEquals(1, count(config, "MAVEN_PROFILES: cpu"), "the crawler needs no GPU");
    }

    @Test
    void theDockerfileBuildsWhatTheI2vLauncherRuns() throws Exception {
        final String dockerfile = Files.readString(MODULE.resolve("Dockerfile"));
        final String launcher = Files.readString(MODULE.resolve("../i2v"));
        final Matcher build = Pattern.compile("mvn (-B -q) -P\\$\\{MAVEN_PROFILES} (-DskipTests -Dmaven.test.skip.exec=true install)").matcher(dockerfile);
        assertTrue(build.find(), "the Dockerfile's build command");
        assertTrue(launcher.contains("mvn " + build.group(1) + " " + build.group(2)), "./i2v builds the same way");
        assertTrue(launcher.contains("dev.i2v.app.I2v") && dockerfile.contains("dev.i2v.app.I2v"), "the same main class");
        assertTrue(launcher.contains("/app/target/lib/") && dockerfile.contains("/src/app/target/lib/"), "the same runtime classpath");
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "Temurin 17 runtime");
    }

    private static int count(final String text, final String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
