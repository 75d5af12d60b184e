package dev.i2v.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.avro.TagVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingMapTest {

    @Test
    void groupsByATagAListOfTagsOrAColourSuffix() {
        final List<String> tags = List.of("1girl", "long_hair", "red_hair", "outdoors", "white_background");
        assertEquals("outdoors", EmbeddingMap.groupOf(tags, "indoors,outdoors,white_background"));
        assertEquals("other", EmbeddingMap.groupOf(tags, "indoors,night"));
        assertEquals("red_hair", EmbeddingMap.groupOf(tags, "_hair"), "long_hair is a length, not a colour");
        assertEquals("several", EmbeddingMap.groupOf(List.of("red_hair", "blue_hair"), "_hair"));
        assertEquals("no hat", EmbeddingMap.groupOf(tags, "hat"));
    }

    @Test
    void drawsOnePointPerEmbeddedImageWithKnownTags(@TempDir final Path dir) throws Exception {
        final Random random = new Random(4);
        final List<TagVector> vectors = new ArrayList<>();
        final Map<String, List<String>> truth = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            final List<Float> embedding = new ArrayList<>();
            for (int d = 0; d < 16; d++) {
                embedding.add((float) (0.3 * random.nextGaussian()) + (d < 8 == (i % 2 == 0) ? 3f : 0f));
            }
            vectors.add(TagVector.newBuilder().setImageId("img" + i).setModelName("i2v").setModelVersion(1).setVocabularyId("v")
                    .setScores(List.of()).setTags(List.of()).setEmbedding(embedding).setTaggedAt(Instant.EPOCH).setInferenceMillis(1f).build());
            if (i < 30) {
                truth.put("img" + i, List.of(i % 2 == 0 ? "outdoors" : "indoors"));
            }
        }
        // the two groups differ along one direction: the first component separates them
        final double[][] xy = EmbeddingMap.project2d(vectors);
        double evenMean = 0;
        double oddMean = 0;
        for (int i = 0; i < xy.length; i++) {
            if (i % 2 == 0) {
                evenMean += xy[i][0] / 20;
            } else {
                oddMean += xy[i][0] / 20;
            }
        }
        for (int i = 0; i < xy.length; i++) {
            assertTrue(Math.signum(xy[i][0]) == Math.signum(i % 2 == 0 ? evenMean : oddMean), "point " + i + " on its group's side");
        }
        final Path png = dir.resolve("map.png");
        assertEquals(30, EmbeddingMap.write(vectors, truth, "outdoors,indoors", "test", png), "images without known tags are left out");
        assertTrue(Files.size(png) > 1000);
    }

    /** The demo's "outdoors" was purple in one version and blue in the next: colours came from the order groups appeared in. */
    @Test
    void aGroupKeepsItsColourWhicheverImagesAVersionTagged() {
        final Map<String, List<String>> truth = Map.of("a", List.of("outdoors"), "b", List.of("indoors"), "c", List.of("white_background"),
                "d", List.of("1girl"));
        final String colorBy = "white_background,outdoors,indoors";
        final var colours = EmbeddingMap.coloursOf(truth, colorBy);
        assertEquals(colours.of("outdoors"), EmbeddingMap.coloursOf(Map.of("x", List.of("outdoors"), "y", List.of("indoors"),
                "z", List.of("white_background")), colorBy).of("outdoors"));
        assertEquals(dev.i2v.model.metrics.ClassColours.NEUTRAL, colours.of("other"));
    }
}
