package dev.i2v.tagger;

import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.artifact.ModelUpdates;
import dev.i2v.model.testing.TestModels;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Models, model-updated events and images for the tagger's tests: real tiny networks, real synthetic pictures. */
final class TaggerFixtures {

    static final String MODEL = "i2v";
    static final int INPUT = 64;

    private TaggerFixtures() {
    }

    static ModelArtifact model(final long version) {
        return TestModels.tinyArtifact(MODEL, version, SyntheticIllustrations.vocabulary(), INPUT, 100 + version);
    }

    /** Saves a model version in the store and returns the event the trainer would publish for it. */
    static ModelUpdated publishable(final ModelStore store, final long version, final boolean promoted) throws IOException {
        final ModelArtifact artifact = model(version);
        final StoredModel stored = store.save(artifact);
        return updated(artifact, stored, promoted);
    }

    static ModelUpdated updated(final ModelArtifact artifact, final StoredModel stored, final boolean promoted) {
        return ModelUpdates.announce(artifact.info(), stored, List.of(), 0, 0, promoted);
    }

    static List<ImageEvent> images(final long seed, final int count) {
        final SyntheticIllustrations source = new SyntheticIllustrations(seed, INPUT, 0);
        final List<ImageEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(source.next());
        }
        return out;
    }

    /** A well-formed event whose image is a truncated GIF: valid on the topic, refused by the decoder as corrupt. */
    static ImageEvent corruptImage(final String id) {
        final ImageEvent good = images(99, 1).get(0);
        return ImageEvent.newBuilder(good).setId(id).setBytes(ByteBuffer.wrap("GIF89a-truncated".getBytes(StandardCharsets.US_ASCII))).build();
    }
}
