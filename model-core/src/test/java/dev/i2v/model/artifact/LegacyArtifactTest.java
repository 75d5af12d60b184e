package dev.i2v.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.inference.TagPredictor;
import dev.i2v.model.net.OneDnnConvolutionLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;

/**
 * A model artifact written by the code before {@link OneDnnConvolutionLayer} (commit 147050c: plain DL4J
 * convolutions, one Adam step taken) still loads, now with oneDNN convolutions, and tags as it did then.
 * The fixture and its expected scores and embeddings were made by that commit's ModelArtifacts and TagPredictor.
 */
class LegacyArtifactTest {

    private static final Path FIXTURE = Path.of("src/test/resources/legacy/legacy-tiny-v1.i2vmodel");
    private static final Path EXPECTED = Path.of("src/test/resources/legacy/legacy-tiny-v1.expected.txt");
    private static final double TOLERANCE = 1e-4;

    @Test
    void anArtifactFromBeforeOneDnnConvolutionsLoadsAndGivesTheSameScoresAndEmbeddings() throws Exception {
        final List<String> lines = Files.readAllLines(EXPECTED).stream().filter(l -> !l.startsWith("#")).toList();
        final ModelArtifact artifact = ModelArtifacts.read(FIXTURE, lines.get(0));

        final long convolutions = artifact.network().getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof OneDnnConvolutionLayer).count();
        assertEquals(4, convolutions, "the four plain convolutions became oneDNN ones");
        assertTrue(artifact.network().getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "Adam's state came along");

        try (TagPredictor predictor = new TagPredictor(artifact)) {
            final TagPredictor.Predictions p = predictor.predict(pixels());
            for (int i = 0; i < 3; i++) {
                assertClose(floats(lines.get(1 + 2 * i)), p.scores()[i], "scores of image " + i);
                assertClose(floats(lines.get(2 + 2 * i)), p.embeddings()[i], "embedding of image " + i);
            }
        }
    }

    /** The generator's three 32x32 pictures (8-bit CHW). */
    private static List<byte[]> pixels() {
        final List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            final byte[] p = new byte[3 * 32 * 32];
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) ((i * 31 + k * 97) % 251);
            }
            out.add(p);
        }
        return out;
    }

    private static float[] floats(final String line) {
        final String[] parts = line.trim().split(" ");
        final float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    /** Within 1e-4 of the largest expected magnitude. */
    private static void assertClose(final float[] expected, final float[] actual, final String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= TOLERANCE * scale, what + ": max difference " + diff + " against max magnitude " + scale);
    }
}
