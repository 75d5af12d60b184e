package dev.i2v.model.artifact;

import dev.i2v.model.http.BoundedHttp;
import dev.i2v.model.http.UrlPrefixes;
import dev.i2v.schemas.avro.ModelUpdated;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where model artifacts live: a {@code file:} directory the trainer writes and taggers read, or an
 * {@code http(s)://} location taggers download from (into a local cache, checked by sha256).
 */
public final class ModelStore {

    /** VGG16 with its updater state is well under this. */
    private static final long MAX_ARTIFACT_BYTES = 4L * 1024 * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final URI base;
    private final Path cacheDir;
    private final BoundedHttp http;

    /**
     * @param baseUri  a {@code file:} URI or a plain directory path (read and write), or {@code http(s)://} (read only)
     * @param cacheDir where downloaded artifacts are kept
     */
    public ModelStore(final String baseUri, final Path cacheDir) {
        this.base = toUri(baseUri);
        this.cacheDir = cacheDir;
        // redirects only within the store; ten minutes for a whole VGG16 artifact
        this.http = new BoundedHttp(Duration.ofMinutes(10), u -> refusalOf(u.toString()) == null);
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

    /**
     * Why an artifact location is not acceptable, or null when it is: it must lie under this store
     * (a {@code file:} path under its folder, without host; an {@code http(s):} URL under its base).
     * Checked on the URI alone, before anything is fetched.
     */
    public String refusalOf(final String location) {
        final URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return "the artifact location is not a URI";
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(base.getScheme().toLowerCase(Locale.ROOT))) {
            return "the artifact is not in the model store " + base + " (model.store)";
        }
        if (scheme.equals("file")) {
            if (uri.getRawAuthority() != null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.isOpaque()) {
                return "a file: artifact location has no host, query or fragment";
            }
            final Path path;
            try {
                path = Path.of(uri).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                return "the artifact location is not a local path";
            }
            return path.startsWith(Path.of(base).toAbsolutePath().normalize()) ? null
                    : "the artifact is not in the model store " + base + " (model.store)";
        }
        return new UrlPrefixes(List.of(base.toString())).allows(uri) ? null : "the artifact is not in the model store " + base + " (model.store)";
    }

    /** Whether a checksum is 64 hexadecimal characters (it becomes a cache file name). */
    public static boolean isSha256(final String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /**
     * Fetches (file: in place, http(s) into the cache), checks the sha256 and reads the artifact;
     * refuses a location outside the store or a malformed checksum before touching anything.
     */
    public ModelArtifact load(final String uri, final String sha256) throws ModelRejectedException {
        final String refusal = refusalOf(uri);
        if (refusal != null) {
            throw new ModelRejectedException("Model " + uri + " refused: " + refusal + ".");
        }
        if (!isSha256(sha256)) {
            throw new ModelRejectedException("Model " + uri + " refused: its sha256 is not 64 hexadecimal characters.");
        }
        return ModelArtifacts.read(fetch(URI.create(uri), sha256.toLowerCase(Locale.ROOT)), sha256);
    }

    /**
     * Loads the artifact a model-updated event announces ({@link #load}) and checks it is the one
     * announced: the same version and vocabulary. Check the event itself first ({@link ModelUpdateCheck}).
     */
    public ModelArtifact loadAnnounced(final ModelUpdated update) throws ModelRejectedException {
        final ModelArtifact artifact = load(update.getArtifactUri(), update.getSha256());
        if (artifact.info().version() != update.getVersion() || !artifact.info().vocabulary().equals(update.getVocabulary())) {
            artifact.network().close();
            throw new ModelRejectedException("artifact holds " + artifact.info().modelName() + " v" + artifact.info().version() + " with "
                    + artifact.info().vocabulary().size() + " tags, but the event announces v" + update.getVersion() + " with "
                    + update.getVocabulary().size() + " tags; republish the right file");
        }
        return artifact;
    }

    private Path fetch(final URI uri, final String sha256) throws ModelRejectedException {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            return localFile(uri);
        }
        return download(uri, sha256);
    }

    /** The artifact's real file: symlinks must not lead out of the store, and only a regular file of bounded size is read. */
    private Path localFile(final URI uri) throws ModelRejectedException {
        final Path real;
        final Path realBase;
        try {
            real = Path.of(uri).toRealPath();
            realBase = Path.of(base).toRealPath();
        } catch (IOException e) {
            throw new ModelRejectedException("Model " + uri + " does not exist or is not readable; restore it or republish the model.", e);
        }
        if (!real.startsWith(realBase)) {
            throw new ModelRejectedException("Model " + uri + " refused: it links outside the model store " + base + ".");
        }
        try {
            if (!Files.isRegularFile(real) || Files.size(real) > MAX_ARTIFACT_BYTES) {
                throw new ModelRejectedException("Model " + uri + " refused: not a regular file of at most " + MAX_ARTIFACT_BYTES + " bytes.");
            }
        } catch (IOException e) {
            throw new ModelRejectedException("Model " + uri + " is not readable: " + e.getClass().getSimpleName(), e);
        }
        return real;
    }

    private Path download(final URI uri, final String sha256) throws ModelRejectedException {
        final Path cached = cacheDir.resolve(sha256 + ".i2vmodel");
        try {
            if (Files.exists(cached) && ModelArtifacts.sha256(cached).equalsIgnoreCase(sha256)) {
                return cached;
            }
            Files.createDirectories(cacheDir);
            final Path tmp = Files.createTempFile(cacheDir, "download", ".tmp");
            try {
                final BoundedHttp.Answer answer = http.download(uri, MAX_ARTIFACT_BYTES, tmp);
                if (answer.status() != 200) {
                    throw new ModelRejectedException("Downloading model " + uri + " gave HTTP " + answer.status() + "; is the model store served there?");
                }
                Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return cached;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ModelRejectedException("Cannot download model " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelRejectedException("Interrupted while downloading model " + uri, e);
        }
    }
}
