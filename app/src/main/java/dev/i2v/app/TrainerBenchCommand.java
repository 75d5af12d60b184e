package dev.i2v.app;

import dev.i2v.trainer.TrainerBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code i2v bench trainer}: window memory at 224 px and training throughput, written to bench/results/trainer.md. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = {"Trainer figures: the heap of a window of compact 224-px images (extrapolated to 15,000), and training",
                "images/s with minibatches prepared ahead on another thread against on the training thread. Writes bench/results/trainer.md."})
public final class TrainerBenchCommand implements Callable<Integer> {

    @Option(names = "--window-images", defaultValue = "2000", description = "224-px images held to measure the window's heap (default ${DEFAULT-VALUE}).")
    int windowImages;

    @Option(names = "--images", defaultValue = "512", description = "Images per training repetition (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--input-size", defaultValue = "64", description = "Tiny backbone input side (default ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--batch-size", defaultValue = "32", description = "Minibatch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--repetitions", defaultValue = "3", description = "Repetitions; medians reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--out", defaultValue = "bench/results/trainer.md", description = "Results file (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        final TrainerBenchmark.WindowMemory m = TrainerBenchmark.windowMemory(windowImages);
        final TrainerBenchmark.Throughput t = TrainerBenchmark.throughput(images, inputSize, batchSize, repetitions);
        final String report = String.format(Locale.ROOT, """
                # Trainer figures

                Written by `./i2v bench trainer --window-images %d --images %d --input-size %d --batch-size %d --repetitions %d`
                on %s (%d cores, Java %s, max heap %.1f GiB).

                ## A window in memory

                | what | figure |
                | --- | ---: |
                | heap per 224-px image kept as 8-bit CHW pixels + id + tags (measured over %d images) | %.0f bytes |
                | a 15,000-image window at 224 px, as kept | %.2f GiB |
                | the same window as float tensors (what compactness avoids) | %.2f GiB |

                Minibatches are turned into float tensors only when they are trained on, a few ahead.

                ## Training throughput (tiny backbone, %d px, batch %d, %d images, medians of %d)

                | minibatches prepared | images/s | ratio |
                | --- | ---: | ---: |
                | ahead, on the prefetch thread (what the trainer does) | %.1f | %.2f |
                | on the training thread | %.1f | 1.00 |
                """, windowImages, images, inputSize, batchSize, repetitions, Instant.now().toString().substring(0, 10),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / 1073741824.0,
                m.images(), m.bytesPerImage(), m.windowGiB(), m.floatWindowGiB(), t.inputSize(), t.batchSize(), t.images(), t.repetitions(),
                t.prefetched(), t.prefetched() / t.inline(), t.inline());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.err.println("Written to " + out.toAbsolutePath());
        return 0;
    }
}
