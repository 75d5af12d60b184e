package dev.i2v.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.avro.ScoredTag;
import dev.i2v.schemas.avro.TagVector;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * {@code i2v serve} against a real broker and a running tagger. The JSON API: an uploaded image comes
 * back as exactly the tag vector the tagger wrote to the tag-vectors topic; without a tagger, or
 * without an answer in time, the status says so. The pages in a real browser (Debian's chromium,
 * headless): an uploaded image's tags and model version appear, the threshold slider shows more or
 * fewer tags, and the live view's counts move while images flow (screenshots in target/screenshots).
 */
@RealKafka
class ServeIT {

    static KafkaBroker kafka;

    @TempDir
    static Path tmp;

    /** One broker, tagger and server for every test: starting a tagger takes seconds. */
    private static RunningServe serve;

    @BeforeAll
    static void start() throws Exception {
        serve = RunningServe.start(kafka, tmp);
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void anUploadAnswersWithTheTagVectorOnTheTopic() throws Exception {
        final Http http = new Http(serve.port);
        final long start = System.nanoTime();
        final Http.Answer answer = http.post("/api/images?scores=true&embedding=true", serve.picture());
        final long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, answer.status(), answer.json().toString());
        final JsonNode json = answer.json();
        final String id = json.get("imageId").asText();
        assertTrue(id.startsWith("user:"), id);

        final TagVector onTopic = readFromTopic(serve, id);
        assertEquals(onTopic.getModelName(), json.get("modelName").asText());
        assertEquals(onTopic.getModelVersion(), json.get("modelVersion").asLong());
        assertEquals(onTopic.getVocabularyId(), json.get("vocabularyId").asText());
        assertEquals(onTopic.getTags().size(), json.get("tags").size(), json.get("tags").toString());
        for (int i = 0; i < onTopic.getTags().size(); i++) {
            final ScoredTag t = onTopic.getTags().get(i);
            assertEquals(t.getName(), json.get("tags").get(i).get("name").asText());
            assertEquals(t.getScore(), json.get("tags").get(i).get("score").floatValue());
        }
        final List<String> vocabulary = serve.server.versions().get(0).getVocabulary();
        assertEquals(onTopic.getScores().size(), json.get("scores").size());
        for (int i = 0; i < vocabulary.size(); i++) {
            assertEquals(onTopic.getScores().get(i), json.get("scores").get(vocabulary.get(i)).floatValue(), vocabulary.get(i));
        }
        assertEquals(onTopic.getEmbedding().size(), json.get("embedding").size());
        for (int i = 0; i < onTopic.getEmbedding().size(); i++) {
            assertEquals(onTopic.getEmbedding().get(i), json.get("embedding").get(i).floatValue());
        }
        assertEquals(json, http.get("/api/tag-vectors/" + id + "?scores=true&embedding=true").json(), "GET answers what POST did");

        // more images from elsewhere: the index finds neighbours, the live counts see them
        serve.publishPictures(8);
        RunningServe.awaitTrue(() -> liveCount(http, "tagVectorsOut") >= 9, Duration.ofSeconds(60), "tag vectors not counted");
        final JsonNode similar = http.get("/api/tag-vectors/" + id + "/similar?k=5").json();
        assertEquals(5, similar.get("similar").size(), similar.toString());
        double previous = 1.0001;
        for (final JsonNode n : similar.get("similar")) {
            assertTrue(n.get("similarity").asDouble() <= previous, "most similar first: " + similar);
            previous = n.get("similarity").asDouble();
        }
        RunningServe.awaitTrue(() -> liveCount(http, "imagesIn") >= 9, Duration.ofSeconds(10), "images in not counted");
        System.out.printf("serve API IT on %s: upload answered in %d ms (tagger batch wait 300 ms)%n", kafka.kind(), millis);
    }

    @Test
    void withoutARunningTaggerOrAnAnswerInTimeTheStatusSaysSo() throws Exception {
        try (WebServer noTagger = new WebServer(serve.settings.with(Map.of("tagger.application.id", "no-such-tagger")));
             WebServer impatient = new WebServer(serve.settings.with(Map.of("serve.answer.timeout.ms", "1")))) {
            final Http.Answer none = new Http(noTagger.start()).post("/api/images", serve.picture());
            assertEquals(503, none.status(), none.json().toString());
            assertTrue(none.error().contains("No tagger is running (consumer group no-such-tagger"), none.error());

            final Http impatientHttp = new Http(impatient.start());
            RunningServe.awaitTrue(() -> impatient.versions().size() == 1, Duration.ofSeconds(30), "versions not read");
            final Http.Answer late = impatientHttp.post("/api/images", serve.picture());
            assertEquals(504, late.status(), late.json().toString());
            assertTrue(late.error().contains("No tag vector for user:"), late.error());
        }
    }

    @Test
    void inARealBrowserAnUploadShowsItsTagsAndVersionAndTheLiveViewMoves() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("profile"))) {
            final PageTour tour = new PageTour(chromium.driver, "http://127.0.0.1:" + serve.port);
            final Path picture = Files.write(tmp.resolve("picture.png"), serve.picture());

            assertEquals("by i2v v1", tour.upload(picture, Duration.ofSeconds(40)),
                    "error shown: " + chromium.driver.findElement(By.id("error")).getText());
            tour.threshold(0);
            final int vocabulary = serve.server.versions().get(0).getVocabulary().size();
            assertEquals(vocabulary, chromium.driver.findElements(By.cssSelector("#tags .tag")).size(), "every tag at threshold 0");
            final String id = chromium.driver.findElement(By.id("status")).getText().replaceAll("^Tagged as (\\S+) in.*$", "$1");
            final JsonNode api = new Http(serve.port).get("/api/tag-vectors/" + id).json();
            assertEquals(api.get("tags").size(), chromium.driver.findElements(By.cssSelector("#tags .tag.above")).size(),
                    "the tags over the model's thresholds stand out");
            // the model's labels name their kinds: copyright:original and the ratings are grouped apart from general tags
            assertEquals(List.of("general", "copyright", "rating"), chromium.driver.findElements(By.cssSelector("#tags .category"))
                    .stream().map(e -> e.getAttribute("data-category")).toList());
            tour.threshold(1);
            assertTrue(chromium.driver.findElements(By.cssSelector("#tags .tag")).size() < vocabulary, "the slider hides tags");
            tour.threshold(0.45);
            chromium.screenshot(Path.of("target/screenshots/serve-upload.png"));

            tour.live();
            RunningServe.awaitTrue(() -> tour.liveCount("tag-vectors-out") >= 1, Duration.ofSeconds(10), "live view never filled in");
            final long before = tour.liveCount("tag-vectors-out");
            final long imagesBefore = tour.liveCount("images-in");
            serve.publishPictures(12);
            RunningServe.awaitTrue(() -> tour.liveCount("tag-vectors-out") >= before + 12, Duration.ofSeconds(60),
                    "tag vectors out did not move past " + before);
            // images in comes from the broker's end offsets, asked once a second: it may trail the tag vectors
            RunningServe.awaitTrue(() -> tour.liveCount("images-in") >= imagesBefore + 12, Duration.ofSeconds(10),
                    "images in did not move past " + imagesBefore);
            assertTrue(chromium.driver.findElement(By.id("versions")).getText().contains("i2v v1 (serving)"));
            chromium.screenshot(Path.of("target/screenshots/serve-live.png"));
        }
    }

    private static long liveCount(final Http http, final String field) {
        try {
            return http.get("/api/live").json().get(field).asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private static TagVector readFromTopic(final RunningServe serve, final String id) {
        try (KafkaConsumer<String, TagVector> consumer = new KafkaConsumer<>(serve.clients.consumer("it-read-" + System.nanoTime()),
                new StringDeserializer(), I2vSerdes.tagVector().deserializer())) {
            consumer.subscribe(List.of(serve.settings.topics().tagVectors()));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, TagVector> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(id)) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no tag vector for " + id + " on the topic");
    }
}
