package dev.i2v.model.net;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * im2col for a stride-1, dilation-1 convolution, done as one strided copy per kernel offset instead of
 * libnd4j's {@code im2col} op: for the 32 x 3 x 64 x 64 image batch that took ~90 ms on this machine, the
 * nine shifted copies ~3 ms. (The reverse, col2im, is fast in libnd4j: strided adds here were not.)
 *
 * <p>Patches are laid out {@code [channels, kH, kW, batch, outH, outW]}, so that as a
 * {@code [channels * kH * kW, batch * outH * outW]} matrix they meet a {@code [outChannels, batch * outH * outW]}
 * gradient in one gemm.
 */
final class ShiftedPatches {

    private ShiftedPatches() {
    }

    /**
     * @param input NCHW
     * @param pad   top, left, bottom, right zero padding
     * @return {@code [channels, kH, kW, batch, outH, outW]}, in the layer's backprop working memory
     */
    static INDArray of(final INDArray input, final int kH, final int kW, final int[] pad, final LayerWorkspaceMgr workspaceMgr) {
        final long batch = input.size(0);
        final long channels = input.size(1);
        final long outH = input.size(2) + pad[0] + pad[2] - kH + 1;
        final long outW = input.size(3) + pad[1] + pad[3] - kW + 1;
        final INDArray padded = workspaceMgr.create(ArrayType.BP_WORKING_MEM, input.dataType(),
                new long[] {channels, batch, input.size(2) + pad[0] + pad[2], input.size(3) + pad[1] + pad[3]}, 'c');
        padded.get(interior(input, pad)).assign(input.permute(1, 0, 2, 3));
        final INDArray patches = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                new long[] {channels, kH, kW, batch, outH, outW}, 'c');
        for (int y = 0; y < kH; y++) {
            for (int x = 0; x < kW; x++) {
                patches.get(NDArrayIndex.all(), NDArrayIndex.point(y), NDArrayIndex.point(x), NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.all()).assign(padded.get(window(y, x, outH, outW)));
            }
        }
        return patches;
    }

    /** The unpadded input inside a {@code [channels, batch, paddedH, paddedW]} array. */
    private static INDArrayIndex[] interior(final INDArray nchw, final int[] pad) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(pad[0], pad[0] + nchw.size(2)),
                NDArrayIndex.interval(pad[1], pad[1] + nchw.size(3))};
    }

    /** The padded input positions that kernel offset (y, x) reads, for every output position. */
    private static INDArrayIndex[] window(final int y, final int x, final long outH, final long outW) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(y, y + outH),
                NDArrayIndex.interval(x, x + outW)};
    }
}
