package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageAugmentationTest {

    /** 3 channels of a 2x2 image: each row mirrored, channels and rows kept in place. */
    @Test
    void aMirrorReversesEveryRowOfEveryChannel() {
        final byte[] chw = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertArrayEquals(new byte[] {2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11}, ImageAugmentation.mirrored(chw, 2));
        assertArrayEquals(chw, ImageAugmentation.mirrored(ImageAugmentation.mirrored(chw, 2), 2));
    }

    @Test
    void flippingMirrorsAboutHalfTheImagesAndNoneLeavesThemAlone() {
        final byte[] chw = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        final ImageAugmentation flip = new ImageAugmentation(true, 2, 7);
        int mirrored = 0;
        for (int i = 0; i < 1000; i++) {
            mirrored += flip.apply(chw) == chw ? 0 : 1;
        }
        assertTrue(mirrored > 400 && mirrored < 600, mirrored + " of 1000 mirrored");
        assertSame(chw, ImageAugmentation.NONE.apply(chw));
    }
}
