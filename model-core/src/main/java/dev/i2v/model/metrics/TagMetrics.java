package dev.i2v.model.metrics;

import java.util.Arrays;

/**
 * Holdout metrics of a multi-label tagger: per-tag average precision and its mean (mAP), per-tag
 * thresholds that maximise F1, micro and macro F1 at those thresholds, and binary cross-entropy.
 */
public final class TagMetrics {

    /** Scores are clipped to [EPS, 1-EPS] in the loss, as DL4J's XENT does. */
    private static final double EPS = 1e-7;

    /**
     * @param averagePrecision     per tag; NaN where the tag has no positive image
     * @param meanAveragePrecision mean over the tags with at least {@code minPositives} positives
     * @param thresholds           per tag: predict the tag when its score is at or above this
     * @param microF1              F1 over every (image, tag) decision, at {@code thresholds}
     * @param macroF1              mean per-tag F1 at {@code thresholds} over the tags with at least {@code minPositives} positives
     * @param loss                 mean binary cross-entropy over every (image, tag)
     * @param tagsScored           how many tags have at least {@code minPositives} positives: the tags mAP and macro F1 average
     * @param microF1AtEqualPR     micro F1 at the one threshold for every tag where precision equals recall
     * @param macroF1AtEqualPR     macro F1 at that threshold
     */
    public record Evaluation(double[] averagePrecision, double meanAveragePrecision, float[] thresholds,
                             double microF1, double macroF1, double loss, int tagsScored, double microF1AtEqualPR,
                             double macroF1AtEqualPR) {

        /** Nothing to measure on (no holdout image): every figure NaN, every threshold 0.5. */
        public static Evaluation empty(final int tags) {
            final float[] half = new float[tags];
            Arrays.fill(half, 0.5f);
            return new Evaluation(new double[tags], Double.NaN, half, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);
        }
    }

    private TagMetrics() {
    }

    /** Rows are images, columns tags; a tag counts in the means with at least {@code minPositives} positive images. */
    public static Evaluation evaluate(final float[][] scores, final boolean[][] truth, final int minPositives) {
        if (scores.length != truth.length) {
            throw new IllegalArgumentException(scores.length + " score rows for " + truth.length + " truth rows");
        }
        final int tags = scores.length == 0 ? 0 : scores[0].length;
        final double[] ap = new double[tags];
        final float[] thresholds = new float[tags];
        for (int j = 0; j < tags; j++) {
            final float[] s = new float[scores.length];
            final boolean[] t = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                s[i] = scores[i][j];
                t[i] = truth[i][j];
            }
            ap[j] = averagePrecision(s, t);
            thresholds[j] = bestF1Threshold(s, t);
        }
        final int[] positives = positives(truth);
        int scored = 0;
        for (final int p : positives) {
            scored += counts(p, minPositives) ? 1 : 0;
        }
        final F1 tuned = f1At(scores, truth, thresholds, minPositives);
        final float[] equal = new float[tags];
        Arrays.fill(equal, precisionEqualsRecallThreshold(scores, truth));
        final F1 atEqual = f1At(scores, truth, equal, minPositives);
        return new Evaluation(ap, meanAveragePrecision(ap, positives, minPositives), thresholds, tuned.micro(), tuned.macro(),
                loss(scores, truth), scored, atEqual.micro(), atEqual.macro());
    }

    /**
     * Average precision: the mean, over positive images, of the precision among all images scored at
     * least as high. Ties count pessimistically (a tie group is ranked as a block), so constant scores
     * give exactly the positive rate. NaN when there is no positive.
     */
    public static double averagePrecision(final float[] scores, final boolean[] truth) {
        final Integer[] order = byScoreDescending(scores);
        int positives = 0;
        for (final boolean b : truth) {
            positives += b ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double sum = 0;
        int seen = 0;
        int seenPositive = 0;
        for (int k = 0; k < order.length; ) {
            int end = k;
            int groupPositives = 0;
            while (end < order.length && scores[order[end]] == scores[order[k]]) {
                groupPositives += truth[order[end]] ? 1 : 0;
                end++;
            }
            seen = end;
            seenPositive += groupPositives;
            sum += groupPositives * (double) seenPositive / seen;
            k = end;
        }
        return sum / positives;
    }

    /** The threshold (one of the scores) that maximises F1; above every score when the tag has no positive. */
    static float bestF1Threshold(final float[] scores, final boolean[] truth) {
        final Integer[] order = byScoreDescending(scores);
        int positives = 0;
        for (final boolean b : truth) {
            positives += b ? 1 : 0;
        }
        float maxScore = 0f;
        for (final float s : scores) {
            maxScore = Math.max(maxScore, s);
        }
        if (positives == 0) {
            return Math.max(0.5f, Math.nextUp(maxScore));
        }
        double best = -1;
        float threshold = 0.5f;
        int tp = 0;
        for (int k = 0; k < order.length; ) {
            int end = k;
            while (end < order.length && scores[order[end]] == scores[order[k]]) {
                tp += truth[order[end]] ? 1 : 0;
                end++;
            }
            final double f1 = f1(tp, end - tp, positives - tp);
            if (f1 > best) {
                best = f1;
                threshold = scores[order[k]];
            }
            k = end;
        }
        return threshold;
    }

    /** Micro F1 over every (image, tag) decision and macro F1 over the tags with enough positives. */
    public record F1(double micro, double macro) {
    }

    /**
     * F1 when tag j is predicted at or above {@code thresholds[j]}; macro F1 averages the tags with at
     * least {@code minPositives} positive images (NaN when there is none).
     */
    public static F1 f1At(final float[][] scores, final boolean[][] truth, final float[] thresholds, final int minPositives) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        double macroSum = 0;
        int macroTags = 0;
        for (int j = 0; j < thresholds.length; j++) {
            long tpj = 0;
            long fpj = 0;
            long fnj = 0;
            for (int i = 0; i < scores.length; i++) {
                final boolean predicted = scores[i][j] >= thresholds[j];
                if (predicted && truth[i][j]) {
                    tpj++;
                } else if (predicted) {
                    fpj++;
                } else if (truth[i][j]) {
                    fnj++;
                }
            }
            tp += tpj;
            fp += fpj;
            fn += fnj;
            if (counts(tpj + fnj, minPositives)) {
                macroSum += f1(tpj, fpj, fnj);
                macroTags++;
            }
        }
        return new F1(f1(tp, fp, fn), macroTags == 0 ? Double.NaN : macroSum / macroTags);
    }

    /**
     * The one threshold for every tag at which micro precision equals recall, as WD14-style taggers
     * report: the k-th highest score, k being the number of true (image, tag) pairs, so as many pairs
     * are predicted as are true (more only where scores tie).
     */
    public static float precisionEqualsRecallThreshold(final float[][] scores, final boolean[][] truth) {
        int positives = 0;
        int cells = 0;
        for (int i = 0; i < truth.length; i++) {
            for (final boolean t : truth[i]) {
                positives += t ? 1 : 0;
            }
            cells += scores[i].length;
        }
        if (positives == 0) {
            return Float.POSITIVE_INFINITY;
        }
        final float[] all = new float[cells];
        int k = 0;
        for (final float[] row : scores) {
            System.arraycopy(row, 0, all, k, row.length);
            k += row.length;
        }
        Arrays.sort(all);
        return all[all.length - positives];
    }

    /** Mean of the per-tag average precisions of tags with at least {@code minPositives} positive images; NaN if none. */
    public static double meanAveragePrecision(final double[] averagePrecision, final int[] positives, final int minPositives) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < averagePrecision.length; j++) {
            if (counts(positives[j], minPositives) && !Double.isNaN(averagePrecision[j])) {
                sum += averagePrecision[j];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Whether a tag with {@code positives} positive images counts in the means: at least one, and at least {@code minPositives}. */
    private static boolean counts(final long positives, final int minPositives) {
        return positives >= Math.max(1, minPositives);
    }

    /** Positive images per tag (column). */
    public static int[] positives(final boolean[][] truth) {
        final int[] counts = new int[truth.length == 0 ? 0 : truth[0].length];
        for (final boolean[] row : truth) {
            for (int j = 0; j < row.length; j++) {
                counts[j] += row[j] ? 1 : 0;
            }
        }
        return counts;
    }

    /**
     * The tag-frequency baseline: every image gets the same scores, each tag's frequency in the
     * training data. Its mAP is each tag's positive rate; it knows which tags are common, nothing more.
     */
    public static float[][] frequencyBaseline(final float[] tagFrequencies, final int images) {
        final float[][] scores = new float[images][];
        for (int i = 0; i < images; i++) {
            scores[i] = tagFrequencies;
        }
        return scores;
    }

    static double f1(final long tp, final long fp, final long fn) {
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** Mean binary cross-entropy over every (image, tag). */
    public static double loss(final float[][] scores, final boolean[][] truth) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores[i].length; j++) {
                final double p = Math.min(1 - EPS, Math.max(EPS, scores[i][j]));
                sum -= truth[i][j] ? Math.log(p) : Math.log(1 - p);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static Integer[] byScoreDescending(final float[] scores) {
        final Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        return order;
    }
}
