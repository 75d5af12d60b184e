package dev.i2v.trainer;

import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.inference.OneDnnTrunk;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Scores a network on the holdout images (inference mode) and measures it against their tags. */
final class HoldoutEvaluator {

    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final int minPositives;

    /** @param minPositives a tag counts in mAP and macro F1 only with this many positive holdout images */
    HoldoutEvaluator(final ImagePreprocessor preprocessor, final int batchSize, final int minPositives) {
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.minPositives = minPositives;
    }

    /** Holdout metrics; with no holdout images every figure is NaN and thresholds stay at 0.5. */
    TagMetrics.Evaluation evaluate(final ComputationGraph net, final List<LabelledImage> holdout, final TagVocabulary vocabulary) {
        if (holdout.isEmpty()) {
            return TagMetrics.Evaluation.empty(vocabulary.size());
        }
        return TagMetrics.evaluate(score(net, holdout), truth(holdout, vocabulary), minPositives);
    }

    /**
     * The tag-frequency baseline on the same holdout: every image scored with each tag's frequency
     * among {@code training}. A model that learned nothing from the pictures scores this.
     */
    TagMetrics.Evaluation baseline(final List<LabelledImage> holdout, final TagVocabulary vocabulary, final List<LabelledImage> training) {
        if (holdout.isEmpty()) {
            return TagMetrics.Evaluation.empty(vocabulary.size());
        }
        final float[] frequencies = new float[vocabulary.size()];
        for (final boolean[] row : truth(training, vocabulary)) {
            for (int j = 0; j < row.length; j++) {
                frequencies[j] += row[j] ? 1f / training.size() : 0;
            }
        }
        return TagMetrics.evaluate(TagMetrics.frequencyBaseline(frequencies, holdout.size()), truth(holdout, vocabulary), minPositives);
    }

    /**
     * The holdout mAP of each kind of label ({@link TagLabels}: general, character, rating, ...) over its tags with
     * enough positives, as "kind mAP (tags)" in kind order; kinds without such a tag are left out.
     */
    String meanAveragePrecisionByKind(final TagMetrics.Evaluation evaluation, final List<LabelledImage> holdout,
                                      final TagVocabulary vocabulary) {
        if (holdout.isEmpty()) {
            return "";
        }
        final int[] positives = TagMetrics.positives(truth(holdout, vocabulary));
        final Map<String, double[]> sumAndCount = new TreeMap<>();
        for (int j = 0; j < vocabulary.size(); j++) {
            final double ap = evaluation.averagePrecision()[j];
            if (positives[j] >= minPositives && !Double.isNaN(ap)) {
                final double[] acc = sumAndCount.computeIfAbsent(TagLabels.kind(vocabulary.tags().get(j)), k -> new double[2]);
                acc[0] += ap;
                acc[1]++;
            }
        }
        final StringJoiner out = new StringJoiner(", ");
        sumAndCount.forEach((kind, acc) -> out.add(String.format(Locale.ROOT, "%s %.3f (%d tags)", kind, acc[0] / acc[1], (int) acc[1])));
        return out.toString();
    }

    /** Scores of every image (rows) for every vocabulary tag (columns), from the network's first output (the fused one, with several). */
    float[][] score(final ComputationGraph net, final List<LabelledImage> images) {
        return activations(net, images, List.of(net.getConfiguration().getNetworkOutputs().get(0))).get(0);
    }

    /**
     * The named head layers' activations (inference mode) for every image: one matrix per name, rows are images. The
     * trunk runs on oneDNN as in the tagger ({@link OneDnnTrunk}, built for this call: the weights change between calls).
     */
    List<float[][]> activations(final ComputationGraph net, final List<LabelledImage> images, final List<String> names) {
        final List<float[][]> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            out.add(new float[images.size()][]);
        }
        try (OneDnnTrunk trunk = OneDnnTrunk.of(net, preprocessor.inputSize()).orElse(null)) {
            for (int from = 0; from < images.size(); from += batchSize) {
                final int to = Math.min(images.size(), from + batchSize);
                final INDArray input = preprocessor.batch(images.subList(from, to).stream().map(LabelledImage::pixels).toList());
                final INDArray[] batch = trunk != null ? trunk.output(names, input) : net.output(names, false, new INDArray[] {input}, null);
                for (int k = 0; k < names.size(); k++) {
                    final float[][] rows = batch[k].toFloatMatrix();
                    System.arraycopy(rows, 0, out.get(k), from, rows.length);
                    batch[k].close();
                }
                input.close();
            }
        }
        return out;
    }

    static boolean[][] truth(final List<LabelledImage> images, final TagVocabulary vocabulary) {
        final boolean[][] truth = new boolean[images.size()][vocabulary.size()];
        for (int i = 0; i < images.size(); i++) {
            for (final String t : images.get(i).tags()) {
                final int j = vocabulary.indexOf(t);
                if (j >= 0) {
                    truth[i][j] = true;
                }
            }
        }
        return truth;
    }
}
