package dev.i2v.model.net;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.util.ConvolutionUtils;

/**
 * Where a convolution's or a pooling's windows fall along one spatial side, DL4J's way, in the terms oneDNN's
 * descriptors take: output size, padding before (top, left) and padding after (bottom, right), which DL4J's
 * "same" mode makes unequal. Used by the training convolutions and by the inference trunk alike.
 */
public final class ConvolutionWindows {

    private ConvolutionWindows() {
    }

    /** Outputs along a side: ceil(in / stride) in "same" mode, else the windows that fit (truncate and strict). */
    public static long outputSize(final long in, final int kernel, final int stride, final int dilation, final int padding,
                                  final ConvolutionMode mode) {
        if (mode == ConvolutionMode.Same) {
            return (in + stride - 1) / stride;
        }
        return (in + 2L * padding - ((long) (kernel - 1) * dilation + 1)) / stride + 1;
    }

    /** Padding before (height, width): "same" mode centres the windows as DL4J does, the other modes use the layer's padding. */
    public static int[] paddingBefore(final long[] in, final long[] out, final int[] kernel, final int[] strides, final int[] dilation,
                                      final int[] padding, final ConvolutionMode mode) {
        return mode == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) out[0], (int) out[1]}, new int[] {(int) in[0], (int) in[1]},
                        kernel, strides, dilation)
                : padding;
    }

    /**
     * The zero padding after the input that makes {@code out} outputs: the last window's end less the input, or 0 when the
     * last rows are read by no window (a 1x1 stride-2 shortcut on an even side; DL4J's truncate mode): oneDNN rounds the
     * output count down as DL4J does, so no padding gives the same {@code out}.
     */
    public static long paddingAfter(final long in, final long out, final int kernel, final int stride, final int dilation, final int before) {
        return Math.max(0, (out - 1) * stride + (long) (kernel - 1) * dilation + 1 - in - before);
    }

    /**
     * For windows of {@code kernel} (no dilation) over an NCHW input of {@code inDims}, DL4J's way: the output's height and
     * width, and oneDNN's strides, padding before and padding after, each as (height, width).
     */
    public static long[][] windows(final long[] inDims, final int[] kernel, final int[] stride, final int[] padding, final boolean sameMode) {
        final ConvolutionMode mode = sameMode ? ConvolutionMode.Same : ConvolutionMode.Truncate;
        final long[] in = {inDims[2], inDims[3]};
        final long[] out = new long[2];
        final long[] after = new long[2];
        for (int d = 0; d < 2; d++) {
            out[d] = outputSize(in[d], kernel[d], stride[d], 1, padding[d], mode);
        }
        final int[] before = paddingBefore(in, out, kernel, stride, new int[] {1, 1}, padding, mode);
        for (int d = 0; d < 2; d++) {
            after[d] = paddingAfter(in[d], out[d], kernel[d], stride[d], 1, before[d]);
        }
        return new long[][] {out, {stride[0], stride[1]}, {before[0], before[1]}, after};
    }
}
