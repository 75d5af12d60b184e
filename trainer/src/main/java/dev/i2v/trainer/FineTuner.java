package dev.i2v.trainer;

import dev.i2v.model.console.ProgressBar;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * Fine-tunes a network on one window: shuffled, optionally mirrored minibatches prepared ahead on
 * another thread, the learning rate following {@link LearningRateSchedule} through the window, and
 * no epoch started that would likely end after the window's time budget.
 */
final class FineTuner {

    private final ImagePreprocessor preprocessor;
    private final OutputMode mode;
    private final int batchSize;
    private final boolean flip;
    private final long budgetNanos;
    /**
     * A network that has learned already is fine-tuned at this share of the peak rate: at the full peak a small
     * window after a larger one cost v2 its promotion (EndToEndIT: holdout mAP 0.569 against v1's 0.605).
     */
    static final double CONTINUING_SHARE = 1.0 / 3;

    private final double learningRate;

    /**
     * @param learningRate  Adam's peak rate in each window
     * @param windowSeconds training time per window; 0 trains every epoch asked for
     */
    FineTuner(final ImagePreprocessor preprocessor, final OutputMode mode, final int batchSize, final boolean flip,
              final double learningRate, final int windowSeconds) {
        this.learningRate = learningRate;
        this.preprocessor = preprocessor;
        this.mode = mode;
        this.batchSize = batchSize;
        this.flip = flip;
        this.budgetNanos = windowSeconds * 1_000_000_000L;
    }

    /**
     * Trains up to {@code epochs} passes over the images; returns each epoch's mean minibatch loss, or
     * null when {@code stop} said to stop (the window is then abandoned, not published).
     */
    List<Double> fit(final ComputationGraph net, final List<LabelledImage> images, final TagVocabulary vocabulary, final int epochs,
                     final long seed, final String label, final BooleanSupplier stop) {
        return fit(net, false, images, vocabulary, epochs, seed, label, stop, epoch -> { });
    }

    /**
     * As above, at {@link #CONTINUING_SHARE} of the peak rate when {@code continuing} (the network was trained on
     * earlier windows), calling {@code afterEpoch} with each epoch's mean minibatch loss after it (the single-label curves).
     */
    List<Double> fit(final ComputationGraph net, final boolean continuing, final List<LabelledImage> images, final TagVocabulary vocabulary,
                     final int epochs, final long seed, final String label, final BooleanSupplier stop, final DoubleConsumer afterEpoch) {
        final LearningRateSchedule schedule = new LearningRateSchedule(continuing ? learningRate * CONTINUING_SHARE : learningRate);
        final int outputs = net.getNumOutputArrays();
        final List<Double> losses = new ArrayList<>();
        final List<LabelledImage> order = new ArrayList<>(images);
        final long batchesPerEpoch = (images.size() + batchSize - 1) / batchSize;
        final long started = System.nanoTime();
        int plannedEpochs = epochs;
        long step = 0;
        for (int epoch = 1; epoch <= plannedEpochs; epoch++) {
            if (epoch == 2 && budgetNanos > 0) {
                // the first epoch's time says how many fit the budget; the schedule stretches to that
                final long perEpoch = System.nanoTime() - started;
                plannedEpochs = (int) Math.max(1, Math.min(epochs, budgetNanos / Math.max(1, perEpoch)));
                if (plannedEpochs < 2) {
                    break;
                }
            }
            Collections.shuffle(order, new Random(seed * 31 + epoch));
            double sum = 0;
            int batches = 0;
            try (ProgressBar bar = new ProgressBar(String.format(Locale.ROOT, "%s epoch %d/%d", label, epoch, epochs), order.size(), "images");
                 MinibatchPrefetcher batchesAhead = new MinibatchPrefetcher(order, batchSize, preprocessor, vocabulary, mode,
                         new ImageAugmentation(flip, preprocessor.inputSize(), seed * 31 + epoch))) {
                while (batchesAhead.hasNext()) {
                    if (stop.getAsBoolean()) {
                        return null;
                    }
                    final DataSet batch = batchesAhead.next();
                    net.setLearningRate(schedule.rate(step++, batchesPerEpoch * plannedEpochs));
                    fitStep(net, batch, outputs);
                    // DL4J's score sums the loss over the outputs; per tag (and head) it compares with the holdout loss
                    sum += net.score() / vocabulary.size() / outputs;
                    batches++;
                    bar.setStatus(String.format(Locale.ROOT, "loss %.4f", sum / batches));
                    bar.step(batch.numExamples());
                }
            }
            losses.add(batches == 0 ? Double.NaN : sum / batches);
            afterEpoch.accept(losses.get(losses.size() - 1));
        }
        return losses;
    }

    /** One step; a network with several heads (the two-branch one) trains each of them on the same labels. */
    private static void fitStep(final ComputationGraph net, final DataSet batch, final int outputs) {
        if (outputs == 1) {
            net.fit(batch);
            return;
        }
        final INDArray[] labels = new INDArray[outputs];
        Arrays.fill(labels, batch.getLabels());
        net.fit(new MultiDataSet(new INDArray[] {batch.getFeatures()}, labels));
    }
}
