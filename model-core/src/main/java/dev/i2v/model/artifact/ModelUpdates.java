package dev.i2v.model.artifact;

import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one way a stored model version is announced on the model-updates topic. */
public final class ModelUpdates {

    private ModelUpdates() {
    }

    /** @param ranges the window's offsets per partition (start inclusive, end exclusive); empty for a model not trained here */
    public static ModelUpdated announce(final ModelInfo info, final StoredModel stored, final List<OffsetRange> ranges,
                                        final int imagesTrained, final int imagesSkipped, final boolean promoted) {
        final List<Float> thresholds = new ArrayList<>(info.thresholds().length);
        for (final float t : info.thresholds()) {
            thresholds.add(t);
        }
        return ModelUpdated.newBuilder()
                .setModelName(info.modelName())
                .setVersion(info.version())
                .setParentVersion(info.parentVersion())
                .setCreatedAt(Instant.ofEpochMilli(info.createdAtMillis()))
                .setArtifactUri(stored.uri())
                .setSha256(stored.sha256())
                .setSizeBytes(stored.sizeBytes())
                .setBackbone(info.backbone().name().toLowerCase(Locale.ROOT))
                .setInputSize(info.inputSize())
                .setVocabulary(info.vocabulary())
                .setThresholds(thresholds)
                .setWindow(dev.i2v.schemas.avro.TrainingWindow.newBuilder().setRanges(ranges).setImagesTrained(imagesTrained)
                        .setImagesSkipped(imagesSkipped).build())
                .setMetrics(info.metrics().toAvro())
                .setPromoted(promoted)
                .build();
    }
}
