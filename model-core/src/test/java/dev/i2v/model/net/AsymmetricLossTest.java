package dev.i2v.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

class AsymmetricLossTest {

    private static final INDArray PRE = Nd4j.create(new double[][] {{2.0, -1.0, 0.3}, {-3.0, 0.5, 1.5}}).castTo(DataType.DOUBLE);
    private static final INDArray LABELS = Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 0}}).castTo(DataType.DOUBLE);

    @Test
    void withoutFocusingOrMarginItIsBinaryCrossEntropy() {
        final AsymmetricLoss asl = new AsymmetricLoss(0, 0);
        final LossBinaryXENT xent = new LossBinaryXENT(1e-7);
        assertEquals(xent.computeScore(LABELS, PRE.dup(), new ActivationSigmoid(), null, true),
                asl.computeScore(LABELS, PRE.dup(), new ActivationSigmoid(), null, true), 1e-6);
        assertArrayEquals(xent.computeGradient(LABELS, PRE.dup(), new ActivationSigmoid(), null).reshape(6).toDoubleVector(),
                asl.computeGradient(LABELS, PRE.dup(), new ActivationSigmoid(), null).reshape(6).toDoubleVector(), 1e-6);
    }

    @Test
    void theGradientIsTheSlopeOfTheLoss() {
        final AsymmetricLoss asl = new AsymmetricLoss(4, 0.05);
        final INDArray grad = asl.computeGradient(LABELS, PRE.dup(), new ActivationSigmoid(), null);
        final double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                final INDArray up = PRE.dup();
                up.putScalar(i, j, up.getDouble(i, j) + h);
                final INDArray down = PRE.dup();
                down.putScalar(i, j, down.getDouble(i, j) - h);
                final double numeric = (asl.computeScore(LABELS, up, new ActivationSigmoid(), null, false)
                        - asl.computeScore(LABELS, down, new ActivationSigmoid(), null, false)) / (2 * h);
                assertEquals(numeric, grad.getDouble(i, j), 1e-5, "d loss / d z at " + i + "," + j);
            }
        }
    }

    @Test
    void easyNegativesCostLessThanInCrossEntropy() {
        final INDArray easyNegative = Nd4j.create(new double[][] {{-2.0}}).castTo(DataType.DOUBLE);
        final INDArray zero = Nd4j.create(new double[][] {{0}}).castTo(DataType.DOUBLE);
        final double asl = new AsymmetricLoss(4, 0.05).computeScore(zero, easyNegative, new ActivationSigmoid(), null, false);
        final double xent = new AsymmetricLoss(0, 0).computeScore(zero, easyNegative, new ActivationSigmoid(), null, false);
        assertTrue(asl < xent / 100, "asl " + asl + " vs xent " + xent);
    }

    @Test
    void survivesTheNetworkJsonAndRefusesOtherActivations() {
        final OutputLayer layer = new OutputLayer.Builder(new AsymmetricLoss(4, 0.05)).nIn(3).nOut(3).activation(new ActivationSigmoid()).build();
        final NeuralNetConfiguration conf = new NeuralNetConfiguration.Builder().layer(layer).build();
        final NeuralNetConfiguration back = NeuralNetConfiguration.fromJson(conf.toJson());
        assertEquals(new AsymmetricLoss(4, 0.05), ((OutputLayer) back.getLayer()).getLossFn());
        assertThrows(IllegalArgumentException.class,
                () -> new AsymmetricLoss(4, 0.05).computeGradient(LABELS, PRE.dup(), new ActivationReLU(), null));
    }
}
