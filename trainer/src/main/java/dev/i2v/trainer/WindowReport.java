package dev.i2v.trainer;

import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.schemas.avro.OffsetRange;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one window did: the version it produced, its figures, what it skipped and why, and the
 * offsets it covered (start inclusive, end exclusive per partition).
 *
 * @param epochLosses mean training loss of each epoch over the window (the last one is {@code metrics.trainLoss()})
 */
public record WindowReport(long version, boolean promoted, int imagesTrained, Map<String, Integer> skippedByReason,
                           List<Double> epochLosses, VersionMetrics metrics, int vocabularySize, int tagsAdded, int tagsDropped,
                           List<OffsetRange> ranges, String artifactUri, long millis) {

    public int imagesSkipped() {
        return skippedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The line printed after each window. */
    public String oneLine() {
        return String.format(Locale.ROOT,
                "v%d %s | %d images trained, %d skipped%s | train loss %.4f | holdout (%d images, %d tags scored) loss %.4f, mAP %.3f"
                        + " (frequency baseline %.3f), micro-F1 %.3f, macro-F1 %.3f, micro-F1 at P=R %.3f (baseline %.3f) | %d tags (+%d -%d) | %.1f s",
                version, promoted ? "promoted" : "NOT promoted", imagesTrained, imagesSkipped(),
                skippedByReason.isEmpty() ? "" : " " + skippedByReason, metrics.trainLoss(), metrics.holdoutImages(), metrics.tagsScored(),
                metrics.holdoutLoss(), metrics.meanAveragePrecision(), metrics.baselineMeanAveragePrecision(), metrics.microF1(),
                metrics.macroF1(), metrics.microF1AtEqualPrecisionRecall(), metrics.baselineMicroF1AtEqualPrecisionRecall(), vocabularySize,
                tagsAdded, tagsDropped, millis / 1000.0) + (Double.isNaN(metrics.holdoutAccuracy()) ? ""
                : String.format(Locale.ROOT, " | single-label accuracy %.3f (majority baseline %.3f)", metrics.holdoutAccuracy(),
                        metrics.baselineAccuracy()));
    }
}
