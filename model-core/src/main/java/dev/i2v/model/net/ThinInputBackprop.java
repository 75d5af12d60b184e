package dev.i2v.model.net;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a convolution with few input channels (the image layer), as three gemm-sized steps on
 * {@link ShiftedPatches}: the weight gradient is the output gradient times the input's patches, the input
 * gradient (skipped for a layer reading the network's input) the weights times the output gradient, added back
 * patch by patch by libnd4j's col2im. The pre-activation comes from the forward pass, which DL4J's im2col path
 * would run again.
 */
final class ThinInputBackprop {

    private ThinInputBackprop() {
    }

    /** Stride 1, no dilation: what {@link ShiftedPatches} handles. */
    static boolean applies(final ConvolutionLayer conf) {
        return conf.getStride()[0] == 1 && conf.getStride()[1] == 1 && conf.getDilation()[0] == 1 && conf.getDilation()[1] == 1;
    }

    /** The gradients of the layer's parameters and, unless its input is the network's, of its input. */
    static Pair<Gradient, INDArray> backprop(final OneDnnConvolutionLayer.Impl layer, final INDArray epsilon,
                                            final LayerWorkspaceMgr workspaceMgr) {
        final OneDnnConvolutionLayer conf = (OneDnnConvolutionLayer) layer.layerConf();
        final INDArray input = layer.layerInput();
        final INDArray weights = layer.weightsForBackprop(workspaceMgr);
        final long outChannels = weights.size(0);
        final int kH = (int) weights.size(2);
        final int kW = (int) weights.size(3);
        final long patchRows = weights.size(1) * kH * kW;

        final INDArray delta = layer.delta(epsilon, workspaceMgr);
        final long batch = delta.size(0);
        final long outH = delta.size(2);
        final long outW = delta.size(3);
        // the output gradient channel-major, [outChannels, batch * outH * outW], as the patches are laid out
        final INDArray deltaByChannel = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(),
                new long[] {outChannels, batch, outH, outW}, 'c');
        deltaByChannel.assign(delta.permute(1, 0, 2, 3));
        final INDArray delta2d = deltaByChannel.reshape('c', outChannels, batch * outH * outW);

        final int[] pad = padding(conf, input, outH, outW, kH, kW);
        final INDArray patches2d = ShiftedPatches.of(input, kH, kW, pad, workspaceMgr).reshape('c', patchRows, batch * outH * outW);

        final Gradient gradient = new DefaultGradient();
        final INDArray weightGrad = layer.gradientView(ConvolutionParamInitializer.WEIGHT_KEY);
        // into a column-major result: the one gemm that neither copies its operands nor its result (7.5 against 11.5 ms
        // for mmul, and 11 for a batched gemm per image, with the 32 x 3 x 64 x 64 image batch)
        final INDArray weightGrad2d = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, delta.dataType(), new long[] {outChannels, patchRows}, 'f');
        Nd4j.gemm(delta2d, patches2d, weightGrad2d, false, true, 1.0, 0.0);
        Shape.newShapeNoCopy(weightGrad, new long[] {outChannels, patchRows}, false).assign(weightGrad2d);
        if (conf.hasBias()) {
            final INDArray biasGrad = layer.gradientView(ConvolutionParamInitializer.BIAS_KEY);
            delta2d.sum(biasGrad, 1);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');

        if (conf.isReadsNetworkInput()) {
            return new Pair<>(gradient, layer.finishBackprop(null)); // nothing upstream to pass a gradient to
        }
        final INDArray weights2d = Shape.newShapeNoCopy(weights, new long[] {outChannels, patchRows}, false);
        final INDArray patchGrad = weights2d.transpose().mmul(delta2d).reshape('c', weights.size(1), kH, kW, batch, outH, outW);
        final INDArray epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        Convolution.col2im(patchGrad.permute(3, 0, 1, 2, 4, 5), epsilonNext, 1, 1, pad[0], pad[1], (int) input.size(2), (int) input.size(3),
                1, 1);
        return new Pair<>(gradient, layer.finishBackprop(epsilonNext));
    }

    /** Top, left, bottom, right zero padding of the forward pass. */
    private static int[] padding(final ConvolutionLayer conf, final INDArray input, final long outH, final long outW, final int kH,
                                 final int kW) {
        final int inH = (int) input.size(2);
        final int inW = (int) input.size(3);
        final int[] topLeft = conf.getConvolutionMode() == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) outH, (int) outW}, new int[] {inH, inW},
                        conf.getKernelSize(), conf.getStride(), conf.getDilation())
                : conf.getPadding();
        // stride 1: the output is the padded input less the kernel, plus one
        return new int[] {topLeft[0], topLeft[1], (int) outH - 1 + kH - inH - topLeft[0], (int) outW - 1 + kW - inW - topLeft[1]};
    }
}
