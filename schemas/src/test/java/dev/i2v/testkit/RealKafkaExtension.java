package dev.i2v.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Starts one real broker per test JVM (lazily, on first use) and injects it into
 * {@link KafkaBroker} fields and parameters. Closed when the JUnit root context closes.
 */
public final class RealKafkaExtension implements BeforeAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(RealKafkaExtension.class);
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final int START_ATTEMPTS = 3;

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getSuperclass()) {
            for (final Field f : c.getDeclaredFields()) {
                if (f.getType() == KafkaBroker.class && Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    f.set(null, broker(context));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(final ParameterContext p, final ExtensionContext e) {
        return p.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext p, final ExtensionContext e) {
        return broker(e);
    }

    private static KafkaBroker broker(final ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningBroker.class, k -> start(), RunningBroker.class);
    }

    private static RunningBroker start() {
        if (dockerAvailable()) {
            final KafkaContainer container = new KafkaContainer(KAFKA_IMAGE).withStartupTimeout(Duration.ofMinutes(3));
            container.start();
            LOG.info("Test broker: Testcontainers {} at {}", KAFKA_IMAGE, container.getBootstrapServers());
            return new RunningBroker(container.getBootstrapServers(), "testcontainers", container::stop);
        }
        // A broker fault must fail the test, not end the JVM.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to halt(" + code + "): " + message);
        });
        Exception last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            KafkaClusterTestKit cluster = null;
            try {
                cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "4")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "4")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("message.max.bytes", String.valueOf(9 * 1024 * 1024))
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                final KafkaClusterTestKit started = cluster;
                LOG.info("Test broker: in-JVM KRaft cluster at {}", started.bootstrapServers());
                return new RunningBroker(started.bootstrapServers(), "in-jvm-kraft", started::close);
            } catch (Exception e) {
                last = e;
                LOG.warn("In-JVM Kafka start attempt {} of {} failed: {}", attempt, START_ATTEMPTS, e.toString());
                if (cluster != null) {
                    try {
                        cluster.close();
                    } catch (Exception ignored) {
                        // best effort before the next attempt
                    }
                }
            }
        }
        throw new IllegalStateException("Could not start an in-JVM Kafka broker after " + START_ATTEMPTS + " attempts", last);
    }

    private static boolean dockerAvailable() {
        if ("false".equals(System.getProperty("i2v.test.docker"))) {
            return false;
        }
        // Ask Testcontainers only where an engine could be: it logs errors at length when none is.
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    /** The broker plus how to stop it; JUnit closes it with the root context. */
    record RunningBroker(String bootstrapServers, String kind, AutoCloseableBroker stopper)
            implements KafkaBroker, ExtensionContext.Store.CloseableResource {

        @Override
        public void close() throws Throwable {
            stopper.close();
        }
    }

    @FunctionalInterface
    interface AutoCloseableBroker {
        void close() throws Exception;
    }
}
