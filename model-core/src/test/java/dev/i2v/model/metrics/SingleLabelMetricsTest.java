package dev.i2v.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SingleLabelMetricsTest {

    /** Five images of three classes; images 2 and 4 are wrong (a cat taken for a dog, a bird for a cat). */
    private static final float[][] SCORES = {
        {0.7f, 0.2f, 0.1f}, // cat, right
        {0.6f, 0.3f, 0.1f}, // cat, right
        {0.3f, 0.6f, 0.1f}, // cat, predicted dog
        {0.1f, 0.8f, 0.1f}, // dog, right
        {0.5f, 0.1f, 0.4f}, // bird, predicted cat
    };
    private static final int[] TRUTH = {0, 0, 0, 1, 2};

    @Test
    void accuracyPerClassAndTheConfusionMatrixOfAKnownCase() {
        final SingleLabelMetrics.Evaluation e = SingleLabelMetrics.evaluate(SCORES, TRUTH, 3);
        assertEquals(3.0 / 5, e.accuracy(), 1e-12);
        assertArrayEquals(new double[] {2.0 / 3, 1.0, 0.0}, e.perClassAccuracy(), 1e-12);
        assertArrayEquals(new int[] {3, 1, 1}, e.perClassImages());
        assertArrayEquals(new int[][] {{2, 1, 0}, {0, 1, 0}, {1, 0, 0}}, e.confusion());
        final double loss = -(Math.log(0.7) + Math.log(0.6) + Math.log(0.3) + Math.log(0.8) + Math.log(0.4)) / 5;
        assertEquals(loss, e.loss(), 1e-6);
    }

    @Test
    void aClassWithoutHoldoutImagesHasNoAccuracyRatherThanZero() {
        final SingleLabelMetrics.Evaluation e = SingleLabelMetrics.evaluate(new float[][] {{0.9f, 0.1f, 0f}}, new int[] {0}, 3);
        assertEquals(1.0, e.perClassAccuracy()[0]);
        assertTrue(Double.isNaN(e.perClassAccuracy()[1]) && Double.isNaN(e.perClassAccuracy()[2]));
    }

    @Test
    void theMajorityBaselineAlwaysAnswersTheMostCommonTrainingClass() {
        // class 1 is the most common in training; the holdout has two of it among five
        assertEquals(1, SingleLabelMetrics.majorityClass(new int[] {1, 1, 0, 2, 1}, 3));
        assertEquals(2.0 / 5, SingleLabelMetrics.majorityBaseline(new int[] {1, 1, 0, 2, 1}, new int[] {0, 1, 2, 1, 0}, 3), 1e-12);
        assertTrue(Double.isNaN(SingleLabelMetrics.majorityBaseline(new int[] {1}, new int[0], 3)));
    }

    @Test
    void aTieGoesToTheFirstClass() {
        assertArrayEquals(new int[] {0, 2}, SingleLabelMetrics.predicted(new float[][] {{0.5f, 0.5f}, {0.2f, 0.3f, 0.5f}}));
    }
}
