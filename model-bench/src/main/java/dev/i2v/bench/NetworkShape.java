package dev.i2v.bench;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;

/**
 * What a benchmarked network is, for both engines: the convolution trunk (filters per layer, a pool
 * after each block), the head sizes, and the forward FLOPs per image counted on the DL4J graph.
 *
 * @param blocks filters of each 3x3 convolution, one list per block; a 2x2 max pool ends every block
 */
record NetworkShape(String name, int inputSize, List<List<Integer>> blocks, int hiddenUnits, int numTags, double forwardFlops) {

    /** Multiply-adds of every convolution and dense layer, times two, per image. */
    static double forwardFlops(final ComputationGraphConfiguration conf, final int inputSize) {
        final Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(inputSize, inputSize, 3));
        double flops = 0;
        for (final Map.Entry<String, InputType> e : types.entrySet()) {
            if (!(conf.getVertices().get(e.getKey()) instanceof LayerVertex vertex)) {
                continue;
            }
            Layer layer = vertex.getLayerConf().getLayer();
            if (layer instanceof FrozenLayer frozen) {
                layer = frozen.getLayer();
            }
            if (layer instanceof ConvolutionLayer conv && e.getValue() instanceof InputType.InputTypeConvolutional out) {
                flops += 2.0 * conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn() * conv.getNOut() * out.getHeight() * out.getWidth();
            } else if ((layer instanceof DenseLayer || layer instanceof BaseOutputLayer) && layer instanceof FeedForwardLayer dense) {
                flops += 2.0 * dense.getNIn() * dense.getNOut();
            }
        }
        return flops;
    }
}
