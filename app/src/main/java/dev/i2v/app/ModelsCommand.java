package dev.i2v.app;

import dev.i2v.model.artifact.ModelHistory;
import dev.i2v.model.artifact.ModelUpdatesReader;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.schemas.avro.ModelUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v models}: the versions on the model-updates topic, and with --follow the ones still to come. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List model versions from the model-updates topic with their holdout metrics.",
                "--follow keeps printing new versions as the trainer publishes them."})
public final class ModelsCommand implements Callable<Integer> {

    static final String HEADER = String.format(Locale.ROOT, "%-8s %-8s %-9s %7s %7s %8s %8s %8s %8s %9s %8s %7s %7s %6s  %s",
            "model", "version", "promoted", "mAP", "base", "micro-F1", "macro-F1", "F1@P=R", "base", "hold.loss", "trained", "tags",
            "scored", "hold.", "created / why promoted or not");

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
        try (ModelUpdatesReader reader = new ModelUpdatesReader(clients, topic, null)) {
            reader.fromEnd();
            while (!Thread.currentThread().isInterrupted()) {
                for (final ModelUpdated m : reader.poll(Duration.ofMillis(500),
                        (r, why) -> System.err.printf("skipping offset %d: not a ModelUpdated event%n", r.offset()))) {
                    if (model == null || model.equals(m.getModelName())) {
                        print(m);
                    }
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
        final VersionMetrics x = VersionMetrics.fromAvro(m.getMetrics());
        return String.format(Locale.ROOT, "%-8s %-8s %-9s %7.3f %7.3f %8.3f %8.3f %8.3f %8.3f %9.4f %8d %7d %7d %6d  %s%s", m.getModelName(),
                "v" + m.getVersion(), m.getPromoted() ? "yes" : "no", x.meanAveragePrecision(), x.baselineMeanAveragePrecision(),
                x.microF1(), x.macroF1(), x.microF1AtEqualPrecisionRecall(), x.baselineMicroF1AtEqualPrecisionRecall(),
                x.holdoutLoss(), m.getWindow().getImagesTrained(), m.getVocabulary().size(), x.tagsScored(), x.holdoutImages(),
                Instant.ofEpochMilli(m.getCreatedAt().toEpochMilli()).toString().substring(0, 19),
                m.getPromotionReason() == null ? "" : " / " + m.getPromotionReason())
                + (Double.isNaN(x.holdoutAccuracy()) ? "" : String.format(Locale.ROOT, " / single-label accuracy %.3f (majority baseline %.3f)",
                        x.holdoutAccuracy(), x.baselineAccuracy()));
    }
}
