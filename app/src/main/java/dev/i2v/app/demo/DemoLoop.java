package dev.i2v.app.demo;

import dev.i2v.crawler.ImagePublisher;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.tagger.TaggerService;
import dev.i2v.trainer.TrainerConfig;
import dev.i2v.trainer.TrainerService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The whole loop in one process: the synthetic crawler publishes, the trainer turns windows into
 * model versions, the tagger tags with the newest promoted one, and a {@link TopicWatcher} reads
 * the results from the topics as any user would.
 */
public final class DemoLoop {

    /** What the demo runs; the services' own settings come from {@link Settings}. */
    /** Images the newest version should tag before the crawl stops, and how long to wait for them at most. */
    private static final int NEWEST_VERSION_SAMPLES = 50;
    private static final Duration NEWEST_VERSION_WAIT = Duration.ofSeconds(30);

    public record Options(int versions, double imagesPerSecond, int imageSize, long seed, double tagDropRate,
                          Duration maxDuration, Duration drainTimeout, Path outDir, String colorBy) {
    }

    private static final int SAMPLES_PRINTED = 3;

    private final Settings settings;
    private final Options options;
    private final PrintStream out;
    private final Map<String, DemoReport.Truth> truth = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();

    public DemoLoop(final Settings settings, final Options options, final PrintStream out) {
        this.settings = settings;
        this.options = options;
        this.out = out;
    }

    public Map<String, DemoReport.Truth> truth() {
        return truth;
    }

    /** Runs until the wanted number of versions exists (or a stop is requested), drains the tagger, reports. */
    public DemoResult run(final AtomicBoolean stopRequested) throws Exception {
        final long start = System.nanoTime();
        final KafkaClients clients = new KafkaClients(settings);
        final Topics topics = settings.topics();
        TopicAdmin.ensureTopics(clients, topics.all());

        final TopicWatcher watcher = new TopicWatcher(clients, topics, m -> out.printf(Locale.ROOT,
                "[model]  v%d published: holdout mAP %.3f, loss %.4f, micro-F1 %.3f, %d images trained%s%n",
                m.getVersion(), m.getMetrics().getMeanAveragePrecision(), m.getMetrics().getHoldoutLoss(),
                m.getMetrics().getMicroF1(), m.getWindow().getImagesTrained(), m.getPromoted() ? ", promoted" : ", NOT promoted"));
        final Thread watcherThread = new Thread(watcher, "demo-watcher");
        watcherThread.start();

        final AtomicBoolean stopCrawl = new AtomicBoolean();
        final Thread crawler = new Thread(() -> crawl(clients, topics, stopCrawl), "demo-crawler");
        crawler.start();

        final TaggerService tagger = new TaggerService(settings);
        tagger.start();
        final TrainerService trainer = new TrainerService(settings);
        final Thread trainerThread = new Thread(trainer::run, "demo-trainer");
        trainerThread.start();

        final Set<Long> samplesShown = new HashSet<>();
        long lastStatus = 0;
        try {
            while (!stopRequested.get() && watcher.models().size() < options.versions()
                    && System.nanoTime() - start < options.maxDuration().toNanos()) {
                Thread.sleep(500);
                showSamples(watcher, samplesShown);
                if (System.nanoTime() - lastStatus > 10_000_000_000L) {
                    lastStatus = System.nanoTime();
                    status(watcher);
                }
            }
            // the newest version's report and map want images it tagged: crawl on until it has some (bounded: it may not be promoted)
            final long newest = watcher.models().isEmpty() ? 0 : watcher.models().get(watcher.models().size() - 1).getVersion();
            final long newestUntil = System.nanoTime() + NEWEST_VERSION_WAIT.toNanos();
            while (!stopRequested.get() && newest > 0 && watcher.taggedPerVersion().getOrDefault(newest, 0) < NEWEST_VERSION_SAMPLES
                    && System.nanoTime() < newestUntil) {
                Thread.sleep(250);
            }
            stopCrawl.set(true);
            crawler.join();
            // the images published last still go through the tagger: wait until each has a vector or a dead letter
            final long drainUntil = System.nanoTime() + options.drainTimeout().toNanos();
            while (!stopRequested.get() && accounted(watcher) < published.get() && System.nanoTime() < drainUntil) {
                Thread.sleep(500);
            }
            showSamples(watcher, samplesShown);
        } finally {
            stopCrawl.set(true);
            trainer.close();
            trainerThread.join(60_000);
            tagger.close();
            watcher.close();
            watcherThread.join(10_000);
        }
        final DemoSummary summary = new DemoSummary(published.get(), watcher.taggedIds().size(), watcher.vectors(),
                watcher.deadLetterKeys().size(), watcher.duplicates(), watcher.models().size(), watcher.taggedPerVersion(),
                (System.nanoTime() - start) / 1e9);
        return new DemoResult(summary, watcher.models(), watcher.keptVectors(), watcher.taggedIds());
    }

    /** What a run leaves for the report and for tests. */
    public record DemoResult(DemoSummary summary, List<ModelUpdated> models, Map<Long, List<TagVector>> vectorsByVersion,
                             Set<String> taggedIds) {
    }

    private long accounted(final TopicWatcher watcher) {
        return watcher.taggedIds().size() + watcher.deadLetterKeys().size();
    }

    private void crawl(final KafkaClients clients, final Topics topics, final AtomicBoolean stop) {
        final SyntheticIllustrations source = new SyntheticIllustrations(options.seed(), options.imageSize(), options.tagDropRate());
        // the labels the trainer learns, so the report compares like with like
        final Set<String> tagKinds = TrainerConfig.from(settings.withDefaults(TrainerConfig.DEFAULTS)).tagKinds();
        final long nanosPerImage = options.imagesPerSecond() > 0 ? (long) (1e9 / options.imagesPerSecond()) : 0;
        long next = System.nanoTime();
        try (ImagePublisher publisher = new ImagePublisher(clients, topics)) {
            while (!stop.get()) {
                final ImageEvent event = source.next();
                truth.put(event.getId(), new DemoReport.Truth(TagLabels.of(event, tagKinds),
                        event.getBytes() == null ? new byte[0] : toArray(event.getBytes())));
                publisher.publish(event);
                published.incrementAndGet();
                next += nanosPerImage;
                final long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            publisher.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] toArray(final java.nio.ByteBuffer buffer) {
        final java.nio.ByteBuffer b = buffer.duplicate();
        final byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private void status(final TopicWatcher watcher) {
        final List<ModelUpdated> models = watcher.models();
        out.printf(Locale.ROOT, "[status] %d published | %d tagged %s | %d dead letters | newest model %s%n",
                published.get(), watcher.taggedIds().size(), watcher.taggedPerVersion().entrySet().stream()
                        .map(e -> "v" + e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ", "(", ")")),
                watcher.deadLetterKeys().size(),
                models.isEmpty() ? "none yet (images wait in the tagger's store)" : "v" + models.get(models.size() - 1).getVersion());
    }

    private void showSamples(final TopicWatcher watcher, final Set<Long> shown) {
        for (final Map.Entry<Long, List<TagVector>> e : watcher.keptVectors().entrySet()) {
            if (shown.contains(e.getKey()) || e.getValue().size() < SAMPLES_PRINTED) {
                continue;
            }
            shown.add(e.getKey());
            out.printf("[tagged] first images tagged by v%d:%n", e.getKey());
            for (final TagVector v : e.getValue().subList(0, SAMPLES_PRINTED)) {
                final DemoReport.Truth t = truth.get(v.getImageId());
                out.printf(Locale.ROOT, "  %-22s predicted: %s%n  %-22s true:      %s%n", v.getImageId(),
                        v.getTags().stream().limit(8).map(s -> String.format(Locale.ROOT, "%s %.2f", s.getName(), s.getScore()))
                                .collect(Collectors.joining(", ")),
                        "", t == null ? "?" : String.join(", ", t.tags()));
            }
        }
    }
}
