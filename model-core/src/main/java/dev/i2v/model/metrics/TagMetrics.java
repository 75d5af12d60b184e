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
     * @param meanAveragePrecision mean over the tags with at least one positive
     * @param thresholds           per tag: predict the tag when its score is at or above this
     * @param microF1              F1 over every (image, tag) decision
     * @param macroF1              mean per-tag F1 over the tags with at least one positive
     * @param loss                 mean binary cross-entropy over every (image, tag)
     */
    public record Evaluation(double[] averagePrecision, double meanAveragePrecision, float[] thresholds,
                             double microF1, double macroF1, double loss) {
    }

    private TagMetrics() {
    }

    /** Rows are images, columns tags. */
    public static Evaluation evaluate(final float[][] scores, final boolean[][] truth) {
        if (scores.length != truth.length) {
            throw new IllegalArgumentException(scores.length + " score rows for " + truth.length + " truth rows");
        }
        final int tags = scores.length == 0 ? 0 : scores[0].length;
        final double[] ap = new double[tags];
        final float[] thresholds = new float[tags];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        double f1Sum = 0;
        int withPositives = 0;
        double apSum = 0;
        for (int j = 0; j < tags; j++) {
            final float[] s = new float[scores.length];
            final boolean[] t = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                s[i] = scores[i][j];
                t[i] = truth[i][j];
            }
            ap[j] = averagePrecision(s, t);
            thresholds[j] = bestF1Threshold(s, t);
            long tpj = 0;
            long fpj = 0;
            long fnj = 0;
            for (int i = 0; i < s.length; i++) {
                final boolean predicted = s[i] >= thresholds[j];
                if (predicted && t[i]) {
                    tpj++;
                } else if (predicted) {
                    fpj++;
                } else if (t[i]) {
                    fnj++;
                }
            }
            tp += tpj;
            fp += fpj;
            fn += fnj;
            if (!Double.isNaN(ap[j])) {
                withPositives++;
                apSum += ap[j];
                f1Sum += f1(tpj, fpj, fnj);
            }
        }
        return new Evaluation(ap, withPositives == 0 ? Double.NaN : apSum / withPositives, thresholds,
                f1(tp, fp, fn), withPositives == 0 ? Double.NaN : f1Sum / withPositives, loss(scores, truth));
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
