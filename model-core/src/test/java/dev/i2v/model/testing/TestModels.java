package dev.i2v.model.testing;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small real models and pictures for tests in every module (shared through model-core's test-jar). */
public final class TestModels {

    private TestModels() {
    }

    /** An untrained tiny-backbone model over {@code vocabulary}, thresholds 0.5. */
    public static ModelArtifact tinyArtifact(final String modelName, final long version, final List<String> vocabulary,
                                             final int inputSize, final long seed) {
        final float[] thresholds = new float[vocabulary.size()];
        Arrays.fill(thresholds, 0.5f);
        final ModelInfo info = new ModelInfo(modelName, version, version > 1 ? version - 1 : null, Backbone.TINY, inputSize,
                Backbone.TINY.normalisation(), OutputMode.MULTI_LABEL, vocabulary, thresholds, VersionMetrics.UNMEASURED,
                System.currentTimeMillis());
        return new ModelArtifact(NetworkFactory.build(NetworkSpec.tiny(inputSize, vocabulary.size(), seed)), info);
    }

    /** A picture of one filled square of the given colour on white, at a spot that varies with {@code seed}. */
    public static BufferedImage square(final Color color, final int size, final long seed) {
        final BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(color);
        final int side = size / 3;
        final int x = (int) Math.floorMod(seed * 7, size - side);
        final int y = (int) Math.floorMod(seed * 13, size - side);
        g.fillRect(x, y, side, side);
        g.dispose();
        return img;
    }

    /**
     * A VGG16-shaped graph at 32 px: the zoo's vertex names ({@code input_1}, {@code block1_conv1 .. block5_pool}), few
     * filters, an ImageNet-style classifier; what {@code NetworkFactory.vgg16Transfer} takes in place of the zoo file.
     */
    public static ComputationGraph miniVgg16() {
        final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(5).activation(Activation.RELU)
                .graphBuilder().addInputs("input_1").setInputTypes(InputType.convolutional(32, 32, 3));
        final int[] convs = {2, 2, 3, 3, 3};
        String prev = "input_1";
        for (int b = 1; b <= 5; b++) {
            for (int c = 1; c <= convs[b - 1]; c++) {
                final String name = "block" + b + "_conv" + c;
                g.addLayer(name, new ConvolutionLayer.Builder(3, 3).nOut(4 * b).convolutionMode(ConvolutionMode.Same).build(), prev);
                prev = name;
            }
            g.addLayer("block" + b + "_pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), prev);
            prev = "block" + b + "_pool";
        }
        g.addLayer("fc1", new DenseLayer.Builder().nOut(8).build(), new CnnToFeedForwardPreProcessor(1, 1, 20), prev);
        g.addLayer("fc2", new DenseLayer.Builder().nOut(8).build(), "fc1");
        g.addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(10).build(), "fc2");
        g.setOutputs("predictions");
        final ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}
