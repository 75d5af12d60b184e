package dev.i2v.trainer;

import dev.i2v.model.image.ClaimCheckPolicy;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.vocab.TagCounter;
import dev.i2v.model.vocab.TagVocabulary;
import dev.i2v.schemas.avro.ImageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How far the trainer's network gets with more training: one network, built and trained as the trainer
 * builds and trains a first version, on one set of images for several epochs, its holdout mAP measured
 * after every epoch against the tag-frequency baseline on the same images. It says how many image-steps
 * (images trained on, counting repeats) a level of mAP costs, which no single demo run can.
 */
public final class LearningCurve {

    /**
     * The holdout after one epoch. The learning rate follows one warm-up-and-decay schedule over all the
     * epochs asked for, so the point after epoch e is not a run of e epochs: the last point is the full run.
     */
    public record Point(int epoch, long imageSteps, double trainSeconds, double trainLoss, double meanAveragePrecision,
                        double baselineMeanAveragePrecision, double microF1AtEqualPR, int tagsScored) {
    }

    private LearningCurve() {
    }

    /**
     * Trains a new network of {@code config}'s backbone, input size, batch size, learning rate and loss on
     * {@code training}, scoring {@code holdout} after each epoch. The vocabulary is every tag of the training images
     * seen at least {@code config.vocabularyMinCount()} times. An image that cannot be read, or has no tag the trainer
     * learns, stops the run with an error that names it: the images come from the caller, not from a topic.
     */
    public static List<Point> measure(final TrainerConfig config, final List<ImageEvent> training, final List<ImageEvent> holdout,
                                      final int epochs, final Consumer<Point> afterEpoch) {
        final ImagePreprocessor preprocessor = config.preprocessor();
        final List<LabelledImage> trainImages = labelled(config, training);
        final List<LabelledImage> holdoutImages = labelled(config, holdout);
        final TagCounter counter = new TagCounter();
        trainImages.forEach(image -> counter.add(image.tags()));
        final TagVocabulary vocabulary = counter.topK(config.vocabularySize(), config.vocabularyMinCount());
        final HoldoutEvaluator evaluator = new HoldoutEvaluator(preprocessor, config.batchSize(), config.minPositives());
        final TagMetrics.Evaluation baseline = evaluator.baseline(holdoutImages, vocabulary, trainImages);
        final FineTuner tuner = new FineTuner(preprocessor, config.mode(), config.batchSize(), config.flip(), config.learningRate(), 0);
        final List<Point> points = new ArrayList<>();
        final ComputationGraph net = NetworkFactory.build(config.networkSpec(vocabulary.size(), config.seedOf(1)));
        try {
            final long[] trainNanos = {0};
            final long[] epochStarted = {System.nanoTime()};
            tuner.fit(net, false, trainImages, vocabulary, epochs, config.seedOf(1), "learning curve", () -> false, loss -> {
                trainNanos[0] += System.nanoTime() - epochStarted[0];
                final TagMetrics.Evaluation e = evaluator.evaluate(net, holdoutImages, vocabulary);
                final Point p = new Point(points.size() + 1, (long) (points.size() + 1) * trainImages.size(), trainNanos[0] / 1e9, loss,
                        e.meanAveragePrecision(), baseline.meanAveragePrecision(), e.microF1AtEqualPR(), e.tagsScored());
                points.add(p);
                afterEpoch.accept(p);
                // the holdout's scoring is not training time
                epochStarted[0] = System.nanoTime();
            });
        } finally {
            net.close();
        }
        return points;
    }

    private static List<LabelledImage> labelled(final TrainerConfig config, final List<ImageEvent> events) {
        final LabelledImageReader reader = new LabelledImageReader(config, ClaimCheckPolicy.INLINE_ONLY);
        final List<LabelledImage> images = new ArrayList<>(events.size());
        for (final ImageEvent event : events) {
            final LabelledImage image;
            try {
                image = reader.labelled(event);
            } catch (ImageRejectedException e) {
                throw new IllegalArgumentException(event.getId() + " cannot be read: " + e.getMessage(), e);
            }
            if (image == null) {
                throw new IllegalArgumentException(event.getId() + " has no tags the trainer learns: a learning curve needs tagged images");
            }
            images.add(image);
        }
        return images;
    }
}
