package dev.i2v.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class TwoBranchNetworkTest {

    private static final int SIDE = 8;

    private static NetworkSpec spec(final int classes, final long seed) {
        return new NetworkSpec(Backbone.RGB_HSV, SIDE, classes, OutputMode.SINGLE_LABEL, 32, seed, null, null, MultiLabelLoss.BCE);
    }

    @Test
    void hueAndSaturationOfPureAndGreyPixels() {
        // four pixels of one image, NCHW: red, green, blue, grey
        final float[] rgb = {1, 0, 0, 0.5f, 0, 1, 0, 0.5f, 0, 0, 1, 0.5f};
        final float[] hs = HueSaturationConversion.hueSaturation(rgb, 1, 4);
        assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 0}, Arrays.copyOfRange(hs, 0, 4), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 1, 0}, Arrays.copyOfRange(hs, 4, 8), 1e-6f);
    }

    @Test
    void buildsThreeSoftmaxHeadsAndSurvivesTheArtifactFormat(@TempDir final Path dir) throws Exception {
        final ComputationGraph net = NetworkFactory.build(spec(4, 1));
        assertEquals(List.of(NetworkFactory.OUTPUT, NetworkFactory.RGB_OUTPUT, NetworkFactory.HS_OUTPUT),
                net.getConfiguration().getNetworkOutputs(), "the fused head first: what the tagger and the evaluator read");
        final INDArray x = Nd4j.rand(2, 3, SIDE, SIDE);
        final var acts = net.feedForward(x, false);
        assertArrayEquals(new long[] {2, 2, SIDE, SIDE}, acts.get(TwoBranchTrunk.HS_INPUT).shape());
        for (final String head : net.getConfiguration().getNetworkOutputs()) {
            assertArrayEquals(new long[] {2, 4}, acts.get(head).shape(), head);
            assertEquals(2.0, acts.get(head).sumNumber().doubleValue(), 1e-4, head + " rows are softmax distributions");
        }
        final File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        final ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertArrayEquals(net.output(false, x)[0].toFloatMatrix(), back.output(false, x)[0].toFloatMatrix());
    }

    @Test
    void trainsAFewStepsOnRandomData() {
        final ComputationGraph net = NetworkFactory.build(spec(3, 2));
        final INDArray before = net.params().dup();
        final Random random = new Random(2);
        for (int step = 0; step < 3; step++) {
            final INDArray labels = Nd4j.zeros(8, 3);
            for (int i = 0; i < 8; i++) {
                labels.putScalar(i, random.nextInt(3), 1);
            }
            net.fit(new MultiDataSet(new INDArray[] {Nd4j.rand(8, 3, SIDE, SIDE)}, new INDArray[] {labels, labels, labels}));
            assertTrue(Double.isFinite(net.score()), "finite loss at step " + step);
        }
        assertNotEquals(before, net.params());
    }

    /** Three classes told apart by hue alone (red, green, blue at random brightness): every head learns them, the fused one beyond chance. */
    @Test
    void theFusedHeadBeatsChanceOnATinySeparableSet() {
        final ComputationGraph net = NetworkFactory.build(spec(3, 3));
        final Random random = new Random(3);
        for (int step = 0; step < 20; step++) {
            final Batch b = colouredBatch(24, random);
            net.fit(new MultiDataSet(new INDArray[] {b.images()}, new INDArray[] {b.labels(), b.labels(), b.labels()}));
        }
        final Batch test = colouredBatch(60, new Random(99));
        final INDArray[] out = net.output(false, test.images());
        final double fused = accuracy(out[0], test.labels());
        assertTrue(fused > 0.8, "fused head accuracy " + fused + " (chance 0.33)");
    }

    private record Batch(INDArray images, INDArray labels) {
    }

    private static Batch colouredBatch(final int n, final Random random) {
        final INDArray images = Nd4j.zeros(n, 3, SIDE, SIDE);
        final INDArray labels = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            final int c = random.nextInt(3);
            final double brightness = 0.4 + 0.6 * random.nextDouble();
            images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                    .assign(Nd4j.rand(SIDE, SIDE).muli(0.2).addi(brightness - 0.1));
            labels.putScalar(i, c, 1);
        }
        return new Batch(images, labels);
    }

    static double accuracy(final INDArray scores, final INDArray labels) {
        final INDArray predicted = scores.argMax(1);
        final INDArray truth = labels.argMax(1);
        return predicted.eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().doubleValue() / labels.size(0);
    }
}
