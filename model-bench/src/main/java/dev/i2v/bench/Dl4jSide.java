package dev.i2v.bench;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.inference.TagPredictor;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The project's networks in DL4J, built by {@link NetworkFactory} as the trainer and tagger build them. */
final class Dl4jSide implements AutoCloseable {

    private final ComputationGraph net;
    private final NetworkShape shape;
    private final Random random = new Random(7);

    private Dl4jSide(final ComputationGraph net, final NetworkShape shape) {
        this.net = net;
        this.shape = shape;
    }

    static Dl4jSide tiny(final int numTags) {
        final NetworkSpec spec = NetworkSpec.tiny(Backbone.TINY.defaultInputSize(), numTags, 1);
        return of(NetworkFactory.build(spec), spec, "tiny", List.of(List.of(16), List.of(32), List.of(64), List.of(128)));
    }

    /** The zoo's VGG16 with random weights (speed does not depend on them), nothing frozen, the tag head on top. */
    static Dl4jSide vgg16(final int numTags) {
        final NetworkSpec spec = new NetworkSpec(Backbone.VGG16, Backbone.VGG16.defaultInputSize(), numTags, OutputMode.MULTI_LABEL, 128, 1, null, null);
        final ComputationGraph zoo = (ComputationGraph) VGG16.builder().numClasses(1000).build().init();
        return of(NetworkFactory.vgg16Transfer(zoo, spec), spec, "vgg16",
                List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256, 256), List.of(512, 512, 512), List.of(512, 512, 512)));
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

    /** Inference as the trainer's evaluation runs it: the output layer only. */
    void infer(final INDArray images) {
        net.outputSingle(false, images).close();
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
                vocabulary, thresholds, Map.of(), 0);
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
        net.close();
    }
}
