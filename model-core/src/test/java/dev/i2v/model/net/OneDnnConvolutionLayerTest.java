package dev.i2v.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The oneDNN path and DL4J's own im2col path give the same numbers: outputs within 1e-4 and gradients
 * within 1e-3, relative to the largest magnitude of the plain path's array, on random inputs.
 */
class OneDnnConvolutionLayerTest {

    private static final double OUTPUT_TOLERANCE = 1e-4;
    private static final double GRADIENT_TOLERANCE = 1e-3;

    @Test
    void theTinyNetworkAgreesWithPlainConvolutions() {
        final ComputationGraph fast = NetworkFactory.build(NetworkSpec.tiny(32, 7, 11));
        assertAgrees(fast, 6, 32);
    }

    /**
     * The layer kinds of a small residual CNN: 3x3 stride 1 and 2, 1x1, batch norm (oneDNN's too), ReLU,
     * residual add, global average pool.
     */
    @Test
    void residualBlockLayersAgreeWithPlainConvolutions() {
        final ComputationGraphConfiguration.GraphBuilder g = imageGraph(5, 24);
        // convolutions before batch norm have no bias (batch norm's shift replaces it), as in ResNets
        g.addLayer("stem", conv(3, 1, 16), "in");
        g.addLayer("stem_bn", OneDnnBatchNormalization.of(new BatchNormalization.Builder().activation(Activation.RELU).build()), "stem");
        g.addLayer("down", conv(3, 2, 32), "stem_bn");
        g.addLayer("down_bn", OneDnnBatchNormalization.of(new BatchNormalization.Builder().activation(Activation.RELU).build()), "down");
        g.addLayer("body", conv(3, 1, 32), "down_bn");
        g.addLayer("body_bn", OneDnnBatchNormalization.of(new BatchNormalization.Builder().build()), "body");
        g.addLayer("shortcut", conv(1, 2, 32), "stem_bn");
        g.addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "body_bn", "shortcut");
        g.addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add");
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).nOut(9).build(), "pool");
        g.setOutputs("out");
        final ComputationGraph fast = new ComputationGraph(g.build());
        fast.init();
        assertAgrees(fast, 5, 24);
    }

    /**
     * Convolutions reading the image take their own backward pass ({@link ImageLayerBackprop}): here with "same"
     * padding and with explicit padding, beside an even kernel (uneven "same" padding) that it cannot take, which
     * goes backwards on DL4J's im2col path; all three read the image.
     */
    @Test
    void imageLayersAgreeWithPlainConvolutions() {
        final ComputationGraphConfiguration.GraphBuilder g = imageGraph(3, 20);
        g.addLayer("same", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build()), "in");
        g.addLayer("padded", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(5).activation(Activation.TANH)
                .convolutionMode(ConvolutionMode.Truncate).build()), "in");
        g.addLayer("even", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build()), "in");
        g.addVertex("merge", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "same", "padded", "even");
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "merge");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).nOut(5).build(), "pool");
        g.setOutputs("out");
        final ComputationGraph fast = new ComputationGraph(OneDnnConvolutionLayer.markNetworkInputLayers(g.build()));
        fast.init();
        assertEquals(Map.of("even", true, "padded", true, "same", true), marks(fast.getConfiguration()));
        assertAgrees(fast, 4, 20);
    }

    /**
     * Geometries oneDNN's own primitives ({@link DirectOneDnnConvolution}) take beyond the networks': dilation, a 5x5
     * kernel, stride 2 with uneven "same" padding, a truncating stride (the last row is read by no window). A second
     * batch size builds a second set of primitives beside the first.
     */
    @Test
    void dilatedTruncatedAndResizedConvolutionsAgreeWithPlainConvolutions() {
        final ComputationGraphConfiguration.GraphBuilder g = imageGraph(7, 20);
        g.addLayer("stem", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build()), "in");
        g.addLayer("dilated", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).dilation(2, 2).nOut(12).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build()), "stem");
        g.addLayer("wide", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(10).activation(Activation.TANH)
                .convolutionMode(ConvolutionMode.Same).build()), "dilated");
        g.addLayer("truncating", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(6).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Truncate).build()), "dilated");
        g.addLayer("wide_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "wide");
        g.addLayer("truncating_pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "truncating");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).nOut(4).build(),
                "wide_pool", "truncating_pool");
        g.setOutputs("out");
        final ComputationGraph fast = new ComputationGraph(OneDnnConvolutionLayer.markNetworkInputLayers(g.build()));
        fast.init();
        assertAgrees(fast, 3, 20);
        assertAgrees(fast, 5, 20);
    }

    /**
     * Max pooling on oneDNN ({@link DirectOneDnnPooling}) in the geometries DL4J allows beyond the networks' 2x2: 3x3
     * stride 2 with uneven "same" padding, explicit padding, a truncating window on an odd side; after ReLU, so with
     * ties among zeros. A second batch size builds a second set of primitives.
     */
    @Test
    void maxPoolingAgreesWithPlainPooling() {
        final ComputationGraphConfiguration.GraphBuilder g = imageGraph(13, 21);
        g.addLayer("stem", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build()), "in");
        g.addLayer("same", OneDnnSubsamplingLayer.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same).build()), "stem");
        g.addLayer("padded", OneDnnSubsamplingLayer.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).build()), "stem");
        g.addLayer("truncating", OneDnnSubsamplingLayer.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build()), "stem");
        g.addLayer("after", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.TANH)
                .convolutionMode(ConvolutionMode.Same).build()), "truncating");
        g.addLayer("same_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "same");
        g.addLayer("padded_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "padded");
        g.addLayer("after_pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "after");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).nOut(4).build(),
                "same_pool", "padded_pool", "after_pool");
        g.setOutputs("out");
        final ComputationGraph fast = new ComputationGraph(OneDnnConvolutionLayer.markNetworkInputLayers(g.build()));
        fast.init();
        assertAgrees(fast, 3, 21);
        assertAgrees(fast, 4, 21);
    }

    /**
     * Where oneDNN's primitives do not run (a double-precision network), the ReLU is not left to them: each layer
     * applies its own, as DL4J does.
     */
    @Test
    void aDoublePrecisionNetworkKeepsItsReluAndMaxPooling() {
        final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(17).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-3)).weightInit(WeightInit.RELU).graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(12, 12, 3));
        g.addLayer("conv", OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build()), "in");
        g.addLayer("pool", OneDnnSubsamplingLayer.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build()), "conv");
        g.addLayer("avg", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool");
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).nOut(3).build(), "avg");
        g.setOutputs("out");
        final ComputationGraph fast = new ComputationGraph(OneDnnConvolutionLayer.markNetworkInputLayers(g.build()));
        fast.init();
        final INDArray activation = fast.feedForward(Nd4j.rand(DataType.DOUBLE, 2, 3, 12, 12).subi(0.5), false).get("conv");
        assertTrue(activation.minNumber().doubleValue() >= 0, "ReLU applied: smallest activation " + activation.minNumber());
        assertAgrees(fast, 2, 12);
    }

    /** A network saved with DL4J's plain layers (before the oneDNN ones existed) loads onto them with the same numbers. */
    @Test
    void plainLayersUpgradeToTheOneDnnLayersWithTheSameOutputs() {
        final ComputationGraph net = NetworkFactory.build(NetworkSpec.tiny(32, 3, 5));
        final ComputationGraph old = plainCopy(net);
        final ComputationGraph upgraded = NetworkFactory.withOneDnnLayers(old);
        assertEquals(net.getConfiguration().toJson(), upgraded.getConfiguration().toJson());
        final INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        assertClose(old.outputSingle(x), upgraded.outputSingle(x), OUTPUT_TOLERANCE, "scores after the upgrade");
    }

    @Test
    void theLayerKeepsItsSettingsAndSerialisesThroughDl4jJson() {
        final ConvolutionLayer plain = new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(8).hasBias(false)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build();
        final OneDnnConvolutionLayer layer = OneDnnConvolutionLayer.of(plain);
        assertEquals(plain.getNOut(), layer.getNOut());
        assertEquals(ConvolutionMode.Same, layer.getConvolutionMode());
        assertEquals(false, layer.hasBias());
        final ComputationGraph net = NetworkFactory.build(NetworkSpec.tiny(32, 3, 1));
        final ComputationGraphConfiguration copy = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
        assertEquals(net.getConfiguration(), copy, "the configuration survives DL4J's JSON");
    }

    @Test
    void onlyTheLayerReadingTheImageSkipsItsInputGradientAndTheMarkSurvivesJsonAndUpgrades() {
        final ComputationGraph net = NetworkFactory.build(NetworkSpec.tiny(32, 3, 1));
        assertEquals(Map.of("block1_conv1", true, "block2_conv1", false, "block3_conv1", false, "block4_conv1", false), marks(net.getConfiguration()));
        assertEquals(marks(net.getConfiguration()), marks(ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson())));

        // a network saved before the mark existed: the upgrade marks it, with the same parameters
        final String unmarked = net.getConfiguration().toJson().replace("\"readsNetworkInput\" : true", "\"readsNetworkInput\" : false");
        final ComputationGraph old = new ComputationGraph(ComputationGraphConfiguration.fromJson(unmarked));
        old.init(net.params().dup(), false);
        assertEquals(false, marks(old.getConfiguration()).get("block1_conv1"));
        final ComputationGraph upgraded = NetworkFactory.withOneDnnLayers(old);
        assertEquals(marks(net.getConfiguration()), marks(upgraded.getConfiguration()));
        assertEquals(net.params(), upgraded.params());
        assertTrue(NetworkFactory.withOneDnnLayers(net) == net, "a marked network is left as it is");
    }

    private static Map<String, Boolean> marks(final ComputationGraphConfiguration conf) {
        final Map<String, Boolean> marks = new java.util.TreeMap<>();
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv && lv.getLayerConf().getLayer() instanceof OneDnnConvolutionLayer layer) {
                marks.put(name, layer.isReadsNetworkInput());
            }
        });
        return marks;
    }

    /** A graph builder (Adam, ReLU initialisation) with one RGB input "in" of {@code size} x {@code size}. */
    private static ComputationGraphConfiguration.GraphBuilder imageGraph(final long seed, final int size) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3)).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(size, size, 3));
    }

    private static ConvolutionLayer conv(final int kernel, final int stride, final int filters) {
        return OneDnnConvolutionLayer.of(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(filters).hasBias(false)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build());
    }

    /** Compares {@code fast} with a copy made of plain DL4J convolutions holding the same parameters. */
    private static void assertAgrees(final ComputationGraph fast, final int batch, final int inputSize) {
        int convolutions = 0;
        for (final Layer layer : fast.getLayers()) {
            if (layer instanceof OneDnnSubsamplingLayer.Impl impl) {
                assertEquals(NativeBackend.oneDnnPrimitives(), impl.oneDnnPooling() != null,
                        "pooling runs on oneDNN's primitives wherever the convolutions do");
            }
            if (layer instanceof OneDnnConvolutionLayer.Impl impl) {
                convolutions++;
                assertEquals(NativeBackend.oneDnn(), impl.convolutionHelper() != null, "a oneDNN helper is attached exactly when oneDNN runs");
                assertEquals(NativeBackend.oneDnnPrimitives(), impl.convolutionHelper() instanceof DirectOneDnnConvolution,
                        "oneDNN's primitives are called directly wherever its library loads");
            }
        }
        assertTrue(convolutions > 0, "the network has oneDNN convolution layers");
        final ComputationGraph plain = plainCopy(fast);

        final INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, inputSize, inputSize).subi(0.5);
        final long outputs = fast.getOutputLayer(0).getParam("W").size(1);
        final INDArray y = Nd4j.rand(DataType.FLOAT, batch, outputs).gt(0.5).castTo(DataType.FLOAT);

        final Map<String, INDArray> fastActivations = fast.feedForward(x, false);
        final Map<String, INDArray> plainActivations = plain.feedForward(x, false);
        for (final String vertex : plainActivations.keySet()) {
            assertClose(plainActivations.get(vertex), fastActivations.get(vertex), OUTPUT_TOLERANCE, "activations of " + vertex);
        }

        final Map<String, INDArray> fastGradients = gradients(fast, x, y);
        final Map<String, INDArray> plainGradients = gradients(plain, x, y);
        assertEquals(plainGradients.keySet(), fastGradients.keySet());
        for (final String param : plainGradients.keySet()) {
            assertClose(plainGradients.get(param), fastGradients.get(param), GRADIENT_TOLERANCE, "gradient of " + param);
        }
    }

    private static ComputationGraph plainCopy(final ComputationGraph fast) {
        final String json = fast.getConfiguration().toJson()
                .replace('"' + OneDnnConvolutionLayer.class.getName() + '"', '"' + ConvolutionLayer.class.getName() + '"')
                .replace('"' + OneDnnBatchNormalization.class.getName() + '"', '"' + BatchNormalization.class.getName() + '"')
                .replace('"' + OneDnnSubsamplingLayer.class.getName() + '"', '"' + SubsamplingLayer.class.getName() + '"');
        final ComputationGraph plain = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        plain.init(fast.params().dup(), false);
        for (final Layer layer : plain.getLayers()) {
            assertTrue(!(layer instanceof OneDnnConvolutionLayer.Impl) && !(layer instanceof OneDnnSubsamplingLayer.Impl),
                    "the copy uses DL4J's own convolutions and pooling");
        }
        return plain;
    }

    /** Gradients of one training batch; dropout masks match because both draw from the same seed. */
    private static Map<String, INDArray> gradients(final ComputationGraph net, final INDArray x, final INDArray y) {
        Nd4j.getRandom().setSeed(99);
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        final Map<String, INDArray> copy = new java.util.TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }

    private static void assertClose(final INDArray expected, final INDArray actual, final double tolerance, final String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        final double scale = expected.amaxNumber().doubleValue();
        final double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * Math.max(scale, 1e-12), what + ": max difference " + diff + " against max magnitude " + scale);
    }
}
