package dev.i2v.model.artifact;

import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.OutputMode;
import java.util.List;

/**
 * Everything about a model version except its weights: what it predicts, how its inputs are
 * prepared, how good it was on the holdout, and where it came from.
 *
 * @param thresholds per-tag decision thresholds, vocabulary order (tuned on the holdout to maximise F1)
 * @param metrics    the training and holdout figures
 */
public record ModelInfo(String modelName, long version, Long parentVersion, Backbone backbone, int inputSize,
                        ImagePreprocessor.Normalisation normalisation, OutputMode mode, List<String> vocabulary,
                        float[] thresholds, VersionMetrics metrics, long createdAtMillis) {

    public ModelInfo {
        vocabulary = List.copyOf(vocabulary);
        metrics = metrics == null ? VersionMetrics.UNMEASURED : metrics;
        if (thresholds == null || thresholds.length != vocabulary.size()) {
            throw new IllegalArgumentException("model " + modelName + " v" + version + ": " + (thresholds == null ? 0 : thresholds.length)
                    + " thresholds for " + vocabulary.size() + " tags; there must be one per tag");
        }
    }

    public ImagePreprocessor preprocessor() {
        return new ImagePreprocessor(inputSize, normalisation);
    }
}
