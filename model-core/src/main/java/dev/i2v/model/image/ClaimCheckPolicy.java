package dev.i2v.model.image;

import dev.i2v.model.http.UrlPrefixes;
import dev.i2v.schemas.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where claim checks may be read from, as the operator configured it: {@code file:} URIs only under
 * the claim-check folders, {@code http(s):} URIs only under the URL prefixes (none by default), and
 * how long one fetch may take in all.
 *
 * @param dirs        folders whose files may be read (symlinks are resolved before the check)
 * @param urlPrefixes {@code http(s)://host[:port]/path/} prefixes that may be fetched
 */
public record ClaimCheckPolicy(List<Path> dirs, UrlPrefixes urlPrefixes, Duration timeout) {

    /** The settings (defaults in Settings.COMMON_DEFAULTS: the crawler's claim-check folder, no URL prefix, 5 s per fetch). */
    public static final String DIRS = "claim.check.dirs";
    public static final String URL_PREFIXES = "claim.check.url.prefixes";
    public static final String TIMEOUT_MS = "claim.check.timeout.ms";

    /** Inline images only: every claim check is refused (benchmarks, tests). */
    public static final ClaimCheckPolicy INLINE_ONLY = new ClaimCheckPolicy(List.of(), new UrlPrefixes(List.of()), Duration.ofSeconds(5));

    public ClaimCheckPolicy {
        dirs = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    }

    public static ClaimCheckPolicy from(final Settings settings) {
        return new ClaimCheckPolicy(list(settings.get(DIRS)).stream().map(Path::of).toList(), new UrlPrefixes(list(settings.get(URL_PREFIXES))),
                Duration.ofMillis(settings.getLong(TIMEOUT_MS)));
    }

    public boolean allowsUrl(final URI uri) {
        return urlPrefixes.allows(uri);
    }

    private static List<String> list(final String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
