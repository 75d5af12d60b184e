package dev.i2v.model.net;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link SubsamplingLayer} (same configuration, same JSON apart from its class name) whose max pooling runs
 * on oneDNN 2.5's primitives ({@link DirectOneDnnPooling}), where the convolutions do too. The forward pass keeps
 * where each maximum was, and the backward pass routes the gradient there: libnd4j's {@code maxpool2d_bp} runs the
 * pooling again to find out (1.7 ms of a 42 ms tiny-network training step). Average pooling, NHWC, dilation and
 * other data types take DL4J's own path.
 */
public class OneDnnSubsamplingLayer extends SubsamplingLayer {

    /** For DL4J's JSON configuration (Jackson). */
    public OneDnnSubsamplingLayer() {
    }

    /** The same layer as {@code plain}, every setting copied through DL4J's own JSON mapping. */
    public static OneDnnSubsamplingLayer of(final SubsamplingLayer plain) {
        return LayerClass.as(plain, OneDnnSubsamplingLayer.class);
    }

    /** DL4J configuration JSON (a layer's or a whole graph's) with every plain 2-D pooling layer made this layer. */
    static String toOneDnn(final String json) {
        return LayerClass.renamed(json, SubsamplingLayer.class, OneDnnSubsamplingLayer.class);
    }

    @Override
    public Layer instantiate(final NeuralNetConfiguration conf, final Collection<TrainingListener> trainingListeners, final int layerIndex,
                             final INDArray layerParamsView, final boolean initializeParams, final DataType networkDataType) {
        // as SubsamplingLayer.instantiate, with the oneDNN implementation
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                initializer());
    }

    /** DL4J's pooling implementation, with max pooling on oneDNN where oneDNN runs the convolutions. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {

        /** Null where oneDNN does not run the convolutions (plain build, CUDA, no oneDNN library). */
        private final DirectOneDnnPooling pooling;

        Impl(final NeuralNetConfiguration conf, final DataType dataType) {
            super(conf, dataType);
            pooling = NativeBackend.oneDnnPrimitives() ? new DirectOneDnnPooling() : null;
        }

        @Override
        public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
            if (!onOneDnn()) {
                return super.activate(training, workspaceMgr);
            }
            final SubsamplingLayer conf = layerConf();
            return pooling.forward(input, conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf.getConvolutionMode(), training,
                    workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
            final INDArray inputGradient = onOneDnn() && epsilon.dataType() == DataType.FLOAT ? pooling.backward(input, epsilon, workspaceMgr) : null;
            if (inputGradient == null) { // not this path, or no forward pass of this input kept its maxima
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            return new Pair<>(new DefaultGradient(), inputGradient); // pooling has no parameters
        }

        /**
         * Max pooling of NCHW floats without dilation, in a float network. Strict mode stays with DL4J, which refuses sizes
         * the windows do not tile. {@code PoolingType} is the top-level enum, which SubsamplingLayer's own hides here.
         */
        private boolean onOneDnn() {
            final SubsamplingLayer conf = layerConf();
            return pooling != null && dataType == DataType.FLOAT && conf.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getConvolutionMode() != ConvolutionMode.Strict
                    && Arrays.stream(conf.getDilation()).allMatch(d -> d == 1) && input != null && input.rank() == 4
                    && input.dataType() == DataType.FLOAT;
        }

        /** The oneDNN pooling in use: null on DL4J's path. */
        DirectOneDnnPooling oneDnnPooling() {
            return pooling;
        }
    }
}
