package dev.i2v.model.net;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What DL4J's layer configurations do in {@code instantiate} after creating their implementation:
 * listeners, index, parameter view and table, configuration. The oneDNN layers create a different
 * implementation and then wire it the same way.
 */
final class LayerWiring {

    private LayerWiring() {
    }

    static Layer wire(final Layer layer, final NeuralNetConfiguration conf, final Collection<TrainingListener> trainingListeners,
                      final int layerIndex, final INDArray layerParamsView, final boolean initializeParams,
                      final ParamInitializer initializer) {
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
