package dev.i2v.model.image;

import java.awt.image.BufferedImage;

/** A decoded image with what the header said about it. */
public record DecodedImage(BufferedImage image, String contentType, int width, int height) {
}
