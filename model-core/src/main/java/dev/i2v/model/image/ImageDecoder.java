package dev.i2v.model.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one image decoder of the project (crawler, trainer and tagger all decode here): checks the
 * size and the header's dimensions against {@link ImageLimits} before decoding, converts to 8-bit
 * RGB, and turns every failure into an {@link ImageRejectedException} that names the input.
 */
public final class ImageDecoder {

    private final ImageLimits limits;

    public ImageDecoder(final ImageLimits limits) {
        this.limits = limits;
    }

    public ImageDecoder() {
        this(ImageLimits.DEFAULT);
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Decodes an encoded image to RGB.
     *
     * @param name what the bytes are (a path, an id, a URL), used in error messages
     */
    public DecodedImage decode(final byte[] bytes, final String name) throws ImageRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY,
                    name + ": the file is empty (0 bytes); re-download or remove it.");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE_BYTES, String.format(
                    "%s: %,d bytes is over the %,d-byte limit; downscale it or raise the limit.", name, bytes.length, limits.maxBytes()));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(ImageRejectedException.Reason.NOT_AN_IMAGE,
                        name + ": not a PNG, JPEG, GIF or BMP image; publish image files only.");
            }
            final ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                final String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                final int width = reader.getWidth(0);
                final int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                            name + ": header says " + width + "x" + height + " pixels; the file is corrupt.");
                }
                if ((long) width * height > limits.maxPixels()) {
                    throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS, String.format(
                            "%s: header says %dx%d = %,d pixels, over the %,d-pixel limit (a decompression bomb, or an image to downscale first).",
                            name, width, height, (long) width * height, limits.maxPixels()));
                }
                final BufferedImage raw = reader.read(0);
                return new DecodedImage(toRgb(raw), contentType(format), width, height);
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports truncated or corrupt data as IIOException, EOFException or assorted runtime exceptions
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    name + ": cannot decode (" + e.getClass().getSimpleName() + "); the file is truncated or corrupt, re-download it.", e);
        }
    }

    /** Converts any decoded image (indexed, grey, alpha) to 8-bit RGB on white, so every path sees the same pixels. */
    public static BufferedImage toRgb(final BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        final BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Scales down (never up) so that the longer side is at most {@code maxSide}, keeping the aspect ratio. */
    public static BufferedImage downscale(final BufferedImage src, final int maxSide) {
        final int longest = Math.max(src.getWidth(), src.getHeight());
        if (maxSide <= 0 || longest <= maxSide) {
            return src;
        }
        final double f = (double) maxSide / longest;
        final int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        final int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Encodes as PNG (lossless: synthetic art) or JPEG (photos and large originals). */
    public static byte[] encode(final BufferedImage image, final String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("No ImageIO writer for format '" + format + "'; use png or jpeg.");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(final String format) {
        return switch (format) {
            case "jpeg", "jpg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "wbmp" -> "image/vnd.wap.wbmp";
            default -> "image/" + format;
        };
    }
}
