package dev.i2v.model.net;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * Small details at full resolution, beside the trunk: a 1x1 layer (batch norm, ReLU) on the stem's
 * features, pooled over the picture by average (how much of it shows a colour or texture: hair, a
 * background) and by maximum (whether any pixel does: an eye). The trunk halves the side four times
 * before it pools, which blurs a two-pixel eye into its surroundings; this layer sees it as drawn.
 */
final class StemDetail {

    private StemDetail() {
    }

    /** Adds the layer on {@code stem}; returns its two pooled vertices, to be merged into the head. */
    static List<String> add(final ComputationGraphConfiguration.GraphBuilder g, final String stem, final int width) {
        // no bias: the batch norm after it has one
        g.addLayer("detail_conv", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(1, 1).nOut(width).hasBias(false)
                .activation(Activation.IDENTITY).build()), stem);
        g.addLayer("detail_bn", OneDnnBatchNormalization.of(new BatchNormalization.Builder().activation(Activation.RELU).build()), "detail_conv");
        return NetworkFactory.poolBothWays(g, "detail_bn", "detail");
    }
}
