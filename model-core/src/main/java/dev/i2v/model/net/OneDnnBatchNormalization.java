package dev.i2v.model.net;

import java.lang.reflect.Field;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link BatchNormalization} (same configuration and parameters) that runs libnd4j's
 * {@code batchnorm} / {@code batchnorm_bp} ops, so oneDNN's kernels on a oneDNN build, instead of
 * DL4J's own chain of reductions and broadcasts: in the residual trunk those took half of every
 * training step. The same M2.1 flaw as {@link OneDnnConvolutionLayer} keeps DL4J from using its
 * oneDNN helper; here the helper's own check says no as well, so it is overridden.
 */
public class OneDnnBatchNormalization extends BatchNormalization {

    /** DL4J keeps the layer's helper in a package-private field and fills it only through its broken check. */
    private static final Field HELPER = helperField();

    /** For DL4J's JSON configuration (Jackson). */
    public OneDnnBatchNormalization() {
    }

    /** The same layer as {@code plain}, every setting copied through DL4J's own JSON mapping. */
    public static OneDnnBatchNormalization of(final BatchNormalization plain) {
        return LayerClass.as(plain, OneDnnBatchNormalization.class);
    }

    @Override
    public Layer instantiate(final NeuralNetConfiguration conf, final Collection<TrainingListener> trainingListeners, final int layerIndex,
                             final INDArray layerParamsView, final boolean initializeParams, final DataType networkDataType) {
        // as BatchNormalization.instantiate, with the oneDNN helper attached
        final org.deeplearning4j.nn.layers.normalization.BatchNormalization layer =
                new org.deeplearning4j.nn.layers.normalization.BatchNormalization(conf, networkDataType);
        if (NativeBackend.oneDnn()) {
            try {
                if (HELPER.get(layer) == null) {
                    HELPER.set(layer, new Helper(networkDataType));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot attach the oneDNN batch norm helper", e);
            }
        }
        return LayerWiring.wire(layer, conf, trainingListeners, layerIndex, layerParamsView, initializeParams, initializer());
    }

    private static Field helperField() {
        try {
            final Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
            f.setAccessible(true);
            if (!BatchNormalizationHelper.class.isAssignableFrom(f.getType())) {
                throw new IllegalStateException("DL4J's batch norm helper field has type " + f.getType());
            }
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this DL4J version has no batch norm helper field", e);
        }
    }

    /** DL4J's oneDNN batch norm helper, whose check no longer looks for the class M2.1 moved. */
    static final class Helper extends MKLDNNBatchNormHelper {

        Helper(final DataType dataType) {
            super(dataType);
        }

        @Override
        public boolean checkSupported(final double eps, final boolean fixedGammaBeta) {
            return !fixedGammaBeta;
        }

        @Override
        public boolean checkSupported() {
            return true;
        }
    }
}
