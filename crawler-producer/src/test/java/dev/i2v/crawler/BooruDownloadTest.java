package dev.i2v.crawler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.crawler.booru.BooruHttp;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Downloads from a site that stalls mid-answer or sends too much: time-outs and size limits end them, with a reason. */
class BooruDownloadTest {

    private static final BooruHttp.Options QUICK = new BooruHttp.Options(BooruHttp.Options.DEFAULT_USER_AGENT, 0, 2, 50,
            Duration.ofMillis(800), 1 << 20, true);

    private static URI file(final FakeBooru site, final long id) {
        return URI.create(site.baseUrl() + "/images/ab/" + id + ".png");
    }

    @Test
    void aDownloadThatStallsMidBodyIsRetriedAndThenSucceeds() throws Exception {
        try (FakeBooru site = new FakeBooru(2)) {
            site.stalls.put(10L, 1);
            final long start = System.nanoTime();
            final byte[] bytes = new BooruHttp(QUICK).download(file(site, 10));
            assertArrayEquals(site.posts.get(0).png(), bytes);
            assertEquals(2, site.count("file10"), "the stalled download was asked again");
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "the stall was cut at the time-out, not waited out");
        }
    }

    @Test
    void aDownloadThatAlwaysStallsFailsWithTimeoutAfterTheRetries() throws Exception {
        try (FakeBooru site = new FakeBooru(2)) {
            site.stalls.put(20L, 99);
            final long start = System.nanoTime();
            final CrawlException e = assertThrows(CrawlException.class, () -> new BooruHttp(QUICK).download(file(site, 20)));
            assertEquals("TIMEOUT", e.reason());
            assertTrue(e.getMessage().contains("/images/ab/20.png") && e.getMessage().contains("try later"), e.getMessage());
            assertEquals(3, site.count("file20"), "one attempt and two retries");
            assertTrue(System.nanoTime() - start < 8_000_000_000L, "three 0.8 s time-outs and short backoffs, not three 5 s stalls");
        }
    }

    @Test
    void aDownloadOverTheLimitIsCutOffEvenWithoutAContentLength() throws Exception {
        try (FakeBooru site = new FakeBooru(2)) {
            site.oversized.put(10L, 3 << 20);
            final CrawlException e = assertThrows(CrawlException.class, () -> new BooruHttp(QUICK).download(file(site, 10)));
            assertEquals("TOO_LARGE_BYTES", e.reason());
            assertTrue(e.getMessage().contains("1,048,576-byte download limit"), e.getMessage());
            assertEquals(1, site.count("file10"), "a too-large file is not asked again");
        }
    }
}
