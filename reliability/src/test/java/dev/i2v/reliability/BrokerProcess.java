package dev.i2v.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Kafka broker as its own process ({@code i2v kafka}), on fixed ports and a data
 * directory of its own, so it can be stopped and started again where it was.
 */
final class BrokerProcess implements AutoCloseable {

    private final I2vProcess process;
    private final int port;

    private BrokerProcess(final I2vProcess process, final int port) {
        this.process = process;
        this.port = port;
    }

    static BrokerProcess start(final Path dataDir, final Path logDir) throws Exception {
        final int port = freePort();
        final int controllerPort = freePort();
        final I2vProcess p = I2vProcess.start("kafka", logDir, List.of("kafka", "--data-dir", dataDir.toString(),
                "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort)));
        final BrokerProcess broker = new BrokerProcess(p, port);
        broker.awaitReady();
        return broker;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** A clean stop (SIGTERM), as an operator stops a broker for maintenance. */
    void stop() throws InterruptedException {
        process.stop(Duration.ofSeconds(60));
    }

    /** Starts it again on the same ports and data directory, and waits until it answers. */
    void restart() throws Exception {
        process.restart();
        awaitReady();
    }

    private void awaitReady() throws Exception {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                if (!process.alive()) {
                    throw new IllegalStateException("The broker process ended:\n" + process.tail(30));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    admin.listTopics().names().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The broker did not answer within 120 s:\n" + process.tail(30), notYet);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.stop(Duration.ofSeconds(30));
    }
}
