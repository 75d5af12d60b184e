package dev.i2v.tagger;

import dev.i2v.model.image.ClaimCheckReader;
import dev.i2v.model.image.EventPixels;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tagger's one processor: buffers images in the changelogged {@value TaggerTopology#PENDING_STORE}
 * store, and tags them a batch at a time (one forward pass) when a batch is full or, on a
 * wall-clock punctuation, when the oldest image has waited {@code batch.max.wait.ms}.
 *
 * <p>Every input record leaves as exactly one tag vector or one dead letter. Both are forwarded
 * inside the stream task's transaction (exactly-once), and a record is deleted from the store in
 * the same transaction, so a crash neither loses nor repeats an image.
 */
final class BatchingTagger implements Processor<byte[], byte[], Object, Object> {

    private final TaggerConfig config;
    private final ModelSwapper models;
    private final TaggerStats stats;
    private final ImageDecoder decoder;
    private final ClaimCheckReader claimChecks;
    private final Deserializer<ImageEvent> events = I2vSerdes.imageEvent().deserializer();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Bytes, PendingImage> pending;
    private int pendingCount;
    // wall-clock time the oldest waiting image arrived (or the store was restored): drives flush-by-time
    private long oldestWaitingSinceMillis;

    BatchingTagger(final TaggerConfig config, final ModelSwapper models, final TaggerStats stats) {
        this.config = config;
        this.models = models;
        this.stats = stats;
        this.decoder = new ImageDecoder(config.limits());
        this.claimChecks = new ClaimCheckReader(config.limits());
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(TaggerTopology.PENDING_STORE);
        // images restored from the changelog after a restart still count, and wait from now
        try (KeyValueIterator<Bytes, PendingImage> it = pending.all()) {
            while (it.hasNext()) {
                it.next();
                pendingCount++;
            }
        }
        oldestWaitingSinceMillis = context.currentSystemTimeMs();
        final long interval = Math.max(10, config.maxWaitMillis() / 4);
        context.schedule(Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        stats.countReceived();
        final RecordMetadata meta = context.recordMetadata().orElseThrow();
        final PendingImage image = new PendingImage(record.key(), record.value(), meta.topic(), meta.partition(), meta.offset(),
                record.timestamp());
        try {
            decodeEvent(image);
        } catch (RuntimeException e) {
            deadLetter(image, "NOT_AN_IMAGE_EVENT", new IllegalArgumentException("record " + meta.topic() + "-" + meta.partition()
                    + "@" + meta.offset() + " is not an ImageEvent: " + e.getMessage()
                    + ". Publish images with i2v publish or the ImageEvent serde.", e));
            return;
        }
        if (pendingCount == 0) {
            oldestWaitingSinceMillis = context.currentSystemTimeMs();
        }
        pending.put(image.storeKey(), image);
        pendingCount++;
        if (pendingCount >= config.batchSize()) {
            flush(1);
        }
    }

    private void punctuate(final long nowMillis) {
        if (pendingCount > 0 && nowMillis - oldestWaitingSinceMillis >= config.maxWaitMillis()) {
            flush(config.maxBatchesPerPunctuation());
        }
    }

    /** Tags up to {@code maxBatches} batches, oldest images first; without a model, everything keeps waiting. */
    private void flush(final int maxBatches) {
        final TagPredictor predictor = models.predictorForThisThread();
        if (predictor == null) {
            return;
        }
        for (int b = 0; b < maxBatches && pendingCount > 0; b++) {
            final List<KeyValue<Bytes, PendingImage>> batch = new ArrayList<>(config.batchSize());
            try (KeyValueIterator<Bytes, PendingImage> it = pending.all()) {
                while (it.hasNext() && batch.size() < config.batchSize()) {
                    batch.add(it.next());
                }
            }
            tag(predictor, batch);
            for (final KeyValue<Bytes, PendingImage> kv : batch) {
                pending.delete(kv.key);
            }
            pendingCount -= batch.size();
        }
        oldestWaitingSinceMillis = context.currentSystemTimeMs();
    }

    private void tag(final TagPredictor predictor, final List<KeyValue<Bytes, PendingImage>> batch) {
        final List<PendingImage> images = new ArrayList<>(batch.size());
        final List<String> ids = new ArrayList<>(batch.size());
        final List<byte[]> pixels = new ArrayList<>(batch.size());
        for (final KeyValue<Bytes, PendingImage> kv : batch) {
            final PendingImage image = kv.value;
            final ImageEvent event = decodeEvent(image);
            try {
                pixels.add(EventPixels.of(event, claimChecks, decoder, predictor.preprocessor()));
                images.add(image);
                ids.add(event.getId());
            } catch (ImageRejectedException e) {
                deadLetter(image, e.reason().name(), e);
            }
        }
        if (images.isEmpty()) {
            return;
        }
        final long start = System.nanoTime();
        final TagPredictor.Predictions predictions = predictor.predict(pixels);
        final long nanos = System.nanoTime() - start;
        stats.countBatch(images.size(), nanos);
        final float perImageMillis = (float) (nanos / 1e6 / images.size());
        final TagVocabulary vocabulary = predictor.vocabulary();
        final float[] thresholds = predictor.info().thresholds();
        final long now = context.currentSystemTimeMs();
        for (int i = 0; i < images.size(); i++) {
            final TagVector vector = TagVector.newBuilder()
                    .setImageId(ids.get(i))
                    .setModelName(predictor.info().modelName())
                    .setModelVersion(predictor.info().version())
                    .setVocabularyId(vocabulary.id())
                    .setScores(boxed(predictions.scores()[i]))
                    .setTags(aboveThreshold(vocabulary, predictions.scores()[i], thresholds))
                    .setEmbedding(config.embedding() ? boxed(predictions.embeddings()[i]) : null)
                    .setTaggedAt(Instant.ofEpochMilli(now))
                    .setInferenceMillis(perImageMillis)
                    .build();
            context.forward(new Record<>(ids.get(i), vector, images.get(i).timestamp()), TaggerTopology.TAG_VECTORS_SINK);
        }
    }

    private ImageEvent decodeEvent(final PendingImage image) {
        final ImageEvent event = events.deserialize(image.topic(), image.value());
        if (event == null) {
            throw new IllegalArgumentException("the value is empty (a tombstone)");
        }
        return event;
    }

    private void deadLetter(final PendingImage image, final String reason, final Exception cause) {
        stats.countDeadLetter(reason);
        context.forward(new Record<Object, Object>(image.key(), image.value(), image.timestamp(), DeadLetterHeaders.of(image, reason, cause)),
                TaggerTopology.DEAD_LETTER_SINK);
    }

    static List<ScoredTag> aboveThreshold(final TagVocabulary vocabulary, final float[] scores, final float[] thresholds) {
        final List<ScoredTag> tags = new ArrayList<>();
        for (int t = 0; t < scores.length; t++) {
            if (scores[t] >= thresholds[t]) {
                tags.add(new ScoredTag(vocabulary.tags().get(t), scores[t]));
            }
        }
        tags.sort(Comparator.comparingDouble(ScoredTag::getScore).reversed());
        return tags;
    }

    private static List<Float> boxed(final float[] values) {
        final List<Float> out = new ArrayList<>(values.length);
        for (final float v : values) {
            out.add(v);
        }
        return out;
    }
}
