package dev.i2v.model.inference;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a model version on batches of images: tag scores and embeddings from one forward pass, with the
 * convolutional trunk on oneDNN where it runs ({@link OneDnnTrunk}).
 * Not thread-safe (a DL4J network keeps per-call state): give each thread its own {@link #copy()}.
 */
public final class TagPredictor implements AutoCloseable {

    /** Per image: one score per vocabulary tag, and the penultimate layer's activations. */
    public record Predictions(float[][] scores, float[][] embeddings) {
    }

    private static final List<String> RETURNED = List.of(NetworkFactory.OUTPUT, NetworkFactory.EMBEDDING);

    private final ComputationGraph network;
    /** The network's convolutional trunk on oneDNN, or null where it does not run (then the network alone). */
    private final OneDnnTrunk trunk;
    private final ModelInfo info;
    private final TagVocabulary vocabulary;
    private final ImagePreprocessor preprocessor;

    public TagPredictor(final ModelArtifact artifact) {
        this.network = artifact.network();
        this.info = artifact.info();
        this.vocabulary = TagVocabulary.of(info.vocabulary());
        this.preprocessor = info.preprocessor();
        this.trunk = OneDnnTrunk.of(network, preprocessor.inputSize()).orElse(null);
    }

    public ModelInfo info() {
        return info;
    }

    public TagVocabulary vocabulary() {
        return vocabulary;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** One forward pass (inference mode) over {@link ImagePreprocessor#pixels} arrays. */
    public Predictions predict(final List<byte[]> pixels) {
        if (pixels.isEmpty()) {
            return new Predictions(new float[0][], new float[0][]);
        }
        final INDArray input = preprocessor.batch(pixels);
        // only the two activations it returns: feedForward would keep every layer's (VGG16: GBs per batch)
        final INDArray[] out = trunk != null ? trunk.output(RETURNED, input) : network.output(RETURNED, false, new INDArray[] {input}, null);
        final Predictions p = new Predictions(out[0].toFloatMatrix(), out[1].toFloatMatrix());
        input.close();
        for (final INDArray a : out) {
            a.close();
        }
        return p;
    }

    /** An independent predictor over a copy of the weights, for another thread. */
    public TagPredictor copy() {
        return new TagPredictor(new ModelArtifact(network.clone(), info));
    }

    /** Releases the network's off-heap memory; the predictor is unusable afterwards. */
    @Override
    public void close() {
        if (trunk != null) {
            trunk.close();
        }
        network.close();
    }
}
