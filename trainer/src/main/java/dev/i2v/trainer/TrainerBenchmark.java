package dev.i2v.trainer;

import dev.i2v.model.image.ImagePreprocessor;
import dev.i2v.model.net.NetworkFactory;
import dev.i2v.model.net.NetworkSpec;
import dev.i2v.model.net.OutputMode;
import dev.i2v.model.vocab.TagVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Figures behind the trainer's design, measured side by side in one run: the heap a window of
 * compact 224-px images takes, and training throughput with minibatches prepared ahead on another
 * thread against prepared on the training thread.
 */
public final class TrainerBenchmark {

    /** Heap per 224-px image kept as 8-bit pixels, and what a 15,000-image window needs. */
    public record WindowMemory(int images, double bytesPerImage, double windowGiB, double floatWindowGiB) {
    }

    /** Training images/s, medians of the repetitions. */
    public record Throughput(double prefetched, double inline, int repetitions, int images, int inputSize, int batchSize) {
    }

    private TrainerBenchmark() {
    }

    public static WindowMemory windowMemory(final int images) {
        final int side = 224;
        final Random random = new Random(1);
        final Runtime rt = Runtime.getRuntime();
        gc();
        final long before = rt.totalMemory() - rt.freeMemory();
        final List<LabelledImage> window = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            final byte[] pixels = new byte[3 * side * side];
            random.nextBytes(pixels);
            window.add(new LabelledImage("danbooru:" + i, pixels, List.of("1girl", "solo", "long_hair", "smile", "tag" + (i % 500))));
        }
        gc();
        final long after = rt.totalMemory() - rt.freeMemory();
        final double perImage = (double) (after - before) / window.size();
        final double gib = 1024.0 * 1024 * 1024;
        return new WindowMemory(window.size(), perImage, perImage * 15_000 / gib, 15_000.0 * 3 * side * side * 4 / gib);
    }

    public static Throughput throughput(final int images, final int inputSize, final int batchSize, final int repetitions) {
        final List<String> tags = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            tags.add("tag" + t);
        }
        final TagVocabulary vocabulary = TagVocabulary.of(tags);
        final Random random = new Random(2);
        final List<LabelledImage> window = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            final byte[] pixels = new byte[3 * inputSize * inputSize];
            random.nextBytes(pixels);
            window.add(new LabelledImage("img" + i, pixels, List.of(tags.get(i % 50), tags.get((i * 7) % 50))));
        }
        final ImagePreprocessor pre = new ImagePreprocessor(inputSize, ImagePreprocessor.Normalisation.UNIT);
        final FineTuner tuner = new FineTuner(pre, OutputMode.MULTI_LABEL, batchSize, false, NetworkFactory.LEARNING_RATE, 0);
        final double[] ahead = new double[repetitions];
        final double[] inline = new double[repetitions];
        final BooleanSupplier never = () -> false;
        final ComputationGraph net = NetworkFactory.build(NetworkSpec.tiny(inputSize, vocabulary.size(), 3));
        try {
            tuner.fit(net, window.subList(0, Math.min(images, 4 * batchSize)), vocabulary, 1, 0, "warm-up", never);
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                tuner.fit(net, window, vocabulary, 1, r, "prefetched " + (r + 1), never);
                ahead[r] = images / ((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                for (int from = 0; from < images; from += batchSize) {
                    net.fit(MinibatchPrefetcher.minibatch(window.subList(from, Math.min(images, from + batchSize)), pre, vocabulary,
                            OutputMode.MULTI_LABEL, ImageAugmentation.NONE));
                }
                inline[r] = images / ((System.nanoTime() - start) / 1e9);
            }
        } finally {
            net.close();
        }
        return new Throughput(median(ahead), median(inline), repetitions, images, inputSize, batchSize);
    }

    static double median(final double[] values) {
        final double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
