package dev.i2v.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.i2v.crawler.ImagePublisher;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ModelUpdated;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code i2v serve}: the page, the live view and the JSON API over the running topics. Uploads go to
 * the images topic and their answers come back from the tag-vectors topic; the server itself never
 * runs a model.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final int MAX_NEIGHBOURS = 50;

    private final ServeConfig config;
    private final Topics topics;
    private final ModelVersions versions = new ModelVersions();
    private final TagVectorIndex index;
    private final AnswerWaiters waiters = new AnswerWaiters();
    private final LiveCounts counts = new LiveCounts();
    private final TopicFollower follower;
    private final ClusterProbe probe;
    private final ImagePublisher publisher;
    private final UploadTagging uploads;
    private final TagVectorJson json;
    private final Javalin http;

    public WebServer(final Settings settings) {
        this.config = ServeConfig.from(settings);
        this.topics = settings.topics();
        final KafkaClients clients = new KafkaClients(settings);
        this.index = new TagVectorIndex(config.indexSize());
        this.follower = new TopicFollower(clients, topics, index, waiters, counts, versions);
        this.probe = new ClusterProbe(clients, config.taggerGroup(), topics.images());
        this.publisher = new ImagePublisher(clients, topics);
        this.uploads = new UploadTagging(config, publisher, probe, versions, waiters);
        this.json = new TagVectorJson(versions);
        this.http = routes(Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dev/i2v/web/static";
                files.location = Location.CLASSPATH;
            });
        }));
    }

    private Javalin routes(final Javalin app) {
        app.before(ctx -> {
            // the pages load only their own files: nothing from elsewhere runs in them
            ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'");
            ctx.header("X-Content-Type-Options", "nosniff");
        });
        app.get("/live", ctx -> ctx.redirect("/live.html"));
        app.post("/api/images", this::upload);
        app.get("/api/tag-vectors/{id}", this::tagVector);
        app.get("/api/tag-vectors/{id}/similar", this::similar);
        app.get("/api/versions", ctx -> send(ctx, json.versions().toString()));
        app.get("/api/versions.svg", ctx -> ctx.contentType("image/svg+xml").result(VersionChart.svg(versions.all(), versions.newestPromoted())));
        app.get("/api/live", this::live);
        app.exception(HttpFailure.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "The server failed on this request (" + e.getClass().getSimpleName() + "); its log says more.");
        });
        app.error(404, ctx -> {
            if (!"application/json".equals(ctx.contentType())) { // not already one of ours
                error(ctx, 404, "Nothing at " + ctx.path() + ". The API: POST /api/images, GET /api/tag-vectors/{id}, GET /api/versions.");
            }
        });
        return app;
    }

    /** Starts reading the topics and listening; returns the port (useful with port 0). */
    public int start() {
        follower.start();
        probe.start();
        http.start(config.host(), config.port());
        LOG.info("i2v serve on http://{}:{}/ over {} and {}; tagger group {}", config.host(), http.port(), topics.images(),
                topics.tagVectors(), config.taggerGroup());
        return http.port();
    }

    public int port() {
        return http.port();
    }

    /** Where the page is, once started. */
    public String url() {
        return "http://" + config.host() + ":" + http.port() + "/";
    }

    /** The model versions read so far, oldest first. */
    public List<ModelUpdated> versions() {
        return versions.all();
    }

    private void upload(final Context ctx) {
        final IndexedVector v = uploads.tag(body(ctx));
        index.add(v); // the follower adds it too; this makes a GET right after the answer find it
        send(ctx, json.vector(v, flag(ctx, "scores"), flag(ctx, "embedding")).toString());
    }

    private void tagVector(final Context ctx) {
        send(ctx, json.vector(known(ctx.pathParam("id")), flag(ctx, "scores"), flag(ctx, "embedding")).toString());
    }

    private void similar(final Context ctx) {
        final int k = intParam(ctx, "k", 8, 1, MAX_NEIGHBOURS); // every input is checked before anything is looked up
        final IndexedVector v = known(ctx.pathParam("id"));
        send(ctx, json.neighbours(v, index.nearest(v, k), index.size()).toString());
    }

    private void live(final Context ctx) {
        final ObjectNode o = json.mapper().createObjectNode();
        final long now = System.currentTimeMillis();
        o.put("imagesIn", probe.imagesWritten());
        o.put("tagVectorsOut", counts.tagVectors());
        o.put("tagVectorsPerSecond", counts.ratePerSecond(now));
        o.put("rateWindowSeconds", LiveCounts.RATE_WINDOW_SECONDS);
        final ObjectNode dead = o.putObject("deadLettersByReason");
        counts.deadLettersByReason().forEach(dead::put);
        final ClusterProbe.Taggers taggers = probe.taggers();
        o.put("taggerGroup", probe.taggerGroup());
        o.put("taggers", taggers.members());
        if (taggers.problem() != null) {
            o.put("taggersProblem", taggers.problem());
        }
        o.put("readingTopics", follower.reading());
        o.put("indexed", index.size());
        o.put("indexCapacity", index.capacity());
        o.put("uploadsWaiting", waiters.count());
        o.set("versions", json.versions());
        send(ctx, o.toString());
    }

    private IndexedVector known(final String rawId) {
        final String id = ImageIds.check(rawId);
        return index.get(id).orElseThrow(() -> new HttpFailure(404, "No tag vector for " + id + " among the " + index.size()
                + " newest this server holds (at most " + index.capacity() + "). Upload it with POST /api/images, or wait for the tagger."));
    }

    /** The request body, read only up to the upload limit: a larger one is refused without reading it whole. */
    private byte[] body(final Context ctx) {
        final long declared = ctx.req().getContentLengthLong();
        if (declared > config.maxUploadBytes()) {
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > config.maxUploadBytes()) {
                    throw tooLarge(out.size());
                }
            }
            if (out.size() == 0) {
                throw new HttpFailure(400, "The request has no body: send the image file itself, e.g. curl --data-binary @picture.png"
                        + " -H 'Content-Type: application/octet-stream' .../api/images");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new HttpFailure(400, "Could not read the upload: " + e.getMessage());
        }
    }

    private HttpFailure tooLarge(final long bytes) {
        return new HttpFailure(413, String.format("The upload is over %,d bytes (%s%,d): downscale the image or raise --max-upload-bytes.",
                config.maxUploadBytes(), bytes > config.maxUploadBytes() ? "at least " : "", bytes));
    }

    private static boolean flag(final Context ctx, final String name) {
        final String v = ctx.queryParam(name);
        return v != null && (v.isEmpty() || v.equals("true") || v.equals("1"));
    }

    private static int intParam(final Context ctx, final String name, final int fallback, final int min, final int max) {
        final String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            final int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpFailure(400, name + " must be a whole number from " + min + " to " + max + ".");
    }

    private static void send(final Context ctx, final String body) {
        ctx.contentType("application/json").result(body);
    }

    private void error(final Context ctx, final int status, final String message) {
        ctx.status(status);
        send(ctx, json.mapper().createObjectNode().put("status", status).put("error", message).toString());
    }

    @Override
    public void close() {
        http.stop();
        follower.close();
        publisher.close();
        probe.close();
    }

    /** Every setting of the server with its default. */
    public static Map<String, String> defaults() {
        return ServeConfig.DEFAULTS;
    }
}
