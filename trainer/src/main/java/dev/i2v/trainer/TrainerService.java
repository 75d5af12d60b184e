package dev.i2v.trainer;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continual trainer: reads the images topic in its own consumer group and, per window of
 * {@code trainer.window.size} labelled images, fills, trains, evaluates, publishes, and only then
 * commits the window's offsets.
 *
 * <p>Restart: training resumes at the furthest offset any published version trained (or the
 * group's commit, if further), continuing from the last version's weights and tag counts; a window
 * cut short by a crash or a stop is read again in full, so no image is trained in two versions and
 * none is skipped. One trainer runs per model name.
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
        this.tuner = new FineTuner(preprocessor, config.mode(), config.batchSize());
        this.evaluator = new HoldoutEvaluator(preprocessor, config.batchSize());
        this.promotion = new PromotionPolicy(config.promotionTolerance());
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
        final ModelHistory history = ModelHistory.read(clients, topics.modelUpdates(), config.modelName());
        curves.restore(history.versions());
        try (ModelLineage lineage = ModelLineage.resume(history, store, config.modelName());
             KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer(config.groupId()),
                     new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, ModelUpdated> producer = new KafkaProducer<>(clients.producer("i2v-trainer"),
                     new StringSerializer(), I2vSerdes.modelUpdated().serializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            final WindowReader reader = new WindowReader(c, topics.images(), config, new LabelledImageReader(config), holdout);
            reader.seek(history.trainedUpTo(topics.images()));
            final ModelPublisher publisher = new ModelPublisher(store, producer, topics.modelUpdates());
            int windows = 0;
            while (running && (config.maxWindows() == 0 || windows < config.maxWindows())) {
                final Window window = reader.fill(lineage.nextVersion(), stopRequested);
                if (window == null) {
                    break;
                }
                final WindowReport report = trainEvaluatePublish(lineage, window, publisher);
                if (report == null) {
                    break;
                }
                // only now is the window done: a crash before this line repeats it, never skips it
                c.commitSync(window.commitOffsets());
                windows++;
                reports.add(report);
                System.err.println("[trainer] " + report.oneLine());
                listeners.forEach(l -> l.accept(report));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
        }
    }

    /** One filled window to a published version; null when asked to stop while training (nothing is published). */
    private WindowReport trainEvaluatePublish(final ModelLineage lineage, final Window window, final ModelPublisher publisher) {
        final long started = System.nanoTime();
        final long version = lineage.nextVersion();
        final long seed = config.seedOf(version);
        final VocabularyUpdate.Change vocabulary = vocabularyUpdate.apply(lineage, window.images(), seed);
        final Map<String, Integer> skipped = new TreeMap<>(window.skipped());
        final List<LabelledImage> trainable = VocabularyUpdate.trainable(window.images(), vocabulary.vocabulary(), skipped);

        final List<Double> losses = tuner.fit(lineage.network(), trainable, vocabulary.vocabulary(), config.epochs(), seed,
                "window v" + version, stopRequested);
        if (losses == null) {
            return null;
        }

        // the candidate against the last promoted version, both scored on today's holdout
        final List<LabelledImage> holdoutImages = holdout.snapshot();
        final TagMetrics.Evaluation eval = evaluator.evaluate(lineage.network(), holdoutImages, vocabulary.vocabulary());
        final TagMetrics.Evaluation incumbent = lineage.promotedNetwork() == null ? null
                : evaluator.evaluate(lineage.promotedNetwork(), holdoutImages, lineage.promotedVocabulary());
        final PromotionPolicy.Decision decision = promotion.decide(eval, incumbent);
        if (!decision.promoted()) {
            LOG.warn("v{} is not promoted: {} (v{}, on the same {} holdout images); taggers keep v{}.", version, decision.reason(),
                    lineage.promotedVersion(), holdoutImages.size(), lineage.promotedVersion());
        }

        final double trainLoss = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
        final ModelInfo info = new ModelInfo(config.modelName(), version, lineage.parentOfNext(), config.backbone(),
                preprocessor.inputSize(), preprocessor.normalisation(), config.mode(), vocabulary.vocabulary().tags(), eval.thresholds(),
                metrics(trainLoss, eval), System.currentTimeMillis());
        final int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        final StoredModel stored = publisher.publish(new ModelArtifact(lineage.network(), info), lineage.counter(), window.ranges(),
                trainable.size(), skippedTotal, holdoutImages.size(), decision.promoted());
        lineage.published(version, decision.promoted());

        final WindowReport report = new WindowReport(version, decision.promoted(), trainable.size(), skipped, holdoutImages.size(),
                losses, eval.loss(), eval.meanAveragePrecision(), eval.microF1(), eval.macroF1(), vocabulary.vocabulary().size(),
                vocabulary.added(), vocabulary.dropped(), window.ranges(), stored.uri(), (System.nanoTime() - started) / 1_000_000);
        drawCurves(report);
        return report;
    }

    private static Map<String, Double> metrics(final double trainLoss, final TagMetrics.Evaluation eval) {
        final Map<String, Double> metrics = new HashMap<>();
        metrics.put("trainLoss", trainLoss);
        metrics.put("holdoutLoss", eval.loss());
        metrics.put("meanAveragePrecision", eval.meanAveragePrecision());
        metrics.put("microF1", eval.microF1());
        metrics.put("macroF1", eval.macroF1());
        return metrics;
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
