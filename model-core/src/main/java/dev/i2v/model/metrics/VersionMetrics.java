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
 */
public record VersionMetrics(double trainLoss, double holdoutLoss, double meanAveragePrecision, double microF1, double macroF1,
                             int holdoutImages) {

    /** Nothing measured yet (a model built outside the trainer). */
    public static final VersionMetrics UNMEASURED = new VersionMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    public static VersionMetrics of(final double trainLoss, final TagMetrics.Evaluation holdout, final int holdoutImages) {
        return new VersionMetrics(trainLoss, holdout.loss(), holdout.meanAveragePrecision(), holdout.microF1(), holdout.macroF1(),
                holdoutImages);
    }

    public static VersionMetrics fromAvro(final ModelMetrics m) {
        return new VersionMetrics(m.getTrainLoss(), m.getHoldoutLoss(), m.getMeanAveragePrecision(), m.getMicroF1(), m.getMacroF1(),
                m.getHoldoutImages());
    }

    public ModelMetrics toAvro() {
        return ModelMetrics.newBuilder()
                .setTrainLoss(trainLoss)
                .setHoldoutLoss(holdoutLoss)
                .setMeanAveragePrecision(meanAveragePrecision)
                .setMicroF1(microF1)
                .setMacroF1(macroF1)
                .setHoldoutImages(holdoutImages)
                .build();
    }
}
