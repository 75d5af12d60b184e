package dev.i2v.model.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A set of allowed {@code http(s)://host[:port]/path/} prefixes, and the one check of whether a URI
 * lies under one: scheme and host compared without case, dot segments removed, and never a match
 * for a URI with user info or an encoded dot, slash or backslash (which a server may decode into
 * a path outside the prefix).
 */
public final class UrlPrefixes {

    private final List<String> prefixes;

    /** @param prefixes each an http(s) URI with a host; a missing trailing '/' is added, so http://host never allows http://host.evil.example */
    public UrlPrefixes(final List<String> prefixes) {
        final List<String> out = new ArrayList<>();
        for (final String p : prefixes) {
            final URI uri = URI.create(p.trim());
            if (!isHttp(uri) || uri.getHost() == null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("'" + p + "' is not an http(s)://host/path/ prefix");
            }
            out.add(canonical(uri).replaceAll("/+$", "") + "/");
        }
        this.prefixes = List.copyOf(out);
    }

    public List<String> asList() {
        return prefixes;
    }

    public boolean allows(final URI uri) {
        if (!isHttp(uri) || uri.getHost() == null || uri.getUserInfo() != null || uri.getRawPath() == null) {
            return false;
        }
        final String rawPath = uri.getRawPath().toLowerCase(Locale.ROOT);
        if (rawPath.contains("%2e") || rawPath.contains("%2f") || rawPath.contains("%5c") || rawPath.contains("\\")) {
            return false;
        }
        final String candidate = canonical(uri);
        return prefixes.stream().anyMatch(candidate::startsWith);
    }

    private static boolean isHttp(final URI uri) {
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    /** Lower-case scheme and host, explicit path, dot segments removed, no fragment. */
    private static String canonical(final URI uri) {
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        final String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        final String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path + query)
                .normalize().toString();
    }
}
