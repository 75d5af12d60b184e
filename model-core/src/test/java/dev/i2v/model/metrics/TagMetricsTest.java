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
        final TagMetrics.Evaluation e = TagMetrics.evaluate(scores, truth);
        assertEquals(0.7f, e.thresholds()[0], 1e-6);
        assertEquals(0.8f, e.thresholds()[1], 1e-6);
        assertEquals(1.0, e.meanAveragePrecision(), 1e-9);
        assertEquals(1.0, e.microF1(), 1e-9);
        assertEquals(1.0, e.macroF1(), 1e-9);
        assertTrue(e.loss() > 0 && e.loss() < 1, "loss " + e.loss());
    }
}
