package dev.i2v.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.i2v.model.artifact.ModelInfo;
import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.OutputMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionMetricsTest {

    @Test
    void theHoldoutEvaluationTheEventAndBackAreTheSameFigures() {
        final TagMetrics.Evaluation holdout = new TagMetrics.Evaluation(new double[] {0.9, 0.5}, 0.7, new float[] {0.4f, 0.6f}, 0.65,
                0.6, 0.21, 2, 0.62, 0.58);
        final TagMetrics.Evaluation baseline = new TagMetrics.Evaluation(new double[] {0.3, 0.1}, 0.2, new float[] {0.1f, 0.1f}, 0.3,
                0.2, 0.6, 2, 0.25, 0.2);
        final VersionMetrics m = VersionMetrics.of(0.33, holdout, baseline, 120);
        assertEquals(new VersionMetrics(0.33, 0.21, 0.7, 0.65, 0.6, 120, 2, 0.62, 0.58, 0.2, 0.25, Double.NaN, Double.NaN), m);
        assertEquals(m, VersionMetrics.fromAvro(m.toAvro()));
        assertEquals(0.7, m.toAvro().getMeanAveragePrecision());
        assertEquals(120, m.toAvro().getHoldoutImages());
    }

    @Test
    void anArtifactWrittenWithTheOlderMetricsMapStillReads() throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final ModelInfo info = new ModelInfo("i2v", 2, 1L, Backbone.TINY, 64, ImagePreprocessor.Normalisation.UNIT, OutputMode.MULTI_LABEL,
                List.of("hat", "smile"), new float[] {0.5f, 0.5f}, VersionMetrics.UNMEASURED, 1L);
        final ObjectNode doc = (ObjectNode) json.valueToTree(info);
        // before VersionMetrics, i2v-model.json held the figures as a map by name, without the holdout size
        doc.set("metrics", json.readTree("{\"trainLoss\":0.4,\"holdoutLoss\":0.3,\"meanAveragePrecision\":0.62,\"microF1\":0.5,\"macroF1\":0.45}"));
        final ModelInfo old = json.treeToValue(doc, ModelInfo.class);
        final VersionMetrics read = old.metrics();
        assertEquals(List.of(0.4, 0.3, 0.62, 0.5, 0.45), List.of(read.trainLoss(), read.holdoutLoss(), read.meanAveragePrecision(),
                read.microF1(), read.macroF1()));
        assertEquals(0, read.holdoutImages());
        assertTrue(Double.isNaN(json.readValue(json.writeValueAsBytes(info), ModelInfo.class).metrics().meanAveragePrecision()),
                "NaN survives the artifact's JSON");
    }
}
