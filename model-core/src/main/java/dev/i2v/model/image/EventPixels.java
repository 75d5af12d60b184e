package dev.i2v.model.image;

import dev.i2v.schemas.avro.ImageEvent;

/** The one path from an image event to a model's input pixels, taken by the trainer, the tagger and the tagger bench. */
public final class EventPixels {

    private EventPixels() {
    }

    /** The event's bytes (inline or its claim check), decoded within the decoder's limits, as 8-bit CHW pixels at the model's input size. */
    public static byte[] of(final ImageEvent event, final ClaimCheckReader claimChecks, final ImageDecoder decoder,
                            final ImagePreprocessor preprocessor) throws ImageRejectedException {
        return preprocessor.pixels(decoder.decode(claimChecks.bytesOf(event), "image " + event.getId()).image());
    }
}
