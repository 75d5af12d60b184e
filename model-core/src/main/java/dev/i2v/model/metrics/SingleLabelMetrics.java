package dev.i2v.model.metrics;

/**
 * Holdout figures of a single-label classifier (one class per image, softmax scores): top-1 accuracy,
 * accuracy per class, the confusion matrix, the cross-entropy, and the majority-class baseline.
 */
public final class SingleLabelMetrics {

    /** Probabilities are clipped at EPS in the loss, as DL4J's MCXENT does. */
    private static final double EPS = 1e-7;

    /**
     * @param accuracy         share of images whose highest-scored class is their class
     * @param perClassAccuracy per class: share of its images classified as it (its recall); NaN with no image of it
     * @param perClassImages   images of each class
     * @param confusion        [true class][predicted class] image counts
     * @param loss             mean multi-class cross-entropy, -ln p(true class)
     */
    public record Evaluation(double accuracy, double[] perClassAccuracy, int[] perClassImages, int[][] confusion, double loss) {
    }

    private SingleLabelMetrics() {
    }

    /** The highest-scored class of each row (the first one on a tie). */
    public static int[] predicted(final float[][] scores) {
        final int[] best = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            for (int j = 1; j < scores[i].length; j++) {
                if (scores[i][j] > scores[i][best[i]]) {
                    best[i] = j;
                }
            }
        }
        return best;
    }

    /** @param truth the class index of each row of {@code probabilities}, each within [0, classes) */
    public static Evaluation evaluate(final float[][] probabilities, final int[] truth, final int classes) {
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException(probabilities.length + " score rows for " + truth.length + " classes");
        }
        final int[] predicted = predicted(probabilities);
        final int[][] confusion = new int[classes][classes];
        final int[] images = new int[classes];
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            images[truth[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
            loss -= Math.log(Math.max(EPS, probabilities[i][truth[i]]));
        }
        final double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            perClass[c] = images[c] == 0 ? Double.NaN : (double) confusion[c][c] / images[c];
        }
        final int n = truth.length;
        return new Evaluation(n == 0 ? Double.NaN : (double) correct / n, perClass, images, confusion, n == 0 ? Double.NaN : loss / n);
    }

    /** The class most training images have (the lowest index on a tie). */
    public static int majorityClass(final int[] trainingClasses, final int classes) {
        final int[] counts = new int[classes];
        for (final int c : trainingClasses) {
            counts[c]++;
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Accuracy of always answering the training set's majority class, on {@code holdout}: what a model that learned nothing from the pictures scores. */
    public static double majorityBaseline(final int[] trainingClasses, final int[] holdout, final int classes) {
        if (holdout.length == 0) {
            return Double.NaN;
        }
        final int majority = majorityClass(trainingClasses, classes);
        int hits = 0;
        for (final int c : holdout) {
            hits += c == majority ? 1 : 0;
        }
        return (double) hits / holdout.length;
    }
}
