package dev.i2v.app;

import dev.i2v.app.demo.DemoLoop;
import dev.i2v.app.demo.DemoReport;
import dev.i2v.schemas.Settings;
import dev.i2v.tagger.TaggerService;
import dev.i2v.trainer.TrainerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v demo}: the whole loop on one machine, offline, on a CPU. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The whole loop on this machine: an embedded Kafka broker, the synthetic crawler, the trainer",
                "(small windows, so new model versions arrive within minutes) and the tagger, all in one process.",
                "Prints what happens, stops after --versions model versions or on Ctrl-C, then writes a report",
                "(training curves, sample images with predicted and true tags, embedding maps) to --out."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--versions", defaultValue = "3", description = "Stop after this many model versions (default: ${DEFAULT-VALUE}).")
    int versions;

    @Option(names = "--window", defaultValue = "600", description = "Images per training window (default: ${DEFAULT-VALUE}; production default 15000).")
    int window;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs over each window (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--rate", defaultValue = "40", description = "Synthetic images published per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--image-size", defaultValue = "96", description = "Side of the synthetic pictures in pixels (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--label-noise", defaultValue = "0.05", description = "Share of true tags left off, as on real boorus (default: ${DEFAULT-VALUE}).")
    double labelNoise;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic source (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--color-by", defaultValue = "outdoors,indoors,white_background,simple_background,gradient_background",
            description = {"Colour the embedding maps by true tags: a tag (e.g. hat), a comma-separated list (the first one an image has),",
                    "or a suffix such as _hair (one colour per hair colour) (default: ${DEFAULT-VALUE})."})
    String colorBy;

    @Option(names = "--out", defaultValue = "demo-results", description = "Folder for the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-dir", defaultValue = "data/demo",
            description = "Broker log, model artifacts and tagger state; emptied at start unless --keep (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep --data-dir from the last run (continue its topics and models).")
    boolean keep;

    @Option(names = "--port", defaultValue = "9092", description = "Port of the embedded broker (default: ${DEFAULT-VALUE}); ignored with --bootstrap-servers.")
    int port;

    @Option(names = "--max-minutes", defaultValue = "30", description = "Stop after this long even if fewer versions arrived (default: ${DEFAULT-VALUE}).")
    int maxMinutes;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() throws Exception {
        if (!keep) {
            deleteTree(dataDir);
        }
        final boolean embedded = service.bootstrapServers == null;
        EmbeddedKafka kafka = null;
        if (embedded) {
            requireFreePort(port);
            System.out.printf("[kafka]  starting the embedded broker on localhost:%d (data in %s)%n", port, dataDir.resolve("kafka"));
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), port, freePort());
        }
        final Map<String, String> defaults = new HashMap<>();
        defaults.putAll(TrainerConfig.DEFAULTS);
        defaults.putAll(TaggerService.DEFAULTS);
        defaults.putAll(DemoSettings.overrides(dataDir, out, window, epochs, versions));
        final Map<String, String> flags = new HashMap<>();
        if (embedded) {
            flags.put("kafka.bootstrap.servers", "localhost:" + port);
        }
        final Settings settings = service.settings(defaults, flags);

        final AtomicBoolean stop = new AtomicBoolean();
        final StopOnShutdown ctrlC = StopOnShutdown.install("demo-stop", () -> {
            System.out.println("\n[demo]   Ctrl-C: stopping, then writing the summary ...");
            stop.set(true);
        }, Duration.ofMinutes(2));

        System.out.printf("[demo]   crawler %.0f images/s, windows of %d images x %d epochs, %s backbone; stopping after %d versions%n",
                rate, window, epochs, settings.get("trainer.backbone", "tiny"), versions);
        try {
            final DemoLoop loop = new DemoLoop(settings, new DemoLoop.Options(versions, rate, imageSize, seed, labelNoise,
                    Duration.ofMinutes(maxMinutes), Duration.ofMinutes(2), out, colorBy), System.out);
            final DemoLoop.DemoResult result = loop.run(stop);
            Files.createDirectories(out);
            final Path curves = DemoSettings.copyTrainingCurves(settings, out);
            final Path index = DemoReport.write(out, result.summary(), result.models(), result.vectorsByVersion(),
                    loop.truth(), colorBy, curves == null ? null : curves.getFileName().toString());
            System.out.println();
            System.out.println("[done]   " + result.summary().oneLine());
            result.models().forEach(m -> System.out.printf("         v%d  holdout mAP %.3f  micro-F1 %.3f  macro-F1 %.3f  %s%n",
                    m.getVersion(), m.getMetrics().getMeanAveragePrecision(), m.getMetrics().getMicroF1(),
                    m.getMetrics().getMacroF1(), m.getPromoted() ? "promoted" : "not promoted"));
            System.out.println("[report] open " + index.toAbsolutePath());
            return result.summary().lost() == 0 && result.summary().duplicates() == 0 ? 0 : 1;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            ctrlC.close();
        }
    }

    private static void requireFreePort(final int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            // free
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is in use (is './i2v kafka' running?). Stop it, pass --port N,"
                    + " or use that broker with --bootstrap-servers localhost:" + port + ".");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
