package dev.i2v.trainer;

import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImageEventReader;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.schemas.avro.ImageEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one images-topic record into a compact labelled image, or counts why it cannot be used. */
final class LabelledImageReader {

    private static final Logger LOG = LoggerFactory.getLogger(LabelledImageReader.class);

    private final ImageEventReader reader;
    private final ImagePreprocessor preprocessor;
    private final Set<String> tagKinds;

    LabelledImageReader(final TrainerConfig config, final ClaimCheckPolicy claimChecks) {
        this.reader = new ImageEventReader(config.limits(), claimChecks);
        this.preprocessor = config.preprocessor();
        this.tagKinds = config.tagKinds();
    }

    /** The event's picture as the network's input with the tags the trainer learns, or null when it has none of those. */
    LabelledImage labelled(final ImageEvent event) throws ImageRejectedException {
        final List<String> tags = TagLabels.of(event, tagKinds);
        if (event.getTags().isEmpty() || tags.isEmpty()) {
            return null;
        }
        return new LabelledImage(event.getId(), preprocessor.pixels(reader.image(event)), tags);
    }

    /** The image, or null after adding one to {@code skipped} under the reason. */
    LabelledImage read(final ConsumerRecord<String, byte[]> r, final Map<String, Integer> skipped) {
        final String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        try {
            final LabelledImage image = labelled(reader.event(r.topic(), r.value(), where));
            if (image == null) {
                skipped.merge("NO_TAGS", 1, Integer::sum);
            }
            return image;
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
}
