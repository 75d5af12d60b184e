package dev.i2v.crawler.booru;

import dev.i2v.crawler.CrawlException;
import dev.i2v.model.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polite HTTP client for booru sites: an honest User-Agent, a rate limit between requests,
 * exponential backoff honouring {@code Retry-After} on 429 and 5xx, robots.txt, time-outs and a
 * maximum download size. Every failure becomes a {@link CrawlException} with a reason.
 */
public final class BooruHttp {

    private static final Logger LOG = LoggerFactory.getLogger(BooruHttp.class);
    /** A listing page of JSON is far smaller; more is a broken or hostile answer. */
    private static final long MAX_PAGE_BYTES = 64L << 20;
    /** Google reads the first 500 KiB of a robots.txt; so do we. */
    private static final long MAX_ROBOTS_BYTES = 500L << 10;

    /**
     * @param userAgent         sent with every request; robots.txt groups naming its first word apply
     * @param minIntervalMillis at least this long between two requests (1000 = 1 request/s)
     * @param maxRetries        retries of a 429, 5xx or time-out before giving up on a request
     * @param backoffMillis     first backoff; doubles per retry unless the server says Retry-After
     */
    public record Options(String userAgent, long minIntervalMillis, int maxRetries, long backoffMillis, Duration timeout,
                          long maxDownloadBytes, boolean obeyRobots) {

        public static final String DEFAULT_USER_AGENT = "i2v-stream/0.1 (illustration tagger; +https://github.com/i2v-stream/i2v-stream)";

        public static Options defaults() {
            return new Options(DEFAULT_USER_AGENT, 1000, 5, 1000, Duration.ofSeconds(30), 32L * 1024 * 1024, true);
        }
    }

    private final Options options;
    private final BoundedHttp http;
    private final Map<String, List<String[]>> robotsByHost = new HashMap<>();
    private long lastRequestNanos;

    public BooruHttp(final Options options) {
        this.options = options;
        // boorus redirect to their CDNs on other hosts: any http(s) location may be followed
        this.http = new BoundedHttp(options.timeout(), u -> "https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()));
    }

    public String getText(final URI uri) throws CrawlException {
        return new String(get(uri, MAX_PAGE_BYTES), StandardCharsets.UTF_8);
    }

    public byte[] download(final URI uri) throws CrawlException {
        return get(uri, options.maxDownloadBytes());
    }

    private byte[] get(final URI uri, final long maxBytes) throws CrawlException {
        if (options.obeyRobots() && !allowedByRobots(uri)) {
            throw new CrawlException("ROBOTS_DISALLOWED", uri + ": the site's robots.txt disallows this path for " + options.userAgent()
                    + "; leave it out of the crawl.");
        }
        long backoff = options.backoffMillis();
        for (int attempt = 0; ; attempt++) {
            final BoundedHttp.Answer response;
            try {
                response = exchange(uri, maxBytes);
            } catch (BoundedHttp.TooLargeException e) {
                throw new CrawlException("TOO_LARGE_BYTES", String.format(Locale.ROOT, "%s: %,d bytes is over the %,d-byte download limit.",
                        uri, e.size(), maxBytes));
            } catch (BoundedHttp.RedirectRefusedException e) {
                throw new CrawlException("HTTP_ERROR", e.getMessage() + "; the site sends its answer somewhere else.");
            } catch (IOException e) {
                final boolean timedOut = e instanceof HttpTimeoutException;
                if (attempt < options.maxRetries()) {
                    LOG.info("{}: {}; retrying in {} ms (attempt {} of {})", uri, timedOut ? "no complete answer in time" : e.toString(),
                            backoff, attempt + 2, options.maxRetries() + 1);
                    sleep(backoff);
                    backoff *= 2;
                    continue;
                }
                if (timedOut) {
                    throw new CrawlException("TIMEOUT", uri + ": no complete answer within " + options.timeout().toMillis() + " ms after "
                            + (attempt + 1) + " attempts; the site is slow or down, try later.", e);
                }
                throw new CrawlException("HTTP_ERROR", uri + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrawlException("INTERRUPTED", uri + ": interrupted");
            }
            final int status = response.status();
            if (status == 200) {
                return response.body();
            }
            if ((status == 429 || status >= 500) && attempt < options.maxRetries()) {
                final long wait = response.headers().firstValue("Retry-After").map(BooruHttp::retryAfterMillis).orElse(backoff);
                LOG.info("{} answered {}; retrying in {} ms (attempt {} of {})", uri, status, wait, attempt + 2, options.maxRetries() + 1);
                sleep(wait);
                backoff *= 2;
                continue;
            }
            throw new CrawlException("HTTP_ERROR", uri + ": HTTP " + status + (status == 429 || status >= 500
                    ? " after " + (attempt + 1) + " attempts; the site is busy, crawl later or more slowly."
                    : status == 401 || status == 403 ? "; check the login and API key." : "."));
        }
    }

    /** Retry-After in seconds (the usual form); an HTTP date or garbage falls back to 5 s. */
    static long retryAfterMillis(final String value) {
        try {
            return Math.min(300, Math.max(0, Long.parseLong(value.trim()))) * 1000;
        } catch (NumberFormatException e) {
            return 5000;
        }
    }

    private synchronized void pace() {
        final long wait = lastRequestNanos + options.minIntervalMillis() * 1_000_000 - System.nanoTime();
        if (lastRequestNanos != 0 && wait > 0) {
            sleep(wait / 1_000_000);
        }
        lastRequestNanos = System.nanoTime();
    }

    /** robots.txt of the URI's host, fetched once: the group for our agent, else the * group. */
    private boolean allowedByRobots(final URI uri) throws CrawlException {
        final String host = uri.getScheme() + "://" + uri.getAuthority();
        List<String[]> rules = robotsByHost.get(host);
        if (rules == null) {
            rules = parseRobots(fetchRobots(URI.create(host + "/robots.txt")), options.userAgent());
            robotsByHost.put(host, rules);
        }
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String verdict = "allow";
        int longest = -1;
        for (final String[] rule : rules) {
            if (!rule[1].isEmpty() && path.startsWith(rule[1]) && rule[1].length() > longest) {
                longest = rule[1].length();
                verdict = rule[0];
            }
        }
        return verdict.equals("allow");
    }

    /** One paced request; its time-out covers the whole answer, body included, so a site that stalls mid-download cannot hang the crawl. */
    private BoundedHttp.Answer exchange(final URI uri, final long maxBytes) throws IOException, InterruptedException {
        pace();
        return http.get(uri, maxBytes, Map.of("User-Agent", options.userAgent()));
    }

    private String fetchRobots(final URI robots) {
        try {
            final BoundedHttp.Answer r = exchange(robots, MAX_ROBOTS_BYTES);
            return r.status() == 200 ? new String(r.body(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            LOG.info("{}: not readable ({}); crawling as if it allowed everything", robots, e.toString());
            return ""; // no robots.txt reachable: the convention is to allow
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Rules {allow|disallow, path prefix} of the group naming our agent's product token, or of {@code *}. */
    static List<String[]> parseRobots(final String text, final String userAgent) {
        final String token = userAgent.split("[/ ]")[0].toLowerCase(Locale.ROOT);
        final Map<String, List<String[]>> groups = new HashMap<>();
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        for (final String raw : text.split("\\R")) {
            final String line = raw.replaceAll("#.*", "").trim();
            final int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            final String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            final String value = line.substring(colon + 1).trim();
            if (field.equals("user-agent")) {
                if (inRules) {
                    agents = new ArrayList<>();
                    inRules = false;
                }
                agents.add(value.toLowerCase(Locale.ROOT));
            } else if (field.equals("allow") || field.equals("disallow")) {
                inRules = true;
                for (final String a : agents) {
                    groups.computeIfAbsent(a, k -> new ArrayList<>()).add(new String[] {field, value});
                }
            }
        }
        return groups.getOrDefault(token, groups.getOrDefault("*", List.of()));
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
