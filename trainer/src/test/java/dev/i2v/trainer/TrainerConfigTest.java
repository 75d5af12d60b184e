package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.image.ImageLimits;
import dev.i2v.model.net.Backbone;
import dev.i2v.model.net.MultiLabelLoss;
import dev.i2v.model.net.OutputMode;
import dev.i2v.schemas.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    private static TrainerConfig config(final Map<String, String> settings) {
        return TrainerConfig.from(Settings.of(settings));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        final TrainerConfig c = config(Map.of());
        assertEquals("i2v", c.modelName());
        assertEquals("i2v-trainer.i2v", c.groupId(), "one group per model name");
        assertEquals(15_000, c.windowSize());
        assertEquals(1, c.epochs());
        assertEquals(0, c.maxWindows());
        assertEquals(32, c.batchSize());
        assertEquals(Backbone.RESNET, c.backbone());
        assertEquals(96, c.inputSize(), "the residual backbone's own size when trainer.input.size is blank");
        assertEquals(OutputMode.MULTI_LABEL, c.mode());
        assertNull(c.vgg16Weights());
        assertNull(c.vgg16FrozenUpTo(), "nothing to freeze in the residual backbone");
        assertEquals(5, c.holdoutPercent());
        assertEquals(2000, c.holdoutMax());
        assertEquals(500, c.holdoutMin());
        assertEquals(5, c.minPositives());
        assertEquals(MultiLabelLoss.BCE, c.loss());
        assertTrue(c.flip());
        assertEquals(0, c.windowSeconds());
        assertEquals(5000, c.vocabularySize());
        assertEquals(0.0, c.promotionTolerance(), "a candidate must be at least as good as the promoted version");
        assertEquals(Path.of("data/trainer"), c.reportDir());
        assertEquals(ImageLimits.DEFAULT, c.limits());
        assertEquals(43, c.seedOf(1));
    }

    @Test
    void vgg16GetsItsInputSizeAndFrozenBlocksAndSettingsOverride() {
        final TrainerConfig vgg = config(Map.of("trainer.backbone", "VGG16", "trainer.vgg16.weights", "/w/vgg16.zip",
                "trainer.mode", "single_label"));
        assertEquals(224, vgg.inputSize());
        assertEquals("block4_conv1", vgg.vgg16FrozenUpTo());
        assertEquals(Path.of("/w/vgg16.zip"), vgg.vgg16Weights());
        assertEquals(OutputMode.SINGLE_LABEL, vgg.mode());
        assertEquals(96, config(Map.of("trainer.input.size", "96")).inputSize());
        assertEquals("i2v-trainer.faces", config(Map.of("model.name", "faces")).groupId());
        assertEquals("shared", config(Map.of("model.name", "faces", "trainer.group.id", "shared")).groupId());
        assertEquals(96, vgg.networkSpec(96, 7).numTags());
    }

    @Test
    void impossibleValuesAreRefusedNamingTheSetting() {
        assertMessage("trainer.window.size must be at least 1, not 0", Map.of("trainer.window.size", "0"));
        assertMessage("trainer.batch.size must be at least 1, not -3", Map.of("trainer.batch.size", "-3"));
        assertMessage("trainer.holdout.percent must be within 0..50, not 80", Map.of("trainer.holdout.percent", "80"));
        assertMessage("trainer.promotion.tolerance must be 0 or more, not -0.1", Map.of("trainer.promotion.tolerance", "-0.1"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config(Map.of("trainer.epochs", "many")));
        assertTrue(e.getMessage().contains("trainer.epochs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("trainer.backbone", "resnet50")));
        assertThrows(IllegalArgumentException.class, () -> config(Map.of("trainer.loss", "focal")));
        assertMessage("trainer.holdout.min (3000) cannot exceed trainer.holdout.max (2000): the window would wait for a holdout it never keeps",
                Map.of("trainer.holdout.min", "3000"));
    }

    private static void assertMessage(final String expected, final Map<String, String> settings) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> config(settings)).getMessage());
    }
}
