package dev.i2v.crawler;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a crawl did: published, skipped (and why), failed (and why), with one example per reason. */
public final class CrawlSummary {

    private long published;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final Map<String, Integer> failed = new TreeMap<>();
    private final Map<String, String> examples = new TreeMap<>();
    private final long startNanos = System.nanoTime();

    synchronized void published() {
        published++;
    }

    synchronized void skipped(final String reason, final String example) {
        skipped.merge(reason, 1, Integer::sum);
        examples.putIfAbsent(reason, example);
    }

    synchronized void failed(final String reason, final String example) {
        failed.merge(reason, 1, Integer::sum);
        examples.putIfAbsent(reason, example);
    }

    synchronized void failedListing(final Map<String, Integer> byReason) {
        byReason.forEach((r, n) -> {
            if (r.startsWith("SKIP_")) {
                skipped.merge(r.substring(5), n, Integer::sum);
            } else {
                failed.merge(r, n, Integer::sum);
            }
        });
    }

    public synchronized long publishedCount() {
        return published;
    }

    public synchronized Map<String, Integer> skippedByReason() {
        return new TreeMap<>(skipped);
    }

    public synchronized Map<String, Integer> failedByReason() {
        return new TreeMap<>(failed);
    }

    public synchronized int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int failedCount() {
        return failed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The end-of-command summary, several lines. */
    public synchronized String render(final String what) {
        final double secs = (System.nanoTime() - startNanos) / 1e9;
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d published, %d skipped, %d failed in %.1f s (%.1f images/s)%n", what, published, skippedCount(), failedCount(),
                secs, published / Math.max(secs, 1e-9)));
        skipped.forEach((r, n) -> sb.append(String.format(Locale.ROOT, "  skipped %-20s %6d   e.g. %s%n", r, n,
                examples.getOrDefault(r, "(see the log)"))));
        failed.forEach((r, n) -> sb.append(String.format(Locale.ROOT, "  failed  %-20s %6d   e.g. %s%n", r, n,
                examples.getOrDefault(r, "(see the log)"))));
        return sb.toString();
    }
}
