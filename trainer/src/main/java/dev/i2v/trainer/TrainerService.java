package dev.i2v.trainer;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelHistory;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.model.net.OutputMode;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continual trainer: reads the images topic in its own consumer group and, per window of
 * {@code trainer.window.size} labelled images, fills, trains, evaluates, and publishes the version
 * together with the window's offsets in one transaction.
 *
 * <p>Restart: training resumes at the furthest offset any published version trained (or the
 * group's commit, if further), continuing from the last version's weights and tag counts; a window
 * cut short by a crash or a stop is read again in full, so no image is trained in two versions and
 * none is skipped. One trainer runs per model name: a second one fences the first (see {@link ModelPublisher}).
 */
public final class TrainerService implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    private final Settings settings;
    private final TrainerConfig config;
    private final Topics topics;
    private final ImagePreprocessor preprocessor;
    private final HoldoutSet holdout;
    private final ModelStore store;
    private final VocabularyUpdate vocabularyUpdate;
    private final FineTuner tuner;
    private final HoldoutEvaluator evaluator;
    private final PromotionPolicy promotion;
    private final TrainingCurves curves = new TrainingCurves();
    private final SingleLabelEvaluator classifier;
    private final EpochCurves epochCurves = new EpochCurves();
    private final List<WindowReport> reports = new CopyOnWriteArrayList<>();
    private final List<Consumer<WindowReport>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final BooleanSupplier stopRequested = () -> !this.running;
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TrainerService(final Settings given) {
        this.settings = given.withDefaults(TrainerConfig.DEFAULTS);
        this.config = TrainerConfig.from(settings);
        this.topics = settings.topics();
        this.preprocessor = config.preprocessor();
        this.holdout = new HoldoutSet(config.holdoutMax());
        this.store = new ModelStore(config.modelStore(), config.reportDir().resolve("model-cache"));
        this.vocabularyUpdate = new VocabularyUpdate(config);
        this.tuner = new FineTuner(preprocessor, config.mode(), config.batchSize(), config.flip(), config.learningRate(), config.windowSeconds());
        this.evaluator = new HoldoutEvaluator(preprocessor, config.batchSize(), config.minPositives());
        this.promotion = new PromotionPolicy(config.promotionTolerance());
        this.classifier = new SingleLabelEvaluator(evaluator);
    }

    /** Called after each published window (the demo prints them). */
    public void onWindow(final Consumer<WindowReport> listener) {
        listeners.add(listener);
    }

    public List<WindowReport> reports() {
        return List.copyOf(reports);
    }

    public Settings settings() {
        return settings;
    }

    public TrainerConfig config() {
        return config;
    }

    /** Where the training curves and reports go. */
    public Path reportDir() {
        return config.reportDir();
    }

    @Override
    public void run() {
        started = true;
        try {
            train();
        } finally {
            finished.countDown();
        }
    }

    private void train() {
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, topics.all());
        try (ModelPublisher publisher = ModelPublisher.claim(clients, store, topics.modelUpdates(), topics.prefix(), config.modelName(),
                ModelSigner.of(settings.get(ModelSigner.SETTING)))) {
            // read after the claim: no earlier trainer can publish a version this one does not see
            final ModelHistory history = ModelHistory.read(clients, topics.modelUpdates(), config.modelName());
            curves.restore(history.versions());
            try (ModelLineage lineage = ModelLineage.resume(history, store, config.modelName());
                 KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer(config.groupId()),
                         new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                if (!running) {
                    return;
                }
                publisher.removeUnannounced(lineage.nextVersion());
                final WindowReader reader = new WindowReader(c, topics.images(), config, new LabelledImageReader(config, ClaimCheckPolicy.from(settings)), holdout);
                reader.seek(history.trainedUpTo(topics.images()));
                int windows = 0;
                while (running && (config.maxWindows() == 0 || windows < config.maxWindows())) {
                    final Window window = reader.fill(lineage.nextVersion(), stopRequested);
                    if (window == null) {
                        break;
                    }
                    final Trained trained = train(lineage, window);
                    if (trained == null) {
                        break;
                    }
                    final Evaluated evaluated = evaluate(lineage, trained);
                    // the version and the window's offsets in one transaction: a crash before it repeats the window, never skips it
                    final WindowReport report = publish(lineage, window, trained, evaluated, publisher, c.groupMetadata());
                    windows++;
                    reports.add(report);
                    System.err.println("[trainer] " + report.oneLine());
                    listeners.forEach(l -> l.accept(report));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
        }
    }

    /** A window trained into the lineage's network, not yet judged or published. */
    private record Trained(long version, VocabularyUpdate.Change vocabulary, List<LabelledImage> images, Map<String, Integer> skipped,
                           List<Double> epochLosses, long startedNanos) {

        double trainLoss() {
            return epochLosses.isEmpty() ? Double.NaN : epochLosses.get(epochLosses.size() - 1);
        }
    }

    /** Updates the vocabulary and fine-tunes on the window; null when asked to stop while training (nothing is published). */
    private Trained train(final ModelLineage lineage, final Window window) {
        final long started = System.nanoTime();
        final long version = lineage.nextVersion();
        final long seed = config.seedOf(version);
        final VocabularyUpdate.Change vocabulary = vocabularyUpdate.apply(lineage, window.images(), seed);
        final Map<String, Integer> skipped = new TreeMap<>(window.skipped());
        final List<LabelledImage> trainable = VocabularyUpdate.trainable(window.images(), vocabulary.vocabulary(), skipped);
        final DoubleConsumer afterEpoch = config.mode() == OutputMode.SINGLE_LABEL
                ? epochLoss -> measureEpoch(lineage, trainable, version, epochLoss) : epochLoss -> { };
        // a lineage that published before continues from a trained network
        final boolean continuing = lineage.version() > 0;
        final List<Double> losses = tuner.fit(lineage.network(), continuing, trainable, vocabulary.vocabulary(), config.epochs(), seed,
                "window v" + version, stopRequested, afterEpoch);
        return losses == null ? null : new Trained(version, vocabulary, trainable, skipped, losses, started);
    }

    /**
     * Single-label mode's point on the epoch curves: the fused head on the holdout and on a sample of the
     * window's training images (inference mode both), beside the epoch's running training loss (mean over the heads).
     */
    private void measureEpoch(final ModelLineage lineage, final List<LabelledImage> trainable, final long version, final double epochLoss) {
        final List<LabelledImage> sample = EpochCurves.trainingSample(trainable);
        final var onTraining = classifier.fusedOnly(lineage.network(), sample, lineage.vocabulary());
        final var onHoldout = classifier.fusedOnly(lineage.network(), holdout.snapshot(), lineage.vocabulary());
        // the tuner's loss is per class (comparable with the multi-label per-tag loss); the curves show it per image
        epochCurves.add(new EpochCurves.Point(version, epochCurves.epochs() + 1, epochLoss * lineage.vocabulary().size(), onTraining.loss(), onTraining.accuracy(),
                onHoldout.loss(), onHoldout.accuracy()));
        try {
            epochCurves.write(reportDir());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not draw the epoch curves in {}: {}", reportDir(), e.toString());
        }
    }

    /** The candidate's holdout evaluation, its figures, whether it is promoted, and in single-label mode its class figures (else null). */
    private record Evaluated(TagMetrics.Evaluation holdout, VersionMetrics metrics, PromotionPolicy.Decision decision,
                             SingleLabelEvaluator.Result classes) {
    }

    /** Scores the candidate and the last promoted version on the same holdout images, and decides the promotion. */
    private Evaluated evaluate(final ModelLineage lineage, final Trained trained) {
        final List<LabelledImage> holdoutImages = holdout.snapshot();
        final TagMetrics.Evaluation candidate = evaluator.evaluate(lineage.network(), holdoutImages, trained.vocabulary().vocabulary());
        final TagMetrics.Evaluation baseline = evaluator.baseline(holdoutImages, trained.vocabulary().vocabulary(), trained.images());
        final SingleLabelEvaluator.Result classes = config.mode() == OutputMode.SINGLE_LABEL
                ? classifier.evaluate(lineage.network(), holdoutImages, trained.vocabulary().vocabulary(), trained.images()) : null;
        final VersionMetrics tagFigures = VersionMetrics.of(trained.trainLoss(), candidate, baseline, holdoutImages.size());
        final VersionMetrics metrics = classes == null ? tagFigures : tagFigures.withAccuracy(classes.fused().accuracy(), classes.majorityBaseline());
        final VersionMetrics incumbent = lineage.promotedNetwork() == null ? null : VersionMetrics.of(Double.NaN,
                evaluator.evaluate(lineage.promotedNetwork(), holdoutImages, lineage.promotedVocabulary()), baseline, holdoutImages.size());
        final PromotionPolicy.Decision decision = promotion.decide(metrics, incumbent);
        LOG.info("v{} holdout mAP by kind of tag: {}", trained.version(),
                evaluator.meanAveragePrecisionByKind(candidate, holdoutImages, trained.vocabulary().vocabulary()));
        if (!decision.promoted()) {
            LOG.warn("v{} is not promoted: {} (v{}, on the same {} holdout images); taggers keep v{}.", trained.version(), decision.reason(),
                    lineage.promotedVersion(), holdoutImages.size(), lineage.promotedVersion());
        }
        return new Evaluated(candidate, metrics, decision, classes);
    }

    /** Writes and announces the version, commits the window's offsets with it, and reports the window. */
    private WindowReport publish(final ModelLineage lineage, final Window window, final Trained trained, final Evaluated evaluated,
                                 final ModelPublisher publisher, final ConsumerGroupMetadata group) {
        final boolean promoted = evaluated.decision().promoted();
        final ModelInfo info = new ModelInfo(config.modelName(), trained.version(), lineage.parentOfNext(), config.backbone(),
                preprocessor.inputSize(), preprocessor.normalisation(), config.mode(), trained.vocabulary().vocabulary().tags(),
                evaluated.holdout().thresholds(), evaluated.metrics(), System.currentTimeMillis());
        final int skippedTotal = trained.skipped().values().stream().mapToInt(Integer::intValue).sum();
        final StoredModel stored = publisher.publish(new ModelArtifact(lineage.network(), info), lineage.counter(), window.ranges(),
                trained.images().size(), skippedTotal, evaluated.decision(), window.commitOffsets(), group);
        lineage.published(trained.version(), promoted);

        final WindowReport report = new WindowReport(trained.version(), promoted, trained.images().size(), trained.skipped(),
                trained.epochLosses(), evaluated.metrics(), trained.vocabulary().vocabulary().size(), trained.vocabulary().added(),
                trained.vocabulary().dropped(), window.ranges(), stored.uri(), (System.nanoTime() - trained.startedNanos()) / 1_000_000);
        drawCurves(report);
        if (evaluated.classes() != null) {
            writeClassReport(trained.version(), evaluated.classes());
        }
        return report;
    }

    private void writeClassReport(final long version, final SingleLabelEvaluator.Result classes) {
        final StringBuilder heads = new StringBuilder();
        classes.heads().forEach((name, e) -> heads.append(String.format(Locale.ROOT, "%s %.3f, ", SingleLabelReport.headName(name), e.accuracy())));
        try {
            final Path md = SingleLabelReport.write(reportDir(), version, classes);
            System.err.printf(Locale.ROOT, "[trainer] v%d accuracy: %smajority baseline %.3f | %s%n", version, heads,
                    classes.majorityBaseline(), md.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the single-label report of v{} in {}: {}", version, reportDir(), e.toString());
        }
    }

    private void drawCurves(final WindowReport report) {
        curves.add(report);
        try {
            curves.write(reportDir());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not draw the training curves in {}: {}", reportDir(), e.toString());
        }
    }

    /** Asks {@link #run()} to stop (an unfinished window is dropped, to be read again next time) and waits for it. */
    @Override
    public void close() {
        running = false;
        final KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (!started) {
            return;
        }
        try {
            finished.await(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
