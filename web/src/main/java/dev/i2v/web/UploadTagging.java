package dev.i2v.web;

import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.ImageNormaliser;
import dev.i2v.crawler.ImagePublisher;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.schemas.avro.ImageEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One upload through the real path: the bytes are decoded under limits (nothing undecodable is
 * published), published to the images topic as {@code user:<sha256>} like {@code i2v publish} does,
 * tagged by the running tagger, and the answer is read back from the tag-vectors topic.
 */
final class UploadTagging {

    private final ServeConfig config;
    private final ImageNormaliser normaliser;
    private final ImagePublisher publisher;
    private final ClusterProbe probe;
    private final ModelVersions versions;
    private final AnswerWaiters waiters;
    private final Semaphore waitingSlots;

    UploadTagging(final ServeConfig config, final ImagePublisher publisher, final ClusterProbe probe, final ModelVersions versions,
                  final AnswerWaiters waiters) {
        this.config = config;
        // uploads are capped below the inline limit, so no claim-check copy is ever written
        this.normaliser = new ImageNormaliser(new ImageDecoder(new ImageLimits(config.maxUploadBytes(), ImageLimits.DEFAULT.maxPixels())),
                0, config.maxUploadBytes(), Path.of("unused-claim-checks"));
        this.publisher = publisher;
        this.probe = probe;
        this.versions = versions;
        this.waiters = waiters;
        this.waitingSlots = new Semaphore(config.maxWaiting());
    }

    IndexedVector tag(final byte[] upload) {
        final ImageEvent event = checkedEvent(upload);
        checkATaggerCanAnswer();
        if (!waitingSlots.tryAcquire()) {
            throw new HttpFailure(503, config.maxWaiting() + " uploads are already waiting for their tags; try again in a few seconds.");
        }
        try {
            final CompletableFuture<IndexedVector> answer = waiters.expect(event.getId());
            try {
                publisher.publish(event).get(config.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return answer.get(config.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new HttpFailure(504, "No tag vector for " + event.getId() + " within " + config.answerTimeout().toMillis()
                        + " ms: the tagger is busy or stopped. It was published; ask GET /api/tag-vectors/" + event.getId() + " later.");
            } catch (ExecutionException e) {
                throw new HttpFailure(503, "The images topic refused the upload: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpFailure(503, "The server is stopping.");
            } finally {
                waiters.forget(event.getId(), answer);
            }
        } finally {
            waitingSlots.release();
        }
    }

    /** Decodes before anything is published: what the tagger would dead-letter is refused here, with the reason. */
    private ImageEvent checkedEvent(final byte[] upload) {
        try {
            return normaliser.normalise(new CrawlItem(null, "user", null, List.of(), null, null, "upload", () -> upload), upload);
        } catch (ImageRejectedException e) {
            final int status = switch (e.reason()) {
                case NOT_AN_IMAGE -> 415;
                case TOO_LARGE_BYTES, TOO_MANY_PIXELS -> 413;
                default -> 400;
            };
            throw new HttpFailure(status, e.getMessage());
        }
    }

    private void checkATaggerCanAnswer() {
        final ClusterProbe.Taggers taggers = probe.taggers();
        if (taggers.problem() != null) {
            throw new HttpFailure(503, "Cannot tell whether a tagger runs: " + taggers.problem() + ". Is Kafka up?");
        }
        if (taggers.members() == 0) {
            throw new HttpFailure(503, "No tagger is running (consumer group " + probe.taggerGroup() + " has no members): start"
                    + " 'i2v tag', then upload again.");
        }
        if (versions.newestPromoted().isEmpty()) {
            throw new HttpFailure(503, "No promoted model version yet: the tagger has nothing to tag with. Train one ('i2v train')"
                    + " and upload again.");
        }
    }
}
