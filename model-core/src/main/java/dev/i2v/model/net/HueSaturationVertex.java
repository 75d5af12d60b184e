package dev.i2v.model.net;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph vertex that turns RGB in [0, 1] (NCHW) into two channels, the hue and the saturation of
 * HSV, both in [0, 1] (hue wraps: red is 0 and 1). In the network rather than in preprocessing, so a
 * two-branch model takes the same 3-channel input as every other one and the tagger needs no change.
 * No parameters; nothing before it learns, so it passes no gradient back.
 */
public final class HueSaturationVertex extends GraphVertex {

    @Override
    public HueSaturationVertex clone() {
        return new HueSaturationVertex();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof HueSaturationVertex;
    }

    @Override
    public int hashCode() {
        return HueSaturationVertex.class.hashCode();
    }

    @Override
    public long numParams(final boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(final ComputationGraph graph, final String name, final int idx,
                                                                      final INDArray paramsView, final boolean initializeParams,
                                                                      final DataType networkDatatype) {
        return new HueSaturationConversion(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(final int layerIndex, final InputType... vertexInputs) {
        final InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) vertexInputs[0];
        if (in.getChannels() != 3) {
            throw new IllegalArgumentException("HueSaturationVertex needs 3 RGB channels, got " + in.getChannels());
        }
        return InputType.convolutional(in.getHeight(), in.getWidth(), 2);
    }

    @Override
    public MemoryReport getMemoryReport(final InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, HueSaturationVertex.class, inputTypes[0], getOutputType(-1, inputTypes))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
