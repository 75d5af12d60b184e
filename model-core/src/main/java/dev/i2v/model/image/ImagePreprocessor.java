package dev.i2v.model.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one preprocessing path, shared by trainer and tagger so that training and serving see the
 * same pixels: pad to a centred white square, resize to the input size, keep as compact 8-bit RGB
 * ({@link #pixels}), and turn a list of those into a normalised NCHW float batch ({@link #batch}).
 */
public final class ImagePreprocessor {

    /** How pixel values are scaled for a backbone. */
    public enum Normalisation {
        /** 0..1: the small backbones trained from scratch. */
        UNIT,
        /** 0..255 minus the ImageNet RGB mean: what the zoo's VGG16 weights expect. */
        VGG_MEAN
    }

    /** ImageNet RGB mean, as in DL4J's VGG16ImagePreProcessor. */
    private static final float[] VGG_MEAN_RGB = {123.68f, 116.779f, 103.939f};

    private final int inputSize;
    private final Normalisation normalisation;

    public ImagePreprocessor(final int inputSize, final Normalisation normalisation) {
        if (inputSize < 2 || inputSize > 1024) {
            throw new IllegalArgumentException("input size " + inputSize + " is outside 2..1024 pixels");
        }
        this.inputSize = inputSize;
        this.normalisation = normalisation;
    }

    public int inputSize() {
        return inputSize;
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    /** Pads to a centred square on white, resizes to the input size: 8-bit RGB in CHW order, 3*s*s bytes. */
    public byte[] pixels(final BufferedImage image) {
        final int side = Math.max(image.getWidth(), image.getHeight());
        final BufferedImage square = new BufferedImage(inputSize, inputSize, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = square.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, inputSize, inputSize);
        final double scale = (double) inputSize / side;
        final int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        final int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        g.drawImage(image, (inputSize - w) / 2, (inputSize - h) / 2, w, h, null);
        g.dispose();

        final int plane = inputSize * inputSize;
        final byte[] out = new byte[3 * plane];
        final int[] rgb = square.getRGB(0, 0, inputSize, inputSize, null, 0, inputSize);
        for (int i = 0; i < plane; i++) {
            final int p = rgb[i];
            out[i] = (byte) (p >> 16);
            out[plane + i] = (byte) (p >> 8);
            out[2 * plane + i] = (byte) p;
        }
        return out;
    }

    /** A float NCHW batch [n, 3, s, s] of {@link #pixels} arrays, normalised for the backbone. */
    public INDArray batch(final List<byte[]> pixels) {
        final int plane = inputSize * inputSize;
        final float[] data = new float[pixels.size() * 3 * plane];
        int k = 0;
        for (final byte[] image : pixels) {
            if (image.length != 3 * plane) {
                throw new IllegalArgumentException("pixel array of " + image.length + " bytes, expected " + 3 * plane
                        + " (3x" + inputSize + "x" + inputSize + "): made by a preprocessor with another input size");
            }
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    final float v = image[c * plane + i] & 0xff;
                    data[k++] = normalisation == Normalisation.UNIT ? v / 255f : v - VGG_MEAN_RGB[c];
                }
            }
        }
        return Nd4j.create(data, new long[] {pixels.size(), 3, inputSize, inputSize}, 'c');
    }
}
