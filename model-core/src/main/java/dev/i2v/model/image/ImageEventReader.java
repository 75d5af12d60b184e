package dev.i2v.model.image;

import dev.i2v.schemas.AvroSerde;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way trainer and tagger turn a record of the images topic into a picture: parse the
 * {@link ImageEvent} (under the Avro length limits), check its tags, fetch its claim check where
 * the operator allows, decode under the {@link ImageLimits}. Whatever a record holds, the answer is
 * the picture or an {@link ImageRejectedException} with a reason: never another exception.
 */
public final class ImageEventReader {

    private final AvroSerde<ImageEvent> serde = I2vSerdes.imageEvent();
    private final ClaimCheckReader claimChecks;
    private final ImageDecoder decoder;

    public ImageEventReader(final ImageLimits limits, final ClaimCheckPolicy policy) {
        this.claimChecks = new ClaimCheckReader(limits, policy);
        this.decoder = new ImageDecoder(limits);
    }

    /**
     * Parses and checks the event (no fetch, no decode: cheap enough for the moment a record arrives).
     *
     * @param where the record's topic-partition@offset, for messages
     */
    public ImageEvent event(final String topic, final byte[] value, final String where) throws ImageRejectedException {
        final ImageEvent event;
        try {
            event = serde.decode(topic, value);
        } catch (RuntimeException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.NOT_AN_IMAGE_EVENT, "record " + where
                    + " is not an ImageEvent (" + rootCause(e) + "). Publish images with i2v publish or the ImageEvent serde.", e);
        }
        if (event == null) {
            throw new ImageRejectedException(ImageRejectedException.Reason.NOT_AN_IMAGE_EVENT,
                    "record " + where + " has no value (a tombstone); the images topic holds ImageEvents only.");
        }
        final String problem = TagNames.problemWith(tagNames(event), TagNames.MAX_TAGS_PER_IMAGE);
        if (problem != null) {
            throw new ImageRejectedException(event.getTags().size() > TagNames.MAX_TAGS_PER_IMAGE
                    ? ImageRejectedException.Reason.TOO_MANY_TAGS : ImageRejectedException.Reason.BAD_TAG,
                    "record " + where + ": " + problem + "; tags are names without spaces or invisible characters.");
        }
        return event;
    }

    /** Fetches (if it is a claim check) and decodes the event's picture, as 8-bit RGB. */
    public BufferedImage image(final ImageEvent event) throws ImageRejectedException {
        try {
            return decoder.decode(claimChecks.bytesOf(event), "image " + event.getId()).image();
        } catch (RuntimeException e) {
            throw internal("image " + event.getId(), e);
        }
    }

    /** {@link #event} then {@link #image}. */
    public BufferedImage image(final String topic, final byte[] value, final String where) throws ImageRejectedException {
        return image(event(topic, value, where));
    }

    public static List<String> tagNames(final ImageEvent event) {
        final List<String> names = new ArrayList<>(event.getTags().size());
        for (final Tag t : event.getTags()) {
            names.add(t.getName());
        }
        return names;
    }

    /** A failure that is not the record's known kind of fault: named by class only (its message may quote what it read). */
    public static ImageRejectedException internal(final String what, final Throwable e) {
        return new ImageRejectedException(ImageRejectedException.Reason.INTERNAL,
                what + ": internal error " + e.getClass().getName() + " while reading it; the record is set aside.", e);
    }

    private static String rootCause(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
