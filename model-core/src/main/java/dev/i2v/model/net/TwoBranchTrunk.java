package dev.i2v.model.net;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The RGB+HSV trunk: one small conv+pool branch on the RGB pixels, one on their hue and saturation
 * ({@link HueSaturationVertex}), each with its own prediction head ({@link NetworkFactory#RGB_OUTPUT},
 * {@link NetworkFactory#HS_OUTPUT}), and a fusion of their feature maps: added after the second block
 * (early) and run through one more convolution, then concatenated with both branches' last maps (late).
 * The three heads train together on the sum of their losses (the seeds trained the branch heads
 * first; one joint phase is simpler and the branch heads still say what each input alone is worth).
 */
final class TwoBranchTrunk {

    /** Filters of the three conv+pool blocks of each branch. */
    private static final int[] FILTERS = {16, 32, 64};
    static final String HS_INPUT = "hs_input";

    private TwoBranchTrunk() {
    }

    /** Adds both branches, their heads and the fusion after {@code input}; returns the fused feature maps' vertex. */
    static String add(final ComputationGraphConfiguration.GraphBuilder g, final String input, final NetworkSpec spec) {
        g.addVertex(HS_INPUT, new HueSaturationVertex(), input);
        final String[] rgb = branch(g, "rgb", input);
        final String[] hs = branch(g, "hs", HS_INPUT);
        branchHead(g, NetworkFactory.RGB_OUTPUT, rgb[FILTERS.length - 1], spec);
        branchHead(g, NetworkFactory.HS_OUTPUT, hs[FILTERS.length - 1], spec);
        g.addVertex("fuse_early_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), rgb[1], hs[1]);
        g.addLayer("fuse_conv", conv(FILTERS[2]), "fuse_early_add");
        g.addLayer("fuse_pool", pool(), "fuse_conv");
        g.addVertex("fuse_late_concat", new MergeVertex(), rgb[FILTERS.length - 1], hs[FILTERS.length - 1], "fuse_pool");
        return "fuse_late_concat";
    }

    /** Conv+pool blocks named {@code <name>_block<i>_*}; returns each block's last vertex. */
    private static String[] branch(final ComputationGraphConfiguration.GraphBuilder g, final String name, final String from) {
        final String[] blocks = new String[FILTERS.length];
        String previous = from;
        for (int b = 0; b < FILTERS.length; b++) {
            final String prefix = name + "_block" + (b + 1);
            g.addLayer(prefix + "_conv", conv(FILTERS[b]), previous);
            g.addLayer(prefix + "_pool", pool(), prefix + "_conv");
            previous = prefix + "_pool";
            blocks[b] = previous;
        }
        return blocks;
    }

    private static void branchHead(final ComputationGraphConfiguration.GraphBuilder g, final String output, final String from,
                                   final NetworkSpec spec) {
        g.addLayer(output + "_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), from);
        g.addLayer(output, NetworkFactory.outputLayer(spec).build(), output + "_pool");
    }

    private static ConvolutionLayer conv(final int filters) {
        return OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build());
    }

    private static SubsamplingLayer pool() {
        return OneDnnSubsamplingLayer.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
    }
}
