package dev.i2v.model.image;

import dev.i2v.schemas.avro.ImageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The encoded bytes of an {@link ImageEvent}: inline, or fetched from its claim-check URI
 * ({@code file:}, {@code http(s):}) under the same byte limit the decoder applies. Trainer and
 * tagger both read images here, so a claim check behaves the same on both paths.
 */
public final class ClaimCheckReader {

    private final long maxBytes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public ClaimCheckReader(final ImageLimits limits) {
        this.maxBytes = limits.maxBytes();
    }

    /** The event's image bytes; a missing, unreachable or oversized claim check is an {@link ImageRejectedException}. */
    public byte[] bytesOf(final ImageEvent event) throws ImageRejectedException {
        final ByteBuffer inline = event.getBytes();
        if (inline != null) {
            final ByteBuffer b = inline.duplicate();
            final byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
        if (event.getUri() == null || event.getUri().isBlank()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                    "image " + event.getId() + " has neither inline bytes nor a uri; the producer must send one of them.");
        }
        return fetch(event.getId(), event.getUri());
    }

    private byte[] fetch(final String id, final String location) throws ImageRejectedException {
        final URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw unreadable(id, location, "not a URI (" + e.getMessage() + ")", e);
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        try {
            switch (scheme) {
                case "file": {
                    final Path path = Path.of(uri);
                    final long size = Files.size(path);
                    checkSize(id, location, size);
                    return Files.readAllBytes(path);
                }
                case "http":
                case "https": {
                    final HttpResponse<InputStream> response = http.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream body = response.body()) {
                        if (response.statusCode() != 200) {
                            throw unreadable(id, location, "HTTP " + response.statusCode(), null);
                        }
                        final byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                        checkSize(id, location, bytes.length);
                        return bytes;
                    }
                }
                default:
                    throw unreadable(id, location, "scheme '" + scheme + "' is not file:, http: or https:", null);
            }
        } catch (IOException e) {
            throw unreadable(id, location, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreadable(id, location, "interrupted", e);
        }
    }

    private void checkSize(final String id, final String location, final long size) throws ImageRejectedException {
        if (size > maxBytes) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE_BYTES, String.format(
                    "image %s at %s: %,d bytes is over the %,d-byte limit; downscale it or raise the limit.", id, location, size, maxBytes));
        }
    }

    private static ImageRejectedException unreadable(final String id, final String location, final String why, final Exception cause) {
        return new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                "image " + id + ": cannot fetch its claim check " + location + ": " + why + "; check that the file or server is reachable.", cause);
    }
}
