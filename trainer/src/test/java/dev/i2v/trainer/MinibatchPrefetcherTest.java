package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        try (MinibatchPrefetcher batches = new MinibatchPrefetcher(images, 4, pre, VOCABULARY, OutputMode.MULTI_LABEL, ImageAugmentation.NONE)) {
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

    @Test
    void anErrorWhileTheQueueIsFullReachesTheTrainingThreadInsteadOfHangingIt() throws Exception {
        final CountDownLatch failing = new CountDownLatch(1);
        final OutOfMemoryError error = new OutOfMemoryError("off-heap arrays exhausted");
        final List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            images.add(new LabelledImage("img" + i, new byte[3 * 8 * 8], List.of("hat")));
        }
        // the 4th batch (images 12..15), prepared while the three before it fill the queue: its tags cannot be
        // read, with an Error as a real allocation failure would give
        images.set(12, new LabelledImage("bad", new byte[3 * 8 * 8], new AbstractList<>() {
            @Override
            public String get(final int index) {
                failing.countDown();
                throw error;
            }

            @Override
            public int size() {
                failing.countDown();
                throw error;
            }
        }));
        final ImagePreprocessor pre = new ImagePreprocessor(8, ImagePreprocessor.Normalisation.UNIT);
        try (MinibatchPrefetcher batches = new MinibatchPrefetcher(images, 4, pre, VOCABULARY, OutputMode.MULTI_LABEL, ImageAugmentation.NONE)) {
            assertTrue(failing.await(30, TimeUnit.SECONDS));
            // three batches are queued and the worker failed on the fourth while the queue was full
            Thread.sleep(200);
            final IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IllegalStateException.class, () -> {
                while (batches.hasNext()) {
                    batches.next();
                }
            }));
            assertSame(error, e.getCause());
            assertFalse(batches.hasNext(), "after the failure the iteration is over");
        }
    }
}
