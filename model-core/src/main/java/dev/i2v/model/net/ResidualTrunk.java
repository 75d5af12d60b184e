package dev.i2v.model.net;

import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The default CPU trunk: a small ResNet. A full-resolution 3x3 stem keeps one-pixel details (the eyes
 * of a full-body figure at 96 px are two pixels wide), then four stages, each a residual block that
 * halves the side and doubles the width (two 3x3 convolutions beside a strided 1x1 shortcut, batch
 * norm after every convolution). Batch norm and the shortcuts let it train fast from scratch, where a
 * plain stack of this depth would not.
 */
final class ResidualTrunk {

    /** The stem's output: full-resolution features ({@link StemDetail} pools them). */
    static final String STEM = "stem_bn";

    /** Widths of the four stages, as multiples of the stem width. */
    private static final int[] STAGE_MULTIPLIERS = {1, 2, 4, 8};

    /** The outputs of the stages before the last (at 1/2, 1/4 and 1/8 of the input's side). */
    static final List<String> EARLIER_STAGES = IntStream.range(1, STAGE_MULTIPLIERS.length).mapToObj(s -> stage(s) + "_relu").toList();

    private ResidualTrunk() {
    }

    /** Adds the trunk after {@code input}; returns the name of its last vertex. */
    static String add(final ComputationGraphConfiguration.GraphBuilder g, final String input, final int stemWidth) {
        g.addLayer("stem_conv", conv(3, 1, stemWidth), input);
        g.addLayer(STEM, batchNorm(Activation.RELU), "stem_conv");
        String previous = STEM;
        for (int s = 0; s < STAGE_MULTIPLIERS.length; s++) {
            previous = block(g, stage(s + 1), previous, stemWidth * STAGE_MULTIPLIERS[s]);
        }
        return previous;
    }

    private static String stage(final int number) {
        return "stage" + number;
    }

    private static String block(final ComputationGraphConfiguration.GraphBuilder g, final String name, final String from, final int width) {
        g.addLayer(name + "_conv1", conv(3, 2, width), from);
        g.addLayer(name + "_bn1", batchNorm(Activation.RELU), name + "_conv1");
        g.addLayer(name + "_conv2", conv(3, 1, width), name + "_bn1");
        g.addLayer(name + "_bn2", batchNorm(Activation.IDENTITY), name + "_conv2");
        g.addLayer(name + "_shortcut", conv(1, 2, width), from);
        g.addLayer(name + "_shortcut_bn", batchNorm(Activation.IDENTITY), name + "_shortcut");
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_bn2", name + "_shortcut_bn");
        g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_add");
        return name + "_relu";
    }

    /** No bias: the batch norm after it has one. */
    private static ConvolutionLayer conv(final int kernel, final int stride, final int width) {
        return OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(width).hasBias(false)
                .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same).build());
    }

    private static BatchNormalization batchNorm(final Activation activation) {
        return OneDnnBatchNormalization.of(new BatchNormalization.Builder().activation(activation).build());
    }
}
