package dev.i2v.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.image.ImageDecoder;
import dev.i2v.model.testing.HostileCorpus;
import dev.i2v.model.testing.TestModels;
import dev.i2v.schemas.Settings;
import java.awt.Color;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain errors of the API, on a real server whose Kafka is not there: every bad input is
 * refused before anything is published, with a status and a message that say what is wrong.
 */
class ServeErrorsTest {

    private static final int MAX_UPLOAD = 64 * 1024;
    private static WebServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        final int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once the socket is closed
        }
        server = new WebServer(Settings.of(Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort, "serve.port", "0",
                "serve.max.upload.bytes", String.valueOf(MAX_UPLOAD), "kafka.default.api.timeout.ms", "1500")));
        http = new Http(server.start());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] png() {
        return ImageDecoder.encode(TestModels.square(Color.RED, 64, 1), "png");
    }

    @Test
    void textIsNotAnImage() throws Exception {
        final Http.Answer a = http.post("/api/images", "just some text, not a picture".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, a.status(), a.json().toString());
        assertTrue(a.error().contains("not a PNG, JPEG, GIF or BMP image"), a.error());
    }

    @Test
    void aTruncatedImageIsABadRequest() throws Exception {
        final byte[] png = png();
        final Http.Answer a = http.post("/api/images", Arrays.copyOf(png, png.length / 2));
        assertEquals(400, a.status(), a.json().toString());
        assertEquals(400, a.json().get("status").asInt());
    }

    @Test
    void anEmptyBodyIsABadRequest() throws Exception {
        final Http.Answer a = http.post("/api/images", new byte[0]);
        assertEquals(400, a.status(), a.json().toString());
        assertTrue(a.error().contains("no body"), a.error());
    }

    @Test
    void anUploadOverTheLimitIsTooLarge() throws Exception {
        final byte[] big = new byte[MAX_UPLOAD + 1];
        System.arraycopy(png(), 0, big, 0, png().length);
        final Http.Answer a = http.post("/api/images", big);
        assertEquals(413, a.status(), a.json().toString());
        assertTrue(a.error().contains("--max-upload-bytes"), a.error());
    }

    @Test
    void aGoodImageWithoutKafkaIsServiceUnavailable() throws Exception {
        final Http.Answer a = http.post("/api/images", png());
        assertEquals(503, a.status(), a.json().toString());
        assertTrue(a.error().contains("Is Kafka up?"), a.error());
    }

    /** The project's hostile images (model-core's corpus): each is refused before publishing with the status its reason means. */
    @Test
    void everyHostileImageOfTheCorpusGetsTheStatusOfItsReason() throws Exception {
        final Map<String, Integer> statusOf = Map.of("CORRUPT", 400, "EMPTY", 400, "NOT_AN_IMAGE", 415, "TOO_MANY_PIXELS", 413,
                "TAGGED", 503); // a good image passes the checks and meets the missing Kafka
        int tried = 0;
        for (final HostileCorpus.Case c : HostileCorpus.cases()) {
            if (c.kind().equals("inline")) {
                final Http.Answer a = http.post("/api/images", HostileCorpus.resource(c.file()));
                assertEquals(statusOf.get(c.expected()), a.status(), c.name() + ": " + a.json());
                tried++;
            }
        }
        assertTrue(tried >= 10, "inline cases in the corpus: " + tried);
    }

    @Test
    void idsAreCheckedAndUnknownOnesAreNotFound() throws Exception {
        final Http.Answer script = http.get("/api/tag-vectors/%3Cscript%3E");
        assertEquals(400, script.status(), script.json().toString());
        final Http.Answer tooLong = http.get("/api/tag-vectors/" + "a".repeat(201));
        assertEquals(400, tooLong.status(), tooLong.json().toString());
        final Http.Answer unknown = http.get("/api/tag-vectors/user:0123abc");
        assertEquals(404, unknown.status(), unknown.json().toString());
        assertTrue(unknown.error().contains("user:0123abc"), unknown.error());
        assertEquals(400, http.get("/api/tag-vectors/user:0123abc/similar?k=100000").status());
        assertEquals(404, http.get("/api/nothing-here").status());
    }
}
