package dev.i2v.crawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.crawler.booru.BooruHttp;
import dev.i2v.crawler.booru.DanbooruSource;
import dev.i2v.crawler.booru.SafebooruSource;
import dev.i2v.crawler.source.FolderSource;
import dev.i2v.crawler.source.SyntheticSource;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.image.ImageLimits;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.TopicAdmin;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crawls through a real broker: folders (both layouts and bad files), booru sites (a local fake), and a restart. */
@RealKafka
class CrawlIT {

    static KafkaBroker kafka;

    @TempDir
    Path tmp;

    private Settings settings;

    private Crawler crawler(final ImagePublisher publisher, final int inlineMaxBytes) {
        return new Crawler(new ImageNormaliser(new ImageDecoder(ImageLimits.DEFAULT), 0, inlineMaxBytes, tmp.resolve("claims")), publisher);
    }

    private CrawlSummary crawl(final ImageSource source, final long limit, final java.util.function.BooleanSupplier stop) {
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        try (ImagePublisher publisher = new ImagePublisher(clients, settings.topics())) {
            return crawler(publisher, 1 << 20).run(source, limit, stop);
        }
    }

    /** Every record on the images topic, in no particular order. */
    private List<ImageEvent> published() {
        return kafka.publishedImages(settings);
    }

    private static List<String> tags(final ImageEvent e) {
        return e.getTags().stream().map(Tag::getName).toList();
    }

    @Test
    void aFolderInBothLayoutsWithBadFilesPublishesTheGoodOnesOnceAndCountsTheRest() throws Exception {
        settings = kafka.freshSettings();
        final Path root = tmp.resolve("data");
        Files.createDirectories(root.resolve("cat/indoor"));
        Files.createDirectories(root.resolve("dog"));
        Files.createDirectories(root.resolve("booru"));
        final List<byte[]> pngs = pictures(4);
        Files.write(root.resolve("cat/indoor/1.png"), pngs.get(0));
        Files.write(root.resolve("dog/2.png"), pngs.get(1));
        Files.write(root.resolve("booru/3.png"), pngs.get(2));
        Files.writeString(root.resolve("booru/3.txt"), "1girl red_hair  smile\n");
        // the same picture under another name with other tags: published once, with both files' tags
        Files.write(root.resolve("booru/3-copy.png"), pngs.get(2));
        Files.writeString(root.resolve("booru/3-copy.txt"), "1girl blue_eyes");
        Files.write(root.resolve("booru/empty.png"), new byte[0]);
        Files.write(root.resolve("booru/truncated.png"), java.util.Arrays.copyOf(pngs.get(3), pngs.get(3).length / 2));
        Files.writeString(root.resolve("booru/letter.jpg"), "Dear crawler, I am not a JPEG.");
        Files.write(root.resolve("booru/bomb.png"), pngHeader(50_000, 50_000));
        Files.writeString(root.resolve("booru/readme.md"), "not an image");
        Files.write(root.resolve("untagged.png"), pngs.get(3));

        final CrawlState state = new CrawlState(tmp.resolve("state"), "dir");
        final CrawlSummary first = crawl(new FolderSource(List.of(root), "dir", true, 1 << 20, state), 0, () -> false);
        assertEquals(3, first.succeededCount());
        assertEquals(Map.of("EMPTY", 1, "CORRUPT", 1, "NOT_AN_IMAGE", 1, "TOO_MANY_PIXELS", 1), first.failedByReason());
        assertEquals(Map.of("NO_TAGS", 1, "NOT_AN_IMAGE_FILE", 1, "MERGED_DUPLICATE", 1), first.skippedByReason());
        System.out.print(first.render("bad-files folder"));

        final Map<String, List<String>> byTags = new HashMap<>();
        for (final ImageEvent e : published()) {
            byTags.put(String.join(" ", tags(e)), List.of(e.getId()));
            assertEquals("dir:" + ContentHash.sha256Hex(bytes(e)), e.getId(), "key = content hash");
        }
        assertEquals(java.util.Set.of("cat", "dog", "1girl blue_eyes red_hair smile"), byTags.keySet());

        // unchanged files are not published again (the merged copy neither); a changed file is, and as it now holds
        // the untagged file's picture, that file is merged into it
        Files.write(root.resolve("dog/2.png"), pngs.get(3));
        final CrawlSummary second = crawl(new FolderSource(List.of(root), "dir", true, 1 << 20, new CrawlState(tmp.resolve("state"), "dir")), 0, () -> false);
        assertEquals(1, second.succeededCount());
        assertEquals(3, second.skippedByReason().get("ALREADY_PUBLISHED"));
        assertEquals(1, second.skippedByReason().get("MERGED_DUPLICATE"));
        assertEquals(4, published().size());

        // nothing changed: every file of every published picture is skipped
        final CrawlSummary third = crawl(new FolderSource(List.of(root), "dir", true, 1 << 20, new CrawlState(tmp.resolve("state"), "dir")), 0, () -> false);
        assertEquals(0, third.succeededCount());
        assertEquals(5, third.skippedByReason().get("ALREADY_PUBLISHED"));
        assertEquals(4, published().size());
    }

    @Test
    void booruClientsPageRetryAndCountEveryBadAnswer() throws Exception {
        settings = kafka.freshSettings();
        final BooruHttp.Options fast = new BooruHttp.Options(BooruHttp.Options.DEFAULT_USER_AGENT, 0, 3, 50, Duration.ofSeconds(5), 1 << 20, true);
        try (FakeBooru site = new FakeBooru(9)) {
            // posts 10..90 in pages of 2: page 0 answers 429 (Retry-After: 1) once, page 2 is malformed once,
            // post 30 has a wrong md5, post 80's file answers 500 once, post 70 sits under a robots.txt Disallow
            site.tooManyRequestsOnce.put(0, true);
            site.malformedOnce.put(2, true);
            site.replace(30, true, false, false);
            site.serverErrors.put(80L, 1);
            site.replace(70, false, false, true);
            final CrawlState state = new CrawlState(tmp.resolve("state"), "safebooru");
            final long start = System.nanoTime();
            final CrawlSummary s = crawl(new SafebooruSource(new BooruHttp(fast), site.baseUrl(), "1girl", 2, 0, state), 0, () -> false);
            System.out.print(s.render("fake safebooru"));
            assertTrue(System.nanoTime() - start >= 1_000_000_000L, "Retry-After: 1 was honoured");
            assertEquals(2, site.count("page0"), "the 429 page was asked again");
            assertEquals(2, site.count("file80"), "the 500 file was asked again");
            assertEquals(Map.of("MALFORMED_JSON", 1, "MD5_MISMATCH", 1, "ROBOTS_DISALLOWED", 1), s.failedByReason());
            // page 2 (posts 50, 60) was lost to the malformed answer: 10, 20, 40, 80, 90 published
            assertEquals(5, s.succeededCount());
            assertEquals("90", state.get("last.post.id", null));
            assertEquals("40-70", state.get("gaps", null), "the failed page's id range is remembered");

            // the next run lists the gap again (50, 60) and then only newer posts (none)
            site.posts.add(new FakeBooru.Post(100, List.of("1girl", "hat"), pictures(1).get(0), false, false, false));
            final CrawlSummary again = crawl(new SafebooruSource(new BooruHttp(fast), site.baseUrl(), "1girl", 2, 0,
                    new CrawlState(tmp.resolve("state"), "safebooru")), 0, () -> false);
            assertEquals(3, again.succeededCount(), "50, 60 from the gap and the new 100");
            final List<ImageEvent> events = published();
            assertEquals(8, events.size());
            assertEquals(8, events.stream().map(ImageEvent::getId).distinct().count(), "each post once");
            assertTrue(events.stream().allMatch(e -> "general".equals(e.getRating()) && e.getId().startsWith("safebooru:")));

            // Danbooru: categories, rating letters, a post without file_url, an empty last page
            settings = kafka.freshSettings();
            site.replace(30, false, true, false);
            final CrawlSummary d = crawl(new DanbooruSource(new BooruHttp(fast), site.baseUrl(), "", 4, 0, "me", "key",
                    new CrawlState(tmp.resolve("state"), "danbooru")), 0, () -> false);
            System.out.print(d.render("fake danbooru"));
            assertEquals(Map.of("NO_FILE_URL", 1, "ROBOTS_DISALLOWED", 1), d.failedByReason());
            assertEquals(8, d.succeededCount());
            final ImageEvent one = published().get(0);
            assertTrue(one.getTags().stream().anyMatch(t -> t.getName().equals("hatsune_miku") && t.getCategory().equals("character")));
            assertTrue(one.getTags().stream().anyMatch(t -> t.getName().equals("vocaloid") && t.getCategory().equals("copyright")));
            assertEquals("general", one.getRating());
        }
    }

    @Test
    void failedDownloadsAreFetchedAgainByTheNextCrawlAndOnlyThoseUntilItGivesUp() throws Exception {
        settings = kafka.freshSettings();
        final BooruHttp.Options noRetries = new BooruHttp.Options(BooruHttp.Options.DEFAULT_USER_AGENT, 0, 0, 10, Duration.ofMillis(500),
                1 << 20, true);
        final Path stateDir = tmp.resolve("state");
        try (FakeBooru site = new FakeBooru(10)) {
            // posts 10..100; later posts land after each failure, so the highest published id passes them all
            site.replace(30, true, false, false);
            site.serverErrors.put(50L, 1);
            site.stalls.put(70L, 1);
            site.serverErrors.put(90L, 99);
            final CrawlSummary first = crawl(booru(site, noRetries, stateDir), 0, () -> false);
            System.out.print(first.render("first crawl"));
            assertEquals(Map.of("MD5_MISMATCH", 1, "HTTP_ERROR", 2, "TIMEOUT", 1), first.failedByReason());
            assertEquals(6, first.succeededCount());
            assertEquals("100", new CrawlState(stateDir, "safebooru").get("last.post.id", null));

            site.replace(30, false, false, false); // the site repaired its file; 50 and 70 answer now, 90 still fails
            final Map<Long, Integer> before = fileRequests(site);
            final CrawlSummary second = crawl(booru(site, noRetries, stateDir), 0, () -> false);
            System.out.print(second.render("second crawl"));
            assertEquals(3, second.succeededCount(), "30, 50 and 70");
            assertEquals(Map.of("HTTP_ERROR", 1), second.failedByReason());
            assertEquals(Map.of(30L, 1, 50L, 1, 70L, 1, 90L, 1), changed(before, fileRequests(site)), "exactly the failed downloads, once each");
            final List<ImageEvent> events = published();
            assertEquals(9, events.size());
            assertEquals(9, events.stream().map(ImageEvent::getId).distinct().count(), "each post once");

            // 90 fails a third time: given up, counted and named, and not fetched by later crawls
            final CrawlSummary third = crawl(booru(site, noRetries, stateDir), 0, () -> false);
            assertEquals(Map.of("GAVE_UP_HTTP_ERROR", 1), third.failedByReason());
            assertTrue(third.render("third crawl").contains("id=90"), third.render("third crawl"));
            final Map<Long, Integer> beforeFourth = fileRequests(site);
            final CrawlSummary fourth = crawl(booru(site, noRetries, stateDir), 0, () -> false);
            assertEquals(0, fourth.succeededCount() + fourth.failedCount());
            assertEquals(Map.of(), changed(beforeFourth, fileRequests(site)));
            assertEquals(9, published().size());
        }
    }

    private static ImageSource booru(final FakeBooru site, final BooruHttp.Options options, final Path stateDir) {
        return new SafebooruSource(new BooruHttp(options), site.baseUrl(), "1girl", 4, 0, new CrawlState(stateDir, "safebooru"));
    }

    private static Map<Long, Integer> fileRequests(final FakeBooru site) {
        final Map<Long, Integer> out = new HashMap<>();
        site.posts.forEach(p -> out.put(p.id(), site.count("file" + p.id())));
        return out;
    }

    /** Posts asked for more often in {@code after} than in {@code before}, with how many more times. */
    private static Map<Long, Integer> changed(final Map<Long, Integer> before, final Map<Long, Integer> after) {
        final Map<Long, Integer> out = new java.util.TreeMap<>();
        after.forEach((id, n) -> {
            if (n > before.getOrDefault(id, 0)) {
                out.put(id, n - before.getOrDefault(id, 0));
            }
        });
        return out;
    }

    @Test
    void anInterruptedCrawlRestartedPublishesEveryImageOnceAndLosesNone() throws Exception {
        settings = kafka.freshSettings();
        final Path stateDir = tmp.resolve("state");
        final AtomicInteger asked = new AtomicInteger();
        final CrawlSummary first = crawl(new SyntheticSource(5, 64, 0, 300, new CrawlState(stateDir, "synthetic-5")), 0,
                () -> asked.incrementAndGet() > 130);
        assertTrue(first.succeededCount() > 0 && first.succeededCount() < 300, "interrupted after " + first.succeededCount());
        final CrawlSummary second = crawl(new SyntheticSource(5, 64, 0, 300 - first.succeededCount(), new CrawlState(stateDir, "synthetic-5")),
                0, () -> false);
        final List<ImageEvent> events = published();
        assertEquals(300, first.succeededCount() + second.succeededCount());
        assertEquals(300, events.size(), "no record published twice");
        final List<String> expected = new ArrayList<>();
        final SyntheticIllustrations reference = new SyntheticIllustrations(5, 64, 0);
        for (int i = 0; i < 300; i++) {
            expected.add(reference.next().getId());
        }
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(events.stream().map(ImageEvent::getId).toList()), "none lost");
    }

    @Test
    void largeImagesTravelAsClaimChecksAndDownscalingKeepsTheAspect() throws Exception {
        settings = kafka.freshSettings();
        final KafkaClients clients = new KafkaClients(settings);
        TopicAdmin.ensureTopics(clients, settings.topics().all());
        final java.awt.image.BufferedImage wide = new java.awt.image.BufferedImage(400, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);
        final byte[] png = ImageDecoder.encode(wide, "png");
        final ImageNormaliser small = new ImageNormaliser(new ImageDecoder(), 200, 100, tmp.resolve("claims"));
        final CrawlItem item = new CrawlItem("t:1", "user", null, List.of(), null, null, "1", () -> png);
        final ImageEvent e = small.normalise(item, png);
        assertEquals(200, e.getWidth());
        assertEquals(50, e.getHeight());
        assertEquals(null, e.getBytes());
        assertTrue(e.getUri().startsWith("file:"), e.getUri());
        assertTrue(Files.size(Path.of(java.net.URI.create(e.getUri()))) > 100);
    }

    private static byte[] bytes(final ImageEvent e) {
        final ByteBuffer b = e.getBytes().duplicate();
        final byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static List<byte[]> pictures(final int n) {
        final SyntheticIllustrations s = new SyntheticIllustrations(8, 64, 0);
        final List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(bytes(s.next()));
        }
        return out;
    }

    /** A PNG signature and IHDR claiming the given size, and nothing else: a decompression-bomb header. */
    private static byte[] pngHeader(final int width, final int height) {
        final ByteBuffer b = ByteBuffer.allocate(8 + 25 + 64);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        b.put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
        return b.array();
    }
}
