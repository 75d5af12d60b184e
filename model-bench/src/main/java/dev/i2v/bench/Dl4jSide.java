package dev.i2v.bench;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.inference.OneDnnTrunk;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.model.metrics.VersionMetrics;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.MultiLabelLoss;
import dev.i2v.model.net.OutputMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The project's networks in DL4J, built by {@link NetworkFactory} as the trainer and tagger build them. */
final class Dl4jSide implements AutoCloseable {

    private static final List<String> OUTPUT_ONLY = List.of(NetworkFactory.OUTPUT);

    private final ComputationGraph net;
    /** The tagger's inference path: the trunk on oneDNN directly; null where it does not run, or once released. */
    private OneDnnTrunk trunk;
    private final NetworkShape shape;
    private final Random random = new Random(7);

    private Dl4jSide(final ComputationGraph net, final NetworkShape shape) {
        this.net = net;
        this.trunk = OneDnnTrunk.of(net, shape.inputSize()).orElse(null);
        this.shape = shape;
    }

    static Dl4jSide tiny(final int numTags) {
        final NetworkSpec spec = NetworkSpec.tiny(Backbone.TINY.defaultInputSize(), numTags, 1);
        return of(NetworkFactory.build(spec), spec, "tiny", List.of(List.of(16), List.of(32), List.of(64), List.of(128)));
    }

    /**
     * VGG16 as the trainer builds it from DL4J's zoo file (vertices {@code block1_conv1 .. block5_pool}, plain DL4J
     * convolutions that {@link NetworkFactory#vgg16Transfer} upgrades), with random weights: speed does not depend
     * on them. Nothing frozen, so the training step trains every layer, as PyTorch's does.
     */
    static Dl4jSide vgg16(final int numTags) {
        final NetworkSpec spec = new NetworkSpec(Backbone.VGG16, Backbone.VGG16.defaultInputSize(), numTags, OutputMode.MULTI_LABEL, 128, 1, null, null, MultiLabelLoss.BCE);
        final List<List<Integer>> blocks = List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256, 256), List.of(512, 512, 512),
                List.of(512, 512, 512));
        return of(NetworkFactory.vgg16Transfer(zooShapedVgg16(blocks, spec.inputSize()), spec), spec, "vgg16", blocks);
    }

    /** The zoo file's vertex names and layers; its ImageNet classifier is a stand-in, vgg16Transfer removes it. */
    private static ComputationGraph zooShapedVgg16(final List<List<Integer>> blocks, final int inputSize) {
        final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).activation(Activation.RELU)
                .weightInit(WeightInit.RELU).graphBuilder().addInputs("input_1").setInputTypes(InputType.convolutional(inputSize, inputSize, 3));
        String previous = "input_1";
        for (int b = 1; b <= blocks.size(); b++) {
            for (int c = 1; c <= blocks.get(b - 1).size(); c++) {
                final String name = "block" + b + "_conv" + c;
                g.addLayer(name, new ConvolutionLayer.Builder(3, 3).nOut(blocks.get(b - 1).get(c - 1)).convolutionMode(ConvolutionMode.Same).build(),
                        previous);
                previous = name;
            }
            final String pool = "block" + b + "_pool";
            g.addLayer(pool, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), previous);
            previous = pool;
        }
        g.addLayer("avg_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous);
        g.addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(1000).build(),
                "avg_pool");
        g.setOutputs("predictions");
        final ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static Dl4jSide of(final ComputationGraph net, final NetworkSpec spec, final String name, final List<List<Integer>> blocks) {
        final double flops = NetworkShape.forwardFlops(net.getConfiguration(), spec.inputSize());
        return new Dl4jSide(net, new NetworkShape(name, spec.inputSize(), blocks, spec.hiddenUnits(), spec.numTags(), flops));
    }

    NetworkShape shape() {
        return shape;
    }

    INDArray images(final int batch) {
        return Nd4j.rand(DataType.FLOAT, batch, 3, shape.inputSize(), shape.inputSize());
    }

    INDArray labels(final int batch) {
        return Nd4j.rand(DataType.FLOAT, batch, shape.numTags()).gt(0.9).castTo(DataType.FLOAT);
    }

    /** Inference as the tagger runs it: the trunk on oneDNN (where it runs), the head on DL4J; the output layer only. */
    void infer(final INDArray images) {
        if (trunk == null) {
            inferOnGraph(images);
        } else {
            trunk.output(OUTPUT_ONLY, images)[0].close();
        }
    }

    /** Inference on DL4J's graph alone (libnd4j's oneDNN convolutions one by one), as before {@link OneDnnTrunk}. */
    void inferOnGraph(final INDArray images) {
        net.outputSingle(false, images).close();
    }

    /**
     * Frees the trunk's compiled shapes (VGG16 at batch 32: about 1.5 GB of activations and weights) before the
     * training rows, which need the memory; {@link #infer} then runs on the graph alone.
     */
    void releaseTrunk() {
        if (trunk != null) {
            trunk.close();
            trunk = null;
        }
    }

    /** Whether {@link #infer} runs the oneDNN trunk. */
    boolean hasOneDnnTrunk() {
        return trunk != null;
    }

    /** One training step: forward, BCE loss, backward, Adam update. */
    void trainStep(final INDArray images, final INDArray labels) {
        net.fit(new INDArray[] {images}, new INDArray[] {labels});
    }

    /** What the tagger does per batch: byte pixels in, tag scores and embeddings out. */
    TagPredictor predictor() {
        final List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < shape.numTags(); i++) {
            vocabulary.add("tag" + i);
        }
        final float[] thresholds = new float[shape.numTags()];
        Arrays.fill(thresholds, 0.5f);
        final Backbone backbone = Backbone.parse(shape.name());
        final ModelInfo info = new ModelInfo("bench", 1, null, backbone, shape.inputSize(), backbone.normalisation(), OutputMode.MULTI_LABEL,
                vocabulary, thresholds, VersionMetrics.UNMEASURED, 0);
        return new TagPredictor(new ModelArtifact(net, info));
    }

    /** The tagger's pixel arrays (8-bit CHW), random. */
    List<byte[]> pixels(final int batch) {
        final List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            final byte[] p = new byte[3 * shape.inputSize() * shape.inputSize()];
            random.nextBytes(p);
            out.add(p);
        }
        return out;
    }

    /** The tagger's per-batch path before this benchmark's issue: every layer's activations kept. */
    void feedForwardAll(final INDArray images) {
        net.feedForward(images, false);
    }

    @Override
    public void close() {
        releaseTrunk();
        net.close();
    }
}
