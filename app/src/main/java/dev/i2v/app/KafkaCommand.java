package dev.i2v.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2v kafka}: the embedded single-node broker every other command defaults to. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"Run a single-node Apache Kafka broker (KRaft) on this machine, data kept on disk.",
                "Every other i2v command talks to it by default (localhost:9092). Stop with Ctrl-C."})
public final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/kafka",
            description = "Where the broker keeps its log (default: ${DEFAULT-VALUE}); kept across restarts.")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Override
    public Integer call() throws Exception {
        final EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port, controllerPort);
        final CountDownLatch stopped = new CountDownLatch(1);
        try (StopOnShutdown ignored = StopOnShutdown.install("kafka-shutdown", () -> {
            System.err.println("Stopping Kafka ...");
            kafka.close();
            stopped.countDown();
        }, Duration.ofSeconds(10))) {
            System.err.printf("Kafka is running at %s (data in %s). Ctrl-C to stop.%n",
                    kafka.bootstrapServers(), dataDir.toAbsolutePath());
            stopped.await();
        }
        return 0;
    }
}
