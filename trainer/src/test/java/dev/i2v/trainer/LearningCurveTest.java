package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.Settings;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningCurveTest {

    private static TrainerConfig config() {
        final Map<String, String> s = new HashMap<>(TrainerConfig.DEFAULTS);
        s.putAll(Map.of("trainer.backbone", "tiny", "trainer.input.size", "64", "trainer.batch.size", "16", "trainer.learning.rate", "0.003"));
        return TrainerConfig.from(Settings.of(s));
    }

    @Test
    void aPointPerEpochCountingImageStepsAndTheNetworkEndsWellAboveTheBaseline() {
        final List<ImageEvent> images = TrainerFixtures.synthetic(11, 500);
        final List<LearningCurve.Point> seen = new ArrayList<>();
        final List<LearningCurve.Point> points = LearningCurve.measure(config(), images.subList(0, 360), images.subList(360, 500), 3, seen::add);

        assertEquals(points, seen, "every point is reported as its epoch ends");
        assertEquals(3, points.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, points.get(e).epoch());
            assertEquals(360L * (e + 1), points.get(e).imageSteps());
            assertTrue(points.get(e).tagsScored() > 10, "tags with 5 positives among 140 holdout pictures: " + points.get(e).tagsScored());
        }
        assertTrue(points.get(2).trainSeconds() > points.get(0).trainSeconds(), "training time adds up over the epochs");
        final LearningCurve.Point last = points.get(2);
        System.out.printf("learning curve test: mAP %.3f %.3f %.3f, baseline %.3f%n", points.get(0).meanAveragePrecision(),
                points.get(1).meanAveragePrecision(), last.meanAveragePrecision(), last.baselineMeanAveragePrecision());
        assertTrue(last.meanAveragePrecision() > last.baselineMeanAveragePrecision() + 0.1,
                "mAP " + last.meanAveragePrecision() + " against the frequency baseline's " + last.baselineMeanAveragePrecision());
    }

    @Test
    void anImageWithoutTagsIsRefusedByName() {
        final ImageEvent image = TrainerFixtures.synthetic(12, 1).get(0);
        final ImageEvent untagged = ImageEvent.newBuilder(image).setTags(List.<Tag>of()).setRating(null).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningCurve.measure(config(), List.of(untagged), List.of(image), 1, p -> { }));
        assertTrue(e.getMessage().contains(image.getId()), e.getMessage());
    }
}
