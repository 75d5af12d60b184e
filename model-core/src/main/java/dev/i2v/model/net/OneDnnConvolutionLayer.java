package dev.i2v.model.net;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link ConvolutionLayer} (same configuration, same parameters, same JSON apart from its class
 * name) whose forward and backward passes run oneDNN's kernels instead of DL4J's im2col + gemm path:
 * oneDNN 2.5's primitives called directly ({@link DirectOneDnnConvolution}) where its library is on the
 * classpath, else libnd4j's {@code conv2d} / {@code conv2d_bp} ops on a oneDNN build of ND4J.
 *
 * <p>Why a subclass: DL4J M2.1 has the second path ({@link MKLDNNConvHelper}) but never uses it, because its
 * availability check looks up an ND4J class that M2.1 moved. The layer attaches a helper itself when
 * {@link NativeBackend#oneDnn()} says oneDNN runs; elsewhere (plain build, CUDA) it is a plain convolution.
 */
public class OneDnnConvolutionLayer extends ConvolutionLayer {

    /**
     * The layer reads a network input (the image): nothing upstream learns from its input gradient, so backprop
     * leaves it out, as PyTorch does. Set by {@link #markNetworkInputLayers}; JSON written before it exists lacks it (false).
     */
    private boolean readsNetworkInput;

    /** For DL4J's JSON configuration (Jackson). */
    public OneDnnConvolutionLayer() {
    }

    public boolean isReadsNetworkInput() {
        return readsNetworkInput;
    }

    public void setReadsNetworkInput(final boolean readsNetworkInput) {
        this.readsNetworkInput = readsNetworkInput;
    }

    /** Marks every layer of this class in {@code conf} whose inputs are all network inputs; returns {@code conf}. */
    static ComputationGraphConfiguration markNetworkInputLayers(final ComputationGraphConfiguration conf) {
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex layerVertex && layerVertex.getLayerConf().getLayer() instanceof OneDnnConvolutionLayer layer) {
                layer.setReadsNetworkInput(conf.getNetworkInputs().containsAll(conf.getVertexInputs().get(name)));
            }
        });
        return conf;
    }

    /** The same layer as {@code plain}, every setting copied through DL4J's own JSON mapping. */
    public static OneDnnConvolutionLayer of(final ConvolutionLayer plain) {
        return LayerClass.as(plain, OneDnnConvolutionLayer.class);
    }

    /** DL4J configuration JSON (a layer's or a whole graph's) with every plain convolution made this layer. */
    static String toOneDnn(final String json) {
        return LayerClass.renamed(json, ConvolutionLayer.class, OneDnnConvolutionLayer.class);
    }

    @Override
    public Layer instantiate(final NeuralNetConfiguration conf, final Collection<TrainingListener> trainingListeners, final int layerIndex,
                             final INDArray layerParamsView, final boolean initializeParams, final DataType networkDataType) {
        // as ConvolutionLayer.instantiate, with the oneDNN implementation
        final Impl layer = new Impl(conf, networkDataType);
        return LayerWiring.wire(layer, conf, trainingListeners, layerIndex, layerParamsView, initializeParams, initializer());
    }

    /** DL4J's convolution implementation with a oneDNN helper attached when oneDNN runs. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

        /**
         * On libnd4j's path, layers with this few input channels (an RGB image layer that {@link ImageLayerBackprop} cannot
         * take) go backwards on DL4J's im2col path: libnd4j's oneDNN backward-data kernel for 3 input channels (Winograd)
         * took 1.8 s of an 8 s tiny-net training step. Forwards they keep oneDNN.
         */
        static final long THIN_INPUT_CHANNELS = 4;

        Impl(final NeuralNetConfiguration conf, final DataType dataType) {
            super(conf, dataType);
            if (helper == null && NativeBackend.oneDnn()) {
                // the ReLU goes into the forward primitive only where that primitive runs: NCHW floats
                final boolean fusesRelu = OneDnnRelu.isPlain(layerConf().getActivationFn()) && dataType == DataType.FLOAT
                        && layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW;
                helper = NativeBackend.oneDnnPrimitives() ? new DirectOneDnnConvolution(layerConf().hasBias(), fusesRelu)
                        : new MKLDNNConvHelper(dataType);
            }
        }

        /**
         * DL4J's forward pass, but where the convolution's primitive applies the ReLU itself: its output is the activation,
         * and, being zero exactly where the convolution is not positive, also the ReLU mask backprop needs ({@link #delta}),
         * so it is cached as it is. DL4J caches a copy of the pre-activation and then runs the ReLU as a pass of its own.
         * The cache is the array the next layers read, so this holds while none of them changes its input in place other
         * than by plain dropout (which zeroes only where the gradient is zero anyway): true of every network here.
         */
        @Override
        public INDArray activate(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
            if (!(helper instanceof DirectOneDnnConvolution direct) || !direct.fusesRelu() || helperCountFail > 0 || input == null) {
                return super.activate(training, workspaceMgr);
            }
            applyDropOutIfNecessary(training, workspaceMgr);
            final INDArray activation = preOutput(training, false, workspaceMgr).getFirst();
            if (helperCountFail > 0) { // the helper failed just now and DL4J's im2col path answered: a pre-activation
                preOutput = null; // not last step's mask: backprop computes the pre-activation again
                return layerConf().getActivationFn().getActivation(activation, training);
            }
            if (training && cacheMode != null && cacheMode != CacheMode.NONE && workspaceMgr.hasConfiguration(ArrayType.FF_CACHE)
                    && workspaceMgr.isWorkspaceOpen(ArrayType.FF_CACHE)) {
                preOutput = activation;
            }
            return activation;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
            if (helper == null || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW || epsilon.dataType() != DataType.FLOAT
                    || input.dataType() != DataType.FLOAT) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            if (helper instanceof DirectOneDnnConvolution direct) {
                return directBackprop(direct, epsilon, workspaceMgr);
            }
            if (ImageLayerBackprop.applies((OneDnnConvolutionLayer) layerConf(), input, epsilon.size(2), epsilon.size(3))) {
                return ImageLayerBackprop.backprop(this, delta(epsilon, workspaceMgr), workspaceMgr);
            }
            if (layerConf().getNIn() > THIN_INPUT_CHANNELS) {
                return oneDnnBackprop(epsilon, workspaceMgr);
            }
            final ConvolutionHelper oneDnn = helper;
            helper = null;
            try {
                return super.backpropGradient(epsilon, workspaceMgr);
            } finally {
                helper = oneDnn;
            }
        }

        /**
         * The backward pass on oneDNN's own primitives (NCHW floats), every geometry; a layer reading the network input
         * computes only its parameters' gradients (PyTorch never computes the image's either).
         */
        private Pair<Gradient, INDArray> directBackprop(final DirectOneDnnConvolution direct, final INDArray epsilon,
                                                        final LayerWorkspaceMgr workspaceMgr) {
            final OneDnnConvolutionLayer conf = (OneDnnConvolutionLayer) layerConf();
            final Pair<Gradient, INDArray> gradients = direct.backprop(layerInput(), weightsForBackprop(workspaceMgr), delta(epsilon, workspaceMgr),
                    conf.getKernelSize(), conf.getStride(), conf.getPadding(), gradientView(ConvolutionParamInitializer.BIAS_KEY),
                    gradientView(ConvolutionParamInitializer.WEIGHT_KEY), conf.getConvolutionMode(), conf.getDilation(),
                    !conf.isReadsNetworkInput(), workspaceMgr);
            return new Pair<>(gradients.getFirst(), finishBackprop(gradients.getSecond()));
        }

        /** DL4J's helper path of {@code backpropGradient} (NCHW floats), with the activation's gradient from {@link #delta}. */
        private Pair<Gradient, INDArray> oneDnnBackprop(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
            final org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
            final INDArray bias = conf.hasBias() ? getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr) : null;
            final Pair<Gradient, INDArray> gradients = helper.backpropGradient(layerInput(), weightsForBackprop(workspaceMgr), bias,
                    delta(epsilon, workspaceMgr), conf.getKernelSize(), conf.getStride(), conf.getPadding(),
                    gradientView(ConvolutionParamInitializer.BIAS_KEY), gradientView(ConvolutionParamInitializer.WEIGHT_KEY),
                    conf.getActivationFn(), conf.getCudnnAlgoMode(), conf.getCudnnBwdFilterAlgo(), conf.getCudnnBwdDataAlgo(),
                    conf.getConvolutionMode(), conf.getDilation(), CNN2DFormat.NCHW, workspaceMgr);
            return new Pair<>(gradients.getFirst(), finishBackprop(gradients.getSecond()));
        }

        /**
         * The gradient of the pre-activation, from {@code epsilon}, the gradient of the output. ReLU's as a step mask
         * times {@code epsilon}: libnd4j's relu_bp op took 4.7 ms for a 32 x 16 x 64 x 64 batch, the two ops 1.8 ms.
         */
        INDArray delta(final INDArray epsilon, final LayerWorkspaceMgr workspaceMgr) {
            final INDArray preActivation = preOutput4d(true, true, workspaceMgr).getFirst();
            if (!OneDnnRelu.isPlain(layerConf().getActivationFn())) {
                return layerConf().getActivationFn().backprop(preActivation, epsilon).getFirst();
            }
            final INDArray delta = preActivation.ulike();
            Nd4j.exec(new Step(preActivation, delta, 0.0));
            return delta.muli(epsilon);
        }

        INDArray weightsForBackprop(final LayerWorkspaceMgr workspaceMgr) {
            return getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        }

        INDArray gradientView(final String param) {
            return gradientViews.get(param);
        }

        INDArray layerInput() {
            assertInputSet(true);
            return input;
        }

        /** What DL4J's own backward pass does last: clears per-pass weight noise, applies the input dropout's mask. */
        INDArray finishBackprop(final INDArray epsilonNext) {
            weightNoiseParams.clear();
            return backpropDropOutIfPresent(epsilonNext);
        }

        /** The helper in use: null on the im2col path. */
        ConvolutionHelper convolutionHelper() {
            return helper;
        }
    }
}
