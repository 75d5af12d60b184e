package dev.i2v.app;

import dev.i2v.crawler.ContentHash;
import dev.i2v.crawler.booru.BooruHttp;
import dev.i2v.crawler.booru.DanbooruSource;
import dev.i2v.crawler.booru.SafebooruSource;
import dev.i2v.crawler.source.FolderSource;
import dev.i2v.crawler.source.SyntheticSource;
import dev.i2v.schemas.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code i2v crawl <source>}: publish illustrations and their tags to the images topic. */
@Command(name = "crawl", mixinStandardHelpOptions = true,
        description = {"Publish illustrations and their tags to the images topic, with a progress bar and a summary",
                "(published, skipped and failed, with reasons). Every crawl remembers where it stopped (--state-dir)."},
        subcommands = {CrawlCommand.Synthetic.class, CrawlCommand.Dir.class, CrawlCommand.Safebooru.class, CrawlCommand.Danbooru.class})
public final class CrawlCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a source: synthetic, dir, safebooru or danbooru");
    }

    @Command(name = "synthetic", mixinStandardHelpOptions = true,
            description = {"Offline: draw booru-style illustrations with their true tags (deterministic for a seed).",
                    "A re-run with the same seed continues the sequence."})
    static final class Synthetic implements Callable<Integer> {
        @Mixin
        CrawlOptions crawl;

        @Option(names = "--count", defaultValue = "1000", description = "Pictures to publish (default ${DEFAULT-VALUE}).")
        long count;

        @Option(names = "--seed", defaultValue = "42", description = "Sequence seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--size", defaultValue = "128", description = "Picture side in pixels, 64..256 (default ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--tag-drop-rate", defaultValue = "0", description = "Label noise: share of true tags left off (default ${DEFAULT-VALUE}).")
        double tagDropRate;

        @Override
        public Integer call() {
            final Settings s = crawl.settings(Map.of());
            return crawl.run(s, count + " synthetic pictures (seed " + seed + ")", 0,
                    dir -> new SyntheticSource(seed, size, tagDropRate, count, CrawlOptions.state(dir, "synthetic-" + seed + "-" + size)));
        }
    }

    @Command(name = "dir", mixinStandardHelpOptions = true,
            description = {"A local folder, recursive: images with a sidecar .txt of space-separated tags (name.jpg + name.txt),",
                    "or class folders (<folder>/<label>/.../x.png: the label is the tag). Files published before unchanged are skipped.",
                    "Files with the same bytes are one picture, published once with all their tags (the others counted as MERGED_DUPLICATE)."})
    static final class Dir implements Callable<Integer> {
        @Mixin
        CrawlOptions crawl;

        @Parameters(index = "0", paramLabel = "FOLDER", description = "The folder to crawl.")
        Path folder;

        @Option(names = "--limit", defaultValue = "0", description = "Stop after this many published images (default 0: all).")
        long limit;

        @Override
        public Integer call() {
            final Settings s = crawl.settings(Map.of());
            final Path root = folder.toAbsolutePath().normalize();
            return crawl.run(s, "folder " + root, limit, dir -> new FolderSource(List.of(root), "dir", true,
                    s.getLong("crawler.max.image.bytes"),
                    CrawlOptions.state(dir, "dir-" + ContentHash.sha256Hex(root.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16))));
        }
    }

    /** Options of both booru sources. */
    static final class BooruOptions {
        @Option(names = "--tags", defaultValue = "", description = "Tag query, as typed in the site's search box (default: everything).")
        String tags;

        @Option(names = "--limit", defaultValue = "1000", description = "Posts to read in this run (default ${DEFAULT-VALUE}; 0 = to the end).")
        long limit;

        @Option(names = "--base-url", description = "The site's address (default: the public site).")
        String baseUrl;

        @Option(names = "--page-size", defaultValue = "100", description = "Posts per listing request (default ${DEFAULT-VALUE}).")
        int pageSize;

        @Option(names = "--requests-per-second", defaultValue = "1", description = "Rate limit (default ${DEFAULT-VALUE}).")
        double requestsPerSecond;

        @Option(names = "--max-retries", defaultValue = "5", description = "Retries on 429, 5xx and time-outs, with exponential backoff (default ${DEFAULT-VALUE}).")
        int maxRetries;

        @Option(names = "--timeout-seconds", defaultValue = "30",
                description = "Give up on a request (listing or download, body included) after this long, then retry (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--user-agent", description = "User-Agent header (default: i2v-stream/0.1 with a contact URL).")
        String userAgent;

        @Option(names = "--ignore-robots", description = "Do not read robots.txt (only for your own servers).")
        boolean ignoreRobots;

        BooruHttp http(final long maxBytes) {
            final BooruHttp.Options d = BooruHttp.Options.defaults();
            return new BooruHttp(new BooruHttp.Options(userAgent == null ? d.userAgent() : userAgent,
                    (long) (1000 / Math.max(0.001, requestsPerSecond)), maxRetries, d.backoffMillis(), Duration.ofSeconds(timeoutSeconds),
                    maxBytes, !ignoreRobots));
        }

        String stateName(final String site, final String base) {
            return site + "-" + ContentHash.sha256Hex((base + "|" + tags).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        }
    }

    @Command(name = "safebooru", mixinStandardHelpOptions = true,
            description = {"Safebooru or another Gelbooru-style site (DAPI). Oldest first from where the last run of the same",
                    "query stopped; md5 checked; polite by default (1 request/s, backoff, robots.txt)."})
    static final class Safebooru implements Callable<Integer> {
        @Mixin
        CrawlOptions crawl;

        @CommandLine.ArgGroup(exclusive = false, heading = "Site%n")
        BooruOptions booru = new BooruOptions();

        @Override
        public Integer call() {
            final Settings s = crawl.settings(Map.of());
            final String base = booru.baseUrl == null ? SafebooruSource.DEFAULT_BASE_URL : booru.baseUrl;
            return crawl.run(s, "safebooru " + base + " tags '" + booru.tags + "'", 0, dir -> new SafebooruSource(
                    booru.http(s.getLong("crawler.max.image.bytes")), base, booru.tags, booru.pageSize, booru.limit,
                    CrawlOptions.state(dir, booru.stateName("safebooru", base))));
        }
    }

    @Command(name = "danbooru", mixinStandardHelpOptions = true,
            description = {"Danbooru (/posts.json), tags with their categories. Login and API key are optional;",
                    "they can also come from I2V_DANBOORU_LOGIN and I2V_DANBOORU_API_KEY."})
    static final class Danbooru implements Callable<Integer> {
        @Mixin
        CrawlOptions crawl;

        @CommandLine.ArgGroup(exclusive = false, heading = "Site%n")
        BooruOptions booru = new BooruOptions();

        @Option(names = "--login", description = "Danbooru user name (setting danbooru.login).")
        String login;

        @Option(names = "--api-key", description = "Danbooru API key (setting danbooru.api.key).")
        String apiKey;

        @Override
        public Integer call() {
            final java.util.HashMap<String, String> own = new java.util.HashMap<>();
            own.put("danbooru.login", login);
            own.put("danbooru.api.key", apiKey);
            final Settings s = crawl.settings(own);
            final String base = booru.baseUrl == null ? DanbooruSource.DEFAULT_BASE_URL : booru.baseUrl;
            return crawl.run(s, "danbooru " + base + " tags '" + booru.tags + "'", 0, dir -> new DanbooruSource(
                    booru.http(s.getLong("crawler.max.image.bytes")), base, booru.tags, booru.pageSize, booru.limit,
                    s.get("danbooru.login", null), s.get("danbooru.api.key", null),
                    CrawlOptions.state(dir, booru.stateName("danbooru", base))));
        }
    }
}
