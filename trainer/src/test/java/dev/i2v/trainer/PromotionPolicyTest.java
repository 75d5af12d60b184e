package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.metrics.VersionMetrics;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {

    private static final PromotionPolicy POLICY = new PromotionPolicy(0.02);

    private static VersionMetrics map(final double meanAveragePrecision) {
        return new VersionMetrics(0.3, 0.3, meanAveragePrecision, 0.5, 0.5, 40, 12, 0.5, 0.5, 0.1, 0.2, Double.NaN, Double.NaN);
    }

    @Test
    void theFirstVersionIsPromoted() {
        assertTrue(POLICY.decide(map(0.1), null).promoted());
        assertTrue(POLICY.decide(map(Double.NaN), null).promoted(), "even with no holdout to judge it on");
    }

    @Test
    void aCandidateWithinTheToleranceBelowThePromotedVersionIsPromoted() {
        assertTrue(POLICY.decide(map(0.70), map(0.60)).promoted(), "better");
        assertTrue(POLICY.decide(map(0.60), map(0.60)).promoted(), "as good");
        assertTrue(POLICY.decide(map(0.585), map(0.60)).promoted(), "0.015 worse, inside 0.02");
    }

    @Test
    void aCandidateClearlyWorseIsHeldBackAndTheReasonNamesBothFigures() {
        final PromotionPolicy.Decision d = POLICY.decide(map(0.55), map(0.60));
        assertFalse(d.promoted());
        assertEquals("worse: holdout mAP 0.550 vs the promoted version's 0.600 on the same 40 images (tolerance 0.02)", d.reason());
        assertEquals("at least as good: holdout mAP 0.700 vs the promoted version's 0.600 on the same 40 images (tolerance 0.02)",
                POLICY.decide(map(0.70), map(0.60)).reason());
        assertEquals("the first version", POLICY.decide(map(0.70), null).reason());
    }

    @Test
    void nothingToCompareOnPromotesButACandidateWithoutAFigureAgainstOneWithIsHeldBack() {
        assertTrue(POLICY.decide(map(0.4), map(Double.NaN)).promoted(), "an empty holdout cannot judge");
        assertFalse(POLICY.decide(map(Double.NaN), map(0.6)).promoted());
    }

    @Test
    void zeroToleranceMeansAtLeastAsGood() {
        final PromotionPolicy strict = new PromotionPolicy(0);
        assertTrue(strict.decide(map(0.6), map(0.6)).promoted());
        assertFalse(strict.decide(map(0.5999), map(0.6)).promoted());
    }
}
