package dev.i2v.model.image;

/**
 * Limits applied before and while decoding. The pixel limit is checked against the header's
 * width and height before any pixel is decoded, which is what stops decompression bombs.
 */
public record ImageLimits(long maxBytes, long maxPixels) {

    /** 32 MiB of encoded bytes, 64 megapixels (Danbooru's largest originals are below both). */
    public static final ImageLimits DEFAULT = new ImageLimits(32L * 1024 * 1024, 64L * 1024 * 1024);
}
