package dev.i2v.app;

import dev.i2v.crawler.CrawlState;
import dev.i2v.crawler.CrawlSummary;
import dev.i2v.crawler.Crawler;
import dev.i2v.crawler.ImageNormaliser;
import dev.i2v.crawler.ImagePublisher;
import dev.i2v.crawler.ImageSource;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every crawl shares (a picocli mixin), and the one way a crawl is run and summarised. */
public final class CrawlOptions {

    static final Map<String, String> DEFAULTS = Map.of(
            "crawler.state.dir", "data/crawler",
            "crawler.max.side", "0",
            "crawler.inline.max.bytes", String.valueOf(4 * 1024 * 1024),
            "crawler.claim.check.dir", "data/claim-checks",
            "crawler.max.image.bytes", String.valueOf(ImageLimits.DEFAULT.maxBytes()),
            "crawler.max.image.pixels", String.valueOf(ImageLimits.DEFAULT.maxPixels()));

    @Mixin
    ServiceOptions service;

    @Option(names = "--state-dir", description = "Where crawls remember their progress, so a re-run resumes (default data/crawler).")
    String stateDir;

    @Option(names = "--max-side", description = "Downscale images whose longer side is above this many pixels, aspect kept (default 0: keep).")
    Integer maxSide;

    @Option(names = "--inline-max-bytes", description = "Larger images are written to --claim-check-dir and sent as a file: URI (default 4 MiB).")
    Integer inlineMaxBytes;

    @Option(names = "--claim-check-dir", description = "Folder for claim-checked images, shared with the tagger and trainer (default data/claim-checks).")
    String claimCheckDir;

    Settings settings(final Map<String, String> own) {
        final Map<String, String> flags = new HashMap<>(own);
        flags.put("crawler.state.dir", stateDir);
        flags.put("crawler.max.side", maxSide == null ? null : maxSide.toString());
        flags.put("crawler.inline.max.bytes", inlineMaxBytes == null ? null : inlineMaxBytes.toString());
        flags.put("crawler.claim.check.dir", claimCheckDir);
        return service.settings(DEFAULTS, flags);
    }

    /** Publishes what the source offers, with a progress bar; Ctrl-C stops between images; prints the summary. */
    int run(final Settings settings, final String what, final long limit, final Function<Path, ImageSource> sourceInStateDir) {
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        final ImageNormaliser normaliser = new ImageNormaliser(
                new ImageDecoder(new ImageLimits(settings.getLong("crawler.max.image.bytes"), settings.getLong("crawler.max.image.pixels"))),
                settings.getInt("crawler.max.side"), settings.getInt("crawler.inline.max.bytes"), Path.of(settings.get("crawler.claim.check.dir")));
        final AtomicBoolean stop = new AtomicBoolean();
        try (StopOnShutdown ignored = StopOnShutdown.install("crawl-stop", () -> stop.set(true), Duration.ofMinutes(1))) {
            final CrawlSummary summary;
            try (ImageSource source = sourceInStateDir.apply(Path.of(settings.get("crawler.state.dir")));
                 ImagePublisher publisher = new ImagePublisher(clients, settings.topics())) {
                System.err.printf("Publishing %s to %s at %s%n", what, settings.topics().images(), settings.get("kafka.bootstrap.servers"));
                summary = new Crawler(normaliser, publisher).run(source, limit, stop::get);
            }
            System.err.print(summary.render(what + (stop.get() ? " (stopped; a re-run continues)" : "")));
        }
        return 0;
    }

    static CrawlState state(final Path stateDir, final String name) {
        return new CrawlState(stateDir, name);
    }
}
