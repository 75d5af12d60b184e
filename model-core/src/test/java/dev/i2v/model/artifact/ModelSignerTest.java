package dev.i2v.model.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.i2v.schemas.avro.ModelMetrics;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TrainingWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSignerTest {

    private final ModelSigner signer = ModelSigner.of("trainer-secret");

    @Test
    void aSignedEventPassesAndAnyChangeOrOtherKeyFails() {
        final ModelUpdated signed = signer.sign(event());
        assertNotNull(signed.getSignature());
        assertNull(signer.problemWith(signed));
        assertNotNull(signer.problemWith(event()), "unsigned");
        assertNotNull(signer.problemWith(ModelSigner.of("someone-else").sign(event())), "another key");
        assertNotNull(signer.problemWith(ModelUpdated.newBuilder(signed).setSha256("b".repeat(64)).build()), "another artifact");
        assertNotNull(signer.problemWith(ModelUpdated.newBuilder(signed).setVocabulary(List.of("a", "c")).build()), "another vocabulary");
        assertNotNull(signer.problemWith(ModelUpdated.newBuilder(signed).setPromoted(false).build()), "promotion flipped");
    }

    @Test
    void withoutAKeyNothingIsSignedOrChecked() {
        final ModelSigner none = ModelSigner.of("");
        assertEquals(event(), none.sign(event()));
        assertNull(none.problemWith(event()));
    }

    private static ModelUpdated event() {
        return ModelUpdated.newBuilder().setModelName("i2v").setVersion(3).setParentVersion(2L).setCreatedAt(Instant.ofEpochMilli(1000))
                .setArtifactUri("file:///models/i2v-v3.i2vmodel").setSha256("a".repeat(64)).setSizeBytes(10).setBackbone("tiny")
                .setInputSize(64).setVocabulary(List.of("a", "b")).setThresholds(List.of(0.5f, 0.4f))
                .setWindow(TrainingWindow.newBuilder().setRanges(List.of()).setImagesTrained(0).build())
                .setMetrics(ModelMetrics.newBuilder().setTrainLoss(0).setHoldoutLoss(0).setMeanAveragePrecision(0).setMicroF1(0)
                        .setMacroF1(0).setHoldoutImages(0).build())
                .setPromoted(true).build();
    }
}
