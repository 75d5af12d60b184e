package dev.i2v.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The pages in a real browser (Debian's chromium, headless) against a real broker and tagger: an
 * uploaded image's tags and model version appear, the threshold slider shows more or fewer tags,
 * and the live view's counts move while images flow. Screenshots go to target/screenshots.
 */
@RealKafka
class ServeBrowserIT {

    static KafkaBroker kafka;

    @Test
    void uploadShowsTagsAndVersionAndTheLiveViewMoves(@TempDir final Path tmp) throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium(tmp.resolve("profile"));
             RunningServe serve = RunningServe.start(kafka, tmp)) {
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
            assertTrue(chromium.driver.findElement(By.id("category-note")).getText().contains("no tag categories"));
            tour.threshold(1);
            assertTrue(chromium.driver.findElements(By.cssSelector("#tags .tag")).size() < vocabulary, "the slider hides tags");
            tour.threshold(0.45);
            chromium.screenshot(Path.of("target/screenshots/serve-upload.png"));

            tour.live();
            RunningServe.awaitTrue(() -> tour.liveCount("tag-vectors-out") >= 1, Duration.ofSeconds(10), "live view never filled in");
            final long before = tour.liveCount("tag-vectors-out");
            final long imagesBefore = tour.liveCount("images-in");
            serve.publishPictures(30);
            RunningServe.awaitTrue(() -> tour.liveCount("tag-vectors-out") >= before + 30, Duration.ofSeconds(60),
                    "tag vectors out did not move past " + before);
            assertTrue(tour.liveCount("images-in") >= imagesBefore + 30, "images in did not move");
            assertTrue(chromium.driver.findElement(By.id("versions")).getText().contains("i2v v1 (serving)"));
            chromium.screenshot(Path.of("target/screenshots/serve-live.png"));
        }
    }
}
