package dev.i2v.trainer;

import dev.i2v.model.image.ClaimCheckReader;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.schemas.AvroSerde;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one images-topic record into a compact labelled image, or counts why it cannot be used. */
final class LabelledImageReader {

    private static final Logger LOG = LoggerFactory.getLogger(LabelledImageReader.class);

    private final AvroSerde<ImageEvent> serde = I2vSerdes.imageEvent();
    private final ImageDecoder decoder;
    private final ClaimCheckReader claimChecks;
    private final ImagePreprocessor preprocessor;

    LabelledImageReader(final TrainerConfig config) {
        this.decoder = new ImageDecoder(config.limits());
        this.claimChecks = new ClaimCheckReader(config.limits());
        this.preprocessor = config.preprocessor();
    }

    /** The image, or null after adding one to {@code skipped} under the reason. */
    LabelledImage read(final ConsumerRecord<String, byte[]> r, final Map<String, Integer> skipped) {
        final ImageEvent event;
        try {
            event = serde.decode(r.topic(), r.value());
            if (event == null) {
                throw new IllegalArgumentException("empty value");
            }
        } catch (RuntimeException e) {
            LOG.warn("Skipping {}-{}@{} (key {}): not an ImageEvent: {}", r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            skipped.merge("NOT_AN_IMAGE_EVENT", 1, Integer::sum);
            return null;
        }
        final List<String> tags = new ArrayList<>();
        for (final Tag t : event.getTags()) {
            tags.add(t.getName());
        }
        if (tags.isEmpty()) {
            skipped.merge("NO_TAGS", 1, Integer::sum);
            return null;
        }
        try {
            final byte[] bytes = claimChecks.bytesOf(event);
            return new LabelledImage(event.getId(), preprocessor.pixels(decoder.decode(bytes, "image " + event.getId()).image()), tags);
        } catch (ImageRejectedException e) {
            LOG.warn("Skipping {}: {}", event.getId(), e.getMessage());
            skipped.merge(e.reason().name(), 1, Integer::sum);
            return null;
        }
    }
}
