package dev.i2v.app;

import dev.i2v.trainer.TrainerConfig;
import dev.i2v.trainer.TrainerService;
import dev.i2v.trainer.WindowReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code i2v train}: the continual trainer, until Ctrl-C or --max-windows. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Run the trainer: read the images topic in windows, fine-tune, evaluate on a stable 5%% holdout (trainer.holdout.percent),",
                "write each version's artifact and publish it to the model-updates topic. Resumes where it stopped.",
                "Curves: <report-dir>/training-curves.png and .csv, redrawn after every window."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service;

    @Option(names = "--window", description = "Labelled images per window (setting trainer.window.size; default 15000).")
    Integer window;

    @Option(names = "--epochs", description = "Passes over each window (default 1).")
    Integer epochs;

    @Option(names = "--max-windows", description = "Stop after this many windows (default 0: run until stopped).")
    Integer maxWindows;

    @Option(names = "--backbone", description = "resnet (small residual CNN from scratch, the CPU default), tiny (smaller, quicker), rgb_hsv (RGB and hue/saturation branches, fused) or vgg16 (ImageNet transfer).")
    String backbone;

    @Option(names = "--input-size", description = "Input side in pixels (default: 96 for resnet, 64 for tiny and rgb_hsv, 224 for vgg16).")
    Integer inputSize;

    @Option(names = "--vgg16-weights", paramLabel = "FILE", description = "DL4J zoo-format VGG16 ImageNet file, for machines without internet.")
    String vgg16Weights;

    @Option(names = "--single-label", description = "One class per image (softmax), e.g. for class-folder datasets; adds accuracy, epoch curves and mistakes to the reports.")
    boolean singleLabel;

    @Option(names = "--model-store", description = "file: folder where artifacts are written (default data/models).")
    String modelStore;

    @Option(names = "--report-dir", description = "Where curves and reports go (default data/trainer).")
    String reportDir;

    @Override
    public Integer call() {
        final Map<String, String> flags = new HashMap<>();
        flags.put("trainer.window.size", window == null ? null : window.toString());
        flags.put("trainer.epochs", epochs == null ? null : epochs.toString());
        flags.put("trainer.max.windows", maxWindows == null ? null : maxWindows.toString());
        flags.put("trainer.backbone", backbone);
        flags.put("trainer.input.size", inputSize == null ? null : inputSize.toString());
        flags.put("trainer.vgg16.weights", vgg16Weights);
        flags.put("trainer.mode", singleLabel ? "single_label" : null);
        flags.put("model.store", modelStore);
        flags.put("trainer.report.dir", reportDir);
        final TrainerService trainer = new TrainerService(service.settings(TrainerConfig.DEFAULTS, flags));
        try (StopOnShutdown ignored = StopOnShutdown.install("trainer-shutdown", () -> {
            System.err.println("Stopping the trainer (the unfinished window is read again next time) ...");
            trainer.close();
        }, Duration.ofMinutes(2))) {
            return train(trainer);
        }
    }

    private static int train(final TrainerService trainer) {
        System.err.printf("Training model %s from %s, windows of %d images; artifacts in %s, curves in %s. Ctrl-C to stop.%n",
                trainer.config().modelName(), trainer.settings().topics().images(), trainer.config().windowSize(),
                trainer.config().modelStore(), trainer.reportDir().toAbsolutePath());
        trainer.run();
        final List<WindowReport> reports = trainer.reports();
        System.err.printf("Trainer stopped: %d version(s) published in this run.%n", reports.size());
        reports.forEach(r -> System.err.println("  " + r.oneLine()));
        if (!reports.isEmpty()) {
            System.err.println("  curves: " + trainer.reportDir().resolve("training-curves.png").toAbsolutePath());
        }
        return 0;
    }
}
