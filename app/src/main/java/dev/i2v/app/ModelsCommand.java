package dev.i2v.app;

import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.trainer.ModelHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v models}: the versions on the model-updates topic, and with --follow the ones still to come. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List model versions from the model-updates topic with their holdout metrics.",
                "--follow keeps printing new versions as the trainer publishes them."})
public final class ModelsCommand implements Callable<Integer> {

    static final String HEADER = String.format(Locale.ROOT, "%-8s %-8s %-9s %7s %8s %8s %9s %8s %7s  %s",
            "model", "version", "promoted", "mAP", "micro-F1", "macro-F1", "hold.loss", "trained", "tags", "created");

    @Mixin
    ServiceOptions service;

    @Option(names = "--model", description = "Only this model name (default: every model).")
    String model;

    @Option(names = "--follow", description = "Keep printing new versions until Ctrl-C.")
    boolean follow;

    @Option(names = "--uri", description = "Also print each artifact's location and sha256.")
    boolean uri;

    @Override
    public Integer call() throws Exception {
        final Settings settings = service.settings(Map.of(), Map.of());
        final KafkaClients clients = new KafkaClients(settings);
        final String topic = settings.topics().modelUpdates();
        System.out.println(HEADER);
        final List<ModelUpdated> known = ModelHistory.read(clients, topic, model).versions();
        known.forEach(this::print);
        if (known.isEmpty()) {
            System.err.println("No model versions on " + topic + " yet" + (follow ? "; waiting ..." : "."));
        }
        if (!follow) {
            return 0;
        }
        final TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, ModelUpdated> consumer = new KafkaConsumer<>(clients.consumer(null), new StringDeserializer(),
                I2vSerdes.modelUpdated().deserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (final ConsumerRecord<String, ModelUpdated> r : consumer.poll(Duration.ofMillis(500))) {
                        if (model == null || model.equals(r.value().getModelName())) {
                            print(r.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    System.err.printf("skipping offset %d: not a ModelUpdated event%n", e.offset());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }
        return 0;
    }

    private void print(final ModelUpdated m) {
        System.out.println(line(m));
        if (uri) {
            System.out.println("         " + m.getArtifactUri() + "  sha256 " + m.getSha256());
        }
    }

    static String line(final ModelUpdated m) {
        return String.format(Locale.ROOT, "%-8s %-8s %-9s %7.3f %8.3f %8.3f %9.4f %8d %7d  %s", m.getModelName(), "v" + m.getVersion(),
                m.getPromoted() ? "yes" : "no", m.getMetrics().getMeanAveragePrecision(), m.getMetrics().getMicroF1(),
                m.getMetrics().getMacroF1(), m.getMetrics().getHoldoutLoss(), m.getWindow().getImagesTrained(),
                m.getVocabulary().size(), Instant.ofEpochMilli(m.getCreatedAt().toEpochMilli()).toString().substring(0, 19));
    }
}
