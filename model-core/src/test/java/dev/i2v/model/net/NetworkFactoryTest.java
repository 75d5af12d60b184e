package dev.i2v.model.net;

import dev.i2v.model.testing.TestModels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
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
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class NetworkFactoryTest {

    @Test
    void tinyNetworkGivesOneSigmoidPerTagAndAnEmbedding() {
        final ComputationGraph net = NetworkFactory.build(NetworkSpec.tiny(32, 5, 1));
        final var acts = net.feedForward(Nd4j.rand(2, 3, 32, 32), false);
        final INDArray out = acts.get(NetworkFactory.OUTPUT);
        assertArrayEquals(new long[] {2, 5}, out.shape());
        assertTrue(out.minNumber().doubleValue() > 0 && out.maxNumber().doubleValue() < 1, "sigmoid outputs in (0,1)");
        assertArrayEquals(new long[] {2, 128}, acts.get(NetworkFactory.EMBEDDING).shape());
    }

    @Test
    void residualNetworkHalvesTheSideFourTimesAndEndsInTheSameHead() {
        final NetworkSpec spec = new NetworkSpec(Backbone.RESNET, 32, 5, OutputMode.MULTI_LABEL, 64, 1, null, null, MultiLabelLoss.ASL);
        final ComputationGraph net = NetworkFactory.build(spec);
        final var acts = net.feedForward(Nd4j.rand(2, 3, 32, 32), false);
        assertArrayEquals(new long[] {2, 5}, acts.get(NetworkFactory.OUTPUT).shape());
        assertArrayEquals(new long[] {2, 64}, acts.get(NetworkFactory.EMBEDDING).shape());
        assertArrayEquals(new long[] {2, 192, 2, 2}, acts.get("stage4_relu").shape(), "32 px / 16, 8 x the stem width");
        final ComputationGraph back = new ComputationGraph(
                org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson()));
        back.init(net.params().dup(), false);
        final INDArray x = Nd4j.rand(2, 3, 32, 32);
        assertEquals(net.outputSingle(x), back.outputSingle(x), "the configuration, asymmetric loss included, survives its JSON");
    }

    @Test
    void remappingTheVocabularyKeepsTheWeightsOfSurvivingTags() {
        final ComputationGraph net = NetworkFactory.build(NetworkSpec.tiny(32, 3, 2));
        final INDArray oldW = net.getLayer(NetworkFactory.OUTPUT).getParam("W").dup();
        final INDArray oldB = net.getLayer(NetworkFactory.OUTPUT).getParam("b").dup();
        final ComputationGraph remapped = NetworkFactory.remapOutputs(net, List.of("a", "b", "c"), List.of("c", "new", "a", "d"), 3);
        final INDArray w = remapped.getLayer(NetworkFactory.OUTPUT).getParam("W");
        assertArrayEquals(new long[] {128, 4}, w.shape());
        assertEquals(oldW.getColumn(2), w.getColumn(0), "c keeps its weights");
        assertEquals(oldW.getColumn(0), w.getColumn(2), "a keeps its weights");
        assertFalse(oldW.getColumn(1).equals(w.getColumn(1)), "a new tag starts fresh");
        assertEquals(oldB.getDouble(0, 2), remapped.getLayer(NetworkFactory.OUTPUT).getParam("b").getDouble(0, 0), 1e-7);
        // the trunk is untouched
        assertEquals(net.getLayer("block1_conv1").getParam("W"), remapped.getLayer("block1_conv1").getParam("W"));
    }

    /** A VGG16-shaped graph (the zoo's vertex names, few filters, ImageNet-style classifier) in DL4J's zoo file format. */
    @Test
    void vgg16TransferGraphFromALocalZooFileFreezesUpToBlock4Conv1(@TempDir final Path dir) throws Exception {
        final Path zooFile = dir.resolve("vgg16_dl4j_inference.zip");
        ModelSerializer.writeModel(TestModels.miniVgg16(), zooFile.toFile(), false);

        final NetworkSpec spec = new NetworkSpec(Backbone.VGG16, 32, 6, OutputMode.MULTI_LABEL, 16, 7, zooFile, "block4_conv1", MultiLabelLoss.BCE);
        final ComputationGraph net = NetworkFactory.build(spec);

        final Set<String> frozen = Set.of("block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2", "block3_conv1",
                "block3_conv2", "block3_conv3", "block4_conv1");
        for (final Layer layer : net.getLayers()) {
            final String name = layer.conf().getLayer().getLayerName();
            if (layer.numParams() == 0) {
                continue;
            }
            assertEquals(frozen.contains(name), layer instanceof FrozenLayer, name + " frozen?");
        }
        assertFalse(net.getConfiguration().getVertices().containsKey("fc1"), "the ImageNet classifier is removed");
        // training keeps pre-activations (else every convolution's forward pass runs again in backprop), also once saved
        assertEquals(CacheMode.DEVICE, net.getConfiguration().getCacheMode());
        assertEquals(CacheMode.DEVICE, net.getLayer("block5_conv1").conf().getCacheMode());
        final ComputationGraphConfiguration reread = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(CacheMode.DEVICE, reread.getCacheMode());
        assertEquals(CacheMode.DEVICE, ((org.deeplearning4j.nn.conf.graph.LayerVertex) reread.getVertices().get("block5_conv1")).getLayerConf().getCacheMode());
        final INDArray out = net.outputSingle(Nd4j.rand(2, 3, 32, 32));
        assertArrayEquals(new long[] {2, 6}, out.shape());
        // the frozen trunk kept the zoo file's weights
        final ComputationGraph zoo = ModelSerializer.restoreComputationGraph(zooFile.toFile(), false);
        assertEquals(zoo.getLayer("block2_conv1").getParam("W"), net.getLayer("block2_conv1").getParam("W"));
    }
}
