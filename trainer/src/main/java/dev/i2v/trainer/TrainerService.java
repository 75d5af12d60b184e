package dev.i2v.trainer;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.artifact.ModelRejectedException;
import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.console.ProgressBar;
import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImageEventReader;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagCounter;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continual trainer: reads the images topic in its own consumer group, fills windows of
 * {@code trainer.window.size} labelled images (a stable slice of ids goes to the holdout instead),
 * and per window updates the vocabulary, fine-tunes, evaluates, writes the artifact, publishes
 * {@code ModelUpdated}, and only then commits the window's offsets.
 *
 * <p>Restart: training resumes at the furthest offset any published version trained (or the
 * group's commit, if further), continuing from the last version's weights and tag counts; a window
 * cut short by a crash or a stop is read again in full, so no image is trained in two versions and
 * none is skipped. One trainer runs per model name.
 */
public final class TrainerService implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    /** Every trainer setting with its default (merged over Settings.COMMON_DEFAULTS). */
    public static final Map<String, String> DEFAULTS = defaults();

    private final Settings settings;
    private final Topics topics;
    private final String modelName;
    private final Backbone backbone;
    private final OutputMode mode;
    private final ImagePreprocessor preprocessor;
    private final ImageEventReader reader;
    private final ModelSigner signer;
    private final HoldoutSplit split;
    private final HoldoutSet holdout;
    private final ModelStore store;
    private final TrainingCurves curves = new TrainingCurves();
    private final List<WindowReport> reports = new CopyOnWriteArrayList<>();
    private final List<Consumer<WindowReport>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TrainerService(final Settings given) {
        this.settings = given.withDefaults(DEFAULTS);
        this.topics = settings.topics();
        this.modelName = settings.get("model.name");
        this.backbone = Backbone.parse(settings.get("trainer.backbone"));
        this.mode = OutputMode.valueOf(settings.get("trainer.mode").toUpperCase(Locale.ROOT));
        final int inputSize = settings.has("trainer.input.size") ? settings.getInt("trainer.input.size") : backbone.defaultInputSize();
        this.preprocessor = new ImagePreprocessor(inputSize, backbone.normalisation());
        final ImageLimits limits = new ImageLimits(settings.getLong("trainer.max.image.bytes"), settings.getLong("trainer.max.image.pixels"));
        this.reader = new ImageEventReader(limits, ClaimCheckPolicy.from(settings));
        this.signer = ModelSigner.of(settings.get(ModelSigner.SETTING));
        this.split = new HoldoutSplit(settings.getInt("trainer.holdout.percent"));
        this.holdout = new HoldoutSet(settings.getInt("trainer.holdout.max"));
        this.store = new ModelStore(settings.get("model.store"), Path.of(settings.get("trainer.report.dir")).resolve("model-cache"));
        if (settings.getInt("trainer.window.size") < 1) {
            throw new IllegalArgumentException("trainer.window.size must be at least 1");
        }
    }

    private static Map<String, String> defaults() {
        final Map<String, String> d = new TreeMap<>();
        d.put("trainer.group.id", "i2v-trainer");
        d.put("trainer.window.size", "15000");
        d.put("trainer.epochs", "1");
        d.put("trainer.max.windows", "0");
        d.put("trainer.batch.size", "32");
        d.put("trainer.backbone", "tiny");
        d.put("trainer.input.size", "");
        d.put("trainer.mode", "multi_label");
        d.put("trainer.vgg16.weights", "");
        d.put("trainer.vgg16.frozen.up.to", "block4_conv1");
        d.put("trainer.hidden.units", "128");
        d.put("trainer.holdout.percent", "2");
        d.put("trainer.holdout.max", "2000");
        d.put("trainer.vocabulary.size", "5000");
        d.put("trainer.vocabulary.min.count", "1");
        d.put("trainer.promotion.tolerance", "0.02");
        d.put("trainer.report.dir", "data/trainer");
        d.put("trainer.seed", "42");
        d.put("trainer.max.image.bytes", String.valueOf(32L * 1024 * 1024));
        d.put("trainer.max.image.pixels", String.valueOf(64L * 1024 * 1024));
        d.put("model.store", "data/models");
        return Map.copyOf(d);
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

    /** Where the training curves and reports go. */
    public Path reportDir() {
        return Path.of(settings.get("trainer.report.dir"));
    }

    /** The model being trained, its vocabulary, the counts behind it and the versions so far. */
    private static final class State {
        ComputationGraph net;
        TagVocabulary vocabulary;
        TagCounter counter = new TagCounter();
        long version;
        // the last promoted version, kept to score it on the same holdout as each candidate
        ComputationGraph promotedNet;
        TagVocabulary promotedVocabulary;
        long promotedVersion;
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
        final ModelHistory history = ModelHistory.read(clients, topics.modelUpdates(), modelName);
        final State state = resume(history);
        curves.restore(history.versions());
        final int maxWindows = settings.getInt("trainer.max.windows");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer(settings.get("trainer.group.id")),
                new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, ModelUpdated> producer = new KafkaProducer<>(clients.producer("i2v-trainer"),
                     new StringSerializer(), I2vSerdes.modelUpdated().serializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            final Map<TopicPartition, Long> next = assignAndSeek(c, history);
            final Deque<ConsumerRecord<String, byte[]>> unread = new ArrayDeque<>();
            int windows = 0;
            while (running && (maxWindows == 0 || windows < maxWindows)) {
                final Window window = fill(c, next, unread, state.version + 1);
                if (window == null) {
                    break;
                }
                final WindowReport report = trainAndPublish(state, window, producer);
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
            if (state.net != null) {
                state.net.close();
            }
            if (state.promotedNet != null) {
                state.promotedNet.close();
            }
        }
    }

    /** Continues from the last published version (weights, vocabulary, tag counts), or starts fresh. */
    private State resume(final ModelHistory history) {
        final State s = new State();
        if (history.latest().isEmpty()) {
            return s;
        }
        final ModelUpdated last = history.latest().get();
        final ModelArtifact artifact = loadForResume(last);
        s.net = artifact.network();
        final ModelUpdated promoted = history.latestPromoted().orElse(null);
        if (promoted != null) {
            s.promotedVersion = promoted.getVersion();
            s.promotedVocabulary = TagVocabulary.of(promoted.getVocabulary());
            s.promotedNet = promoted.getVersion() == last.getVersion() ? s.net.clone() : loadForResume(promoted).network();
        }
        s.vocabulary = TagVocabulary.of(artifact.info().vocabulary());
        s.version = last.getVersion();
        try {
            final TagCounter saved = TagCountsSidecar.read(last.getArtifactUri());
            if (saved != null) {
                s.counter = saved;
            } else {
                LOG.warn("No tag counts next to {}; the vocabulary is re-ranked from the windows trained from now on.", last.getArtifactUri());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the tag counts of v" + last.getVersion() + " at "
                    + TagCountsSidecar.pathFor(last.getArtifactUri()) + ": " + e.getMessage(), e);
        }
        LOG.info("Resuming model {} from v{} ({} tags)", modelName, s.version, s.vocabulary.size());
        return s;
    }

    private ModelArtifact loadForResume(final ModelUpdated version) {
        try {
            return store.load(version.getArtifactUri(), version.getSha256());
        } catch (ModelRejectedException e) {
            throw new IllegalStateException("Cannot resume training of model " + modelName + " from v" + version.getVersion()
                    + ": " + e.getMessage() + " Restore that artifact, or start a new lineage with another model.name.", e);
        }
    }

    /** Assigns every partition of the images topic and seeks each to where training left off. */
    private Map<TopicPartition, Long> assignAndSeek(final KafkaConsumer<String, byte[]> c, final ModelHistory history) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final PartitionInfo p : c.partitionsFor(topics.images(), Duration.ofSeconds(60))) {
            partitions.add(new TopicPartition(topics.images(), p.partition()));
        }
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        c.assign(partitions);
        final Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions));
        final Map<Integer, Long> trained = history.trainedUpTo(topics.images());
        final Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions);
        final Map<TopicPartition, Long> next = new HashMap<>();
        for (final TopicPartition tp : partitions) {
            long from = beginning.get(tp);
            final OffsetAndMetadata commit = committed.get(tp);
            if (commit != null) {
                from = Math.max(from, commit.offset());
            }
            from = Math.max(from, trained.getOrDefault(tp.partition(), 0L));
            c.seek(tp, from);
            next.put(tp, from);
        }
        LOG.info("Trainer reads {} from {}", topics.images(), next);
        return next;
    }

    /** A filled window: its training images, what was skipped, and its offsets. */
    private record Window(List<LabelledImage> images, Map<String, Integer> skipped, Map<TopicPartition, Long> start,
                          Map<TopicPartition, Long> end) {

        Map<TopicPartition, OffsetAndMetadata> commitOffsets() {
            final Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            end.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o)));
            return out;
        }

        /** Per partition that advanced, in partition order: start inclusive, end exclusive. */
        List<OffsetRange> ranges() {
            final List<OffsetRange> out = new ArrayList<>();
            end.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.partition(), b.partition())))
                    .forEach(e -> {
                        final long s = start.get(e.getKey());
                        if (e.getValue() > s) {
                            out.add(new OffsetRange(e.getKey().topic(), e.getKey().partition(), s, e.getValue()));
                        }
                    });
            return out;
        }
    }

    /** Reads records until the window holds {@code window.size} training images; null when asked to stop first. */
    private Window fill(final KafkaConsumer<String, byte[]> c, final Map<TopicPartition, Long> next,
                        final Deque<ConsumerRecord<String, byte[]>> unread, final long version) {
        final int size = settings.getInt("trainer.window.size");
        final Map<TopicPartition, Long> start = new HashMap<>(next);
        final List<LabelledImage> images = new ArrayList<>(size);
        final Map<String, Integer> skipped = new TreeMap<>();
        final ProgressBar bar = new ProgressBar(
                "window v" + version + " filling", size, "images");
        try {
            while (images.size() < size) {
                if (!running) {
                    return null;
                }
                if (unread.isEmpty()) {
                    c.poll(Duration.ofMillis(500)).forEach(unread::add);
                    continue;
                }
                final ConsumerRecord<String, byte[]> r = unread.removeFirst();
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                final LabelledImage image = read(r, skipped);
                if (image == null) {
                    continue;
                }
                if (split.isHoldout(image.id())) {
                    holdout.add(image);
                } else {
                    images.add(image);
                    bar.step(1);
                    bar.setStatus("holdout " + holdout.size());
                }
            }
        } finally {
            bar.close();
        }
        return new Window(images, skipped, start, new HashMap<>(next));
    }

    /** Decodes one record into a compact labelled image, or counts why it cannot be used. */
    private LabelledImage read(final ConsumerRecord<String, byte[]> r, final Map<String, Integer> skipped) {
        final String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        try {
            final ImageEvent event = reader.event(r.topic(), r.value(), where);
            final List<String> tags = ImageEventReader.tagNames(event);
            if (tags.isEmpty()) {
                skipped.merge("NO_TAGS", 1, Integer::sum);
                return null;
            }
            return new LabelledImage(event.getId(), preprocessor.pixels(reader.image(event)), tags);
        } catch (ImageRejectedException e) {
            LOG.warn("Skipping {} (key {}): {}", where, r.key(), e.getMessage());
            skipped.merge(e.reason().name(), 1, Integer::sum);
            return null;
        } catch (RuntimeException | Error e) {
            // one hostile record is a counted skip, never the end of training
            LOG.warn("Skipping {} (key {}): {}", where, r.key(), e.toString());
            skipped.merge(ImageRejectedException.Reason.INTERNAL.name(), 1, Integer::sum);
            return null;
        }
    }

    private WindowReport trainAndPublish(final State state, final Window window, final KafkaProducer<String, ModelUpdated> producer) {
        final long started = System.nanoTime();
        final long version = state.version + 1;
        final long seed = settings.getLong("trainer.seed") + version;
        for (final LabelledImage image : window.images()) {
            state.counter.add(image.tags());
        }
        final TagVocabulary vocabulary = state.counter.topK(settings.getInt("trainer.vocabulary.size"),
                settings.getInt("trainer.vocabulary.min.count"));
        if (vocabulary.size() == 0) {
            throw new IllegalStateException("No tag reaches trainer.vocabulary.min.count=" + settings.get("trainer.vocabulary.min.count")
                    + " after " + state.counter.images() + " images; lower it or crawl more.");
        }
        int added = vocabulary.size();
        int dropped = 0;
        if (state.net == null) {
            state.net = NetworkFactory.build(spec(vocabulary.size(), seed));
        } else if (!vocabulary.equals(state.vocabulary)) {
            final Set<String> before = new HashSet<>(state.vocabulary.tags());
            added = (int) vocabulary.tags().stream().filter(t -> !before.contains(t)).count();
            dropped = before.size() - (vocabulary.size() - added);
            final ComputationGraph remapped = NetworkFactory.remapOutputs(state.net, state.vocabulary.tags(), vocabulary.tags(), seed);
            if (remapped != state.net) {
                state.net.close();
            }
            state.net = remapped;
        } else {
            added = 0;
        }
        state.vocabulary = vocabulary;

        final Map<String, Integer> skipped = new TreeMap<>(window.skipped());
        final List<LabelledImage> trainable = new ArrayList<>();
        for (final LabelledImage image : window.images()) {
            if (image.tags().stream().anyMatch(t -> vocabulary.indexOf(t) >= 0)) {
                trainable.add(image);
            } else {
                skipped.merge("NO_TAG_IN_VOCABULARY", 1, Integer::sum);
            }
        }
        final FineTuner tuner = new FineTuner(preprocessor, mode, settings.getInt("trainer.batch.size"));
        final List<Double> losses = tuner.fit(state.net, trainable, vocabulary, settings.getInt("trainer.epochs"), seed,
                "window v" + version, () -> !running);
        if (losses == null) {
            return null;
        }
        final List<LabelledImage> holdoutImages = holdout.snapshot();
        final TagMetrics.Evaluation eval = tuner.evaluate(state.net, holdoutImages, vocabulary);
        final double trainLoss = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
        // the candidate against the last promoted version, both scored on today's holdout
        final double promotedMap = state.promotedNet == null ? Double.NaN
                : tuner.evaluate(state.promotedNet, holdoutImages, state.promotedVocabulary).meanAveragePrecision();
        final boolean promoted = state.promotedNet == null || Double.isNaN(promotedMap)
                || eval.meanAveragePrecision() >= promotedMap - settings.getDouble("trainer.promotion.tolerance");
        if (!promoted) {
            LOG.warn("v{} is not promoted: holdout mAP {} is below v{}'s {} on the same {} images (tolerance {}); taggers keep v{}.",
                    version, String.format(Locale.ROOT, "%.3f", eval.meanAveragePrecision()), state.promotedVersion,
                    String.format(Locale.ROOT, "%.3f", promotedMap), holdoutImages.size(), settings.get("trainer.promotion.tolerance"),
                    state.promotedVersion);
        }

        final Map<String, Double> metrics = new HashMap<>();
        metrics.put("trainLoss", trainLoss);
        metrics.put("holdoutLoss", eval.loss());
        metrics.put("meanAveragePrecision", eval.meanAveragePrecision());
        metrics.put("microF1", eval.microF1());
        metrics.put("macroF1", eval.macroF1());
        final ModelInfo info = new ModelInfo(modelName, version, state.version == 0 ? null : state.version, backbone,
                preprocessor.inputSize(), preprocessor.normalisation(), mode, vocabulary.tags(), eval.thresholds(), metrics,
                System.currentTimeMillis());
        final StoredModel stored;
        try {
            stored = store.save(new ModelArtifact(state.net, info));
            TagCountsSidecar.write(stored.uri(), state.counter);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write model " + modelName + " v" + version + " to " + store.base() + ": " + e.getMessage(), e);
        }
        final List<OffsetRange> ranges = window.ranges();
        final int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        final ModelUpdated event = signer.sign(ModelUpdates.announce(info, stored, ranges, trainable.size(), skippedTotal,
                holdoutImages.size(), promoted));
        try {
            producer.send(new ProducerRecord<>(topics.modelUpdates(), modelName, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + modelName + " v" + version, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + modelName + " v" + version + " to " + topics.modelUpdates() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        state.version = version;
        if (promoted) {
            if (state.promotedNet != null) {
                state.promotedNet.close();
            }
            state.promotedNet = state.net.clone();
            state.promotedVocabulary = vocabulary;
            state.promotedVersion = version;
        }
        final WindowReport report = new WindowReport(version, promoted, trainable.size(), skipped, holdoutImages.size(), losses,
                eval.loss(), eval.meanAveragePrecision(), eval.microF1(), eval.macroF1(), vocabulary.size(), added, dropped, ranges,
                stored.uri(), (System.nanoTime() - started) / 1_000_000);
        curves.add(report);
        try {
            curves.write(reportDir());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not draw the training curves in {}: {}", reportDir(), e.toString());
        }
        return report;
    }

    private NetworkSpec spec(final int numTags, final long seed) {
        final String weights = settings.get("trainer.vgg16.weights");
        final String frozen = settings.get("trainer.vgg16.frozen.up.to");
        return new NetworkSpec(backbone, preprocessor.inputSize(), numTags, mode, settings.getInt("trainer.hidden.units"), seed,
                weights.isBlank() ? null : Path.of(weights), backbone == Backbone.VGG16 && !frozen.isBlank() ? frozen : null);
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
            finished.await(Duration.ofMinutes(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
