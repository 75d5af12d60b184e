package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchPrefetcherTest {

    private static final TagVocabulary VOCABULARY = TagVocabulary.of(List.of("1girl", "hat", "smile"));

    @Test
    void everyImageArrivesOnceInOrderWithItsLabels() {
        final List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            final byte[] pixels = new byte[3 * 8 * 8];
            pixels[0] = (byte) i;
            images.add(new LabelledImage("img" + i, pixels, i % 2 == 0 ? List.of("hat", "unknown_tag") : List.of("smile", "1girl")));
        }
        final ImagePreprocessor pre = new ImagePreprocessor(8, ImagePreprocessor.Normalisation.UNIT);
        int seen = 0;
        try (MinibatchPrefetcher batches = new MinibatchPrefetcher(images, 4, pre, VOCABULARY, OutputMode.MULTI_LABEL)) {
            while (batches.hasNext()) {
                final DataSet d = batches.next();
                for (int r = 0; r < d.numExamples(); r++) {
                    final int i = seen++;
                    assertEquals(i / 255f, d.getFeatures().getFloat(r, 0, 0, 0), 1e-6, "image " + i + " in order");
                    assertArrayEquals(i % 2 == 0 ? new float[] {0, 1, 0} : new float[] {1, 0, 1}, d.getLabels().getRow(r).toFloatVector());
                }
            }
            assertFalse(batches.hasNext());
        }
        assertEquals(10, seen);
    }

    @Test
    void singleLabelModeGivesOneHotOfTheFirstKnownTag() {
        assertArrayEquals(new float[] {0, 0, 1}, MinibatchPrefetcher.labelsOf(List.of("nope", "smile", "hat"), VOCABULARY, OutputMode.SINGLE_LABEL));
        assertArrayEquals(new float[] {0, 1, 1}, MinibatchPrefetcher.labelsOf(List.of("smile", "hat"), VOCABULARY, OutputMode.MULTI_LABEL));
    }
}
