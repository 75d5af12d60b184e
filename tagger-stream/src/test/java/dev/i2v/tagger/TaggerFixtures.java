package dev.i2v.tagger;

import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.artifact.StoredModel;
import dev.i2v.model.testing.TestModels;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelMetrics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TrainingWindow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        final List<Float> thresholds = new ArrayList<>();
        for (final float t : artifact.info().thresholds()) {
            thresholds.add(t);
        }
        return ModelUpdated.newBuilder()
                .setModelName(artifact.info().modelName())
                .setVersion(artifact.info().version())
                .setParentVersion(artifact.info().parentVersion())
                .setCreatedAt(Instant.now())
                .setArtifactUri(stored.uri())
                .setSha256(stored.sha256())
                .setSizeBytes(stored.sizeBytes())
                .setBackbone("tiny")
                .setInputSize(artifact.info().inputSize())
                .setVocabulary(artifact.info().vocabulary())
                .setThresholds(thresholds)
                .setWindow(TrainingWindow.newBuilder().setRanges(List.of()).setImagesTrained(0).setImagesSkipped(0).build())
                .setMetrics(ModelMetrics.newBuilder().setTrainLoss(0).setHoldoutLoss(0).setMeanAveragePrecision(0)
                        .setMicroF1(0).setMacroF1(0).setHoldoutImages(0).build())
                .setPromoted(promoted)
                .build();
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
