package dev.i2v.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** An embedding width of 2 (the cake map's bottleneck): its two coordinates alone must separate clearly different classes. */
class BottleneckTest {

    private static final int SIDE = 8;

    @Test
    void twoUnitsSeparateADarkClassFromABrightOne() {
        final NetworkSpec spec = new NetworkSpec(Backbone.TINY, SIDE, 2, OutputMode.SINGLE_LABEL, 2, 5, null, null, MultiLabelLoss.BCE);
        final ComputationGraph net = NetworkFactory.build(spec);
        final Random random = new Random(5);
        for (int step = 0; step < 25; step++) {
            net.fit(batch(24, random));
        }
        final DataSet test = batch(60, new Random(77));
        final INDArray xy = net.feedForward(test.getFeatures(), false).get(NetworkFactory.EMBEDDING);
        assertArrayEquals(new long[] {60, 2}, xy.shape());
        // the line halfway between the two classes' centres, across the direction joining them, splits them
        final INDArray truth = test.getLabels().getColumn(1);
        final INDArray bright = xy.getRows(rows(truth, 1)).mean(0);
        final INDArray dark = xy.getRows(rows(truth, 0)).mean(0);
        final INDArray direction = bright.sub(dark);
        final double middle = bright.add(dark).muli(0.5).mul(direction).sumNumber().doubleValue();
        int right = 0;
        for (int i = 0; i < 60; i++) {
            final boolean onBrightSide = xy.getRow(i).mul(direction).sumNumber().doubleValue() > middle;
            right += onBrightSide == (truth.getDouble(i) == 1) ? 1 : 0;
        }
        assertTrue(direction.norm2Number().doubleValue() > 1e-3, "the two classes' centres differ: " + direction);
        assertTrue(right >= 57, right + " of 60 images on their class's side of the 2-D map");
    }

    private static int[] rows(final INDArray truth, final int value) {
        return java.util.stream.IntStream.range(0, (int) truth.length()).filter(i -> truth.getDouble(i) == value).toArray();
    }

    /** Dark (0.05..0.35) or bright (0.65..0.95) noisy images, half of each on average. */
    private static DataSet batch(final int n, final Random random) {
        final INDArray images = Nd4j.zeros(n, 3, SIDE, SIDE);
        final INDArray labels = Nd4j.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            final int c = random.nextInt(2);
            images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(Nd4j.rand(3, SIDE, SIDE).muli(0.3).addi(c == 1 ? 0.65 : 0.05));
            labels.putScalar(i, c, 1);
        }
        return new DataSet(images, labels);
    }
}
