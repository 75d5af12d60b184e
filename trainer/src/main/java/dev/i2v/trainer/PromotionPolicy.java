package dev.i2v.trainer;

import dev.i2v.model.metrics.VersionMetrics;
import java.util.Locale;

/**
 * Whether a new version replaces the promoted one in the taggers. Both are scored on the same
 * holdout images, so a harder holdout cannot demote a good model nor an easier one promote a bad
 * one. A candidate is promoted unless its holdout mAP is more than {@code tolerance} below the
 * promoted version's; the first version, and any version when there is nothing to compare on
 * (an empty holdout), is promoted.
 */
record PromotionPolicy(double tolerance) {

    /** The decision, and in words why (shown by {@code i2v models} and carried in the model-updated event). */
    record Decision(boolean promoted, String reason) {
    }

    /** @param incumbent the promoted version's figures on the same holdout, or null when none was promoted yet */
    Decision decide(final VersionMetrics candidate, final VersionMetrics incumbent) {
        if (incumbent == null) {
            return new Decision(true, "the first version");
        }
        if (Double.isNaN(incumbent.meanAveragePrecision())) {
            return new Decision(true, "nothing to compare on: the promoted version has no holdout mAP on these images");
        }
        final double bar = incumbent.meanAveragePrecision() - tolerance;
        final String figures = String.format(Locale.ROOT, "holdout mAP %.3f vs the promoted version's %.3f on the same %d images%s",
                candidate.meanAveragePrecision(), incumbent.meanAveragePrecision(), candidate.holdoutImages(),
                tolerance == 0 ? "" : " (tolerance " + tolerance + ")");
        if (candidate.meanAveragePrecision() >= bar) {
            return new Decision(true, "at least as good: " + figures);
        }
        return new Decision(false, "worse: " + figures);
    }
}
