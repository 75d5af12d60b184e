package dev.i2v.model.net;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Asymmetric loss for sigmoid multi-label outputs (Ridnik et al., "Asymmetric Loss For Multi-Label
 * Classification", 2021), as recent booru taggers train with. With thousands of tags almost every
 * (image, tag) pair is negative; binary cross-entropy then spends most of its gradient pushing easy
 * negatives further down. Here a positive keeps the cross-entropy term, {@code -log p}, while a
 * negative counts only above a margin and is down-weighted when already easy:
 * {@code -q^gamma log(1 - q)} with {@code q = max(p - margin, 0)}. With {@code gamma = 0} and
 * {@code margin = 0} it is binary cross-entropy.
 */
public final class AsymmetricLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;
    /** Probabilities are clipped as DL4J's XENT does, so a saturated output gives a finite loss. */
    private static final double EPS = 1e-7;

    private final double gammaNegative;
    private final double margin;

    @JsonCreator
    public AsymmetricLoss(@JsonProperty("gammaNegative") final double gammaNegative, @JsonProperty("margin") final double margin) {
        if (gammaNegative < 0 || margin < 0 || margin >= 0.5) {
            throw new IllegalArgumentException("asymmetric loss needs gammaNegative >= 0 and margin in [0, 0.5), not "
                    + gammaNegative + " and " + margin);
        }
        this.gammaNegative = gammaNegative;
        this.margin = margin;
    }

    @JsonProperty("gammaNegative")
    public double gammaNegative() {
        return gammaNegative;
    }

    @JsonProperty("margin")
    public double margin() {
        return margin;
    }

    /** Per (example, output): the loss in [0], its gradient with respect to the pre-activation in [1]. */
    private double[][][] lossAndGradient(final INDArray labels, final INDArray preOutput, final IActivation activation) {
        if (!(activation instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("the asymmetric loss is for sigmoid outputs, not " + activation);
        }
        if (labels.size(1) != preOutput.size(1)) {
            throw new IllegalArgumentException(labels.size(1) + " label columns for " + preOutput.size(1) + " outputs");
        }
        final double[][] z = preOutput.toDoubleMatrix();
        final double[][] y = labels.toDoubleMatrix();
        final double[][] loss = new double[z.length][];
        final double[][] grad = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            loss[i] = new double[z[i].length];
            grad[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                final double p = Math.min(1 - EPS, Math.max(EPS, 1 / (1 + Math.exp(-z[i][j]))));
                final double dpdz = p * (1 - p);
                if (y[i][j] > 0.5) {
                    loss[i][j] = -Math.log(p);
                    grad[i][j] = -dpdz / p;
                } else if (p > margin) {
                    final double q = p - margin;
                    final double weight = Math.pow(q, gammaNegative);
                    loss[i][j] = -weight * Math.log(1 - q);
                    final double dWeight = gammaNegative == 0 ? 0 : gammaNegative * Math.pow(q, gammaNegative - 1);
                    grad[i][j] = (-dWeight * Math.log(1 - q) + weight / (1 - q)) * dpdz;
                }
            }
        }
        return new double[][][] {loss, grad};
    }

    private static INDArray masked(final double[][] values, final INDArray like, final INDArray mask) {
        final INDArray out = Nd4j.create(values).castTo(like.dataType());
        if (mask != null) {
            LossUtil.applyMask(out, mask);
        }
        return out;
    }

    @Override
    public double computeScore(final INDArray labels, final INDArray preOutput, final IActivation activationFn, final INDArray mask,
                               final boolean average) {
        final double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(final INDArray labels, final INDArray preOutput, final IActivation activationFn, final INDArray mask) {
        return masked(lossAndGradient(labels, preOutput, activationFn)[0], preOutput, mask).sum(1);
    }

    @Override
    public INDArray computeGradient(final INDArray labels, final INDArray preOutput, final IActivation activationFn, final INDArray mask) {
        return masked(lossAndGradient(labels, preOutput, activationFn)[1], preOutput, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(final INDArray labels, final INDArray preOutput, final IActivation activationFn,
                                                          final INDArray mask, final boolean average) {
        final double[][][] both = lossAndGradient(labels, preOutput, activationFn);
        final double sum = masked(both[0], preOutput, mask).sumNumber().doubleValue();
        return new Pair<>(average ? sum / preOutput.size(0) : sum, masked(both[1], preOutput, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "AsymmetricLoss(gammaNegative=" + gammaNegative + ", margin=" + margin + ")";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof AsymmetricLoss other && other.gammaNegative == gammaNegative && other.margin == margin;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(gammaNegative) * 31 + Double.hashCode(margin);
    }
}
