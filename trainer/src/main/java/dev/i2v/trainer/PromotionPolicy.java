package dev.i2v.trainer;

import dev.i2v.model.metrics.TagMetrics;
import java.util.Locale;

/**
 * Whether a new version replaces the promoted one in the taggers. Both are scored on the same
 * holdout images, so a harder holdout cannot demote a good model nor an easier one promote a bad
 * one. A candidate is promoted unless its holdout mAP is more than {@code tolerance} below the
 * promoted version's; the first version, and any version when there is nothing to compare on
 * (an empty holdout), is promoted.
 */
record PromotionPolicy(double tolerance) {

    /** The decision, and in words why a candidate was held back (empty when promoted). */
    record Decision(boolean promoted, String reason) {
    }

    /** @param incumbent the promoted version's figures on the same holdout, or null when none was promoted yet */
    Decision decide(final TagMetrics.Evaluation candidate, final TagMetrics.Evaluation incumbent) {
        if (incumbent == null || Double.isNaN(incumbent.meanAveragePrecision())) {
            return new Decision(true, "");
        }
        final double bar = incumbent.meanAveragePrecision() - tolerance;
        if (candidate.meanAveragePrecision() >= bar) {
            return new Decision(true, "");
        }
        return new Decision(false, String.format(Locale.ROOT, "holdout mAP %.3f is below the promoted version's %.3f (tolerance %s)",
                candidate.meanAveragePrecision(), incumbent.meanAveragePrecision(), tolerance));
    }
}
