package dev.i2v.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImagePreprocessorTest {

    @Test
    void padsAWideImageToACentredSquareOnWhite() {
        final BufferedImage wide = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = wide.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 20);
        g.dispose();
        final ImagePreprocessor p = new ImagePreprocessor(20, ImagePreprocessor.Normalisation.UNIT);
        final byte[] px = p.pixels(wide);
        assertEquals(3 * 20 * 20, px.length);
        // row 0 is padding (white), row 10 is the red band
        assertArrayEquals(new int[] {255, 255, 255}, rgbAt(px, 20, 0, 10));
        assertArrayEquals(new int[] {255, 0, 0}, rgbAt(px, 20, 10, 10));
    }

    @Test
    void batchesNormaliseForTheBackbone() {
        final byte[] px = new byte[3 * 4 * 4];
        px[0] = (byte) 255; // red channel, first pixel
        final INDArray unit = new ImagePreprocessor(4, ImagePreprocessor.Normalisation.UNIT).batch(List.of(px, px));
        assertArrayEquals(new long[] {2, 3, 4, 4}, unit.shape());
        assertEquals(1.0, unit.getDouble(1, 0, 0, 0), 1e-6);
        assertEquals(0.0, unit.getDouble(1, 1, 0, 0), 1e-6);
        final INDArray vgg = new ImagePreprocessor(4, ImagePreprocessor.Normalisation.VGG_MEAN).batch(List.of(px));
        assertEquals(255 - 123.68, vgg.getDouble(0, 0, 0, 0), 1e-3);
        assertEquals(-116.779, vgg.getDouble(0, 1, 0, 0), 1e-3);
    }

    @Test
    void pixelsOfAnotherSizeAreRefusedByName() {
        final ImagePreprocessor p = new ImagePreprocessor(8, ImagePreprocessor.Normalisation.UNIT);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.batch(List.of(new byte[12])));
        assertEquals(true, e.getMessage().contains("3x8x8"), e.getMessage());
    }

    private static int[] rgbAt(final byte[] px, final int side, final int y, final int x) {
        final int plane = side * side;
        final int i = y * side + x;
        return new int[] {px[i] & 0xff, px[plane + i] & 0xff, px[2 * plane + i] & 0xff};
    }
}
