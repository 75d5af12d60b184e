package dev.i2v.model.metrics;

import dev.i2v.schemas.avro.ModelMetrics;

/**
 * A model version's figures: the one type from the trainer's evaluation to the artifact, the
 * model-updated event (whose Avro {@link ModelMetrics} is its wire form) and the window reports.
 * A new figure is a new component here and a field in the Avro schema.
 *
 * @param trainLoss     mean training loss of the last epoch
 * @param holdoutLoss   mean binary cross-entropy on the holdout
 * @param holdoutImages how many holdout images the holdout figures were measured on
 * @param tagsScored    the tags with enough positive holdout images to count in mAP and macro F1
 * @param baselineMeanAveragePrecision          the tag-frequency baseline's mAP on the same images and tags
 * @param baselineMicroF1AtEqualPrecisionRecall the baseline's micro F1 where its precision equals its recall
 * @param holdoutAccuracy  single-label mode: top-1 accuracy on the holdout; NaN in multi-label mode
 * @param baselineAccuracy single-label mode: the majority-class baseline's accuracy on the same holdout
 */
public record VersionMetrics(double trainLoss, double holdoutLoss, double meanAveragePrecision, double microF1, double macroF1,
                             int holdoutImages, int tagsScored, double microF1AtEqualPrecisionRecall,
                             double macroF1AtEqualPrecisionRecall, double baselineMeanAveragePrecision,
                             double baselineMicroF1AtEqualPrecisionRecall, double holdoutAccuracy, double baselineAccuracy) {

    /** Nothing measured yet (a model built outside the trainer). */
    public static final VersionMetrics UNMEASURED = new VersionMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
            0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** @param baseline the tag-frequency baseline's figures on the same holdout */
    public static VersionMetrics of(final double trainLoss, final TagMetrics.Evaluation holdout, final TagMetrics.Evaluation baseline,
                                    final int holdoutImages) {
        return new VersionMetrics(trainLoss, holdout.loss(), holdout.meanAveragePrecision(), holdout.microF1(), holdout.macroF1(),
                holdoutImages, holdout.tagsScored(), holdout.microF1AtEqualPR(), holdout.macroF1AtEqualPR(),
                baseline.meanAveragePrecision(), baseline.microF1AtEqualPR(), Double.NaN, Double.NaN);
    }

    /** These figures with the single-label ones added. */
    public VersionMetrics withAccuracy(final double accuracy, final double majorityBaseline) {
        return new VersionMetrics(trainLoss, holdoutLoss, meanAveragePrecision, microF1, macroF1, holdoutImages, tagsScored,
                microF1AtEqualPrecisionRecall, macroF1AtEqualPrecisionRecall, baselineMeanAveragePrecision,
                baselineMicroF1AtEqualPrecisionRecall, accuracy, majorityBaseline);
    }

    public static VersionMetrics fromAvro(final ModelMetrics m) {
        return new VersionMetrics(m.getTrainLoss(), m.getHoldoutLoss(), m.getMeanAveragePrecision(), m.getMicroF1(), m.getMacroF1(),
                m.getHoldoutImages(), m.getTagsScored(), orNaN(m.getMicroF1AtEqualPrecisionRecall()),
                orNaN(m.getMacroF1AtEqualPrecisionRecall()), orNaN(m.getBaselineMeanAveragePrecision()),
                orNaN(m.getBaselineMicroF1AtEqualPrecisionRecall()), orNaN(m.getHoldoutAccuracy()), orNaN(m.getBaselineAccuracy()));
    }

    /** Figures added after the first release are optional on the wire: absent (null) reads as not measured. */
    private static double orNaN(final Double figure) {
        return figure == null ? Double.NaN : figure;
    }

    private static Double orNull(final double figure) {
        return Double.isNaN(figure) ? null : figure;
    }

    public ModelMetrics toAvro() {
        return ModelMetrics.newBuilder()
                .setTrainLoss(trainLoss)
                .setHoldoutLoss(holdoutLoss)
                .setMeanAveragePrecision(meanAveragePrecision)
                .setMicroF1(microF1)
                .setMacroF1(macroF1)
                .setHoldoutImages(holdoutImages)
                .setTagsScored(tagsScored)
                .setMicroF1AtEqualPrecisionRecall(orNull(microF1AtEqualPrecisionRecall))
                .setMacroF1AtEqualPrecisionRecall(orNull(macroF1AtEqualPrecisionRecall))
                .setBaselineMeanAveragePrecision(orNull(baselineMeanAveragePrecision))
                .setBaselineMicroF1AtEqualPrecisionRecall(orNull(baselineMicroF1AtEqualPrecisionRecall))
                .setHoldoutAccuracy(orNull(holdoutAccuracy))
                .setBaselineAccuracy(orNull(baselineAccuracy))
                .build();
    }
}
