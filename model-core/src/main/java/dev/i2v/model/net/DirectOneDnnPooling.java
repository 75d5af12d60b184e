package dev.i2v.model.net;

import java.util.Arrays;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling's forward and backward passes on oneDNN 2.5's primitives, for NCHW floats. A training forward pass keeps
 * oneDNN's workspace (where each window's maximum was) and the backward pass of the same input reads it. Primitives and
 * workspace are made once per input shape.
 *
 * <p>One instance per layer: layers run on one thread.
 */
final class DirectOneDnnPooling {

    /** Input shapes kept, as for the convolutions: the training batch, a last smaller one, the tagger's batches. */
    private static final int SHAPES_KEPT = 16;

    private final stream stream = new stream(OneDnnLibrary.engine());
    private final Map<Geometry, Primitives> primitives = new ClosingLruCache<>(SHAPES_KEPT);
    /** The input of the last training forward pass, whose maxima the workspace of its geometry holds; compared by identity. */
    private INDArray lastTrainingInput;
    private Geometry lastTrainingGeometry;

    INDArray forward(final INDArray input, final int[] kernel, final int[] strides, final int[] padding, final ConvolutionMode mode,
                     final boolean training, final LayerWorkspaceMgr workspaceMgr) {
        final Geometry geometry = Geometry.of(input.shape(), kernel, strides, padding, mode);
        final INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, geometry.outputShape(), 'c');
        primitives(geometry).forward(DirectOneDnnConvolution.dense(input), output, training);
        lastTrainingInput = training ? input : lastTrainingInput;
        lastTrainingGeometry = training ? geometry : lastTrainingGeometry;
        return output;
    }

    /** The gradient of {@code input}; null unless the last training forward pass was of this very array. */
    INDArray backward(final INDArray input, final INDArray outputGradient, final LayerWorkspaceMgr workspaceMgr) {
        if (input != lastTrainingInput || !Arrays.equals(lastTrainingGeometry.inputShape(), input.shape())) {
            return null;
        }
        final INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        primitives(lastTrainingGeometry).backward(DirectOneDnnConvolution.dense(outputGradient), inputGradient);
        return inputGradient;
    }

    private Primitives primitives(final Geometry geometry) {
        return primitives.computeIfAbsent(geometry, g -> new Primitives(g, stream));
    }

    /** A pooling's shapes and windows: (height, width) pairs in oneDNN's terms. */
    record Geometry(long batch, long channels, long inH, long inW, long outH, long outW, long kernelH, long kernelW, long strideH, long strideW,
                    long padTop, long padLeft, long padBottom, long padRight) {

        static Geometry of(final long[] inputShape, final int[] kernel, final int[] strides, final int[] padding, final ConvolutionMode mode) {
            final long[][] w = ConvolutionWindows.windows(inputShape, kernel, strides, padding, mode == ConvolutionMode.Same);
            return new Geometry(inputShape[0], inputShape[1], inputShape[2], inputShape[3], w[0][0], w[0][1], kernel[0], kernel[1], w[1][0], w[1][1],
                    w[2][0], w[2][1], w[3][0], w[3][1]);
        }

        long[] inputShape() {
            return new long[] {batch, channels, inH, inW};
        }

        long[] outputShape() {
            return new long[] {batch, channels, outH, outW};
        }
    }

    /** Training and inference forward primitives, the backward primitive, and the training pass's workspace. */
    private static final class Primitives implements AutoCloseable {
        private final stream stream;
        private final memory input;
        private final memory output;
        private final memory workspace;
        private final pooling_forward training;
        private final pooling_forward inference;
        private final pooling_backward backward;

        Primitives(final Geometry g, final stream stream) {
            this.stream = stream;
            final memory.desc in = new memory.desc(g.inputShape(), memory.data_type.f32, memory.format_tag.nchw);
            final memory.desc out = new memory.desc(g.outputShape(), memory.data_type.f32, memory.format_tag.nchw);
            final long[] strides = {g.strideH(), g.strideW()};
            final long[] kernel = {g.kernelH(), g.kernelW()};
            final long[] before = {g.padTop(), g.padLeft()};
            final long[] after = {g.padBottom(), g.padRight()};
            final pooling_forward.primitive_desc trainingDesc = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    dnnl.prop_kind.forward_training, dnnl.algorithm.pooling_max, in, out, strides, kernel, before, after), OneDnnLibrary.engine());
            training = new pooling_forward(trainingDesc);
            inference = new pooling_forward(new pooling_forward.primitive_desc(new pooling_forward.desc(
                    dnnl.prop_kind.forward_inference, dnnl.algorithm.pooling_max, in, out, strides, kernel, before, after), OneDnnLibrary.engine()));
            backward = new pooling_backward(new pooling_backward.primitive_desc(new pooling_backward.desc(
                    dnnl.algorithm.pooling_max, in, out, strides, kernel, before, after), OneDnnLibrary.engine(), trainingDesc));
            input = new memory(in, OneDnnLibrary.engine(), new Pointer());
            output = new memory(out, OneDnnLibrary.engine(), new Pointer());
            workspace = new memory(trainingDesc.workspace_desc(), OneDnnLibrary.engine());
        }

        void forward(final INDArray src, final INDArray dst, final boolean keepMaxima) {
            final IntMemoryMap args = new IntMemoryMap();
            args.put(dnnl.DNNL_ARG_SRC, bind(input, src));
            args.put(dnnl.DNNL_ARG_DST, bind(output, dst));
            if (keepMaxima) {
                args.put(dnnl.DNNL_ARG_WORKSPACE, workspace);
                training.execute(stream, args);
            } else {
                inference.execute(stream, args);
            }
            stream._wait();
            args.close();
        }

        void backward(final INDArray outputGradient, final INDArray inputGradient) {
            final IntMemoryMap args = new IntMemoryMap();
            args.put(dnnl.DNNL_ARG_DIFF_DST, bind(output, outputGradient));
            args.put(dnnl.DNNL_ARG_DIFF_SRC, bind(input, inputGradient));
            args.put(dnnl.DNNL_ARG_WORKSPACE, workspace);
            backward.execute(stream, args);
            stream._wait();
            args.close();
        }

        private static memory bind(final memory memory, final INDArray array) {
            memory.set_data_handle(DirectOneDnnConvolution.address(array));
            return memory;
        }

        @Override
        public void close() {
            training.close();
            inference.close();
            backward.close();
            input.close();
            output.close();
            workspace.close();
        }
    }
}
