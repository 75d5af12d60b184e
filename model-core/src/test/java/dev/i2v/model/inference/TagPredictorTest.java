package dev.i2v.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.model.testing.TestModels;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The real path: preprocess, train the tiny network a little, predict; the network must have learned. */
class TagPredictorTest {

    private static final List<String> TAGS = List.of("red", "blue");

    @Test
    void aTinyNetworkLearnsColouredSquaresAndPredictsInBatches() {
        final ModelArtifact artifact = TestModels.tinyArtifact("test", 1, TAGS, 32, 11);
        final ImagePreprocessor pre = artifact.info().preprocessor();
        final Random rnd = new Random(3);
        final List<byte[]> train = new ArrayList<>();
        final List<float[]> labels = new ArrayList<>();
        for (int i = 0; i < 192; i++) {
            final boolean red = rnd.nextBoolean();
            train.add(pre.pixels(TestModels.square(red ? Color.RED : Color.BLUE, 48, i)));
            labels.add(new float[] {red ? 1 : 0, red ? 0 : 1});
        }
        for (int epoch = 0; epoch < 6; epoch++) {
            for (int b = 0; b < train.size(); b += 32) {
                artifact.network().fit(new DataSet(pre.batch(train.subList(b, b + 32)),
                        Nd4j.create(labels.subList(b, b + 32).toArray(new float[0][]))));
            }
        }
        try (TagPredictor predictor = new TagPredictor(artifact); TagPredictor copy = predictor.copy()) {
            final List<byte[]> test = new ArrayList<>();
            final boolean[][] truth = new boolean[40][];
            for (int i = 0; i < 40; i++) {
                final boolean red = i % 2 == 0;
                test.add(pre.pixels(TestModels.square(red ? Color.RED : Color.BLUE, 48, 1000 + i)));
                truth[i] = new boolean[] {red, !red};
            }
            final TagPredictor.Predictions p = predictor.predict(test);
            assertEquals(40, p.scores().length);
            assertEquals(2, p.scores()[0].length);
            assertEquals(128, p.embeddings()[0].length);
            final TagMetrics.Evaluation e = TagMetrics.evaluate(p.scores(), truth, 1);
            assertTrue(e.meanAveragePrecision() > 0.95, "mAP after training " + e.meanAveragePrecision());
            assertArrayEquals(p.scores()[3], copy.predict(test.subList(3, 4)).scores()[0], 1e-5f, "a copy predicts the same");
        }
    }
}
