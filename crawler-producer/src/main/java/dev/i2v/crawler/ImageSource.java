package dev.i2v.crawler;

import java.util.Iterator;

/**
 * Where a crawl gets its images. Items come in order; {@link #checkpoint} is called with the last
 * item whose record the broker acknowledged, so a restarted crawl continues after it.
 *
 * <p>A source that fails to list a page (HTTP error, malformed JSON) reports it through
 * {@link #listingFailures()} and goes on with the next page instead of ending the crawl.
 */
public interface ImageSource extends Iterator<CrawlItem>, AutoCloseable {

    /** Short name for progress bars and summaries. */
    String name();

    /** How many items the crawl expects (for the progress bar), or 0 when unknown. */
    long expected();

    /** Whether an image without tags is skipped (NO_TAGS): true for training data, false for images to tag. */
    default boolean requiresTags() {
        return false;
    }

    /** Records durable progress: these items (in order, since the last checkpoint) are published. */
    void checkpoint(java.util.List<CrawlItem> published);

    /** What becomes of an item whose fetch failed for a reason that may pass (see {@link CrawlException#mayPass()}). */
    enum Retry {
        /** The source does not offer it again (files and drawings do not fail that way). */
        NEVER,
        /** Remembered: the next crawl fetches it again before anything new. */
        NEXT_CRAWL,
        /** It failed too often; the source forgets it (counted as GAVE_UP_&lt;reason&gt;). */
        GAVE_UP
    }

    /** Called before any later checkpoint, so a crash cannot pass over a failed item without remembering it. */
    default Retry fetchFailed(final CrawlItem item) {
        return Retry.NEVER;
    }

    /** Pages or entries that could not be listed, by reason; counted as failures, or as skips for reasons starting SKIP_. */
    default java.util.Map<String, Integer> listingFailures() {
        return java.util.Map.of();
    }

    @Override
    default void close() {
    }
}
