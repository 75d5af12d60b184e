package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochCurvesTest {

    /** A crawled class folder arrives one class after another: the sample must reach the last class too. */
    @Test
    void theTrainingSampleSpreadsOverTheWholeWindow() {
        final List<LabelledImage> window = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            window.add(new LabelledImage("i" + i, new byte[0], List.of(i < 2000 ? "actions" : "status")));
        }
        final List<LabelledImage> sample = EpochCurves.trainingSample(window);
        assertEquals(EpochCurves.TRAINING_SAMPLE, sample.size());
        final long status = sample.stream().filter(i -> i.tags().contains("status")).count();
        assertEquals(EpochCurves.TRAINING_SAMPLE / 3.0, status, 1.0, "a third of the window, a third of the sample");
        assertEquals(window.subList(0, 10), EpochCurves.trainingSample(window.subList(0, 10)), "a small window is its own sample");
    }

    @Test
    void writesTrainingBesideValidationPerEpoch(@TempDir final Path dir) throws Exception {
        final EpochCurves curves = new EpochCurves();
        curves.add(new EpochCurves.Point(1, 1, 2.0, 1.8, 0.4, 1.9, 0.35));
        curves.add(new EpochCurves.Point(1, 2, 1.5, 1.2, 0.6, Double.NaN, Double.NaN));
        assertTrue(Files.size(curves.write(dir)) > 1000);
        final List<String> csv = Files.readAllLines(dir.resolve("epoch-curves.csv"));
        assertEquals("version,epoch,running_train_loss,train_loss,train_accuracy,holdout_loss,holdout_accuracy", csv.get(0));
        assertEquals("1,2,1.500000,1.200000,0.600000,NaN,NaN", csv.get(2));
    }
}
