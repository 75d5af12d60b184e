package dev.i2v.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(1 << 20, 100 * 100));

    private static byte[] png(final int w, final int h) {
        return ImageDecoder.encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png");
    }

    @Test
    void decodesPngAndJpeg() throws Exception {
        final DecodedImage d = decoder.decode(png(40, 30), "a.png");
        assertEquals("image/png", d.contentType());
        assertEquals(40, d.image().getWidth());
        final BufferedImage rgb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        assertEquals("image/jpeg", decoder.decode(ImageDecoder.encode(rgb, "jpeg"), "b.jpg").contentType());
    }

    @Test
    void refusesEmptyGarbageTruncatedAndBombs() {
        assertEquals(ImageRejectedException.Reason.EMPTY,
                assertThrows(ImageRejectedException.class, () -> decoder.decode(new byte[0], "zero.png")).reason());
        final ImageRejectedException garbage = assertThrows(ImageRejectedException.class,
                () -> decoder.decode("hello world".getBytes(), "notes.jpg"));
        assertEquals(ImageRejectedException.Reason.NOT_AN_IMAGE, garbage.reason());
        assertTrue(garbage.getMessage().startsWith("notes.jpg"), garbage.getMessage());
        final byte[] full = png(64, 64);
        assertEquals(ImageRejectedException.Reason.CORRUPT, assertThrows(ImageRejectedException.class,
                () -> decoder.decode(Arrays.copyOf(full, full.length / 2), "cut.png")).reason());
        // 200x200 = 40,000 pixels: refused from the header, before decoding
        assertEquals(ImageRejectedException.Reason.TOO_MANY_PIXELS,
                assertThrows(ImageRejectedException.class, () -> decoder.decode(png(200, 200), "big.png")).reason());
    }

    @Test
    void downscaleKeepsAspectAndNeverUpscales() {
        final BufferedImage src = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        final BufferedImage small = ImageDecoder.downscale(src, 100);
        assertEquals(100, small.getWidth());
        assertEquals(50, small.getHeight());
        assertEquals(src, ImageDecoder.downscale(src, 1000));
    }
}
