package dev.i2v.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.MultiLabelLoss;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.testing.TestModels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The oneDNN trunk gives the network's own outputs: every backbone the factory builds, with batch norm statistics
 * far from their initial values (so folding them into the convolutions is checked), at several batch sizes.
 */
class OneDnnTrunkTest {

    private static final List<String> RETURNED = List.of(NetworkFactory.OUTPUT, NetworkFactory.EMBEDDING);

    @Test
    void theTinyNetworkGivesDl4jsOutputs() {
        assertSameOutputs(NetworkFactory.build(NetworkSpec.tiny(32, 6, 3)), 32, 8); // four convolutions, four poolings
    }

    @Test
    void theResidualNetworkGivesDl4jsOutputsWithItsBatchNormsFolded() {
        final ComputationGraph net = NetworkFactory.build(new NetworkSpec(Backbone.RESNET, 32, 6, OutputMode.MULTI_LABEL, 16, 4, null, null,
                MultiLabelLoss.BCE));
        assertSameOutputs(net, 32, 18); // 17 convolutions with their norms and 4 adds with their ReLUs, less 3: ... 
    }

    @Test
    void theTwoBranchNetworkRunsItsRgbBranchOnOneDnn() {
        final ComputationGraph net = NetworkFactory.build(new NetworkSpec(Backbone.RGB_HSV, 32, 6, OutputMode.MULTI_LABEL, 16, 5, null, null,
                MultiLabelLoss.BCE));
        assertSameOutputs(net, 32, 6);
    }

    @Test
    void aVgg16ShapedTransferNetworkWithFrozenLayersGivesDl4jsOutputs() {
        final ComputationGraph net = NetworkFactory.vgg16Transfer(TestModels.miniVgg16(),
                new NetworkSpec(Backbone.VGG16, 32, 6, OutputMode.MULTI_LABEL, 16, 7, null, "block3_conv1", MultiLabelLoss.BCE));
        assertSameOutputs(net, 32, 18); // 13 convolutions, 5 poolings
    }

    @Test
    void aNetworkWithoutConvolutionsHasNoTrunk() {
        final ComputationGraph dense = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(4))
                .addLayer("hidden", new DenseLayer.Builder().nOut(3).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).nOut(2).build(), "hidden")
                .setOutputs("out").build());
        dense.init();
        assertEquals(Optional.empty(), OneDnnTrunk.of(dense, 4));
    }

    /** Outputs and embeddings of the trunk path against DL4J's, batch 5, 1, 5 again and 2 (more shapes than it keeps). */
    private static void assertSameOutputs(final ComputationGraph net, final int size, final int expectedSteps) {
        perturbBatchNorms(net);
        final List<String> returned = net.getConfiguration().getVertices().containsKey(NetworkFactory.EMBEDDING) ? RETURNED
                : List.of(NetworkFactory.OUTPUT);
        assertEquals(expectedSteps, TrunkPlan.of(net).orElseThrow().steps().size(), "steps after folding");
        try (OneDnnTrunk trunk = OneDnnTrunk.of(net, size).orElseThrow()) {
            for (final int batch : new int[] {5, 1, 5, 2}) {
                final INDArray input = Nd4j.rand(DataType.FLOAT, batch, 3, size, size).muli(2).subi(0.5);
                final INDArray[] expected = net.output(returned, false, new INDArray[] {input}, null);
                final INDArray[] actual = trunk.output(returned, input);
                for (int i = 0; i < returned.size(); i++) {
                    assertArrayEquals(expected[i].shape(), actual[i].shape(), returned.get(i));
                    final double scale = Math.max(1, expected[i].amaxNumber().doubleValue());
                    final double diff = expected[i].sub(actual[i]).amaxNumber().doubleValue();
                    assertTrue(diff <= 1e-4 * scale, returned.get(i) + " at batch " + batch + ": differs by " + diff + " (scale " + scale + ")");
                }
            }
        }
    }

    /** Running statistics, scales and shifts away from 0 and 1 (means and shifts within 0.25, scales and deviations within 0.8-1.25), as training leaves them. */
    private static void perturbBatchNorms(final ComputationGraph net) {
        Nd4j.getRandom().setSeed(9);
        for (final Layer layer : net.getLayers()) {
            for (final Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                final INDArray noise = Nd4j.rand(p.getValue().dataType(), p.getValue().shape());
                switch (p.getKey()) {
                    case BatchNormalizationParamInitializer.GLOBAL_MEAN, BatchNormalizationParamInitializer.BETA -> p.getValue().assign(noise.subi(0.5).muli(0.5));
                    case BatchNormalizationParamInitializer.GAMMA -> p.getValue().assign(noise.muli(0.4).addi(0.8));
                    case BatchNormalizationParamInitializer.GLOBAL_VAR -> p.getValue().assign(noise.addi(0.5));
                    case BatchNormalizationParamInitializer.GLOBAL_LOG_STD -> p.getValue().assign(noise.subi(0.5).muli(0.2));
                    default -> { }
                }
            }
        }
    }
}
