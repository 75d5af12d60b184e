package dev.i2v.tagger;

import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.schemas.Settings;

/**
 * The tagger's batching and output settings, read once from {@link Settings}.
 *
 * @param batchSize                  images per forward pass; a full batch is flushed at once
 * @param maxWaitMillis              wall-clock time an image may wait for its batch to fill
 * @param maxBatchesPerPunctuation   caps the work of one punctuation, so it stays well inside the
 *                                   transaction and poll time-outs even after a long backlog
 * @param embedding                  whether tag vectors carry the penultimate-layer embedding
 * @param limits                     byte and pixel limits for decoding and claim-check fetches
 * @param claimChecks                where claim checks may be read from
 */
public record TaggerConfig(int batchSize, long maxWaitMillis, int maxBatchesPerPunctuation, boolean embedding, ImageLimits limits,
                           ClaimCheckPolicy claimChecks) {

    public TaggerConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("tagger.batch.size must be at least 1, not " + batchSize);
        }
        if (maxWaitMillis < 1) {
            throw new IllegalArgumentException("tagger.batch.max.wait.ms must be at least 1, not " + maxWaitMillis);
        }
    }

    public static TaggerConfig from(final Settings s) {
        return new TaggerConfig(s.getInt("tagger.batch.size"), s.getLong("tagger.batch.max.wait.ms"),
                s.getInt("tagger.max.batches.per.punctuation"), s.getBoolean("tagger.embedding"),
                new ImageLimits(s.getLong("tagger.max.image.bytes"), s.getLong("tagger.max.image.pixels")), ClaimCheckPolicy.from(s));
    }
}
