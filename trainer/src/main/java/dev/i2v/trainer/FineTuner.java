package dev.i2v.trainer;

import dev.i2v.model.console.ProgressBar;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/** Fine-tunes a network on one window: shuffled minibatches, prepared ahead on another thread. */
final class FineTuner {

    private final ImagePreprocessor preprocessor;
    private final OutputMode mode;
    private final int batchSize;

    FineTuner(final ImagePreprocessor preprocessor, final OutputMode mode, final int batchSize) {
        this.preprocessor = preprocessor;
        this.mode = mode;
        this.batchSize = batchSize;
    }

    /**
     * Trains {@code epochs} passes over the images; returns each epoch's mean minibatch loss, or
     * null when {@code stop} said to stop (the window is then abandoned, not published).
     */
    List<Double> fit(final ComputationGraph net, final List<LabelledImage> images, final TagVocabulary vocabulary, final int epochs,
                     final long seed, final String label, final BooleanSupplier stop) {
        final List<Double> losses = new ArrayList<>();
        final List<LabelledImage> order = new ArrayList<>(images);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Collections.shuffle(order, new Random(seed * 31 + epoch));
            double sum = 0;
            int batches = 0;
            try (ProgressBar bar = new ProgressBar(String.format(Locale.ROOT, "%s epoch %d/%d", label, epoch, epochs), order.size(), "images");
                 MinibatchPrefetcher batchesAhead = new MinibatchPrefetcher(order, batchSize, preprocessor, vocabulary, mode)) {
                while (batchesAhead.hasNext()) {
                    if (stop.getAsBoolean()) {
                        return null;
                    }
                    final DataSet batch = batchesAhead.next();
                    net.fit(batch);
                    // DL4J's score sums the loss over the outputs; per tag it compares with the holdout loss
                    sum += net.score() / vocabulary.size();
                    batches++;
                    bar.setStatus(String.format(Locale.ROOT, "loss %.4f", sum / batches));
                    bar.step(batch.numExamples());
                }
            }
            losses.add(batches == 0 ? Double.NaN : sum / batches);
        }
        return losses;
    }
}
