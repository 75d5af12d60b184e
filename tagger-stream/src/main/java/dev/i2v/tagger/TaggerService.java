package dev.i2v.tagger;

import dev.i2v.model.artifact.ModelSigner;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tagger instance: the Kafka Streams application of {@link TaggerTopology} plus the thread that
 * follows model updates. Start several with the same {@code tagger.application.id} to share the
 * images topic's partitions.
 */
public final class TaggerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaggerService.class);

    /** Every tagger setting with its default (merged over Settings.COMMON_DEFAULTS). */
    public static final Map<String, String> DEFAULTS = defaults();

    private final Settings settings;
    private final Topics topics;
    private final TaggerStats stats = new TaggerStats();
    private final ModelSwapper models;
    private KafkaStreams streams;
    private ModelUpdatesFollower follower;

    public TaggerService(final Settings settings) {
        this.settings = settings.withDefaults(DEFAULTS);
        this.topics = this.settings.topics();
        this.models = new ModelSwapper(this.settings.get("model.name"),
                new ModelStore(this.settings.get("model.store"), Path.of(this.settings.get("tagger.model.cache.dir"))),
                ModelSigner.of(this.settings.get(ModelSigner.SETTING)));
    }

    private static Map<String, String> defaults() {
        final Map<String, String> d = new TreeMap<>();
        d.put("tagger.application.id", "i2v-tagger");
        d.put("tagger.state.dir", "data/tagger/state");
        d.put("tagger.model.cache.dir", "data/tagger/model-cache");
        d.put("tagger.batch.size", "32");
        d.put("tagger.batch.max.wait.ms", "500");
        d.put("tagger.max.batches.per.punctuation", "2");
        d.put("tagger.processing.guarantee", "exactly_once_v2");
        d.put("tagger.threads", "1");
        d.put("tagger.commit.interval.ms", "100");
        d.put("tagger.max.poll.records", "128");
        d.put("tagger.transaction.timeout.ms", "60000");
        d.put("tagger.embedding", "true");
        d.put("tagger.max.thread.failures", "3");
        d.put("tagger.max.image.bytes", String.valueOf(ImageLimits.DEFAULT.maxBytes()));
        d.put("tagger.max.image.pixels", String.valueOf(ImageLimits.DEFAULT.maxPixels()));
        d.put("model.store", "data/models");
        return Map.copyOf(d);
    }

    /** Creates the topics it uses, starts following model updates, and starts the stream threads. */
    public void start() {
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, topics.all());
        final TaggerConfig config = TaggerConfig.from(settings);
        streams = new KafkaStreams(TaggerTopology.build(topics, config, models, stats), TaggerTopology.streamsConfig(settings));
        streams.setUncaughtExceptionHandler(new StreamThreadFailures(models, settings.getInt("tagger.max.thread.failures"),
                Duration.ofMinutes(10)));
        follower = new ModelUpdatesFollower(clients, topics.modelUpdates(), models);
        follower.start();
        streams.start();
        LOG.info("Tagger {} started: {} -> {} (dead letters: {}), batch {} / {} ms, {}", settings.get("tagger.application.id"),
                topics.images(), topics.tagVectors(), topics.imagesDeadLetters(), config.batchSize(), config.maxWaitMillis(),
                settings.get("tagger.processing.guarantee"));
    }

    /** Blocks until the stream threads run (partitions assigned, state restored) or the time is up. */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams != null && streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    public TaggerStats stats() {
        return stats;
    }

    /** Records of the model-updates topic skipped because they are not model-updated events. */
    public long modelUpdatesSkipped() {
        return follower == null ? 0 : follower.skippedCount();
    }

    public ModelSwapper models() {
        return models;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
        if (follower != null) {
            follower.close();
        }
        models.close();
    }
}
