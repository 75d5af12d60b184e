package dev.i2v.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Where model artifacts live: a {@code file:} directory the trainer writes and taggers read, or an
 * {@code http(s)://} location taggers download from (into a local cache, checked by sha256).
 */
public final class ModelStore {

    private static final long MAX_DOWNLOAD_BYTES = 4L * 1024 * 1024 * 1024;

    private final URI base;
    private final Path cacheDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * @param baseUri  a {@code file:} URI or a plain directory path (read and write), or {@code http(s)://} (read only)
     * @param cacheDir where downloaded artifacts are kept
     */
    public ModelStore(final String baseUri, final Path cacheDir) {
        this.base = toUri(baseUri);
        this.cacheDir = cacheDir;
    }

    /** A file: URI for a plain path, else the URI as given (with a trailing slash, so names resolve under it). */
    static URI toUri(final String location) {
        final String s = location.trim();
        final URI uri = s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")
                ? URI.create(s) : Path.of(s).toAbsolutePath().toUri();
        return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    }

    public URI base() {
        return base;
    }

    /** Writes {@code <modelName>-v<version>.i2vmodel} under the store's directory, never over another file. */
    public StoredModel save(final ModelArtifact artifact) throws IOException {
        final Path file = fileOf(artifact.info().modelName(), artifact.info().version());
        final String sha = ModelArtifacts.write(artifact, file);
        return new StoredModel(file.toUri().toString(), sha, Files.size(file));
    }

    /** The file a version is saved to. */
    public Path fileOf(final String modelName, final long version) throws IOException {
        if (!"file".equals(base.getScheme())) {
            throw new IOException("Model store " + base + " is read-only here: the trainer writes to a file: location"
                    + " (a shared volume); serve that folder over http(s) for remote taggers.");
        }
        return Path.of(base.resolve(modelName + "-v" + version + ".i2vmodel"));
    }

    /** Fetches (file: in place, http(s) into the cache), checks the sha256 and reads the artifact. */
    public ModelArtifact load(final String uri, final String sha256) throws ModelRejectedException {
        return ModelArtifacts.read(fetch(uri, sha256), sha256);
    }

    private Path fetch(final String uri, final String sha256) throws ModelRejectedException {
        final URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException("Model location '" + uri + "' is not a URI: " + e.getMessage(), e);
        }
        final String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return Path.of(u);
            case "http":
            case "https":
                return download(u, sha256);
            default:
                throw new ModelRejectedException("Model location '" + uri + "' has scheme '" + scheme + "'; use file:, http: or https:.");
        }
    }

    private Path download(final URI uri, final String sha256) throws ModelRejectedException {
        final Path cached = cacheDir.resolve(sha256.toLowerCase(Locale.ROOT) + ".i2vmodel");
        try {
            if (Files.exists(cached) && ModelArtifacts.sha256(cached).equalsIgnoreCase(sha256)) {
                return cached;
            }
            Files.createDirectories(cacheDir);
            final HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ModelRejectedException("Downloading model " + uri + " gave HTTP " + response.statusCode() + "; is the model store served there?");
                }
                final Path tmp = Files.createTempFile(cacheDir, "download", ".tmp");
                try (var out = Files.newOutputStream(tmp)) {
                    final byte[] buf = new byte[1 << 16];
                    long total = 0;
                    for (int n; (n = body.read(buf)) > 0; ) {
                        total += n;
                        if (total > MAX_DOWNLOAD_BYTES) {
                            throw new ModelRejectedException("Model " + uri + " is over " + MAX_DOWNLOAD_BYTES + " bytes; refusing it.");
                        }
                        out.write(buf, 0, n);
                    }
                }
                Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return cached;
            }
        } catch (IOException e) {
            throw new ModelRejectedException("Cannot download model " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelRejectedException("Interrupted while downloading model " + uri, e);
        } catch (UncheckedIOException e) {
            throw new ModelRejectedException("Cannot download model " + uri + ": " + e.getMessage(), e);
        }
    }
}
