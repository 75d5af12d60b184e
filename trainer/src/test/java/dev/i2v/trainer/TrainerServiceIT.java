package dev.i2v.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.model.artifact.ModelArtifact;
import dev.i2v.model.artifact.ModelHistory;
import dev.i2v.model.artifact.ModelStore;
import dev.i2v.model.metrics.TagMetrics;
import dev.i2v.model.vocab.TagLabels;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.schemas.I2vSerdes;
import dev.i2v.schemas.KafkaClients;
import dev.i2v.schemas.Settings;
import dev.i2v.schemas.Topics;
import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.OffsetRange;
import dev.i2v.testkit.KafkaBroker;
import dev.i2v.testkit.RealKafka;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trainer on a real broker with synthetic images and small windows. */
@RealKafka
class TrainerServiceIT {

    static KafkaBroker kafka;

    @TempDir
    Path tmp;

    private Settings settings(final Map<String, String> overrides) {
        final Map<String, String> s = new HashMap<>(Map.of(
                "trainer.group.id", "trainer-it-" + System.nanoTime(),
                "trainer.input.size", "64",
                "trainer.holdout.percent", "20",
                "trainer.holdout.max", "1000"));
        s.putAll(overrides);
        return TrainerFixtures.settings(kafka, tmp, s);
    }

    private static void publish(final Settings settings, final long seed, final int count) {
        TrainerFixtures.publish(settings, TrainerFixtures.synthetic(seed, count));
    }

    @Test
    void threeWindowsGiveVersionsOneTwoThreeWithJoinedOffsetsAndBeatTheFrequencyBaseline() throws Exception {
        final Settings settings = settings(Map.of("trainer.window.size", "240", "trainer.epochs", "4", "trainer.max.windows", "3"));
        publish(settings, 21, 1100);
        final TrainerService trainer = new TrainerService(settings);
        trainer.run();

        final ModelHistory history = ModelHistory.read(new KafkaClients(settings), settings.topics().modelUpdates(), "i2v");
        assertEquals(List.of(1L, 2L, 3L), history.versions().stream().map(ModelUpdated::getVersion).toList());
        assertEquals(2L, history.versions().get(2).getParentVersion());
        history.versions().forEach(v -> assertEquals(240, v.getWindow().getImagesTrained(), "v" + v.getVersion()));
        assertRangesJoin(history.versions(), settings.topics(), true);

        // the baseline scores every image with each tag's training frequency (the best guess without looking)
        final ModelUpdated last = history.versions().get(2);
        final Map<String, List<String>> holdout = holdoutImagesWithin(settings, history.versions());
        final Map<String, Long> frequency = new HashMap<>();
        long trainImages = 0;
        for (final Map.Entry<String, List<String>> e : readAll(settings).entrySet()) {
            if (!new HoldoutSplit(20).isHoldout(e.getKey())) {
                trainImages++;
                e.getValue().forEach(t -> frequency.merge(t, 1L, Long::sum));
            }
        }
        final List<String> vocabulary = last.getVocabulary();
        final float[][] baselineScores = new float[holdout.size()][vocabulary.size()];
        final boolean[][] truth = new boolean[holdout.size()][vocabulary.size()];
        int i = 0;
        for (final List<String> tags : holdout.values()) {
            for (int j = 0; j < vocabulary.size(); j++) {
                baselineScores[i][j] = (float) frequency.getOrDefault(vocabulary.get(j), 0L) / trainImages;
                truth[i][j] = tags.contains(vocabulary.get(j));
            }
            i++;
        }
        // the trainer's default: a tag counts in mAP with 5 positive holdout images
        final double baseline = TagMetrics.evaluate(baselineScores, truth, 5).meanAveragePrecision();
        final double trained = last.getMetrics().getMeanAveragePrecision();
        System.out.printf("trainer IT: holdout of %d images, v1 mAP %.3f, v2 %.3f, v3 %.3f; tag-frequency baseline %.3f%n",
                last.getMetrics().getHoldoutImages(), history.versions().get(0).getMetrics().getMeanAveragePrecision(),
                history.versions().get(1).getMetrics().getMeanAveragePrecision(), trained, baseline);
        assertEquals(holdout.size(), last.getMetrics().getHoldoutImages(), "the holdout is every holdout id read so far");
        assertTrue(trained > baseline + 0.15, "v3 mAP " + trained + " is not clearly above the frequency baseline " + baseline);
        // the event carries the same baseline (from the window's own tag frequencies) and how many tags were scored
        assertEquals(baseline, last.getMetrics().getBaselineMeanAveragePrecision(), 0.05, "the trainer's own frequency baseline");
        assertTrue(last.getMetrics().getTagsScored() > 10, "tags scored " + last.getMetrics().getTagsScored());
        assertTrue(last.getMetrics().getMicroF1AtEqualPrecisionRecall() > last.getMetrics().getBaselineMicroF1AtEqualPrecisionRecall() + 0.1,
                "micro-F1 at P=R " + last.getMetrics().getMicroF1AtEqualPrecisionRecall() + " vs the baseline's "
                        + last.getMetrics().getBaselineMicroF1AtEqualPrecisionRecall());
        assertTrue(last.getPromotionReason() != null && !last.getPromotionReason().isBlank(), "every version says why it was promoted or not");
        assertTrue(Files.exists(tmp.resolve("reports").resolve("training-curves.png")));
        assertEquals(4, Files.readAllLines(tmp.resolve("reports").resolve("training-curves.csv")).size(), "header + 3 windows");
    }

    @Test
    void aStopMidWindowAndARestartLoseAndRepeatNothing() throws Exception {
        final Settings settings = settings(Map.of("trainer.window.size", "100", "trainer.epochs", "2"));
        publish(settings, 22, 420);
        final TrainerService first = new TrainerService(settings);
        final Thread running = new Thread(first);
        first.onWindow(r -> {
            if (r.version() == 1) {
                // stop while the second window is being read or trained
                new Thread(() -> {
                    sleepQuietly(1000);
                    first.close();
                }).start();
            }
        });
        running.start();
        running.join(Duration.ofMinutes(5).toMillis());
        assertEquals(1, first.reports().size(), "the first run published v1 only");

        final TrainerService second = new TrainerService(settings.with(Map.of("trainer.max.windows", "2")));
        second.run();
        final ModelHistory history = ModelHistory.read(new KafkaClients(settings), settings.topics().modelUpdates(), "i2v");
        assertEquals(List.of(1L, 2L, 3L), history.versions().stream().map(ModelUpdated::getVersion).toList());
        assertRangesJoin(history.versions(), settings.topics(), true);
        final long images = history.versions().stream().mapToLong(v -> v.getWindow().getImagesTrained()).sum();
        assertEquals(300, images, "three windows of 100");
    }

    @Test
    void aVocabularyChangeKeepsTheWeightsOfSurvivingTagsAndACorruptedArtifactStopsTheRestart() throws Exception {
        final Settings settings = settings(Map.of("trainer.window.size", "120", "trainer.epochs", "1", "trainer.max.windows", "1"));
        // window 1 never shows a hat; window 2 does
        final List<ImageEvent> plain = new ArrayList<>();
        for (final ImageEvent e : TrainerFixtures.synthetic(23, 200)) {
            plain.add(ImageEvent.newBuilder(e).setTags(e.getTags().stream().filter(t -> !t.getName().contains("hat")).toList()).build());
        }
        TrainerFixtures.publish(settings, plain);
        new TrainerService(settings).run();
        TrainerFixtures.publish(settings, TrainerFixtures.synthetic(24, 200));
        // epochs 0: v2 is v1 with its outputs remapped to the new vocabulary, nothing trained on top
        new TrainerService(settings.with(Map.of("trainer.epochs", "0"))).run();

        final ModelHistory history = ModelHistory.read(new KafkaClients(settings), settings.topics().modelUpdates(), "i2v");
        final ModelUpdated v1 = history.versions().get(0);
        final ModelUpdated v2 = history.versions().get(1);
        assertTrue(!v1.getVocabulary().contains("hat") && v2.getVocabulary().contains("hat"), "v2 adds hat");
        final ModelStore store = new ModelStore(tmp.resolve("models").toString(), tmp.resolve("cache"));
        final ModelArtifact a1 = store.load(v1.getArtifactUri(), v1.getSha256());
        final ModelArtifact a2 = store.load(v2.getArtifactUri(), v2.getSha256());
        final INDArray w1 = a1.network().getLayer(NetworkFactory.OUTPUT).getParam("W");
        final INDArray w2 = a2.network().getLayer(NetworkFactory.OUTPUT).getParam("W");
        int survivors = 0;
        for (final String tag : v1.getVocabulary()) {
            final int j2 = v2.getVocabulary().indexOf(tag);
            if (j2 >= 0) {
                assertEquals(w1.getColumn(v1.getVocabulary().indexOf(tag)), w2.getColumn(j2), "weights of " + tag);
                survivors++;
            }
        }
        assertTrue(survivors > 20, "survivors " + survivors);
        assertNotEquals(0.0, w2.getColumn(v2.getVocabulary().indexOf("hat")).norm2Number().doubleValue(), "hat starts fresh, not at zero");

        // a corrupted artifact of the last version: the trainer refuses to resume from it, and says why
        final Path file = Path.of(URI.create(v2.getArtifactUri()));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TrainerService(settings).run());
        assertTrue(e.getMessage().contains("v2") && e.getMessage().contains("sha256"), e.getMessage());
    }

    private static void sleepQuietly(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per partition the versions' ranges, in version order, start at the beginning and each starts where the last ended. */
    private static void assertRangesJoin(final List<ModelUpdated> versions, final Topics topics, final boolean fromZero) {
        final Map<Integer, Long> end = new TreeMap<>();
        for (final ModelUpdated v : versions) {
            for (final OffsetRange r : v.getWindow().getRanges()) {
                assertEquals(topics.images(), r.getTopic());
                final long expectedStart = end.getOrDefault(r.getPartition(), fromZero ? 0L : r.getStartOffset());
                assertEquals(expectedStart, r.getStartOffset(), "v" + v.getVersion() + " partition " + r.getPartition()
                        + ": a gap or an overlap with the previous window");
                assertTrue(r.getEndOffset() > r.getStartOffset());
                end.put(r.getPartition(), r.getEndOffset());
            }
        }
    }

    /** The kinds of label the trainer learns by default: general tags bare, copyright and rating by kind. */
    private static final Set<String> DEFAULT_KINDS = TrainerConfig.from(Settings.of(Map.of())).tagKinds();

    private static List<String> labels(final ImageEvent e) {
        return TagLabels.of(e, DEFAULT_KINDS);
    }

    /** Every image on the topic: id -> labels. */
    private static Map<String, List<String>> readAll(final Settings settings) {
        final Map<String, List<String>> out = new HashMap<>();
        forEachImage(settings, (r, e) -> out.put(e.getId(), labels(e)));
        return out;
    }

    /** The holdout images the trainer has read by the last version: holdout ids inside the trained offset ranges. */
    private static Map<String, List<String>> holdoutImagesWithin(final Settings settings, final List<ModelUpdated> versions) {
        final Map<Integer, Long> end = new HashMap<>();
        versions.forEach(v -> v.getWindow().getRanges().forEach(r -> end.merge(r.getPartition(), r.getEndOffset(), Math::max)));
        final HoldoutSplit split = new HoldoutSplit(20);
        final Map<String, List<String>> out = new TreeMap<>();
        forEachImage(settings, (r, e) -> {
            if (r.offset() < end.getOrDefault(r.partition(), 0L) && split.isHoldout(e.getId())) {
                out.put(e.getId(), labels(e));
            }
        });
        return out;
    }

    private static void forEachImage(final Settings settings, final java.util.function.BiConsumer<ConsumerRecord<String, ImageEvent>, ImageEvent> f) {
        final KafkaClients clients = new KafkaClients(settings);
        try (KafkaConsumer<String, ImageEvent> consumer = new KafkaConsumer<>(clients.consumer("it-reader-" + System.nanoTime()),
                new StringDeserializer(), I2vSerdes.imageEvent().deserializer())) {
            consumer.subscribe(List.of(settings.topics().images()));
            long idleSince = System.currentTimeMillis();
            while (System.currentTimeMillis() - idleSince < 3000) {
                for (final ConsumerRecord<String, ImageEvent> r : consumer.poll(Duration.ofMillis(300))) {
                    f.accept(r, r.value());
                    idleSince = System.currentTimeMillis();
                }
            }
        }
    }
}
