package dev.i2v.model.net;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a convolution that reads the network's input (the image layer): only the parameters'
 * gradients, since nothing upstream learns from the input's. The weight gradient comes from oneDNN's deconvolution
 * backward-weights (libnd4j {@code deconv2d_bp}): a transposed convolution of the output gradient is the adjoint of
 * this convolution, so its weight gradient, fed the image as its output gradient, is this layer's, in the same
 * [out, in, kH, kW] layout. Its input gradient (this layer's forward convolution again, cheap) is discarded.
 * libnd4j's {@code conv2d_bp} would compute the image's gradient with oneDNN's Winograd kernel for 3 channels (1.8 s
 * of an 8 s step once), and DL4J's im2col path runs the forward again plus libnd4j's slow {@code im2col}.
 */
final class ImageLayerBackprop {

    private ImageLayerBackprop() {
    }

    /** Stride 1, no dilation, the same zero padding on both sides: what libnd4j's deconv2d takes. */
    static boolean applies(final OneDnnConvolutionLayer conf, final INDArray input, final long outH, final long outW) {
        if (!conf.isReadsNetworkInput() || conf.getStride()[0] != 1 || conf.getStride()[1] != 1 || conf.getDilation()[0] != 1
                || conf.getDilation()[1] != 1) {
            return false;
        }
        final int[] pad = padding(conf, input, outH, outW);
        return pad[0] == pad[2] && pad[1] == pad[3];
    }

    /** The gradients of the layer's weights and bias; the input's as zeros. */
    static Pair<Gradient, INDArray> backprop(final OneDnnConvolutionLayer.Impl layer, final INDArray delta, final LayerWorkspaceMgr workspaceMgr) {
        final OneDnnConvolutionLayer conf = (OneDnnConvolutionLayer) layer.layerConf();
        final INDArray input = OneDnnArrays.dense(layer.layerInput());
        final INDArray weights = layer.weightsForBackprop(workspaceMgr);
        final INDArray outputGrad = OneDnnArrays.dense(delta);
        final int[] pad = padding(conf, input, outputGrad.size(2), outputGrad.size(3));

        final INDArray weightGrad = layer.gradientView(ConvolutionParamInitializer.WEIGHT_KEY);
        final INDArray discarded = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, outputGrad.dataType(), outputGrad.shape(), 'c');
        Nd4j.exec(DynamicCustomOp.builder("deconv2d_bp")
                .addInputs(outputGrad, weights, input)
                .addOutputs(discarded, weightGrad)
                // kH, kW, stride 1, padding, dilation 1, explicit padding, NCHW, weights [in, out, kH, kW] of the deconvolution
                .addIntegerArguments((int) weights.size(2), (int) weights.size(3), 1, 1, pad[0], pad[1], 1, 1, 0, 0, 1)
                .build());
        final Gradient gradient = new DefaultGradient();
        if (conf.hasBias()) {
            final INDArray biasGrad = layer.gradientView(ConvolutionParamInitializer.BIAS_KEY);
            biasGrad.assign(outputGrad.sum(0, 2, 3).reshape(biasGrad.shape()));
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        // zeros, not null: DL4J adds up the gradients a network input gets from each vertex reading it, and fails on a null
        // beside an array (an input read by this layer and another vertex, as in the two-branch network)
        return new Pair<>(gradient, layer.finishBackprop(workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c')));
    }

    /** Top, left, bottom, right zero padding of the forward pass. */
    private static int[] padding(final OneDnnConvolutionLayer conf, final INDArray input, final long outH, final long outW) {
        final int inH = (int) input.size(2);
        final int inW = (int) input.size(3);
        final int[] topLeft = conf.getConvolutionMode() == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) outH, (int) outW}, new int[] {inH, inW},
                        conf.getKernelSize(), conf.getStride(), conf.getDilation())
                : conf.getPadding();
        // stride 1: the output is the padded input less the kernel, plus one
        return new int[] {topLeft[0], topLeft[1], (int) outH - 1 + conf.getKernelSize()[0] - inH - topLeft[0],
                (int) outW - 1 + conf.getKernelSize()[1] - inW - topLeft[1]};
    }
}
