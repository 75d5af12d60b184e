package dev.i2v.crawler.booru;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.crawler.CrawlException;
import dev.i2v.crawler.CrawlItem;
import dev.i2v.crawler.CrawlState;
import dev.i2v.crawler.ImageSource;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages through a booru's posts for a tag query, oldest first and only posts newer than the last
 * one this crawl published ({@code id:>N}), so an interrupted or repeated crawl resumes where it
 * stopped. An empty page is the end. A page that cannot be read or parsed is counted and skipped;
 * three in a row end the crawl (the site is down or has changed its API).
 *
 * <p>Nothing is passed over for good by a failure that may pass: the id range of a page that failed
 * to list is remembered as a gap, and a post whose download failed (time-out, HTTP error, wrong md5)
 * is remembered with its attempts; the next run lists both again before anything new, and gives up
 * on a post after {@value #MAX_DOWNLOAD_ATTEMPTS} failed downloads, naming it.
 */
abstract class BooruSource implements ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(BooruSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FAILED_PAGES_IN_A_ROW = 3;

    protected final BooruHttp http;
    protected final String baseUrl;
    protected final String tags;
    protected final int pageSize;
    private final CrawlState state;
    private static final String LAST_ID = "last.post.id";
    /** Id ranges (exclusive bounds "a-b") whose page failed to list: listed again at the start of the next run. */
    private static final String GAPS = "gaps";
    /** Posts whose download failed, with the failed attempts so far ("id:n,..."): fetched again by the next run. */
    private static final String RETRIES = "retry.posts";
    static final int MAX_DOWNLOAD_ATTEMPTS = 3;
    /** This run's work before the newest posts, taken from the state when the run starts: each listed once. */
    private Deque<long[]> gapsToList;
    private Deque<Long> postsToRetry;
    private Set<Long> retriedThisRun;
    /** Whether the current query is the one post of a retry. */
    private boolean retrying;
    private long[] query;
    private long lastListedId;
    private Long gapOpenAfter;
    private final long maxPosts;
    private final Deque<CrawlItem> buffered = new ArrayDeque<>();
    private final Map<String, Integer> listingFailures = new TreeMap<>();
    private int page;
    private int failedInARow;
    private long listed;
    private boolean ended;

    /** @param maxPosts stop listing after this many posts (0 = until the query's end) */
    BooruSource(final BooruHttp http, final String baseUrl, final String tags, final int pageSize, final long maxPosts,
                final CrawlState state) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.tags = tags == null ? "" : tags.trim();
        this.pageSize = pageSize;
        this.maxPosts = maxPosts;
        this.state = state;
    }

    /** 0 for Gelbooru-style pid, 1 for Danbooru's page. */
    abstract int firstPage();

    /** The listing URL of one page: posts with {@code afterId < id < beforeId}, ascending (beforeId may be Long.MAX_VALUE). */
    abstract URI pageUri(String tags, long afterId, long beforeId, int page);

    /** The id range clause of a query, as both sites spell it. */
    static String idRange(final long afterId, final long beforeId) {
        return "id:>" + afterId + (beforeId == Long.MAX_VALUE ? "" : " id:<" + beforeId);
    }

    /** Posts of a parsed page; anything else than the expected shape is a {@link CrawlException} MALFORMED_JSON. */
    abstract List<CrawlItem> posts(JsonNode page, URI from) throws CrawlException;

    @Override
    public long expected() {
        return maxPosts;
    }

    @Override
    public boolean hasNext() {
        while (buffered.isEmpty() && !ended) {
            if (maxPosts > 0 && listed >= maxPosts) {
                ended = true;
                break;
            }
            if (query == null) {
                startNextQuery();
            }
            final URI uri = pageUri(tags, query[0], query[1], page++);
            try {
                final String body = http.getText(uri).trim();
                final List<CrawlItem> items = body.isEmpty() ? List.of() : posts(parse(body, uri), uri);
                failedInARow = 0;
                if (retrying) {
                    takeRetried(items);
                    continue;
                }
                if (gapOpenAfter != null && !items.isEmpty()) {
                    // a page failed before this one: its posts lie between these ids, listed again next run
                    addGap(gapOpenAfter, Long.parseLong(items.get(0).checkpoint()));
                    gapOpenAfter = null;
                }
                if (items.isEmpty()) {
                    finishQuery();
                }
                for (final CrawlItem item : items) {
                    lastListedId = Long.parseLong(item.checkpoint());
                    if (retriedThisRun.contains(lastListedId)) {
                        continue; // fetched already by this run's retry
                    }
                    if (maxPosts == 0 || listed < maxPosts) {
                        buffered.add(item);
                        listed++;
                    }
                }
            } catch (CrawlException e) {
                LOG.warn("{}", e.getMessage());
                listingFailures.merge(e.reason(), 1, Integer::sum);
                if (retrying) {
                    query = null; // the post stays remembered for the next run
                } else if (gapOpenAfter == null) {
                    gapOpenAfter = lastListedId;
                }
                if (++failedInARow >= MAX_FAILED_PAGES_IN_A_ROW) {
                    LOG.error("{} pages in a row failed at {}; ending this crawl. A re-run continues after post {}.",
                            failedInARow, uri, state.get(LAST_ID, "0"));
                    ended = true;
                }
            }
        }
        return !buffered.isEmpty();
    }

    /**
     * Gaps left by failed pages of earlier runs are listed first, then posts whose download failed
     * (one query each), then everything newer than the last published post.
     */
    private void startNextQuery() {
        if (gapsToList == null) {
            gapsToList = new ArrayDeque<>(gaps());
            postsToRetry = new ArrayDeque<>(retries().keySet());
            retriedThisRun = Set.copyOf(postsToRetry);
        }
        retrying = false;
        gapOpenAfter = null;
        if (!gapsToList.isEmpty()) {
            query = gapsToList.removeFirst();
            LOG.info("Listing posts {}..{} again: a page of them failed in an earlier run", query[0] + 1, query[1] - 1);
        } else if (!postsToRetry.isEmpty()) {
            final long id = postsToRetry.removeFirst();
            query = new long[] {id - 1, id + 1};
            retrying = true;
            LOG.info("Fetching post {} again: its download failed in an earlier run", id);
        } else {
            query = new long[] {Long.parseLong(state.get(LAST_ID, "0")), Long.MAX_VALUE};
        }
        page = firstPage();
        lastListedId = query[0];
    }

    private void finishQuery() {
        if (query[1] == Long.MAX_VALUE) {
            ended = true;
        } else {
            final List<long[]> gaps = gaps();
            gaps.removeIf(g -> g[0] == query[0] && g[1] == query[1]);
            if (gapOpenAfter != null) {
                gaps.add(new long[] {gapOpenAfter, query[1]}); // a page of this gap failed again and no later page closed it
            }
            saveGaps(gaps);
        }
        query = null;
    }

    /** The one-post answer of a retry query: the post is fetched again, or forgotten if the site no longer lists it. */
    private void takeRetried(final List<CrawlItem> items) {
        final long id = query[0] + 1;
        query = null;
        if (items.isEmpty()) {
            LOG.warn("Post {} is no longer listed for this query (deleted or retagged); it is not fetched again.", id);
            final Map<Long, Integer> retries = retries();
            retries.remove(id);
            saveRetries(retries);
            return;
        }
        buffered.addAll(items);
        listed += items.size();
    }

    @Override
    public synchronized Retry fetchFailed(final CrawlItem item) {
        final long id = Long.parseLong(item.checkpoint());
        final Map<Long, Integer> retries = retries();
        final int attempts = retries.getOrDefault(id, 0) + 1;
        if (attempts >= MAX_DOWNLOAD_ATTEMPTS) {
            retries.remove(id);
            saveRetries(retries);
            LOG.error("Giving up on {} after {} failed downloads, one per crawl; it is not fetched again.", item.sourceUrl(), attempts);
            return Retry.GAVE_UP;
        }
        retries.put(id, attempts);
        saveRetries(retries);
        return Retry.NEXT_CRAWL;
    }

    private Map<Long, Integer> retries() {
        final Map<Long, Integer> out = new LinkedHashMap<>();
        for (final String entry : state.get(RETRIES, "").split(",")) {
            if (!entry.isBlank()) {
                final String[] idAndAttempts = entry.split(":");
                out.put(Long.parseLong(idAndAttempts[0]), Integer.parseInt(idAndAttempts[1]));
            }
        }
        return out;
    }

    private static String retriesText(final Map<Long, Integer> retries) {
        return String.join(",", retries.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    private void saveRetries(final Map<Long, Integer> retries) {
        state.put(RETRIES, retriesText(retries));
    }

    private void addGap(final long afterId, final long beforeId) {
        final List<long[]> gaps = gaps();
        gaps.add(new long[] {afterId, beforeId});
        saveGaps(gaps);
    }

    private List<long[]> gaps() {
        final List<long[]> out = new java.util.ArrayList<>();
        for (final String g : state.get(GAPS, "").split(",")) {
            if (!g.isBlank()) {
                final String[] ab = g.split("-");
                out.add(new long[] {Long.parseLong(ab[0]), Long.parseLong(ab[1])});
            }
        }
        return out;
    }

    private void saveGaps(final List<long[]> gaps) {
        state.put(GAPS, String.join(",", gaps.stream().map(g -> g[0] + "-" + g[1]).toList()));
    }

    private static JsonNode parse(final String body, final URI uri) throws CrawlException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CrawlException("MALFORMED_JSON", uri + ": the answer is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); the site may have changed its API or sent an error page.", e);
        }
    }

    @Override
    public CrawlItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return buffered.removeFirst();
    }

    @Override
    public Map<String, Integer> listingFailures() {
        return listingFailures;
    }

    @Override
    public synchronized void checkpoint(final List<CrawlItem> published) {
        long max = Long.parseLong(state.get(LAST_ID, "0"));
        final Map<Long, Integer> retries = retries();
        for (final CrawlItem item : published) {
            final long id = Long.parseLong(item.checkpoint());
            max = Math.max(max, id);
            retries.remove(id);
        }
        state.putAll(Map.of(LAST_ID, Long.toString(max), RETRIES, retriesText(retries)));
    }

    /** Booru rating letters and words, expanded to the four Danbooru ratings. */
    static String rating(final String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "g", "general", "s_safe", "safe" -> "general";
            case "s", "sensitive" -> "sensitive";
            case "q", "questionable" -> "questionable";
            case "e", "explicit" -> "explicit";
            default -> raw.trim().toLowerCase(Locale.ROOT);
        };
    }

    /** A post that cannot be downloaded: counted under {@code reason} when the crawler fetches it. */
    static CrawlItem.Fetch failing(final String reason, final String message) {
        return () -> {
            throw new CrawlException(reason, message);
        };
    }

    static String text(final JsonNode node, final String field) {
        final JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String encode(final String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
