package dev.i2v.crawler;

import dev.i2v.model.console.ProgressBar;
import dev.i2v.model.image.ImageRejectedException;
import dev.i2v.schemas.avro.ImageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a crawl: takes items from a source, fetches, checks and normalises each, publishes it,
 * and checkpoints the source once the broker has acknowledged a run of records. A bad item is
 * counted with its reason and the crawl goes on.
 */
public final class Crawler {

    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);
    /** Records between checkpoints: a crash re-publishes at most this many (same keys, same bytes). */
    private static final int CHECKPOINT_EVERY = 50;
    private static final int PUBLISH_ATTEMPTS = 3;

    private final ImageNormaliser normaliser;
    private final ImagePublisher publisher;
    private boolean checkpointFrozen;

    public Crawler(final ImageNormaliser normaliser, final ImagePublisher publisher) {
        this.normaliser = normaliser;
        this.publisher = publisher;
    }

    /**
     * @param limit stop after this many published images (0 = until the source ends)
     * @param stop  checked between items (Ctrl-C)
     */
    public CrawlSummary run(final ImageSource source, final long limit, final BooleanSupplier stop) {
        final CrawlSummary summary = new CrawlSummary();
        final long total = limit > 0 ? (source.expected() > 0 ? Math.min(limit, source.expected()) : limit) : source.expected();
        final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
        final List<CrawlItem> sent = new ArrayList<>();
        final List<ImageEvent> events = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("crawl " + source.name(), total, "images")) {
            while (!stop.getAsBoolean() && (limit == 0 || summary.succeededCount() + inFlight.size() < limit) && source.hasNext()) {
                final CrawlItem item = source.next();
                final ImageEvent event = prepare(item, source, summary);
                if (event == null) {
                    bar.setStatus(summary.progress());
                    continue;
                }
                inFlight.add(publisher.publish(event));
                sent.add(item);
                events.add(event);
                if (inFlight.size() >= CHECKPOINT_EVERY) {
                    settle(inFlight, sent, events, summary, source, bar);
                }
            }
            settle(inFlight, sent, events, summary, source, bar);
            summary.failedListing(source.listingFailures());
            bar.setStatus(summary.progress());
        }
        return summary;
    }

    private ImageEvent prepare(final CrawlItem item, final ImageSource source, final CrawlSummary summary) {
        final String name = item.sourceUrl() != null ? item.sourceUrl() : item.checkpoint();
        try {
            final byte[] bytes = item.fetch().bytes();
            if (item.expectedMd5() != null && !item.expectedMd5().equalsIgnoreCase(ContentHash.md5Hex(bytes))) {
                throw new CrawlException("MD5_MISMATCH", name + ": the download's md5 " + ContentHash.md5Hex(bytes)
                        + " is not the site's " + item.expectedMd5() + "; the file is truncated or was replaced.");
            }
            final ImageEvent event = normaliser.normalise(item, bytes);
            if (source.requiresTags() && event.getTags().isEmpty()) {
                throw new CrawlException("SKIP_NO_TAGS", name + ": no tags (no sidecar .txt, not in a class folder); add tags, or use i2v publish.");
            }
            return event;
        } catch (CrawlException e) {
            final ImageSource.Retry retry = e.mayPass() ? source.fetchFailed(item) : ImageSource.Retry.NEVER;
            LOG.warn("{}{}", e.getMessage(), retry == ImageSource.Retry.NEXT_CRAWL ? " It will be fetched again next crawl." : "");
            if (e.reason().startsWith("SKIP_")) {
                summary.skipped(e.reason().substring(5), name);
            } else if (retry == ImageSource.Retry.GAVE_UP) {
                summary.failed("GAVE_UP_" + e.reason(), name);
            } else {
                summary.failed(e.reason(), name);
            }
        } catch (ImageRejectedException e) {
            LOG.warn("{}", e.getMessage());
            summary.failed(e.reason().name(), name);
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", name, e.toString());
            summary.failed("UNEXPECTED", name + " (" + e + ")");
        }
        return null;
    }

    /**
     * Waits for the records in flight, sends a failed one again (same key, same bytes), and
     * checkpoints the source with what landed. After a record that could not be published the
     * checkpoint stops moving for the rest of the run, so the next run starts again from it.
     */
    private void settle(final List<Future<RecordMetadata>> inFlight, final List<CrawlItem> sent, final List<ImageEvent> events,
                        final CrawlSummary summary, final ImageSource source, final ProgressBar bar) {
        publisher.flush();
        final List<CrawlItem> landed = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            if (landed(inFlight.get(i), events.get(i), sent.get(i), summary)) {
                summary.succeeded();
                bar.step(1);
                if (!checkpointFrozen) {
                    landed.add(sent.get(i));
                }
            } else {
                checkpointFrozen = true;
            }
        }
        inFlight.clear();
        sent.clear();
        events.clear();
        bar.setStatus(summary.progress());
        if (!landed.isEmpty()) {
            source.checkpoint(landed);
        }
    }

    private boolean landed(final Future<RecordMetadata> first, final ImageEvent event, final CrawlItem item, final CrawlSummary summary) {
        Future<RecordMetadata> attempt = first;
        for (int tries = 1; ; tries++) {
            try {
                attempt.get();
                return true;
            } catch (ExecutionException e) {
                if (tries >= PUBLISH_ATTEMPTS) {
                    LOG.error("{} could not be published after {} attempts: {}", event.getId(), tries, e.getCause().toString());
                    summary.failed("PUBLISH_FAILED", item.checkpoint() + ": " + e.getCause().getMessage());
                    return false;
                }
                LOG.warn("{} was not acknowledged ({}); sending it again", event.getId(), e.getCause().toString());
                attempt = publisher.publish(event);
                publisher.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
