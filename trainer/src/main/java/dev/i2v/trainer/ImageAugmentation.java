package dev.i2v.trainer;

import java.util.SplittableRandom;

/**
 * Changes to a training image that keep every tag true. Only a horizontal mirror qualifies here:
 * colour jitter would falsify colour tags (blue_hair), crops could cut off what a tag names (hat).
 */
final class ImageAugmentation {

    /** Leaves every image as it is. */
    static final ImageAugmentation NONE = new ImageAugmentation(false, 1, 0);

    private final boolean flip;
    private final int side;
    private final SplittableRandom random;

    /** @param side the images' side in pixels (CHW, 8-bit, as {@link LabelledImage#pixels()}) */
    ImageAugmentation(final boolean flip, final int side, final long seed) {
        this.flip = flip;
        this.side = side;
        this.random = new SplittableRandom(seed);
    }

    /** The image to train on this time: the original or, half the time when flipping, its mirror (a copy). */
    byte[] apply(final byte[] chw) {
        return flip && random.nextBoolean() ? mirrored(chw, side) : chw;
    }

    static byte[] mirrored(final byte[] chw, final int side) {
        final byte[] out = new byte[chw.length];
        for (int row = 0; row < chw.length / side; row++) {
            final int start = row * side;
            for (int x = 0; x < side; x++) {
                out[start + x] = chw[start + side - 1 - x];
            }
        }
        return out;
    }
}
