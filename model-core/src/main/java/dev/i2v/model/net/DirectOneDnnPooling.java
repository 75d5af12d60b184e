package dev.i2v.model.net;

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
    /** The input of the last training forward pass, compared by identity, and the primitives whose workspace holds its maxima. */
    private INDArray lastTrainingInput;
    private Primitives lastTraining;

    INDArray forward(final INDArray input, final int[] kernel, final int[] strides, final int[] padding, final ConvolutionMode mode,
                     final boolean training, final LayerWorkspaceMgr workspaceMgr) {
        final Geometry geometry = Geometry.of(input.shape(), kernel, strides, padding, mode);
        final INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, geometry.outputShape(), 'c');
        final Primitives p = primitives.computeIfAbsent(geometry, g -> new Primitives(g, stream));
        p.forward(OneDnnArrays.dense(input), output, training);
        if (training) {
            lastTrainingInput = input;
            lastTraining = p;
        }
        return output;
    }

    /** The gradient of {@code input}; null unless the last training forward pass was of this very array and its maxima are kept. */
    INDArray backward(final INDArray input, final INDArray outputGradient, final LayerWorkspaceMgr workspaceMgr) {
        if (input != lastTrainingInput || !primitives.containsValue(lastTraining)) {
            return null;
        }
        final INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        lastTraining.backward(OneDnnArrays.dense(outputGradient), inputGradient);
        return inputGradient;
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

    /**
     * The inference forward primitive; the training forward and backward primitives and the training pass's workspace
     * (made on the first training pass: a layer that only infers, as in the tagger, never holds them).
     */
    private static final class Primitives implements AutoCloseable {
        private final stream stream;
        private final pooling_backward.desc backwardDesc;
        private final pooling_forward.desc trainingDesc;
        private final memory input;
        private final memory output;
        private final pooling_forward inference;
        private Training training;

        /** What only training needs. */
        private record Training(pooling_forward forward, pooling_backward backward, memory workspace) {
        }

        Primitives(final Geometry g, final stream stream) {
            this.stream = stream;
            final memory.desc inDesc = new memory.desc(g.inputShape(), memory.data_type.f32, memory.format_tag.nchw);
            final memory.desc out = new memory.desc(g.outputShape(), memory.data_type.f32, memory.format_tag.nchw);
            final long[] strides = {g.strideH(), g.strideW()};
            final long[] kernel = {g.kernelH(), g.kernelW()};
            final long[] before = {g.padTop(), g.padLeft()};
            final long[] after = {g.padBottom(), g.padRight()};
            final pooling_forward.desc inferenceDesc = new pooling_forward.desc(dnnl.prop_kind.forward_inference, dnnl.algorithm.pooling_max, inDesc, out, strides, kernel,
                    before, after);
            trainingDesc = new pooling_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.pooling_max, inDesc, out, strides, kernel,
                    before, after);
            backwardDesc = new pooling_backward.desc(dnnl.algorithm.pooling_max, inDesc, out, strides, kernel, before, after);
            inference = new pooling_forward(new pooling_forward.primitive_desc(inferenceDesc, OneDnnLibrary.engine()));
            input = new memory(inDesc, OneDnnLibrary.engine(), new Pointer());
            output = new memory(out, OneDnnLibrary.engine(), new Pointer());
        }

        private Training training() {
            if (training == null) {
                final pooling_forward.primitive_desc forward = new pooling_forward.primitive_desc(trainingDesc, OneDnnLibrary.engine());
                training = new Training(new pooling_forward(forward), new pooling_backward(new pooling_backward.primitive_desc(backwardDesc,
                        OneDnnLibrary.engine(), forward)), new memory(forward.workspace_desc(), OneDnnLibrary.engine()));
            }
            return training;
        }

        void forward(final INDArray src, final INDArray dst, final boolean keepMaxima) {
            try (IntMemoryMap args = new IntMemoryMap()) {
                args.put(dnnl.DNNL_ARG_SRC, bind(input, src));
                args.put(dnnl.DNNL_ARG_DST, bind(output, dst));
                if (keepMaxima) {
                    args.put(dnnl.DNNL_ARG_WORKSPACE, training().workspace());
                    training().forward().execute(stream, args);
                } else {
                    inference.execute(stream, args);
                }
                stream._wait();
            }
        }

        /** After a training {@link #forward} of the same input: reads the maxima it kept. */
        void backward(final INDArray outputGradient, final INDArray inputGradient) {
            try (IntMemoryMap args = new IntMemoryMap()) {
                args.put(dnnl.DNNL_ARG_DIFF_DST, bind(output, outputGradient));
                args.put(dnnl.DNNL_ARG_DIFF_SRC, bind(input, inputGradient));
                args.put(dnnl.DNNL_ARG_WORKSPACE, training().workspace());
                training().backward().execute(stream, args);
                stream._wait();
            }
        }

        private static memory bind(final memory memory, final INDArray array) {
            memory.set_data_handle(OneDnnArrays.address(array));
            return memory;
        }

        @Override
        public void close() {
            if (training != null) {
                training.forward().close();
                training.backward().close();
                training.workspace().close();
            }
            inference.close();
            input.close();
            output.close();
        }
    }
}
