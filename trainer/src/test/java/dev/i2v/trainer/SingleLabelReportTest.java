package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.i2v.model.metrics.SingleLabelMetrics;
import dev.i2v.model.net.NetworkFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleLabelReportTest {

    private static final List<String> CLASSES = List.of("apps", "places", "status");

    /** Three holdout images; the second (a place) is taken for an app. */
    private static SingleLabelEvaluator.Result result(final int embeddingWidth) {
        final float[][] probabilities = {{0.8f, 0.1f, 0.1f}, {0.6f, 0.3f, 0.1f}, {0.1f, 0.2f, 0.7f}};
        final int[] truth = {0, 1, 2};
        final Map<String, SingleLabelMetrics.Evaluation> heads = new LinkedHashMap<>();
        heads.put(NetworkFactory.OUTPUT, SingleLabelMetrics.evaluate(probabilities, truth, 3));
        heads.put(NetworkFactory.RGB_OUTPUT, SingleLabelMetrics.evaluate(probabilities, truth, 3));
        final List<LabelledImage> images = List.of(new LabelledImage("a", new byte[0], List.of("apps")),
                new LabelledImage("b", new byte[0], List.of("places")), new LabelledImage("c", new byte[0], List.of("status")));
        final float[][] embeddings = new float[3][embeddingWidth];
        for (int i = 0; i < 3; i++) {
            embeddings[i][0] = i;
        }
        return new SingleLabelEvaluator.Result(CLASSES, images, truth, heads, 1.0 / 3, probabilities, embeddings);
    }

    @Test
    void aMistakeIsOneJsonLineWithEveryClassProbability() throws Exception {
        final List<String> lines = SingleLabelReport.mistakes(4, result(8));
        assertEquals(1, lines.size());
        final JsonNode m = new ObjectMapper().readTree(lines.get(0));
        assertEquals("b", m.get("imageId").asText());
        assertEquals("places", m.get("trueClass").asText());
        assertEquals("apps", m.get("predictedClass").asText());
        assertEquals(4, m.get("version").asLong());
        assertEquals(List.of("apps", "places", "status"), List.copyOf(iterable(m.get("probabilities").fieldNames())));
        assertEquals(0.3, m.get("probabilities").get("places").asDouble(), 1e-4);
    }

    @Test
    void theReportGivesEveryHeadBesideTheBaselineAndTheConfusionMatrix(@TempDir final Path dir) throws Exception {
        final String md = Files.readString(SingleLabelReport.write(dir, 2, result(8)));
        assertTrue(md.contains("| fused | 0.667 |"), md);
        assertTrue(md.contains("| RGB branch | 0.667 |"), md);
        assertTrue(md.contains("| majority-class baseline | 0.333 |"), md);
        assertTrue(md.contains("| **places** | 1 | 0 | 0 |"), "the place row of the confusion matrix: " + md);
        assertEquals(1, Files.readAllLines(SingleLabelReport.mistakesFile(dir, 2)).size());
        assertFalse(Files.exists(dir.resolve("map-v2.png")), "an 8-wide embedding gets no learned map");
    }

    @Test
    void aTwoWideEmbeddingIsDrawnAsItIs(@TempDir final Path dir) throws Exception {
        SingleLabelReport.write(dir, 3, result(2));
        assertTrue(Files.size(dir.resolve("map-v3.png")) > 1000);
    }

    private static <T> List<T> iterable(final java.util.Iterator<T> it) {
        final List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
