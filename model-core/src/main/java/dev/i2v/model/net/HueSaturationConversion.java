package dev.i2v.model.net;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The running form of {@link HueSaturationVertex}: RGB to hue and saturation, per pixel. */
final class HueSaturationConversion extends BaseGraphVertex {

    HueSaturationConversion(final ComputationGraph graph, final String name, final int vertexIndex, final DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(final boolean training, final LayerWorkspaceMgr workspaceMgr) {
        final INDArray rgb = inputs[0];
        final long n = rgb.size(0);
        final long h = rgb.size(2);
        final long w = rgb.size(3);
        final float[] in = rgb.castTo(DataType.FLOAT).dup('c').data().asFloat();
        final float[] out = hueSaturation(in, (int) n, (int) (h * w));
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return Nd4j.create(out, new long[] {n, 2, h, w}, 'c').castTo(dataType);
        }
    }

    /** NCHW floats, 3 channels in, 2 out (hue, saturation), each in [0, 1]. */
    static float[] hueSaturation(final float[] rgb, final int images, final int pixels) {
        final float[] hs = new float[images * 2 * pixels];
        for (int i = 0; i < images; i++) {
            final int base = i * 3 * pixels;
            final int outBase = i * 2 * pixels;
            for (int p = 0; p < pixels; p++) {
                final float r = rgb[base + p];
                final float g = rgb[base + pixels + p];
                final float b = rgb[base + 2 * pixels + p];
                final float max = Math.max(r, Math.max(g, b));
                final float delta = max - Math.min(r, Math.min(g, b));
                float hue = 0;
                if (delta > 1e-6f) {
                    if (max == r) {
                        hue = ((g - b) / delta) / 6f;
                    } else if (max == g) {
                        hue = ((b - r) / delta + 2) / 6f;
                    } else {
                        hue = ((r - g) / delta + 4) / 6f;
                    }
                    if (hue < 0) {
                        hue += 1;
                    }
                }
                hs[outBase + p] = hue;
                hs[outBase + pixels + p] = max > 1e-6f ? delta / max : 0;
            }
        }
        return hs;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(final boolean tbptt, final LayerWorkspaceMgr workspaceMgr) {
        // only the network input is before it: nothing there learns, so the gradient it would get is not needed
        return new Pair<>(null, new INDArray[] {workspaceMgr.create(ArrayType.ACTIVATION_GRAD, inputs[0].dataType(), inputs[0].shape(), 'c')});
    }

    @Override
    public void setBackpropGradientsViewArray(final INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("HueSaturationVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(final INDArray[] maskArrays, final MaskState currentMaskState, final int minibatchSize) {
        return maskArrays == null || maskArrays.length == 0 ? null : new Pair<>(maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "HueSaturationConversion(name=\"" + getVertexName() + "\")";
    }
}
