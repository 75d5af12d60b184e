package dev.i2v.crawler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.i2v.crawler.synthetic.SyntheticIllustrations;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server that answers like Safebooru's DAPI and Danbooru's /posts.json over a fixed set
 * of posts with real PNG files, and misbehaves on request: 429 with Retry-After, 500, malformed JSON,
 * a wrong md5, a post without a file URL, a path robots.txt disallows. Shared (test-jar) with the
 * reliability suite.
 */
public final class FakeBooru implements AutoCloseable {

    /** One post: id, tags, and how its file misbehaves. */
    public record Post(long id, List<String> tags, byte[] png, boolean wrongMd5, boolean noFileUrl, boolean forbidden) {
    }

    public final List<Post> posts = new ArrayList<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Listing requests (by page index) answered with garbage instead of JSON, once each. */
    final Map<Integer, Boolean> malformedOnce = new ConcurrentHashMap<>();
    final Map<Integer, Boolean> tooManyRequestsOnce = new ConcurrentHashMap<>();
    /** Post ids whose file answers 500: this many times each. */
    public final Map<Long, Integer> serverErrors = new ConcurrentHashMap<>();
    /** Post ids whose file sends its headers and half its bytes, then stalls: this many times each. */
    public final Map<Long, Integer> stalls = new ConcurrentHashMap<>();
    /** Post ids whose file comes in far bigger than its picture: this many bytes. */
    final Map<Long, Integer> oversized = new ConcurrentHashMap<>();
    private final HttpServer server;
    // threads of their own, so a stalled answer does not hold up the next request
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    public FakeBooru(final int count) throws IOException {
        final SyntheticIllustrations pictures = new SyntheticIllustrations(77, 64, 0);
        for (int i = 1; i <= count; i++) {
            final var e = pictures.next();
            final ByteBuffer b = e.getBytes().duplicate();
            final byte[] png = new byte[b.remaining()];
            b.get(png);
            posts.add(new Post(i * 10L, e.getTags().stream().map(t -> t.getName()).toList(), png, false, false, false));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/robots.txt", x -> send(x, 200, "User-agent: *\nDisallow: /forbidden/\n", "text/plain"));
        server.createContext("/index.php", this::safebooru);
        server.createContext("/posts.json", this::danbooru);
        server.createContext("/images/", this::file);
        server.createContext("/forbidden/", this::file);
        server.setExecutor(handlers);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void replace(final long id, final boolean wrongMd5, final boolean noFileUrl, final boolean forbidden) {
        for (int i = 0; i < posts.size(); i++) {
            final Post p = posts.get(i);
            if (p.id() == id) {
                posts.set(i, new Post(p.id(), p.tags(), p.png(), wrongMd5, noFileUrl, forbidden));
            }
        }
    }

    public int count(final String what) {
        return requests.getOrDefault(what, new AtomicInteger()).get();
    }

    private void safebooru(final HttpExchange x) throws IOException {
        final Map<String, String> q = query(x);
        final int page = Integer.parseInt(q.get("pid"));
        if (misbehave(x, page)) {
            return;
        }
        final StringBuilder json = new StringBuilder("[");
        for (final Post p : page(q.get("tags"), Integer.parseInt(q.get("limit")), page)) {
            json.append(json.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"directory\":\"%s\",\"image\":\"%d.png\",\"hash\":\"%s\",\"tags\":\"%s\",\"rating\":\"safe\"%s}",
                    p.id(), "ab", p.id(), md5(p), String.join(" ", p.tags()),
                    p.forbidden() ? ",\"file_url\":\"" + baseUrl() + "/forbidden/" + p.id() + ".png\"" : ""));
        }
        send(x, 200, json.append("]").toString(), "application/json");
    }

    private void danbooru(final HttpExchange x) throws IOException {
        final Map<String, String> q = query(x);
        final int page = Integer.parseInt(q.get("page")) - 1;
        if (misbehave(x, page)) {
            return;
        }
        final StringBuilder json = new StringBuilder("[");
        for (final Post p : page(q.get("tags"), Integer.parseInt(q.get("limit")), page)) {
            final String fileUrl = p.noFileUrl() ? "" : ",\"file_url\":\"" + baseUrl() + (p.forbidden() ? "/forbidden/" : "/images/ab/") + p.id() + ".png\"";
            json.append(json.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"id\":%d,\"md5\":\"%s\",\"rating\":\"g\",\"tag_string_general\":\"%s\",\"tag_string_character\":\"hatsune_miku\","
                            + "\"tag_string_copyright\":\"vocaloid\",\"tag_string_artist\":\"someone\",\"tag_string_meta\":\"\"%s}",
                    p.id(), md5(p), String.join(" ", p.tags()), fileUrl));
        }
        send(x, 200, json.append("]").toString(), "application/json");
    }

    private boolean misbehave(final HttpExchange x, final int page) throws IOException {
        requests.computeIfAbsent("page" + page, k -> new AtomicInteger()).incrementAndGet();
        if (tooManyRequestsOnce.remove(page) != null) {
            x.getResponseHeaders().add("Retry-After", "1");
            send(x, 429, "slow down", "text/plain");
            return true;
        }
        if (malformedOnce.remove(page) != null) {
            send(x, 200, "<html><body>Database maintenance</body>", "text/html");
            return true;
        }
        return false;
    }

    /** Posts with afterId < id < beforeId from the query's id clauses, ascending, paged. */
    private List<Post> page(final String tags, final int limit, final int page) {
        long after = Long.MIN_VALUE;
        long before = Long.MAX_VALUE;
        final Matcher gt = Pattern.compile("id:>(\\d+)").matcher(tags);
        if (gt.find()) {
            after = Long.parseLong(gt.group(1));
        }
        final Matcher lt = Pattern.compile("id:<(\\d+)").matcher(tags);
        if (lt.find()) {
            before = Long.parseLong(lt.group(1));
        }
        final List<Post> matching = new ArrayList<>();
        for (final Post p : posts) {
            if (p.id() > after && p.id() < before) {
                matching.add(p);
            }
        }
        final int from = Math.min(matching.size(), page * limit);
        return matching.subList(from, Math.min(matching.size(), from + limit));
    }

    private void file(final HttpExchange x) throws IOException {
        final String path = x.getRequestURI().getPath();
        final long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.')));
        requests.computeIfAbsent("file" + id, k -> new AtomicInteger()).incrementAndGet();
        if (serverErrors.merge(id, -1, Integer::sum) >= 0) {
            send(x, 500, "oops", "text/plain");
            return;
        }
        if (oversized.containsKey(id)) {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse it by
            try (OutputStream out = x.getResponseBody()) {
                out.write(new byte[oversized.get(id)]);
            } catch (IOException clientGaveUp) {
                // expected: the crawler stops reading at its limit
            }
            return;
        }
        if (stalls.merge(id, -1, Integer::sum) >= 0) {
            final byte[] png = posts.stream().filter(p -> p.id() == id).findFirst().orElseThrow().png();
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, png.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(png, 0, png.length / 2);
                out.flush();
                Thread.sleep(5_000);
            } catch (IOException | InterruptedException clientGaveUp) {
                // expected: the crawler times out and hangs up
            }
            return;
        }
        for (final Post p : posts) {
            if (p.id() == id) {
                x.getResponseHeaders().add("Content-Type", "image/png");
                x.sendResponseHeaders(200, p.png().length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(p.png());
                }
                return;
            }
        }
        send(x, 404, "no such post", "text/plain");
    }

    private static String md5(final Post p) {
        return p.wrongMd5() ? "00000000000000000000000000000000" : ContentHash.md5Hex(p.png());
    }

    private static Map<String, String> query(final HttpExchange x) {
        final Map<String, String> out = new HashMap<>();
        final String raw = x.getRequestURI().getRawQuery();
        for (final String kv : raw == null ? new String[0] : raw.split("&")) {
            final int eq = kv.indexOf('=');
            out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(final HttpExchange x, final int status, final String body, final String type) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
