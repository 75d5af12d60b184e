package dev.i2v.model.image;

import dev.i2v.model.http.BoundedHttp;
import dev.i2v.schemas.avro.ImageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The encoded bytes of an {@link ImageEvent}: inline, or fetched from its claim-check URI, but only
 * where the operator allows ({@link ClaimCheckPolicy}) and under the decoder's byte limit. Trainer
 * and tagger both read images here, so a claim check behaves the same on both paths.
 *
 * <p>Messages name the URI and the rule that refused it, never what was found there (no bytes, no
 * sizes of files outside the folders, no network errors of hosts outside the prefixes): they end
 * up in dead-letter headers that other people read.
 */
public final class ClaimCheckReader {

    private final long maxBytes;
    private final ClaimCheckPolicy policy;
    private final BoundedHttp http;

    public ClaimCheckReader(final ImageLimits limits, final ClaimCheckPolicy policy) {
        this.maxBytes = limits.maxBytes();
        this.policy = policy;
        this.http = new BoundedHttp(policy.timeout(), policy::allowsUrl);
    }

    /** The event's image bytes; a refused, missing, unreachable or oversized claim check is an {@link ImageRejectedException}. */
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
        return fetch(event.getId(), shown(event.getUri()), event.getUri());
    }

    /** A URI as named in messages: cut short, so a megabyte of URI cannot swell a dead letter's headers. */
    private static String shown(final String location) {
        return location.length() <= 200 ? location : location.substring(0, 200) + "...";
    }

    private byte[] fetch(final String id, final String location, final String given) throws ImageRejectedException {
        final URI uri;
        try {
            uri = new URI(given);
        } catch (java.net.URISyntaxException e) {
            throw refused(id, location, "it is not a valid URI");
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> readFile(id, location, uri);
            case "http", "https" -> download(id, location, uri);
            default -> throw refused(id, location, "only file: and http(s): claim checks are read");
        };
    }

    private byte[] readFile(final String id, final String location, final URI uri) throws ImageRejectedException {
        if (uri.getRawAuthority() != null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.isOpaque()) {
            throw refused(id, location, "a file: claim check is file:///absolute/path, without host, query or fragment");
        }
        final Path lexical;
        try {
            lexical = Path.of(uri).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw refused(id, location, "it does not name a local path");
        }
        // checked before the file system is touched, so a refusal says nothing about what exists outside the folders
        if (!underAllowedDir(lexical)) {
            throw refused(id, location, "it is outside the claim-check folders (" + ClaimCheckPolicy.DIRS + ")");
        }
        final Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                    "image " + id + ": claim check " + location + " does not exist or is not readable.");
        }
        if (!underAllowedDir(real)) {
            throw refused(id, location, "it links outside the claim-check folders (" + ClaimCheckPolicy.DIRS + ")");
        }
        if (!Files.isRegularFile(real)) {
            throw refused(id, location, "it is not a regular file");
        }
        try (InputStream in = Files.newInputStream(real)) {
            // read at most one byte more than allowed: the size a file reports (0 for /proc and devices) is not trusted
            final byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            checkSize(id, location, bytes.length);
            return bytes;
        } catch (IOException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                    "image " + id + ": claim check " + location + " could not be read (" + e.getClass().getSimpleName() + ").");
        }
    }

    private boolean underAllowedDir(final Path path) {
        for (final Path dir : policy.dirs()) {
            if (path.startsWith(dir) || path.startsWith(realOrSelf(dir))) {
                return true;
            }
        }
        return false;
    }

    private static Path realOrSelf(final Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    private byte[] download(final String id, final String location, final URI uri) throws ImageRejectedException {
        if (!policy.allowsUrl(uri)) {
            throw refused(id, location, "it is not under an allowed URL prefix (" + ClaimCheckPolicy.URL_PREFIXES + ")");
        }
        try {
            final BoundedHttp.Answer answer = http.get(uri, maxBytes, Map.of());
            if (answer.status() != 200) {
                throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                        "image " + id + ": claim check " + location + " answered HTTP " + answer.status() + ".");
            }
            return answer.body();
        } catch (BoundedHttp.TooLargeException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE_BYTES, String.format(
                    "image %s at %s is over the %,d-byte limit; downscale it or raise the limit.", id, location, maxBytes));
        } catch (BoundedHttp.RedirectRefusedException e) {
            throw refused(id, location, "it redirects outside the allowed URL prefixes");
        } catch (HttpTimeoutException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE, "image " + id + ": claim check " + location
                    + " gave no complete answer within " + policy.timeout().toMillis() + " ms (" + ClaimCheckPolicy.TIMEOUT_MS + ").");
        } catch (IOException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE,
                    "image " + id + ": claim check " + location + " could not be fetched (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageRejectedException(ImageRejectedException.Reason.UNREADABLE, "image " + id + ": interrupted while fetching " + location);
        }
    }

    private void checkSize(final String id, final String location, final long size) throws ImageRejectedException {
        if (size > maxBytes) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE_BYTES, String.format(
                    "image %s at %s is over the %,d-byte limit; downscale it or raise the limit.", id, location, maxBytes));
        }
    }

    private static ImageRejectedException refused(final String id, final String location, final String rule) {
        return new ImageRejectedException(ImageRejectedException.Reason.CLAIM_CHECK_REFUSED,
                "image " + id + ": claim check " + location + " refused: " + rule + ".");
    }
}
