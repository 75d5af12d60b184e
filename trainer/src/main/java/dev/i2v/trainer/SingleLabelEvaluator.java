package dev.i2v.trainer;

import dev.i2v.model.metrics.SingleLabelMetrics;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Judges a single-label network on the holdout: every head's accuracy (the fused one and, in a
 * two-branch network, each branch's), the majority-class baseline, and the probabilities and
 * embeddings behind them for the mistakes listing and the map. An image's class is its first tag in
 * the vocabulary, as in training; holdout images with no class in the vocabulary are left out.
 */
final class SingleLabelEvaluator {

    /**
     * @param heads         per network output, by name, its figures ({@link NetworkFactory#OUTPUT} first)
     * @param probabilities the fused head's class probabilities per image
     * @param embeddings    the {@link NetworkFactory#EMBEDDING} activations per image
     */
    record Result(List<String> classes, List<LabelledImage> images, int[] truth, Map<String, SingleLabelMetrics.Evaluation> heads,
                  double majorityBaseline, float[][] probabilities, float[][] embeddings) {

        SingleLabelMetrics.Evaluation fused() {
            return heads.get(NetworkFactory.OUTPUT);
        }
    }

    private final HoldoutEvaluator evaluator;

    SingleLabelEvaluator(final HoldoutEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    Result evaluate(final ComputationGraph net, final List<LabelledImage> holdout, final TagVocabulary vocabulary,
                    final List<LabelledImage> training) {
        final List<LabelledImage> images = holdout.stream().filter(i -> classOf(i, vocabulary) >= 0).toList();
        final int[] truth = images.stream().mapToInt(i -> classOf(i, vocabulary)).toArray();
        final int[] trained = training.stream().mapToInt(i -> classOf(i, vocabulary)).filter(c -> c >= 0).toArray();
        final List<String> outputs = net.getConfiguration().getNetworkOutputs();
        final List<String> names = new ArrayList<>(outputs);
        names.add(NetworkFactory.EMBEDDING);
        final List<float[][]> activations = images.isEmpty() ? emptyActivations(names.size()) : evaluator.activations(net, images, names);
        final Map<String, SingleLabelMetrics.Evaluation> heads = new LinkedHashMap<>();
        for (int k = 0; k < outputs.size(); k++) {
            heads.put(outputs.get(k), SingleLabelMetrics.evaluate(activations.get(k), truth, vocabulary.size()));
        }
        return new Result(vocabulary.tags(), images, truth, heads, SingleLabelMetrics.majorityBaseline(trained, truth, vocabulary.size()),
                activations.get(0), activations.get(names.size() - 1));
    }

    /** Loss and accuracy of the fused head only: the per-epoch curves. */
    SingleLabelMetrics.Evaluation fusedOnly(final ComputationGraph net, final List<LabelledImage> images, final TagVocabulary vocabulary) {
        final List<LabelledImage> known = images.stream().filter(i -> classOf(i, vocabulary) >= 0).toList();
        final int[] truth = known.stream().mapToInt(i -> classOf(i, vocabulary)).toArray();
        if (known.isEmpty()) {
            return SingleLabelMetrics.evaluate(new float[0][], truth, vocabulary.size());
        }
        return SingleLabelMetrics.evaluate(evaluator.score(net, known), truth, vocabulary.size());
    }

    /** The index of the image's first tag in the vocabulary, -1 with none (the class it trains as). */
    static int classOf(final LabelledImage image, final TagVocabulary vocabulary) {
        return classOf(image.tags(), vocabulary);
    }

    static int classOf(final List<String> tags, final TagVocabulary vocabulary) {
        for (final String t : tags) {
            final int i = vocabulary.indexOf(t);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<float[][]> emptyActivations(final int n) {
        final List<float[][]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(new float[0][]);
        }
        return out;
    }
}
