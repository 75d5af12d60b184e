package dev.i2v.crawler;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run over many images did (a crawl, {@code i2v tag-files}): succeeded (published, tagged),
 * skipped (and why), failed (and why), with one example per reason.
 */
public final class CrawlSummary {

    private final String succeededAs;
    private long succeeded;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final Map<String, Integer> failed = new TreeMap<>();
    private final Map<String, String> examples = new TreeMap<>();
    private final long startNanos = System.nanoTime();

    /** A crawl's summary: its good images are "published". */
    public CrawlSummary() {
        this("published");
    }

    /** @param succeededAs what the summary calls the good images, e.g. "tagged" */
    public CrawlSummary(final String succeededAs) {
        this.succeededAs = succeededAs;
    }

    public synchronized void succeeded() {
        succeeded++;
    }

    public synchronized void skipped(final String reason, final String example) {
        skipped.merge(reason, 1, Integer::sum);
        examples.putIfAbsent(reason, example);
    }

    public synchronized void failed(final String reason, final String example) {
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

    public synchronized long succeededCount() {
        return succeeded;
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

    /** For a progress bar's status. */
    public synchronized String progress() {
        return String.format(Locale.ROOT, "skipped %d, failed %d", skippedCount(), failedCount());
    }

    /** The end-of-command summary, several lines. */
    public synchronized String render(final String what) {
        final double secs = (System.nanoTime() - startNanos) / 1e9;
        final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d %s, %d skipped, %d failed in %.1f s (%.1f images/s)%n", what, succeeded, succeededAs, skippedCount(),
                failedCount(), secs, succeeded / Math.max(secs, 1e-9)));
        skipped.forEach((r, n) -> sb.append(String.format(Locale.ROOT, "  skipped %-20s %6d   e.g. %s%n", r, n,
                examples.getOrDefault(r, "(see the log)"))));
        failed.forEach((r, n) -> sb.append(String.format(Locale.ROOT, "  failed  %-20s %6d   e.g. %s%n", r, n,
                examples.getOrDefault(r, "(see the log)"))));
        return sb.toString();
    }
}
