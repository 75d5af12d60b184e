package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.crawler.ContentHash;
import dev.i2v.model.image.ImageDecoder;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.Tag;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-label mode on a real broker: class images in, accuracy against the majority baseline and the reports out. */
@RealKafka
class SingleLabelTrainerIT {

    private static final List<String> CLASSES = List.of("red", "green", "blue");

    static KafkaBroker kafka;

    @TempDir
    Path tmp;

    @Test
    void theTwoBranchNetworkLearnsColourClassesAndReportsEveryHeadBesideTheMajorityBaseline() throws Exception {
        final Settings settings = TrainerFixtures.settings(kafka, tmp, Map.of("trainer.group.id", "single-it-" + System.nanoTime(),
                "trainer.mode", "single_label", "trainer.backbone", "rgb_hsv", "trainer.input.size", "16", "trainer.hidden.units", "16",
                "trainer.window.size", "160", "trainer.epochs", "3", "trainer.max.windows", "1", "trainer.holdout.percent", "20"));
        TrainerFixtures.publish(settings, colourImages(240));
        new TrainerService(settings).run();

        final ModelUpdated v1 = TrainerFixtures.versions(settings, "i2v").get(0);
        final double accuracy = v1.getMetrics().getHoldoutAccuracy();
        final double baseline = v1.getMetrics().getBaselineAccuracy();
        System.out.printf("single-label IT: holdout of %d images, accuracy %.3f, majority baseline %.3f%n",
                v1.getMetrics().getHoldoutImages(), accuracy, baseline);
        assertTrue(baseline > 0.2 && baseline < 0.6, "three classes in about equal numbers: baseline " + baseline);
        assertTrue(accuracy > baseline + 0.3, "accuracy " + accuracy + " is not clearly above the majority baseline " + baseline);

        final Path reports = tmp.resolve("reports");
        final String md = Files.readString(reports.resolve("classes-v1.md"));
        for (final String row : List.of("| fused |", "| RGB branch |", "| HS branch |", "| majority-class baseline |", "## Confusion matrix")) {
            assertTrue(md.contains(row), row + " missing from " + md);
        }
        assertEquals(1 + 3, Files.readAllLines(reports.resolve("epoch-curves.csv")).size(), "header + 3 epochs");
        final ObjectMapper json = new ObjectMapper();
        for (final String line : Files.readAllLines(SingleLabelReport.mistakesFile(reports, 1))) {
            final JsonNode m = json.readTree(line);
            assertTrue(!m.get("trueClass").asText().equals(m.get("predictedClass").asText()), line);
            assertEquals(3, m.get("probabilities").size(), line);
        }
    }

    /** Squares of one colour each (red, green or blue at a random brightness, with noise), tagged with that colour, in mixed order. */
    private static List<ImageEvent> colourImages(final int count) {
        final Random random = new Random(16);
        final List<ImageEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int c = random.nextInt(CLASSES.size());
            final BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            final float brightness = 0.5f + 0.5f * random.nextFloat();
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    final float[] rgb = new float[3];
                    for (int k = 0; k < 3; k++) {
                        rgb[k] = Math.min(1f, (k == c ? brightness : 0.15f) + 0.1f * random.nextFloat());
                    }
                    image.setRGB(x, y, new Color(rgb[0], rgb[1], rgb[2]).getRGB());
                }
            }
            final byte[] png = ImageDecoder.encode(image, "png");
            out.add(ImageEvent.newBuilder().setId("colours:" + i).setSource("colours").setSourceUrl(null)
                    .setSha256(ContentHash.sha256Hex(png)).setContentType("image/png").setWidth(16).setHeight(16)
                    .setBytes(ByteBuffer.wrap(png)).setUri(null)
                    .setTags(List.of(Tag.newBuilder().setName(CLASSES.get(c)).setCategory("general").build()))
                    .setRating(null).setPublishedAt(Instant.ofEpochMilli(1_700_000_000_000L + i * 1000L)).build());
        }
        return out;
    }
}
