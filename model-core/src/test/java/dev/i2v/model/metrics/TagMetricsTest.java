package dev.i2v.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TagMetricsTest {

    @Test
    void averagePrecisionOfAPerfectAndAMixedRanking() {
        assertEquals(1.0, TagMetrics.averagePrecision(new float[] {0.9f, 0.8f, 0.1f}, new boolean[] {true, true, false}), 1e-9);
        // ranking: pos, neg, pos -> (1/1 + 2/3) / 2
        assertEquals((1.0 + 2.0 / 3) / 2, TagMetrics.averagePrecision(new float[] {0.9f, 0.5f, 0.4f}, new boolean[] {true, false, true}), 1e-9);
        assertTrue(Double.isNaN(TagMetrics.averagePrecision(new float[] {0.3f}, new boolean[] {false})));
    }

    @Test
    void constantScoresGiveThePositiveRate() {
        final float[] s = {0.2f, 0.2f, 0.2f, 0.2f};
        assertEquals(0.25, TagMetrics.averagePrecision(s, new boolean[] {false, true, false, false}), 1e-9);
    }

    @Test
    void thresholdsMaximiseF1AndFeedMicroAndMacroF1() {
        final float[][] scores = {{0.9f, 0.1f}, {0.7f, 0.2f}, {0.3f, 0.8f}, {0.2f, 0.6f}};
        final boolean[][] truth = {{true, false}, {true, false}, {false, true}, {false, false}};
        final TagMetrics.Evaluation e = TagMetrics.evaluate(scores, truth, 1);
        assertEquals(0.7f, e.thresholds()[0], 1e-6);
        assertEquals(0.8f, e.thresholds()[1], 1e-6);
        assertEquals(1.0, e.meanAveragePrecision(), 1e-9);
        assertEquals(1.0, e.microF1(), 1e-9);
        assertEquals(1.0, e.macroF1(), 1e-9);
        assertTrue(e.loss() > 0 && e.loss() < 1, "loss " + e.loss());
    }

    @Test
    void precisionEqualsRecallAtTheThresholdThatPredictsAsManyPairsAsAreTrue() {
        final float[][] scores = {{0.9f, 0.4f}, {0.7f, 0.6f}, {0.3f, 0.8f}, {0.2f, 0.1f}};
        final boolean[][] truth = {{true, false}, {false, true}, {false, true}, {true, false}};
        final float t = TagMetrics.precisionEqualsRecallThreshold(scores, truth);
        assertEquals(0.6f, t, 1e-6); // 4 true pairs: the 4th highest of 8 scores
        final float[] everyTag = {t, t};
        final TagMetrics.F1 f1 = TagMetrics.f1At(scores, truth, everyTag, 1);
        // predicted: (0,0) (1,0) (1,1) (2,1): 3 right of 4 predicted, 3 of 4 found
        assertEquals(0.75, f1.micro(), 1e-9);
        assertEquals((0.5 + 1.0) / 2, f1.macro(), 1e-9); // tag 0: 1 right, 1 wrong, 1 missed
    }

    @Test
    void meanAveragePrecisionCountsOnlyTagsWithEnoughPositives() {
        final double[] ap = {0.9, 0.1, Double.NaN};
        final int[] positives = {5, 1, 0};
        assertEquals(0.9, TagMetrics.meanAveragePrecision(ap, positives, 2), 1e-9);
        assertEquals(0.5, TagMetrics.meanAveragePrecision(ap, positives, 1), 1e-9);
        assertTrue(Double.isNaN(TagMetrics.meanAveragePrecision(ap, positives, 6)));
    }

    @Test
    void theFrequencyBaselineScoresEachTagAtItsPositiveRate() {
        final boolean[][] truth = {{true, false}, {true, true}, {false, false}, {true, false}};
        final float[][] baseline = TagMetrics.frequencyBaseline(new float[] {0.7f, 0.2f}, truth.length);
        final int[] positives = TagMetrics.positives(truth);
        assertEquals(3, positives[0]);
        final float[] column0 = {baseline[0][0], baseline[1][0], baseline[2][0], baseline[3][0]};
        final boolean[] truth0 = {true, true, false, true};
        assertEquals(0.75, TagMetrics.averagePrecision(column0, truth0), 1e-9);
    }
}
