package dev.i2v.crawler;

import dev.i2v.model.image.DecodedImage;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.schemas.avro.ImageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Turns fetched bytes into a publishable {@link ImageEvent}: decoded under the pixel limit (which
 * is checked from the header before decoding), optionally downscaled to a maximum side (aspect
 * kept, re-encoded), and carried inline when small enough, else written to the claim-check folder
 * and referenced by a {@code file:} URI.
 */
public final class ImageNormaliser {

    private final ImageDecoder decoder;
    private final int maxSide;
    private final int inlineMaxBytes;
    private final Path claimCheckDir;

    /**
     * @param maxSide        longest side after downscaling; 0 keeps the original size
     * @param inlineMaxBytes larger images travel as a claim check
     * @param claimCheckDir  where claim-checked images are written (a shared folder in a deployment)
     */
    public ImageNormaliser(final ImageDecoder decoder, final int maxSide, final int inlineMaxBytes, final Path claimCheckDir) {
        this.decoder = decoder;
        this.maxSide = maxSide;
        this.inlineMaxBytes = inlineMaxBytes;
        this.claimCheckDir = claimCheckDir;
    }

    public ImageEvent normalise(final CrawlItem item, final byte[] original) throws ImageRejectedException {
        final String name = item.sourceUrl() != null ? item.sourceUrl() : item.id() != null ? item.id() : item.checkpoint();
        final DecodedImage decoded = decoder.decode(original, name);
        byte[] bytes = original;
        String contentType = decoded.contentType();
        int width = decoded.width();
        int height = decoded.height();
        if (maxSide > 0 && Math.max(width, height) > maxSide) {
            final var small = ImageDecoder.downscale(decoded.image(), maxSide);
            // PNG stays lossless (line art, synthetic pictures); everything else becomes JPEG
            final String format = "image/png".equals(contentType) ? "png" : "jpeg";
            bytes = ImageDecoder.encode(small, format);
            contentType = "image/" + format;
            width = small.getWidth();
            height = small.getHeight();
        }
        final String sha256 = ContentHash.sha256Hex(bytes);
        final String id = item.id() != null ? item.id() : item.source() + ":" + ContentHash.sha256Hex(original);
        final ImageEvent.Builder event = ImageEvent.newBuilder()
                .setId(id)
                .setSource(item.source())
                .setSourceUrl(item.sourceUrl())
                .setSha256(sha256)
                .setContentType(contentType)
                .setWidth(width)
                .setHeight(height)
                .setTags(item.tags())
                .setRating(item.rating())
                .setPublishedAt(Instant.now());
        if (bytes.length <= inlineMaxBytes) {
            event.setBytes(ByteBuffer.wrap(bytes)).setUri(null);
        } else {
            event.setBytes(null).setUri(claimCheck(sha256, contentType, bytes));
        }
        return event.build();
    }

    private String claimCheck(final String sha256, final String contentType, final byte[] bytes) {
        try {
            Files.createDirectories(claimCheckDir);
            final Path file = claimCheckDir.resolve(sha256 + "." + contentType.substring(contentType.indexOf('/') + 1));
            if (!Files.exists(file)) {
                final Path tmp = Files.createTempFile(claimCheckDir, "partial", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return file.toAbsolutePath().toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the claim-check copy under " + claimCheckDir + ": " + e.getMessage()
                    + "; check --claim-check-dir is writable.", e);
        }
    }
}
