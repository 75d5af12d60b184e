package dev.i2v.model.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A convolution's forward and backward passes on oneDNN 2.5's primitives, called directly through JavaCPP's
 * {@code org.bytedeco:dnnl} presets, for NCHW float arrays. The primitives are built once per input shape and kept;
 * DL4J's arrays are handed to oneDNN without copies, and reordered to and from the blocked layouts the primitives
 * choose. libnd4j's {@code conv2d} / {@code conv2d_bp} ops (DL4J's {@code MKLDNNConvHelper}) build them again on
 * every call on the oneDNN 2.3 inside libnd4j: a forward plus backward pass of a tiny-network layer took 1.6-3.5x as
 * long there, of a VGG16 layer 2.6-7.7x (issue 12, train3 microbenchmark).
 *
 * <p>One instance per layer: layers run on one thread, so the primitives and the stream need no locks.
 */
final class DirectOneDnnConvolution implements ConvolutionHelper {

    private static final Logger LOG = LoggerFactory.getLogger(DirectOneDnnConvolution.class);
    /**
     * Input shapes whose primitives a layer keeps: the training batch, a last smaller one, and the tagger's batches, whose
     * size varies. An entry holds primitives and descriptors only (the data lives in DL4J's workspaces), so it is small.
     */
    private static final int SHAPES_KEPT = 16;

    private final boolean hasBias;
    private final boolean fusesRelu;
    private final stream stream = new stream(OneDnnLibrary.engine());
    private final Map<Geometry, Primitives> primitives = new ClosingLruCache<>(SHAPES_KEPT);

    /**
     * {@code hasBias}: the layer's; without a bias the forward pass ignores the zeros DL4J hands in instead.
     * {@code fusesRelu}: the forward primitive applies the layer's ReLU itself, so {@link #preOutput} returns the activation.
     */
    DirectOneDnnConvolution(final boolean hasBias, final boolean fusesRelu) {
        this.hasBias = hasBias;
        this.fusesRelu = fusesRelu;
    }

    /** Whether {@link #preOutput} returns the ReLU of the convolution (the layer's activation), not the convolution. */
    boolean fusesRelu() {
        return fusesRelu;
    }

    @Override
    public INDArray preOutput(final INDArray input, final INDArray weights, final INDArray bias, final int[] kernel, final int[] strides,
                              final int[] pad, final ConvolutionLayer.AlgoMode mode, final ConvolutionLayer.FwdAlgo fwdAlgo,
                              final ConvolutionMode convolutionMode, final int[] dilation, final CNN2DFormat format,
                              final LayerWorkspaceMgr workspaceMgr) {
        if (!supported(format, input, weights)) {
            return null;
        }
        final int[] outSize = convolutionMode == ConvolutionMode.Same
                ? ConvolutionUtils.getOutputSize(input, kernel, strides, null, convolutionMode, dilation, format)
                : ConvolutionUtils.getOutputSize(input, kernel, strides, pad, convolutionMode, dilation, format);
        final Geometry geometry = Geometry.of(input, weights, outSize[0], outSize[1], kernel, strides, pad, convolutionMode, dilation);
        final INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, geometry.outputShape(), 'c');
        primitives(geometry).forward(OneDnnArrays.dense(input), OneDnnArrays.dense(weights), hasBias ? OneDnnArrays.dense(bias) : null, output,
                new Scratch(workspaceMgr, ArrayType.FF_WORKING_MEM));
        return output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(final INDArray input, final INDArray weights, final INDArray bias, final INDArray delta,
                                                     final int[] kernel, final int[] strides, final int[] pad, final INDArray biasGradView,
                                                     final INDArray weightGradView, final IActivation afn, final ConvolutionLayer.AlgoMode mode,
                                                     final ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     final ConvolutionLayer.BwdDataAlgo bwdDataAlgo, final ConvolutionMode convolutionMode,
                                                     final int[] dilation, final CNN2DFormat format, final LayerWorkspaceMgr workspaceMgr) {
        if (!supported(format, input, weights) || delta.dataType() != DataType.FLOAT) {
            return null;
        }
        return backprop(input, weights, delta, kernel, strides, pad, biasGradView, weightGradView, convolutionMode, dilation, true, workspaceMgr);
    }

    /**
     * {@link #backpropGradient} for NCHW floats, {@code delta} the gradient of the pre-activation; without {@code inputGradient}
     * (a layer reading the network input: nothing upstream learns from it) only the parameters' gradients, the input's as zeros.
     */
    Pair<Gradient, INDArray> backprop(final INDArray input, final INDArray weights, final INDArray delta, final int[] kernel, final int[] strides,
                                      final int[] pad, final INDArray biasGradView, final INDArray weightGradView,
                                      final ConvolutionMode convolutionMode, final int[] dilation, final boolean inputGradient,
                                      final LayerWorkspaceMgr workspaceMgr) {
        final Geometry geometry = Geometry.of(input, weights, delta.size(2), delta.size(3), kernel, strides, pad, convolutionMode, dilation);
        // zeros, not null, without the gradient: DL4J adds up the gradients a network input gets from each vertex reading it
        final INDArray inputGrad = inputGradient
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c')
                : workspaceMgr.create(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        final Scratch scratch = new Scratch(workspaceMgr, ArrayType.BP_WORKING_MEM);
        final INDArray weightGrad = scratch.denseOrTemporary(weightGradView);
        final INDArray biasGrad = hasBias ? scratch.denseOrTemporary(biasGradView) : null;
        primitives(geometry).backward(OneDnnArrays.dense(input), OneDnnArrays.dense(weights), OneDnnArrays.dense(delta), inputGradient ? inputGrad : null,
                weightGrad, biasGrad, scratch);
        if (weightGrad != weightGradView) {
            weightGradView.assign(weightGrad);
        }
        final Gradient gradient = new DefaultGradient();
        if (hasBias) {
            if (biasGrad != biasGradView) {
                biasGradView.assign(biasGrad);
            }
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(gradient, inputGrad);
    }

    @Override
    public INDArray activate(final INDArray z, final IActivation afn, final boolean training) {
        return afn.getActivation(z, training); // where the forward primitive fused the ReLU, the layer does not call this
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Collections.emptyMap();
    }

    @Override
    public boolean checkSupported() {
        return OneDnnLibrary.available();
    }

    private static boolean supported(final CNN2DFormat format, final INDArray input, final INDArray weights) {
        return format == CNN2DFormat.NCHW && input.rank() == 4 && input.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT;
    }

    private Primitives primitives(final Geometry geometry) {
        return primitives.computeIfAbsent(geometry, g -> new Primitives(g, hasBias, fusesRelu, stream));
    }

    /** Where oneDNN's layouts live during a call: DL4J workspace arrays, so reused from step to step. */
    private static final class Scratch {
        private final LayerWorkspaceMgr workspaceMgr;
        private final ArrayType type;
        /** Keeps every array handed to oneDNN reachable until the call ends. */
        private final List<INDArray> held = new ArrayList<>();

        Scratch(final LayerWorkspaceMgr workspaceMgr, final ArrayType type) {
            this.workspaceMgr = workspaceMgr;
            this.type = type;
        }

        Pointer bytes(final long size) {
            final INDArray array = workspaceMgr.createUninitialized(type, DataType.FLOAT, new long[] {(size + Float.BYTES - 1) / Float.BYTES}, 'c');
            held.add(array);
            return OneDnnArrays.address(array);
        }

        /** {@code view} when oneDNN can write it in place, else a dense array of its shape to copy back afterwards. */
        INDArray denseOrTemporary(final INDArray view) {
            return OneDnnArrays.isDense(view) ? view : workspaceMgr.createUninitialized(type, DataType.FLOAT, view.shape(), 'c');
        }
    }

    /**
     * A convolution's shapes, padding on each side included (DL4J's "same" mode pads unevenly); what its primitives
     * depend on. Sizes in DL4J's order: batch, channels, height, width; kernel and the rest as height, width.
     */
    record Geometry(long batch, long inChannels, long inH, long inW, long outChannels, long outH, long outW, long kernelH, long kernelW,
                    long strideH, long strideW, long dilationH, long dilationW, long padTop, long padLeft, long padBottom, long padRight) {

        /** The geometry of a convolution with this output size. */
        static Geometry of(final INDArray input, final INDArray weights, final long outH, final long outW, final int[] kernel, final int[] strides,
                           final int[] pad, final ConvolutionMode mode, final int[] dilation) {
            final int[] topLeft = ConvolutionWindows.paddingBefore(new long[] {input.size(2), input.size(3)}, new long[] {outH, outW}, kernel,
                    strides, dilation, pad, mode);
            final long padBottom = ConvolutionWindows.paddingAfter(input.size(2), outH, kernel[0], strides[0], dilation[0], topLeft[0]);
            final long padRight = ConvolutionWindows.paddingAfter(input.size(3), outW, kernel[1], strides[1], dilation[1], topLeft[1]);
            return new Geometry(input.size(0), input.size(1), input.size(2), input.size(3), weights.size(0), outH, outW, kernel[0], kernel[1],
                    strides[0], strides[1], dilation[0], dilation[1], topLeft[0], topLeft[1], padBottom, padRight);
        }

        long[] inputShape() {
            return new long[] {batch, inChannels, inH, inW};
        }

        long[] weightShape() {
            return new long[] {outChannels, inChannels, kernelH, kernelW};
        }

        long[] outputShape() {
            return new long[] {batch, outChannels, outH, outW};
        }
    }

    /**
     * One array a primitive reads or writes: DL4J's (NCHW, OIHW or a vector) and the layout the primitive computes in,
     * with the reorder between them when they differ. The memory objects are made once and pointed at each call's arrays.
     */
    private static final class Operand implements AutoCloseable {
        private final memory user;
        private final memory inner;
        private final reorder reorder;

        /** {@code toInner}: an input (DL4J's array reordered into the primitive's layout); else an output (back out). */
        Operand(final memory.desc userDesc, final memory.desc innerDesc, final boolean toInner) {
            user = new memory(userDesc, OneDnnLibrary.engine(), new Pointer());
            if (innerDesc.equals(userDesc)) {
                inner = user;
                reorder = null;
            } else {
                inner = new memory(innerDesc, OneDnnLibrary.engine(), new Pointer());
                reorder = toInner ? new reorder(user, inner) : new reorder(inner, user);
            }
        }

        /** Points the operand at {@code array} (and, when a reorder is needed, at scratch for the inner layout); returns the primitive's side. */
        memory bind(final INDArray array, final Scratch scratch) {
            user.set_data_handle(OneDnnArrays.address(array));
            if (inner != user) {
                inner.set_data_handle(scratch.bytes(inner.get_desc().get_size()));
            }
            return inner;
        }

        /** For an input, after {@link #bind}: DL4J's array into the primitive's layout. */
        void load(final stream stream) {
            if (reorder != null) {
                reorder.execute(stream, user, inner);
            }
        }

        /** For an output, after the primitive ran: its result into DL4J's array. */
        void store(final stream stream) {
            if (reorder != null) {
                reorder.execute(stream, inner, user);
            }
        }

        @Override
        public void close() {
            if (reorder != null) {
                reorder.close();
                inner.close();
            }
            user.close();
        }
    }

    /** The three primitives of one geometry (forward, backward data, backward weights and bias) and their operands. */
    private static final class Primitives implements AutoCloseable {
        private static final memory.data_type F32 = memory.data_type.f32;

        private final stream stream;
        private final convolution_forward forward;
        private final convolution_backward_data backwardData;
        private final convolution_backward_weights backwardWeights;
        private final Operand fwdInput;
        private final Operand fwdWeights;
        private final Operand fwdBias;
        private final Operand fwdOutput;
        private final Operand bwdOutputGrad;
        private final Operand bwdWeights;
        private final Operand bwdInputGrad;
        private final Operand bwwInput;
        private final Operand bwwOutputGrad;
        private final Operand bwwWeightGrad;
        private final Operand bwwBiasGrad;
        private final List<primitive> primitivesToClose = new ArrayList<>();

        Primitives(final Geometry g, final boolean hasBias, final boolean fusesRelu, final stream stream) {
            this.stream = stream;
            final memory.desc input = userDesc(g.inputShape(), memory.format_tag.nchw);
            final memory.desc weights = userDesc(g.weightShape(), memory.format_tag.oihw);
            final memory.desc bias = userDesc(new long[] {g.outChannels()}, memory.format_tag.x);
            final memory.desc output = userDesc(g.outputShape(), memory.format_tag.nchw);
            final long[] strides = {g.strideH(), g.strideW()};
            // oneDNN counts dilation from 0 (no gaps), DL4J from 1
            final long[] dilates = {g.dilationH() - 1, g.dilationW() - 1};
            final long[] padBefore = {g.padTop(), g.padLeft()};
            final long[] padAfter = {g.padBottom(), g.padRight()};
            final memory.desc anyInput = anyDesc(g.inputShape());
            final memory.desc anyWeights = anyDesc(g.weightShape());
            final memory.desc anyOutput = anyDesc(g.outputShape());

            final convolution_forward.primitive_desc fwd = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct, anyInput, anyWeights, hasBias ? bias : new memory.desc(),
                    anyOutput, strides, dilates, padBefore, padAfter), OneDnnRelu.postOpIf(fusesRelu), OneDnnLibrary.engine());
            final convolution_backward_data.primitive_desc bwd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(
                    dnnl.algorithm.convolution_direct, anyInput, anyWeights, anyOutput, strides, dilates, padBefore, padAfter), OneDnnLibrary.engine(), fwd);
            final convolution_backward_weights.primitive_desc bww = new convolution_backward_weights.primitive_desc(
                    new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, anyInput, anyWeights, hasBias ? bias : new memory.desc(),
                            anyOutput, strides, dilates, padBefore, padAfter), OneDnnLibrary.engine(), fwd);
            forward = keep(new convolution_forward(fwd));
            backwardData = keep(new convolution_backward_data(bwd));
            backwardWeights = keep(new convolution_backward_weights(bww));

            fwdInput = new Operand(input, fwd.src_desc(), true);
            fwdWeights = new Operand(weights, fwd.weights_desc(), true);
            fwdBias = hasBias ? new Operand(bias, fwd.bias_desc(), true) : null;
            fwdOutput = new Operand(output, fwd.dst_desc(), false);
            bwdOutputGrad = new Operand(output, bwd.diff_dst_desc(), true);
            bwdWeights = new Operand(weights, bwd.weights_desc(), true);
            bwdInputGrad = new Operand(input, bwd.diff_src_desc(), false);
            bwwInput = new Operand(input, bww.src_desc(), true);
            bwwOutputGrad = new Operand(output, bww.diff_dst_desc(), true);
            bwwWeightGrad = new Operand(weights, bww.diff_weights_desc(), false);
            bwwBiasGrad = hasBias ? new Operand(bias, bww.diff_bias_desc(), false) : null;
            LOG.debug("oneDNN convolution {}: forward {}, backward data {}, backward weights {}", g, fwd.impl_info_str().getString(),
                    bwd.impl_info_str().getString(), bww.impl_info_str().getString());
        }

        private <P extends primitive> P keep(final P primitive) {
            primitivesToClose.add(primitive);
            return primitive;
        }

        private static memory.desc userDesc(final long[] shape, final memory.format_tag layout) {
            return new memory.desc(shape, F32, layout);
        }

        private static memory.desc anyDesc(final long[] shape) {
            return new memory.desc(shape, F32, memory.format_tag.any);
        }

        void forward(final INDArray input, final INDArray weights, final INDArray bias, final INDArray output, final Scratch scratch) {
            final IntMemoryMap args = new IntMemoryMap();
            args.put(dnnl.DNNL_ARG_SRC, load(fwdInput, input, scratch));
            args.put(dnnl.DNNL_ARG_WEIGHTS, load(fwdWeights, weights, scratch));
            if (fwdBias != null) {
                args.put(dnnl.DNNL_ARG_BIAS, load(fwdBias, bias, scratch));
            }
            args.put(dnnl.DNNL_ARG_DST, fwdOutput.bind(output, scratch));
            forward.execute(stream, args);
            fwdOutput.store(stream);
            stream._wait();
            args.close();
        }

        /** The gradients of the weights, the bias (when there is one) and, unless {@code inputGrad} is null, the input. */
        void backward(final INDArray input, final INDArray weights, final INDArray outputGrad, final INDArray inputGrad,
                      final INDArray weightGrad, final INDArray biasGrad, final Scratch scratch) {
            final IntMemoryMap dataArgs = new IntMemoryMap();
            memory outputGradForData = null;
            if (inputGrad != null) {
                outputGradForData = load(bwdOutputGrad, outputGrad, scratch);
                dataArgs.put(dnnl.DNNL_ARG_DIFF_DST, outputGradForData);
                dataArgs.put(dnnl.DNNL_ARG_WEIGHTS, load(bwdWeights, weights, scratch));
                dataArgs.put(dnnl.DNNL_ARG_DIFF_SRC, bwdInputGrad.bind(inputGrad, scratch));
                backwardData.execute(stream, dataArgs);
                bwdInputGrad.store(stream);
            }

            final IntMemoryMap weightArgs = new IntMemoryMap();
            weightArgs.put(dnnl.DNNL_ARG_SRC, load(bwwInput, input, scratch));
            // the output gradient is reordered once when both primitives want the same layout
            weightArgs.put(dnnl.DNNL_ARG_DIFF_DST, outputGradForData != null && bwwOutputGrad.inner.get_desc().equals(bwdOutputGrad.inner.get_desc())
                    ? outputGradForData : load(bwwOutputGrad, outputGrad, scratch));
            weightArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, bwwWeightGrad.bind(weightGrad, scratch));
            if (bwwBiasGrad != null) {
                weightArgs.put(dnnl.DNNL_ARG_DIFF_BIAS, bwwBiasGrad.bind(biasGrad, scratch));
            }
            backwardWeights.execute(stream, weightArgs);
            bwwWeightGrad.store(stream);
            if (bwwBiasGrad != null) {
                bwwBiasGrad.store(stream);
            }
            stream._wait();
            dataArgs.close();
            weightArgs.close();
        }

        private memory load(final Operand operand, final INDArray array, final Scratch scratch) {
            final memory inner = operand.bind(array, scratch);
            operand.load(stream);
            return inner;
        }

        @Override
        public void close() {
            for (final Operand operand : new Operand[] {fwdInput, fwdWeights, fwdBias, fwdOutput, bwdOutputGrad, bwdWeights, bwdInputGrad,
                    bwwInput, bwwOutputGrad, bwwWeightGrad, bwwBiasGrad}) {
                if (operand != null) {
                    operand.close();
                }
            }
            primitivesToClose.forEach(primitive::close);
        }
    }
}
