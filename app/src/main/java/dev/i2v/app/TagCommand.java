package dev.i2v.app;

import dev.i2v.tagger.TaggerService;
import dev.i2v.tagger.TaggerStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v tag}: runs one tagger instance until Ctrl-C, with a status line and a summary. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Run the Kafka Streams tagger: images topic in, tag vectors out, dead letters to images.dlq.",
                "It serves the newest promoted model from the model-updates topic and swaps models without a restart;",
                "images that arrive before any model wait. Start more instances with the same --application-id to scale out."})
public final class TagCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--application-id", description = "Kafka Streams application id; instances sharing it share the partitions (default i2v-tagger).")
    String applicationId;

    @Option(names = "--batch-size", description = "Images per forward pass (default 32).")
    Integer batchSize;

    @Option(names = "--max-wait-ms", description = "Longest an image waits for its batch to fill, wall clock (default 500).")
    Long maxWaitMs;

    @Option(names = "--threads", description = "Stream threads, each with its own copy of the model (default 1).")
    Integer threads;

    @Option(names = "--at-least-once", description = "Use at-least-once instead of exactly_once_v2 (faster commits; duplicates possible after a crash).")
    boolean atLeastOnce;

    @Option(names = "--model-store", description = "Where model artifacts are read when an event names a relative location (default data/models).")
    String modelStore;

    @Option(names = "--status-every-s", defaultValue = "5", description = "Seconds between status lines (default ${DEFAULT-VALUE}).")
    int statusEverySeconds;

    @Override
    public Integer call() throws Exception {
        final Map<String, String> flags = new HashMap<>();
        flags.put("tagger.application.id", applicationId);
        flags.put("tagger.batch.size", batchSize == null ? null : batchSize.toString());
        flags.put("tagger.batch.max.wait.ms", maxWaitMs == null ? null : maxWaitMs.toString());
        flags.put("tagger.threads", threads == null ? null : threads.toString());
        flags.put("tagger.processing.guarantee", atLeastOnce ? "at_least_once" : null);
        flags.put("model.store", modelStore);
        final TaggerService tagger = new TaggerService(service.settings(TaggerService.DEFAULTS, flags));
        final CountDownLatch stopped = new CountDownLatch(1);
        final long start = System.nanoTime();
        try (StopOnShutdown ignored = StopOnShutdown.install("tagger-shutdown", () -> {
            tagger.close();
            System.err.println(summary(tagger.stats(), tagger.models().currentVersion(), start));
            stopped.countDown();
        }, Duration.ofSeconds(10))) {
            tagger.models().onEvent(line -> System.err.println("model: " + line));
            tagger.start();
            System.err.println("Tagging " + tagger.settings().topics().images() + " -> " + tagger.settings().topics().tagVectors()
                    + " at " + tagger.settings().get("kafka.bootstrap.servers") + ". Ctrl-C to stop.");
            while (!stopped.await(statusEverySeconds, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println(status(tagger.stats(), tagger.models().currentVersion(), start) + " | " + tagger.state());
            }
        }
        return 0;
    }

    static String status(final TaggerStats s, final long version, final long startNanos) {
        final double secs = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "received %d | tagged %d (%.1f/s) | dead letters %d | model %s | %.1f ms/image forward",
                s.received(), s.tagged(), s.tagged() / Math.max(secs, 1e-9), s.deadLetters(), version < 0 ? "none yet (images wait)" : "v" + version,
                s.inferenceMillisPerImage());
    }

    static String summary(final TaggerStats s, final long version, final long startNanos) {
        return "Tagger stopped. " + status(s, version, startNanos)
                + (s.deadLetters() > 0 ? " | dead letters by reason " + s.deadLettersByReason() : "");
    }
}
